using System.Net;
using System.Net.Http.Json;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>The reporting forms as a browser posts them: what happens to what was typed, and to a second click.</summary>
public sealed class ReportingPageTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
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
}
