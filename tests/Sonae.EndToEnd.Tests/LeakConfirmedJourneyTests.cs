using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// A leak found after the preliminary report, in real Chromium with JavaScript off, on a server whose clock the test
/// moves: the preliminary report goes on day 2 while nobody knows whether data leaked, and a final report drafted then
/// by hand; on day 20 the investigation finds the leak and counts the people. The final report's draft says which
/// headings the record now fills differently, the director takes the record's text heading by heading (keeping what
/// they typed), and the final report's preview and the notice to individuals state the leak and the count.
/// </summary>
[Collection(LeakServerCollection.Name)]
public sealed class LeakConfirmedJourneyTests(SonaeServer server)
{
    private const int Number = 1; // the server is this test's own: its first incident
    private const string Incident = "/api/v1/incidents/1";
    private const string TypedItems = "氏名、生年月日、受診科(調査中)";

    /// <summary>From 2-8 to 4-1 by the API, as the officer and management would go (the journeys elsewhere click it).</summary>
    private async Task ToTheRecoveryReport()
    {
        await server.Api("security-officer", HttpMethod.Put, $"{Incident}/facts/prior-vendor-work", new { value = "no" });
        await server.Api("security-officer", HttpMethod.Post, $"{Incident}/steps/2-2/complete");
        foreach (var step in new[] { "2-3", "2-4" })
            await server.Api("security-officer", HttpMethod.Post, $"{Incident}/steps/{step}/skip", new { reason = "サイバー攻撃と判明しているため" });
        await server.Api("security-officer", HttpMethod.Put, $"{Incident}/facts/consultation-log", new { value = "IPA に電話で相談し、初動の助言を受けた" });
        await server.Api("security-officer", HttpMethod.Post, $"{Incident}/steps/2-5/complete");
        await server.Api("management", HttpMethod.Put, $"{Incident}/facts/response-team-formed", new { value = "yes" });
        await server.Api("management", HttpMethod.Post, $"{Incident}/steps/2-8/complete");
        foreach (var step in new[] { "2-9", "2-10", "2-11" })
            await server.Api("security-officer", HttpMethod.Post, $"{Incident}/steps/{step}/complete");
        foreach (var (fact, value) in new[] { ("report-to-ministry", "yes"), ("personal-data-at-risk", "yes"), ("legal-action", "no"), ("preserve-evidence", "yes") })
            await server.Api("management", HttpMethod.Put, $"{Incident}/facts/{fact}", new { value });
        foreach (var step in new[] { "2-12", "2-13" })
            await server.Api("management", HttpMethod.Post, $"{Incident}/steps/{step}/complete");
        foreach (var step in new[] { "2-14", "2-15", "2-16" })
            await server.Api("security-officer", HttpMethod.Post, $"{Incident}/steps/{step}/complete");
        foreach (var step in new[] { "2-17", "2-18" })
            await server.Api("management", HttpMethod.Post, $"{Incident}/steps/{step}/complete");
        await server.Api("management", HttpMethod.Put, $"{Incident}/facts/vendor-help-needed", new { value = "yes" });
        await server.Api("management", HttpMethod.Post, $"{Incident}/steps/3-1/complete");
        foreach (var step in new[] { "3-2", "3-3", "3-4" })
            await server.Api("security-officer", HttpMethod.Post, $"{Incident}/steps/{step}/complete");
    }

    [Fact]
    public async Task PreliminaryOnDay2_LeakConfirmedOnDay20_TheFinalReportsPreviewStatesItWithTheCount()
    {
        await server.Api("staff", HttpMethod.Post, "/api/v1/anomaly-reports", new
        {
            department = "医事課",
            device = "受付-02",
            signs = new[] { "ransom-note" },
            description = "脅迫文が表示され、患者情報のファイルが開けない",
        });
        await server.ToFirstDecision(Number);

        // Day 2: management answers rule 7 and files the preliminary report; whether data leaked is not known yet.
        await server.ShiftClock(TimeSpan.FromDays(1));
        await server.Api("management", HttpMethod.Post, $"{Incident}/reporting/assessment", new
        {
            answers = new object[]
            {
                new { category = "sensitive-data", applies = true, reason = "電子カルテの診療情報が暗号化された" },
                new { category = "financial-harm", applies = false, reason = "決済情報は院内に保存していない" },
                new { category = "unlawful-purpose", applies = true, reason = "ランサムウェアによる不正アクセス" },
                new { category = "over-threshold", applies = false, reason = "現時点で1,000人以下の見込み" },
            },
        });
        var director = await server.SignedIn("management", javaScript: false);
        await director.GotoAsync($"/incidents/{Number}/reports/privacy-preliminary");
        Assert.Equal("調査中", await director.InputValueAsync("#f-data-items"));
        Assert.DoesNotContain("漏えい等あり", await director.InputValueAsync("#f-overview"), StringComparison.Ordinal);
        await director.FillAsync("#f-contact", "情報システム課 田中 090-0000-0000");
        await director.CheckAsync("input[name=format][value=text]");
        await director.ClickAsync("button[name=kind][value=issue]");
        await director.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/reports#issued-"));

        // The final report is begun the same day, its items of data typed by hand.
        await director.GotoAsync($"/incidents/{Number}/reports/privacy-final");
        await director.FillAsync("#f-data-items", TypedItems);
        await director.FillAsync("#f-contact", "情報システム課 田中 090-0000-0000");
        await director.ClickAsync("button[name=kind][value=draft]");
        await director.WaitForURLAsync($"{server.BaseUrl}/incidents/{Number}/reports/privacy-final");
        Assert.Equal(0, await director.Locator(".stale").CountAsync());

        // Day 20: recovered; the investigation finds that data leaked, and counts the people.
        await ToTheRecoveryReport();
        await server.ShiftClock(TimeSpan.FromDays(18));
        await server.Api("security-officer", HttpMethod.Put, $"{Incident}/facts/data-leak-confirmed", new { value = "yes" });
        await server.Api("security-officer", HttpMethod.Post, $"{Incident}/notes", new { text = "アクセスログの調査で、患者情報の外部送信を確認", step = "4-1" });
        await director.GotoAsync($"/incidents/{Number}/reports");
        await director.FillAsync("#figure-value", "1,450");
        await director.FillAsync("#figure-note", "電子カルテのアクセスログ全件調査");
        await director.ClickAsync("form:has(input[name=kind][value=figure]) button[type=submit]");
        await director.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#figures$"));

        // The draft saved on day 2 says which headings the record now fills differently.
        await director.GotoAsync($"/incidents/{Number}/reports/privacy-final");
        var stale = await director.InnerTextAsync(".stale");
        Assert.Contains("1 概要", stale, StringComparison.Ordinal);
        Assert.Contains("2 漏えい等が発生し", stale, StringComparison.Ordinal);
        Assert.Contains("3 漏えい等が発生し", stale, StringComparison.Ordinal);
        await SonaeServer.Screenshot(director, "report-editor-out-of-date");
        await director.ClickAsync(".stale a");

        // The choice, heading by heading: what was typed starts unticked.
        await director.WaitForURLAsync($"{server.BaseUrl}/incidents/{Number}/reports/privacy-final/refill");
        Assert.True(await director.IsCheckedAsync("input[name=take][value=overview]"));
        Assert.True(await director.IsCheckedAsync("input[name=take][value=people]"));
        Assert.False(await director.IsCheckedAsync("input[name=take][value=data-items]"));
        var items = await director.InnerTextAsync("#h-data-items");
        Assert.Contains(TypedItems, items, StringComparison.Ordinal);
        Assert.Contains("個人データの漏えい等の有無: 漏えい等あり", items, StringComparison.Ordinal);
        foreach (var (width, height, size) in new[] { (360, 800, "phone"), (1366, 768, "desktop") })
        {
            await director.SetViewportSizeAsync(width, height);
            await SonaeServer.Screenshot(director, $"report-refill-leak-{size}");
            // axe-core runs in the page, so in a browser of the same size with JavaScript on.
            var checker = await server.SignedIn("management", width, height);
            await checker.GotoAsync($"/incidents/{Number}/reports/privacy-final/refill");
            var axe = await checker.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"refill at {size}: " + string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help}")));
            await checker.Context.CloseAsync();
        }
        await director.ClickAsync("button[name=kind][value=refill]");
        await director.WaitForURLAsync($"{server.BaseUrl}/incidents/{Number}/reports/privacy-final");
        Assert.Equal(TypedItems, await director.InputValueAsync("#f-data-items"));
        Assert.StartsWith("1,450人", await director.InputValueAsync("#f-people"), StringComparison.Ordinal);
        Assert.Equal(0, await director.Locator(".stale").CountAsync());

        // The final report's preview, as it will print: the leak, and the count under item 3 (not again in the overview).
        await director.GotoAsync($"/incidents/{Number}/reports/privacy-final/preview");
        var preview = await director.InnerTextAsync("body");
        Assert.Contains("個人データの漏えい等の有無: 漏えい等あり", preview, StringComparison.Ordinal);
        Assert.Matches(@"3 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数\s+1,450人\(", preview);
        Assert.DoesNotContain("対象となる本人の数", preview, StringComparison.Ordinal);
        Assert.Contains(TypedItems, preview, StringComparison.Ordinal);
        await SonaeServer.Screenshot(director, "report-final-preview-leak");
        // The notice to the people affected, never saved, says the same.
        await director.GotoAsync($"/incidents/{Number}/reports/notice-to-individuals/preview");
        var notice = await director.InnerTextAsync("body");
        Assert.Contains("個人データの漏えい等の有無: 漏えい等あり", notice, StringComparison.Ordinal);
        Assert.Contains("対象となる本人の数: 1,450人", notice, StringComparison.Ordinal);
        Assert.Contains("アクセスログの調査で、患者情報の外部送信を確認", notice, StringComparison.Ordinal);
    }
}

/// <summary>A server of its own for the leak journey, whose clock it moves and whose first incident it counts on.</summary>
[CollectionDefinition(Name)]
public sealed class LeakServerCollection : ICollectionFixture<SonaeServer>
{
    public const string Name = "sonae server for the leak journey";
}
