using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// A staff report waits for the security officer's confirmation on every screen: the header badge of every page,
/// the home of the officer and of management, the live stream; past the hospital's limit it is overdue and names
/// the officer's deputy. With the clock moved, on both databases.
/// </summary>
public abstract class AlertTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private static string Text(string html) => WebUtility.HtmlDecode(html);

    private async Task<Hospital> HospitalWithADeputy(int? confirmWithin = null)
    {
        var hospital = await factory.AddHospital("警報病院 " + Guid.NewGuid().ToString("N")[..6]);
        var people = new
        {
            people = new object[]
            {
                new { id = "p-1", name = "田中 一郎", roles = new[] { "security-officer" }, deputy = "p-2", channels = new[] { new { kind = "phs", value = "2100" } } },
                new { id = "p-2", name = "佐藤 花子", roles = new[] { "security-officer" }, deputy = "p-1", channels = new[] { new { kind = "phs", value = "2101" }, new { kind = "mobile", value = "090-0000-2101" } } },
            },
            departments = Array.Empty<string>(),
            callTreeRoot = "p-1",
            callTree = Array.Empty<object>(),
        };
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content = people })).Json(HttpStatusCode.OK);
        if (confirmWithin is { } minutes)
        {
            var profile = new { name = "警報病院", kind = "hospital", beds = 120, @operator = "private", largeOrRegional = false, confirmWithinMinutes = minutes };
            await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = profile })).Json(HttpStatusCode.OK);
        }
        return hospital;
    }

    private static async Task<string> Report(Hospital hospital, string device)
    {
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", device, signs = new[] { "slow-or-frozen" } }))
            .Json(HttpStatusCode.Created);
        return created.GetProperty("incident").GetProperty("incidentId").GetString()!;
    }

    private async Task<string> Page(Hospital hospital, Role role, string path = "/")
    {
        var session = await PageSession.SignedIn(factory, hospital.Keys[role]);
        var response = await session.Get(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Text(await response.Content.ReadAsStringAsync());
    }

    private static string Badge(string html)
    {
        var start = html.IndexOf("id=\"alert-badge\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "the page has no alert badge");
        return html[start..html.IndexOf("</a>", start, StringComparison.Ordinal)];
    }

    /// <summary>Whether the badge carries the hidden attribute (not aria-hidden, which its dot always has).</summary>
    private static bool Hidden(string badge) => System.Text.RegularExpressions.Regex.IsMatch(badge, @"(?<![-\w])hidden\b");

    [Fact]
    public async Task StaffReport_WaitsOnTheOfficersHome_ThenIsOverdueAndNamesTheDeputy_UntilConfirmed()
    {
        var hospital = await HospitalWithADeputy();
        var incident = await Report(hospital, "PC-3W-01");

        var officerHome = await Page(hospital, Role.SecurityOfficer);
        Assert.Contains("確認待ちの報告", officerHome, StringComparison.Ordinal);
        Assert.Contains("#1 3階西病棟 PC-3W-01", officerHome, StringComparison.Ordinal);
        Assert.Contains("までに確認", officerHome, StringComparison.Ordinal);
        Assert.DoesNotContain("確認されていません", officerHome, StringComparison.Ordinal);
        Assert.Contains("未確認の報告 1件", Badge(officerHome), StringComparison.Ordinal);
        Assert.False(Hidden(Badge(officerHome)));

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.DoesNotContain("確認されていません", await Page(hospital, Role.SecurityOfficer), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(2));
        foreach (var role in new[] { Role.SecurityOfficer, Role.Management })
        {
            var home = await Page(hospital, role);
            Assert.Contains("10分以内に確認されていません。", home, StringComparison.Ordinal);
            Assert.Contains("責任者 田中 一郎 に代わり、代理の 佐藤 花子(院内PHS 2101)が確認してください。", home, StringComparison.Ordinal);
            Assert.Contains("未確認の報告 1件(うち期限切れ 1件)", Badge(home), StringComparison.Ordinal);
            Assert.Contains("alert-badge overdue", Badge(home), StringComparison.Ordinal);
        }
        // Staff are not asked to confirm: their home has no such list, but every header counts what waits.
        var staffPreparedness = await Page(hospital, Role.Staff, "/preparedness");
        Assert.DoesNotContain("確認待ちの報告", await Page(hospital, Role.Staff), StringComparison.Ordinal);
        Assert.Contains("未確認の報告 1件(うち期限切れ 1件)", Badge(staffPreparedness), StringComparison.Ordinal);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/steps/1-3/complete", new { })).Json(HttpStatusCode.OK);
        // The home page's "confirm" leads to the workspace at 1-4, which says the same: overdue at the hospital's limit.
        var workspace = await Page(hospital, Role.SecurityOfficer, "/incidents/1?step=1-4");
        var next = workspace[workspace.IndexOf("<section class=\"next\"", StringComparison.Ordinal)..];
        next = next[..next.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("1-4", next, StringComparison.Ordinal);
        Assert.Contains("is-overdue", next, StringComparison.Ordinal);
        Assert.Contains("目標10分", next, StringComparison.Ordinal);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/steps/1-4/actions/confirm/complete", new { })).Json(HttpStatusCode.OK);

        var confirmed = await Page(hospital, Role.SecurityOfficer);
        Assert.DoesNotContain("確認待ちの報告", confirmed, StringComparison.Ordinal);
        Assert.True(Hidden(Badge(confirmed)));
    }

    [Fact]
    public async Task Limit_FromTheProfile_AndRefusedOutsideOneToFourHours()
    {
        var hospital = await HospitalWithADeputy(confirmWithin: 3);
        await Report(hospital, "PC-OUT-02");

        clock.Advance(TimeSpan.FromMinutes(4));

        Assert.Contains("3分以内に確認されていません。", await Page(hospital, Role.SecurityOfficer), StringComparison.Ordinal);
        var profile = new { name = "警報病院", kind = "hospital", beds = 120, @operator = "private", largeOrRegional = false, confirmWithinMinutes = 0 };
        var refused = await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 1, content = profile }))
            .Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");
        Assert.True(refused.GetProperty("errors").TryGetProperty("confirmWithinMinutes", out _), refused.ToString());
    }

    [Fact]
    public async Task Alerts_AsJson_ForWhomTheyAreFor()
    {
        var hospital = await HospitalWithADeputy();
        await Report(hospital, "PC-JSON-01");
        clock.Advance(TimeSpan.FromMinutes(11));

        var alerts = await (await hospital.Officer.GetAsync("/live/alerts")).Json(HttpStatusCode.OK);

        Assert.Equal(1, alerts.GetProperty("unconfirmed").GetInt32());
        Assert.Equal(1, alerts.GetProperty("overdue").GetInt32());
        var incident = Assert.Single(alerts.GetProperty("incidents").EnumerateArray());
        Assert.Equal((1, 1, true, true), (incident.GetProperty("number").GetInt32(), incident.GetProperty("reports").GetInt32(), incident.GetProperty("waiting").GetBoolean(), incident.GetProperty("overdue").GetBoolean()));
        // In the asker's language.
        var english = await (await factory.Client(hospital.Keys[Role.SecurityOfficer], "en").GetAsync("/live/alerts")).Json(HttpStatusCode.OK);
        Assert.Equal("1 unconfirmed (1 overdue)", english.GetProperty("badge").GetString());

        // A vendor not invited sees nothing of it.
        var vendor = await (await hospital.Vendor.GetAsync("/live/alerts")).Json(HttpStatusCode.OK);
        Assert.Equal(0, vendor.GetProperty("incidents").GetArrayLength());
        // A reporting terminal reports; it is not told about incidents.
        var link = await (await hospital.Officer.PostJson("/api/v1/reporting-links", new { label = "3階西 共用端末" })).Json(HttpStatusCode.Created);
        var terminal = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await terminal.GetAsync(new Uri(link.GetProperty("url").GetString()!).PathAndQuery);
        var told = await terminal.GetAsync("/live/alerts");
        Assert.NotEqual(HttpStatusCode.OK, told.StatusCode);
        Assert.DoesNotContain("PC-JSON-01", await told.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_SendsTheAlertsAtOnce_AndANewReportAsItArrives()
    {
        var hospital = await HospitalWithADeputy();
        await Report(hospital, "PC-LIVE-01");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/live/alerts");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await hospital.Officer.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await NextAlerts(reader);
        Assert.Equal([1], first.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));

        clock.Advance(TimeSpan.FromMinutes(1));
        await Report(hospital, "PC-LIVE-02");

        var second = await NextAlerts(reader);
        Assert.Equal([2, 1], second.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal(2, second.GetProperty("unconfirmed").GetInt32());
    }

    private static async Task<JsonElement> NextAlerts(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
        }
        throw new InvalidOperationException("The stream ended.");
    }
}

public sealed class SqliteAlertTests(ClockedSqliteFactory factory) : AlertTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresAlertTests(ClockedPostgresFactory factory) : AlertTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
