using System.Globalization;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// Management reports a leak to the privacy commission in real Chromium, on a server whose clock the test moves:
/// the preliminary report on day 2, the final one on day 40 with more people affected, and the history of both.
/// </summary>
[Collection(ClockServerCollection.Name)]
public sealed class ReportingJourneyTests(SonaeServer server)
{
    /// <summary>Fills every required heading the draft left empty, as a person would.</summary>
    private static async Task FillEmptyRequired(IPage page)
    {
        foreach (var box in await page.Locator(".report-field:has(.required) textarea").AllAsync())
        {
            if (string.IsNullOrWhiteSpace(await box.InputValueAsync()))
                await box.FillAsync("情報システム課 田中 090-0000-0000");
        }
    }

    private static async Task Issue(IPage page, string format)
    {
        await page.CheckAsync($"input[name=format][value={format}]");
        // A report to the privacy commission is filed (提出), not issued.
        await page.ClickAsync("button:has-text('この内容で提出する')");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/reports#issued-"));
        Assert.Contains("の提出を記録しました", await page.InnerTextAsync("[role=status], .notice, .done-notice, body"), StringComparison.Ordinal);
    }

    private static async Task RecordPeople(IPage page, int number, string count, string note)
    {
        await page.GotoAsync($"/incidents/{number}/reports");
        await page.FillAsync("#figure-value", count);
        await page.FillAsync("#figure-note", note);
        await page.ClickAsync("button:has-text('人数を記録する')");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#figures$"));
    }

    [Fact]
    public async Task Management_FilesPreliminaryOnDay2_AndFinalOnDay40_WithMorePeople_HistoryShowsBoth()
    {
        await server.Api("staff", HttpMethod.Post, "/api/v1/anomaly-reports", new
        {
            department = "医事課",
            device = "受付-02",
            signs = new[] { "ransom-note" },
            description = "脅迫文が表示され、患者情報のファイルが開けない",
        });
        const int number = 1;

        // Day 1: the clock runs on the workspace as soon as the incident exists.
        var director = await server.SignedIn("management");
        await director.GotoAsync($"/incidents/{number}/reports");
        Assert.Contains("まだ回答がありません", await director.InnerTextAsync("body"), StringComparison.Ordinal);

        // Day 2: management answers rule 7, the officer's first count is recorded, the preliminary report goes.
        await server.ShiftClock(TimeSpan.FromDays(1));
        await director.ReloadAsync();
        foreach (var (category, applies, reason) in new[]
        {
            ("sensitive-data", "yes", "電子カルテの診療情報が暗号化された"),
            ("financial-harm", "no", "決済情報は院内に保存していない"),
            ("unlawful-purpose", "yes", "ランサムウェアによる不正アクセス"),
            ("over-threshold", "no", "現時点で1,000人以下の見込み"),
        })
        {
            await director.CheckAsync($"input[name='applies.{category}'][value={applies}]");
            await director.FillAsync($"#reason-{category}", reason);
        }
        await director.ClickAsync("button:has-text('回答を記録する')");
        await director.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#clocks$"));
        var clock = await director.InnerTextAsync(".legal-clock");
        Assert.Contains("確報は 60 日以内", clock, StringComparison.Ordinal);
        await RecordPeople(director, number, "120", "受付端末のアクセスログ(初期集計)");

        await director.GotoAsync($"/incidents/{number}/reports/privacy-preliminary");
        Assert.Contains("120人", await director.InputValueAsync("#f-people"), StringComparison.Ordinal);
        await director.FillAsync("#f-data-items", "氏名、生年月日、受診科、病名");
        await FillEmptyRequired(director);
        await SonaeServer.Screenshot(director, "reporting-preliminary-editor");
        await Issue(director, "pdf");

        // Day 40: the investigation found more; the final report says so, within category 3's 60 days.
        await server.ShiftClock(TimeSpan.FromDays(38));
        director = await server.SignedIn("management");
        await RecordPeople(director, number, "1,450", "電子カルテ全件のアクセスログ調査");
        await director.GotoAsync($"/incidents/{number}/reports/privacy-final");
        Assert.Contains("1,450人", await director.InputValueAsync("#f-people"), StringComparison.Ordinal);
        await director.FillAsync("#f-data-items", "氏名、生年月日、受診科、病名、処方");
        await director.FillAsync("#f-prevention", "VPN 機器の更新と多要素認証の導入(12月末まで)");
        await FillEmptyRequired(director);
        await Issue(director, "docx");

        // The history: both numbers, both reports, each with the number it stated; both clocks met.
        await director.GotoAsync($"/incidents/{number}/reports");
        await SonaeServer.Screenshot(director, "reporting-history");
        var figures = await director.InnerTextAsync("table.figures");
        Assert.Contains("120", figures, StringComparison.Ordinal);
        Assert.Contains("1,450", figures, StringComparison.Ordinal);
        var issued = await director.InnerTextAsync("table.issued");
        Assert.Contains("漏えい等報告(速報)", issued, StringComparison.Ordinal);
        Assert.Contains("漏えい等報告(確報)", issued, StringComparison.Ordinal);
        Assert.Matches("120人", issued);
        Assert.Matches("1,450人", issued);
        Assert.Equal("done", await director.GetAttributeAsync("li[data-report=privacy-preliminary]", "data-state"));
        Assert.Equal("done", await director.GetAttributeAsync("li[data-report=privacy-final]", "data-state"));

        var files = await director.Locator("table.issued a[download]").AllAsync();
        Assert.Equal(2, files.Count);
        var download = await director.RunAndWaitForDownloadAsync(() => files[0].ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename, StringComparison.Ordinal);
        var day40 = DateTimeOffset.UtcNow.AddDays(39).ToOffset(TimeSpan.FromHours(9)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.Contains(day40, download.SuggestedFilename, StringComparison.Ordinal);
    }
}
