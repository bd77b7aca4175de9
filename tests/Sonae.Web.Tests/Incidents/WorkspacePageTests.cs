using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// The incident workspace as the server first renders it (what a browser without script keeps): what is next comes
/// first, with owners from the people list and their dialable numbers, targets and overdue steps; no form where the
/// rules would refuse its input; and every value of the record in the reader's language.
/// </summary>
public abstract class WorkspacePageTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private static readonly PeopleDirectory People = new(
        [
            new Person("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], null,
                [new(ChannelKind.Phs, "2100"), new(ChannelKind.Mobile, "090-0000-2100"), new(ChannelKind.Email, "tanaka@example.jp")]),
            new Person("p-sato", "佐藤 美咲", "3階西病棟", "看護師", [Role.Staff], null, [new(ChannelKind.Extension, "院内PHS 3310")]),
        ],
        [], "p-tanaka", []);

    private static async Task<string> Page(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>A hospital with its people list, and an incident from a nurse's report that shows infection (1-2 and 1-3 open).</summary>
    private async Task<(Hospital Hospital, int Number)> Reported()
    {
        var hospital = await factory.AddHospital("作業画面病院 " + Guid.NewGuid().ToString("N")[..6]);
        var content = JsonSerializer.SerializeToElement(People, RecordJson.Options);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content })).Json(HttpStatusCode.OK);
        var report = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);
        return (hospital, report.GetProperty("incident").GetProperty("number").GetInt32());
    }

    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no {start}");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to > from, $"no {end} after {start}");
        return html[from..to];
    }

    [Fact]
    public async Task Workspace_OpensWithWhatIsNext_EachStepWithItsOwnersTargetAndWait()
    {
        var (hospital, number) = await Reported();

        var html = await Page(hospital.Officer, $"/incidents/{number}");

        // What is next comes before the flowchart and the list of steps, for a browser with or without script.
        Assert.True(html.IndexOf("class=\"next\"", StringComparison.Ordinal) < html.IndexOf("class=\"ws-flow\"", StringComparison.Ordinal));
        var next = Between(html, "<section class=\"next\"", "</section>");
        Assert.Contains("1-2", next, StringComparison.Ordinal);
        Assert.DoesNotContain(">1-3<", next, StringComparison.Ordinal); // waits for 1-2
        Assert.Contains("目標10分", next, StringComparison.Ordinal);
        Assert.Contains("待ち時間 0分", next, StringComparison.Ordinal);
        Assert.DoesNotContain("期限超過", next, StringComparison.Ordinal);
        // Owners from the people list, before anyone has acted: a mobile is a link a phone dials, an extension is text.
        Assert.Contains("佐藤 美咲", next, StringComparison.Ordinal);
        Assert.Contains("田中 一郎", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:09000002100\"", html, StringComparison.Ordinal);
        Assert.Contains("院内PHS 3310", next, StringComparison.Ordinal);
        Assert.DoesNotContain("tel:2100", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tel:院内", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tanaka@example.jp", html, StringComparison.Ordinal);

        // A vendor is told who owns each step, not the hospital's people's numbers.
        await Invitation.Accept(hospital, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var vendor = await Page(hospital.Vendor, $"/incidents/{number}");
        Assert.Contains("佐藤 美咲", Between(vendor, "<section class=\"next\"", "</section>"), StringComparison.Ordinal);
        Assert.DoesNotContain("tel:", vendor, StringComparison.Ordinal);
        Assert.DoesNotContain("090-0000-2100", vendor, StringComparison.Ordinal);
        Assert.DoesNotContain("3310", vendor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_StepPastItsTarget_ShowsOverdue_InEachLanguage()
    {
        var (hospital, number) = await Reported();

        clock.Advance(TimeSpan.FromMinutes(25));

        var ja = Between(await Page(hospital.Officer, $"/incidents/{number}"), "<section class=\"next\"", "</section>");
        Assert.Contains("期限超過: 目標10分を15分過ぎています", ja, StringComparison.Ordinal);
        Assert.Contains("is-overdue", ja, StringComparison.Ordinal);
        var en = Between(await Page(factory.Client(hospital.Keys[Role.SecurityOfficer], "en"), $"/incidents/{number}"), "<section class=\"next\"", "</section>");
        Assert.Contains("Overdue: 15 min past its 10 min target", en, StringComparison.Ordinal);
        Assert.Contains("waiting 25 min", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_SkippedStepOrClosedIncident_OffersNoForms_OnlyWhatWasRecorded()
    {
        var (hospital, number) = await Reported();
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/steps/1-2/skip", new { reason = "ネットワークから外れていた" })).Json(HttpStatusCode.OK);

        var skipped = Between(await Page(hospital.Officer, $"/incidents/{number}?step=1-2"), "<section class=\"panel\"", "</section>");
        Assert.Contains("ネットワークから外れていた", skipped, StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", skipped, StringComparison.Ordinal);
        Assert.DoesNotContain("data-command", skipped, StringComparison.Ordinal);
        Assert.DoesNotContain("ネットワークから切り離した端末・機器はどれですか", skipped, StringComparison.Ordinal);
        var open = Between(await Page(hospital.Officer, $"/incidents/{number}?step=1-3"), "<section class=\"panel\"", "</section>");
        Assert.Contains("data-command=\"note\"", open, StringComparison.Ordinal);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/close", new { reason = "誤報" })).Json(HttpStatusCode.OK);

        var closed = await Page(hospital.Officer, $"/incidents/{number}?step=1-3");
        Assert.DoesNotContain("<textarea", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("data-command", closed, StringComparison.Ordinal);
        Assert.Contains("いま作業できるステップはありません。", closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_RecordAndHeader_InTheReadersLanguage()
    {
        var (hospital, number) = await Reported();
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/contacts", new { party = "IPA", channel = "phone", result = "reached" })).Json(HttpStatusCode.OK);

        var ja = await Page(hospital.Officer, $"/incidents/{number}");
        var en = await Page(factory.Client(hospital.Keys[Role.SecurityOfficer], "en"), $"/incidents/{number}");

        Assert.Contains("連絡: IPA(電話、話せた)", ja, StringComparison.Ordinal);
        Assert.Contains("Contact: IPA (Phone, reached)", en, StringComparison.Ordinal);
        Assert.DoesNotContain("(phone", ja, StringComparison.Ordinal);
        // The key made with the hospital is named after its role in Japanese; English readers read the role in English.
        Assert.Contains("<span class=\"who-name\">Security officer</span>", en, StringComparison.Ordinal);
        Assert.Contains("<span class=\"who-name\">安全管理責任者</span>", ja, StringComparison.Ordinal);
    }
}

public sealed class SqliteWorkspacePageTests(ClockedSqliteFactory factory) : WorkspacePageTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresWorkspacePageTests(ClockedPostgresFactory factory) : WorkspacePageTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
