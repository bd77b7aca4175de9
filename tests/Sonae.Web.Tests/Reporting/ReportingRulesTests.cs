using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Reporting;
using Sonae.Data;
using Sonae.Web.Reporting;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// An incident's preliminary period is its own: fixed from the profile when it is opened, so that the security
/// officer's later change of the profile moves no running clock; only management changes it after, with a reason,
/// through the API and through the form by the clocks on the reports page (without JavaScript), and the change is an
/// event on that incident's record. The server's clock stands at 24 November 2026, 09:00 JST.
/// </summary>
public abstract class ReportingRulesTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private static readonly object[] SensitiveData =
    [
        new { category = "sensitive-data", applies = true, reason = "電子カルテの診療情報" },
        new { category = "financial-harm", applies = false, reason = "決済情報なし" },
        new { category = "unlawful-purpose", applies = false, reason = "調査中" },
        new { category = "over-threshold", applies = false, reason = "1,000人以下の見込み" },
    ];

    private static object Profile(int days, bool countFirstDay) =>
        new { name = "期限テスト病院", kind = "hospital", beds = 120, @operator = "private", largeOrRegional = false, preliminaryReportDays = days, countFirstDay };

    /// <summary>A hospital whose profile gives three days, with an incident whose report is required (its clocks run).</summary>
    private async Task<(Hospital Hospital, string Incident, int Number)> Running()
    {
        var hospital = await factory.AddHospital("期限テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = Profile(3, false) })).Json(HttpStatusCode.OK);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "電子カルテ暗号化" })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incidentId").GetString()!;
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = SensitiveData })).Json(HttpStatusCode.OK);
        return (hospital, incident, created.GetProperty("number").GetInt32());
    }

    private static async Task<JsonElement> Summary(HttpClient client, string incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}/reporting")).Json(HttpStatusCode.OK);

    private static string PreliminaryDue(JsonElement summary) =>
        summary.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("report").GetString() == "privacy-preliminary").GetProperty("due").GetString()!;

    /// <summary>The day the preliminary report is due by: the midnight after its last day, JST, as the API writes it.</summary>
    private static string Midnight(int day) => $"2026-11-{day:00}T00:00:00.000+09:00";

    private static Task<HttpResponseMessage> Change(HttpClient client, string incident, object body) =>
        client.PostJson($"/api/v1/incidents/{incident}/reporting/rules", body);

    [Fact]
    public async Task ProfileChangedLater_DoesNotMoveTheRunningIncident()
    {
        var (hospital, incident, _) = await Running();
        var before = await Summary(hospital.Management, incident);
        Assert.Equal((3, false, "opening"), (before.GetProperty("preliminaryDays").GetInt32(), before.GetProperty("countFirstDay").GetBoolean(), before.GetProperty("rulesFrom").GetString()));
        Assert.Equal(Midnight(28), PreliminaryDue(before));

        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 1, note = "5日に延ばす", content = Profile(5, true) })).Json(HttpStatusCode.OK);

        var after = await Summary(hospital.Management, incident);
        Assert.Equal((3, false), (after.GetProperty("preliminaryDays").GetInt32(), after.GetProperty("countFirstDay").GetBoolean()));
        Assert.Equal(Midnight(28), PreliminaryDue(after));
        // An incident opened now takes the profile as it is now: five days, the first counted.
        var next = (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "二件目" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!;
        var second = await Summary(hospital.Management, next);
        Assert.Equal((5, true), (second.GetProperty("preliminaryDays").GetInt32(), second.GetProperty("countFirstDay").GetBoolean()));
    }

    [Fact]
    public async Task PeriodChange_RefusedForTheOfficer_InJapaneseAndEnglish()
    {
        var (hospital, incident, _) = await Running();

        var ja = await (await Change(hospital.Officer, incident, new { preliminaryDays = 5, reason = "調査に時間がかかる" })).Problem(HttpStatusCode.Forbidden, "role-required");
        var en = await (await Change(factory.Client(hospital.Keys[Role.SecurityOfficer], "en"), incident, new { preliminaryDays = 5, reason = "more time" }))
            .Problem(HttpStatusCode.Forbidden, "role-required");

        Assert.Contains("経営層", ja.Detail(), StringComparison.Ordinal);
        Assert.Equal(["management"], ja.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.StartsWith("Only these roles may do this: management.", en.Detail(), StringComparison.Ordinal);
        Assert.Equal(Midnight(28), PreliminaryDue(await Summary(hospital.Management, incident)));
        Assert.Empty((await Summary(hospital.Management, incident)).GetProperty("rulesChanges").EnumerateArray());
    }

    [Fact]
    public async Task PeriodChange_BadInput_IsRefusedClearly_AndNothingIsRecorded()
    {
        var (hospital, incident, _) = await Running();
        var english = factory.Client(hospital.Keys[Role.Management], "en");

        var six = await (await Change(hospital.Management, incident, new { preliminaryDays = 6, reason = "延長" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal("速報の期限は 3 日から 5 日までで指定してください(6 日は指定できません)。", six.Detail());
        Assert.True(six.GetProperty("errors").TryGetProperty("preliminaryDays", out _));
        var two = await (await Change(english, incident, new { preliminaryDays = 2, reason = "shorter" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal("The preliminary period must be 3 to 5 days (2 days cannot be set).", two.Detail());
        var noReason = await (await Change(hospital.Management, incident, new { preliminaryDays = 5, reason = " " })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Contains("理由", noReason.Detail(), StringComparison.Ordinal);
        var noDays = await (await Change(english, incident, new { reason = "why" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("preliminary period", noDays.Detail(), StringComparison.Ordinal);
        var same = await (await Change(hospital.Management, incident, new { preliminaryDays = 3, countFirstDay = false, reason = "確認" })).Problem(HttpStatusCode.BadRequest, "reporting-rules-unchanged");
        Assert.Contains("3 日以内", same.Detail(), StringComparison.Ordinal);

        var summary = await Summary(hospital.Management, incident);
        Assert.Empty(summary.GetProperty("rulesChanges").EnumerateArray());
        Assert.Equal(Midnight(28), PreliminaryDue(summary));
    }

    [Fact]
    public async Task PeriodChange_ByManagement_IsAnEventOnTheIncidentsRecord_AndMovesTheDeadline()
    {
        var (hospital, incident, _) = await Running();

        var changed = await (await Change(hospital.Management, incident, new { preliminaryDays = 5, reason = "委員会の窓口と相談し、5日以内とした" })).Json(HttpStatusCode.OK);

        Assert.Equal("reporting-rules-changed", changed.GetProperty("appended")[0].GetProperty("type").GetString());
        var summary = await Summary(hospital.Officer, incident);
        Assert.Equal((5, false, "changed"), (summary.GetProperty("preliminaryDays").GetInt32(), summary.GetProperty("countFirstDay").GetBoolean(), summary.GetProperty("rulesFrom").GetString()));
        Assert.Equal(Midnight(30), PreliminaryDue(summary));
        var change = Assert.Single(summary.GetProperty("rulesChanges").EnumerateArray());
        Assert.Equal((5, 3, "委員会の窓口と相談し、5日以内とした"), (change.GetProperty("preliminaryDays").GetInt32(), change.GetProperty("previousDays").GetInt32(), change.GetProperty("reason").GetString()));
        Assert.Equal(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+09:00'", System.Globalization.CultureInfo.InvariantCulture), change.GetProperty("at").GetString());

        // On the record: the events API and the workspace's timeline say who changed it, from what to what, and why.
        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/events")).Json(HttpStatusCode.OK);
        var recorded = events.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "reporting-rules-changed");
        var body = JsonDocument.Parse(recorded.GetProperty("body").GetString()!).RootElement;
        Assert.Equal("management", body.GetProperty("actor").GetProperty("role").GetString());
        Assert.Equal(5, body.GetProperty("data").GetProperty("rules").GetProperty("preliminaryDays").GetInt32());
        Assert.Equal(3, body.GetProperty("data").GetProperty("previous").GetProperty("preliminaryDays").GetInt32());
        var opened = events.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "opened");
        Assert.Equal(3, JsonDocument.Parse(opened.GetProperty("body").GetString()!).RootElement.GetProperty("data").GetProperty("reporting").GetProperty("preliminaryDays").GetInt32());
        // Vendors, outside the hospital, do not read the reporting events.
        await Invitation.Accept(hospital, incident);
        var vendors = await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{incident}/events")).Json(HttpStatusCode.OK);
        Assert.DoesNotContain(vendors.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "reporting-rules-changed");
    }

    [Fact]
    public async Task AwarenessForm_Refused_ComesBackWithTheMomentTyped()
    {
        var (hospital, _, number) = await Running();
        var reports = $"/incidents/{number}/reports";
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var token = await page.Token(reports);
        var typed = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await page.Post($"/incidents/{number}/reporting/do", new() { ["kind"] = "awareness", ["at"] = typed, ["reason"] = "" }, token);

        Assert.Equal((false, "理由 (reason) を入力してください。"), PageSession.Flash(refused));
        Assert.Matches($@"^{reports}\?kept=[0-9a-f]{{32}}#clocks$", refused.Headers.Location?.OriginalString);
        var again = await (await page.Get(refused.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains($"name=\"at\" type=\"datetime-local\" required value=\"{typed}\"", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClockPanelForm_WithoutJavaScript_ManagementChangesThePeriod_TheOfficerIsNotOffered()
    {
        var (hospital, incident, number) = await Running();
        var reports = $"/incidents/{number}/reports";
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var officersPage = await (await officer.Get(reports)).Content.ReadAsStringAsync();
        Assert.Contains("知った日から 3 日以内", officersPage, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"preliminaryDays\"", officersPage, StringComparison.Ordinal);
        Assert.Contains("変更できるのは経営層だけです", officersPage, StringComparison.Ordinal);

        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var token = await page.Token(reports);
        Assert.Contains("name=\"preliminaryDays\"", await (await page.Get(reports)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refused = await page.Post($"/incidents/{number}/reporting/do", new() { ["kind"] = "rules", ["preliminaryDays"] = "4", ["reason"] = "" }, token);
        Assert.Equal((false, "理由 (reason) を入力してください。"), PageSession.Flash(refused));
        Assert.Matches("<option value=\"4\" selected", await (await page.Get(refused.Headers.Location!.OriginalString)).Content.ReadAsStringAsync());
        // Refused for what it says, the form comes back as it was typed: the reason is not written twice.
        var unchanged = await page.Post($"/incidents/{number}/reporting/do", new() { ["kind"] = "rules", ["preliminaryDays"] = "3", ["reason"] = "院内規程を確認した結果" }, token);
        Assert.False(PageSession.Flash(unchanged).Ok);
        Assert.Matches($@"^{reports}\?kept=[0-9a-f]{{32}}#rules$", unchanged.Headers.Location?.OriginalString);
        var again = await (await page.Get(unchanged.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains(">院内規程を確認した結果</textarea>", again, StringComparison.Ordinal);
        Assert.Contains("<details open", again, StringComparison.Ordinal);
        var response = await page.Post($"/incidents/{number}/reporting/do",
            new() { ["kind"] = "rules", ["preliminaryDays"] = "4", ["countFirstDay"] = "true", ["reason"] = "院内規程の改定に合わせる" }, token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{reports}#rules", response.Headers.Location?.OriginalString);
        Assert.True(PageSession.Flash(response).Ok, PageSession.Flash(response).Text);
        var html = await (await page.Get(reports)).Content.ReadAsStringAsync();
        Assert.Contains("知った日から 4 日以内(知った日を1日目として数える)", html, StringComparison.Ordinal);
        Assert.Contains("「3 日(初日不算入)」から「4 日(初日算入)」に変更 — 理由: 院内規程の改定に合わせる", html, StringComparison.Ordinal);
        Assert.Equal(Midnight(28), PreliminaryDue(await Summary(hospital.Management, incident)));
        // The timeline of the workspace tells it too.
        var workspace = await (await page.Get($"/incidents/{number}")).Content.ReadAsStringAsync();
        Assert.Contains("速報の期限を「3 日(初日不算入)」から「4 日(初日算入)」に変更: 院内規程の改定に合わせる", workspace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeriodChange_AfterTheCommissionWasFiled_IsRefused_AndThePageNoLongerOffersIt()
    {
        var (hospital, incident, number) = await Running();
        var filed = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft")).Json(HttpStatusCode.OK);
        var fields = filed.GetProperty("fields").EnumerateArray().Where(f => f.GetProperty("value").ValueKind == JsonValueKind.String)
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("value").GetString()!);
        fields["contact"] = "情報システム課 田中 090-0000-0000";
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/issue",
            new { fields, format = "text", to = "個人情報保護委員会", via = "web-form" })).Json(HttpStatusCode.Created);
        var before = PreliminaryDue(await Summary(hospital.Management, incident));

        var english = factory.Client(hospital.Keys[Role.Management], "en");
        var refused = await (await Change(english, incident, new { preliminaryDays = 5, reason = "extended after the fact" })).Problem(HttpStatusCode.Conflict, "reporting-rules-after-filing");
        Assert.StartsWith("The Leak report to the privacy commission (preliminary) was filed on", refused.Detail(), StringComparison.Ordinal);
        var japanese = await (await Change(hospital.Management, incident, new { preliminaryDays = 5, reason = "後から延長" })).Problem(HttpStatusCode.Conflict, "reporting-rules-after-filing");
        Assert.Contains("提出済み", japanese.Detail(), StringComparison.Ordinal);
        // Named by its number as by its id.
        await (await Change(hospital.Management, number.ToString(System.Globalization.CultureInfo.InvariantCulture), new { preliminaryDays = 5, reason = "後から延長" }))
            .Problem(HttpStatusCode.Conflict, "reporting-rules-after-filing");

        Assert.Equal(before, PreliminaryDue(await Summary(hospital.Management, incident)));
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var html = await (await page.Get($"/incidents/{number}/reports")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"preliminaryDays\"", html, StringComparison.Ordinal);
        Assert.Contains("提出した後は、期限の日数と数え方を変えられません", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// An incident opened before the rules were fixed on its record counts by the profile as it was at its opening: the
    /// newest version saved by then (the defaults before any), read on this database.
    /// </summary>
    [Fact]
    public async Task ProfileRulesAtAMoment_AreTheVersionSavedByThen()
    {
        var hospital = await factory.AddHospital("版テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        var first = clock.GetUtcNow();
        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = Profile(4, false) })).Json(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(30));
        var second = clock.GetUtcNow();
        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 1, content = Profile(5, true) })).Json(HttpStatusCode.OK);

        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(hospital.Id);
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();

        Assert.Equal(ReportingRules.Default, await ProfileRules.At(db, first.AddTicks(-1), CancellationToken.None));
        Assert.Equal(new ReportingRules(4), await ProfileRules.At(db, first, CancellationToken.None));
        Assert.Equal(new ReportingRules(4), await ProfileRules.At(db, second.AddMinutes(-1), CancellationToken.None));
        Assert.Equal(new ReportingRules(5, DayCount.IncludingFirstDay), await ProfileRules.At(db, second, CancellationToken.None));
        Assert.Equal(new ReportingRules(5, DayCount.IncludingFirstDay), await ProfileRules.Current(db, CancellationToken.None));
    }

    [Fact]
    public async Task ClockPanel_FollowsTheReadersDateStyle()
    {
        var (hospital, _, number) = await Running();
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var western = await (await page.Get($"/incidents/{number}/reports")).Content.ReadAsStringAsync();
        Assert.Contains("期限 2026年11月27日 23:59 まで", western, StringComparison.Ordinal);

        await page.Get($"/date-style?style=wareki&returnUrl=/incidents/{number}/reports");

        foreach (var path in new[] { $"/incidents/{number}/reports", $"/incidents/{number}", "/" })
        {
            var html = await (await page.Get(path)).Content.ReadAsStringAsync();
            var panel = html[html.IndexOf("class=\"legal-clock", StringComparison.Ordinal)..];
            panel = panel[..panel.IndexOf("</section>", StringComparison.Ordinal)];
            Assert.Contains("期限 令和8年11月27日 23:59 まで", panel, StringComparison.Ordinal);
            Assert.Contains("起算: 令和8年11月24日", panel, StringComparison.Ordinal);
            Assert.DoesNotContain("2026年", panel, StringComparison.Ordinal);
        }
    }
}

public sealed class SqliteReportingRulesTests(ClockedSqliteFactory factory) : ReportingRulesTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresReportingRulesTests(ClockedPostgresFactory factory) : ReportingRulesTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
