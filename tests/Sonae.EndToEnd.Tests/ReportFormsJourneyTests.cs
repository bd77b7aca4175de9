using System.Net.Http.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// What the privacy commission's forms ask for, on a phone in real Chromium: the security officer gives when the
/// leak began, management chooses a public announcement in place of the notice (refused without the reason, then
/// recorded with it), and the final report's draft says both, with the representative as reporter and a button that
/// files it (「提出」).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReportFormsJourneyTests(SonaeServer server)
{
    /// <summary>A vendor's data migration that lost patients' records: no attack, so 4-3 opens right after 2-1.</summary>
    private async Task<int> LeakWithoutAttack()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        using var created = await client.PostAsJsonAsync("/api/v1/incidents", new { title = "データ移行で患者情報が消失" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var number = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetInt32();
        var incident = $"/api/v1/incidents/{number}";
        await server.Api("security-officer", HttpMethod.Put, $"{incident}/facts/infection-signs", new { value = "no" });
        foreach (var step in new[] { "1-1", "1-3" })
            await server.Api("security-officer", HttpMethod.Post, $"{incident}/steps/{step}/complete");
        await server.Api("security-officer", HttpMethod.Put, $"{incident}/facts/anomaly-confirmed", new { value = "yes" });
        await server.Api("security-officer", HttpMethod.Post, $"{incident}/steps/1-4/complete");
        foreach (var (fact, value) in new[] { ("cause", "vendor-work"), ("cyber-attack-signs", "no"), ("data-leak-suspected", "yes") })
            await server.Api("security-officer", HttpMethod.Put, $"{incident}/facts/{fact}", new { value });
        return number;
    }

    private static async Task AssertNoSeriousProblem(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }

    [Fact]
    public async Task LeakBeganDate_AndAnnouncementInsteadOfNotice_WithItsReason_ReachTheFinalReport()
    {
        var number = await LeakWithoutAttack();

        // The officer, on a phone, writes when it began (an estimate) at 2-1 and completes it.
        var officer = new WorkspacePage(await server.SignedIn("security-officer", 360, 800));
        await officer.Open(number, "2-1");
        await officer.Write("事案が起きた(始まった)のはいつですか?", "2026年11月20日 深夜(推定、作業ログによる)");
        await officer.Page.Locator("#fact-breach-began").ScrollIntoViewIfNeededAsync();
        await officer.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "forms-workspace-breach-began-phone.png") });
        await officer.Complete();
        await officer.Page.Context.CloseAsync();

        // Management, on a phone, at 4-3: the announcement in place of the notice is refused without its reason.
        var director = await server.SignedIn("management", 360, 800);
        await director.GotoAsync("/decisions");
        var step = director.Locator(".panel").Filter(new LocatorFilterOptions { Has = director.Locator($"h3[id='step-{number}-4-3']") });
        await step.Locator("label.choice:has-text('通知が困難なため公表で代える')").ClickAsync();
        await step.Locator("button:has-text('このステップの答えを記録する')").ClickAsync();
        Assert.Contains("本人への通知が困難な理由を書いてください", await director.InnerTextAsync("body"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(director, "forms-decisions-notice-refused-phone");
        await AssertNoSeriousProblem(director, "/decisions at 4-3");

        step = director.Locator(".panel").Filter(new LocatorFilterOptions { Has = director.Locator($"h3[id='step-{number}-4-3']") });
        await step.Locator("label.choice:has-text('通知が困難なため公表で代える')").ClickAsync();
        await step.Locator($"#reason-{number}-notice-method").FillAsync("連絡先が分からない受診者が多数いるため");
        await step.Locator("button:has-text('このステップの答えを記録する')").ClickAsync();
        Assert.DoesNotContain("本人への通知が困難な理由を書いてください。理由がなければ", await director.InnerTextAsync("body"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(director, "forms-decisions-notice-recorded-phone");

        // The workspace's 4-3 asks the same, with the reason beside the choice.
        var workspace = new WorkspacePage(await server.SignedIn("security-officer", 360, 800));
        await workspace.Open(number, "4-3");
        Assert.Contains("通知が困難なため公表で代える", await workspace.Page.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Equal(1, await workspace.Page.Locator("#fact-notice-method-reason").CountAsync());
        await workspace.Page.Locator("#fact-notice-method-reason").ScrollIntoViewIfNeededAsync();
        await workspace.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "forms-workspace-4-3-phone.png") });
        await AssertNoSeriousProblem(workspace.Page, "the workspace at 4-3");
        await workspace.Page.Context.CloseAsync();

        // The final report's draft: when it began beside when it was found, the reason, and a button that files it.
        await director.GotoAsync($"/incidents/{number}/reports/privacy-final");
        Assert.Contains("発生日時: 2026年11月20日 深夜(推定、作業ログによる)", await director.InputValueAsync("#f-overview"), StringComparison.Ordinal);
        Assert.Contains("通知が困難な理由: 連絡先が分からない受診者が多数いるため", await director.InputValueAsync("#f-response-to-individuals"), StringComparison.Ordinal);
        Assert.StartsWith("本人への通知に代わる措置として公表する。", await director.InputValueAsync("#f-publication"), StringComparison.Ordinal);
        Assert.Contains("代表者: ", await director.InputValueAsync("#f-reporter"), StringComparison.Ordinal);
        Assert.Equal(1, await director.Locator("button:has-text('この内容で提出する')").CountAsync());
        await SonaeServer.Screenshot(director, "forms-report-final-phone");
        await AssertNoSeriousProblem(director, "the final report's editor");
        await director.Context.CloseAsync();

        // The profile's representative field, at phone and laptop width.
        foreach (var (width, height, size) in new[] { (360, 800, "phone"), (1366, 768, "desktop") })
        {
            var page = await server.SignedIn("security-officer", width, height);
            await page.GotoAsync("/preparedness/profile");
            Assert.Equal(1, await page.Locator("#representative").CountAsync());
            await page.Locator("#representative").ScrollIntoViewIfNeededAsync();
            await SonaeServer.Screenshot(page, $"forms-profile-{size}");
            await page.Context.CloseAsync();
        }
    }
}
