using System.Net;
using System.Net.Http.Json;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>The reporting forms as a browser posts them: what happens to what was typed, and to a second click.</summary>
public abstract class ReportingPageTests(SonaeFactory factory)
{
    private async Task<(Hospital Hospital, PageSession Page)> Incident()
    {
        var hospital = await factory.AddHospital("画面テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Staff.PostAsJsonAsync("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        return (hospital, await PageSession.SignedIn(factory, hospital.Keys[Role.Management]));
    }

    [Fact]
    public async Task RefusedDraft_ComesBackWithWhatWasTyped_AndTheReason()
    {
        var (_, page) = await Incident();
        var token = await page.Token("/incidents/1/reports/police");
        var tooLong = "経過" + new string('あ', 20_001);

        var response = await page.Post("/incidents/1/reporting/do", new()
        {
            ["kind"] = "draft", ["report"] = "police", ["field.overview"] = "夜間に受付端末で脅迫文", ["field.timeline"] = tooLong,
        }, token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/incidents/1/reports/police?kept=", back, StringComparison.Ordinal);
        var (ok, text) = PageSession.Flash(response);
        Assert.False(ok);
        Assert.Contains("時系列", text, StringComparison.Ordinal);
        var html = await (await page.Get(back)).Content.ReadAsStringAsync();
        Assert.Contains("夜間に受付端末で脅迫文", html, StringComparison.Ordinal);
        Assert.Contains("まだ保存されていません", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueClickedTwice_IssuesOnce()
    {
        var (hospital, page) = await Incident();
        var token = await page.Token("/incidents/1/reports/damage-status");
        Dictionary<string, string> Form() => new()
        {
            ["kind"] = "issue", ["report"] = "damage-status", ["requestId"] = "a1b2c3", ["format"] = "text", ["to"] = "院長", ["via"] = "in-person",
            ["field.found-at"] = "今朝 7:20", ["field.where-and-care"] = "外来受付", ["field.cause"] = "調査中",
        };

        var first = await page.Post("/incidents/1/reporting/do", Form(), token);
        var second = await page.Post("/incidents/1/reporting/do", Form(), token);

        Assert.True(PageSession.Flash(first).Ok, PageSession.Flash(first).Text);
        Assert.True(PageSession.Flash(second).Ok, PageSession.Flash(second).Text);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var summary = await (await hospital.Management.GetAsync("/api/v1/incidents/1/reporting")).Json(HttpStatusCode.OK);
        Assert.Single(summary.GetProperty("issued").EnumerateArray());
    }

    [Fact]
    public async Task Figure_NotANumber_SaysHowToWriteIt()
    {
        var (_, page) = await Incident();

        var response = await page.Post("/incidents/1/reporting/do", new() { ["kind"] = "figure", ["value"] = "約120", ["note"] = "" }, await page.Token("/incidents/1/reports"));

        var (ok, text) = PageSession.Flash(response);
        Assert.False(ok);
        Assert.Contains("「約120」は人数として読めません", text, StringComparison.Ordinal);
        var fullWidth = await page.Post("/incidents/1/reporting/do", new() { ["kind"] = "figure", ["value"] = "１，４５０", ["note"] = "全角" }, await page.Token("/incidents/1/reports"));
        Assert.True(PageSession.Flash(fullWidth).Ok);
    }

    /// <summary>
    /// On the pages, a ward terminal signed in with the staff key and a staff member's own account see which reports
    /// exist and where each stands, not what they say: no link to a draft or an issued file, and the editor, the
    /// previews and the issued file are the error page; the officer's mobile number in the draft shows nowhere.
    /// </summary>
    [Fact]
    public async Task Staff_ByKeyOrAccount_SeeTheReportsStatus_NotTheirDraftsOrIssuedContents()
    {
        const string mobile = "090-1234-5678";
        var (hospital, _) = await Incident();
        const int number = 1; // each test hospital is new: its first incident
        var incident = (await (await hospital.Officer.GetAsync($"/api/v1/incidents/{number}")).Json(HttpStatusCode.OK)).GetProperty("incident").GetProperty("id").GetString()!;
        await (await hospital.Officer.PutAsJsonAsync($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft",
            new { fields = new Dictionary<string, string> { ["contact"] = $"情報システム課 田中 {mobile}" } })).Json(HttpStatusCode.OK);
        var issued = await (await hospital.Officer.PostAsJsonAsync($"/api/v1/incidents/{incident}/reports/damage-status/issue",
            new { fields = new Dictionary<string, string> { ["where-and-care"] = $"連絡は {mobile} へ", ["found-at"] = "調査中", ["cause"] = "調査中" }, format = "text", to = "院長", via = "in-person" })).Json(HttpStatusCode.Created);
        var seq = issued.GetProperty("seq").GetInt64();

        // The pages, on a ward terminal signed in with the staff key and with a staff member's own account.
        var userName = "nurse" + Guid.NewGuid().ToString("N")[..6];
        await People.Ready(factory, hospital, userName, "staff");
        var (account, next) = await People.SignIn(factory, userName);
        Assert.Equal("/", next);
        foreach (var (who, page) in new[] { ("the staff key", await PageSession.SignedIn(factory, hospital.Keys[Role.Staff])), ("a staff account", account) })
        {
            var reports = await page.Get($"/incidents/{number}/reports");
            var html = await reports.Content.ReadAsStringAsync();
            Assert.True(reports.StatusCode == HttpStatusCode.OK, $"{who}: {(int)reports.StatusCode} {reports.Headers.Location}");
            Assert.Contains("漏えい等報告(速報)", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"/reports/privacy-preliminary\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"/reports/issued/{seq}", html, StringComparison.Ordinal);
            foreach (var path in new[]
            {
                $"/incidents/{number}/reports", $"/incidents/{number}", $"/incidents/{number}/summary",
            })
                Assert.DoesNotContain(mobile, await (await page.Get(path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            foreach (var path in new[]
            {
                $"/incidents/{number}/reports/privacy-preliminary", $"/incidents/{incident}/reports/privacy-preliminary/preview",
                $"/incidents/{incident}/reports/privacy-preliminary/preview?format=text", $"/incidents/{incident}/reports/issued/{seq}",
            })
            {
                var refused = await page.Get(path);
                var body = await refused.Content.ReadAsStringAsync();
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{who} on {path}: {(int)refused.StatusCode}");
                Assert.DoesNotContain(mobile, body, StringComparison.Ordinal);
                Assert.Contains("error-title", body, StringComparison.Ordinal);
            }
        }
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        Assert.Contains(mobile, await (await officer.Get($"/incidents/{number}/reports/privacy-preliminary")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class SqliteReportingPageTests(SqliteFactory factory) : ReportingPageTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresReportingPageTests(PostgresFactory factory) : ReportingPageTests(factory), IClassFixture<PostgresFactory>;
