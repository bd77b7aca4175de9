using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The incident's preliminary period, by the clocks of its reports page, in Chromium without JavaScript at phone and
/// desktop width: management opens the small form, changes the period with a reason, and the page says what changed;
/// the dates of the clock panel follow the reader's 和暦 choice.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReportingRulesPageTests(SonaeServer server)
{
    /// <summary>An incident opened by hand whose report management answered is required: its clocks run.</summary>
    private async Task<int> ARunningIncident()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        using var opened = await client.PostAsJsonAsync("/api/v1/incidents", new { title = "電子カルテの暗号化(期限変更)" });
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        var number = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetInt32();
        await server.Api("management", HttpMethod.Post, $"/api/v1/incidents/{number}/reporting/assessment", new
        {
            answers = new[]
            {
                new { category = "sensitive-data", applies = true, reason = "電子カルテの診療情報" },
                new { category = "financial-harm", applies = false, reason = "決済情報なし" },
                new { category = "unlawful-purpose", applies = false, reason = "調査中" },
                new { category = "over-threshold", applies = false, reason = "1,000人以下の見込み" },
            },
        });
        return number;
    }

    /// <summary>The clocks and the period's form alone, to look at (the page whole is long on a phone).</summary>
    private static async Task Clocks(IPage page, string name) =>
        await page.Locator("#clocks").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, name + ".png") });

    [Fact]
    public async Task Management_ChangesThePeriodByTheClocks_WithoutJavaScript_AtPhoneWidth()
    {
        var number = await ARunningIncident();
        var page = await server.SignedIn("management", 360, 800, javaScript: false);
        await page.GotoAsync($"/incidents/{number}/reports");
        Assert.Contains("知った日から 3 日以内", await page.InnerTextAsync("#rules"), StringComparison.Ordinal);

        await page.ClickAsync("#rules summary");
        await page.SelectOptionAsync("#rules-days", "5");
        await page.FillAsync("#rules-reason", "個人情報保護委員会の窓口と相談し、5日以内とした");
        await Clocks(page, "clock-rules-form-phone");
        await page.ClickAsync("#rules button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#rules$"));

        var rules = await page.InnerTextAsync("#rules");
        Assert.Contains("知った日から 5 日以内", rules, StringComparison.Ordinal);
        Assert.Contains("理由: 個人情報保護委員会の窓口と相談し、5日以内とした", rules, StringComparison.Ordinal);
        Assert.Contains("期限の日数・数え方を変更しました", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        await Clocks(page, "clock-rules-changed-phone");
        await page.Context.CloseAsync();

        // At a laptop's width, the form open: no serious accessibility problem (axe-core runs as a script).
        var desktop = await server.SignedIn("management", 1366, 768);
        await desktop.GotoAsync($"/incidents/{number}/reports");
        await desktop.ClickAsync("#rules summary");
        await Clocks(desktop, "clock-rules-form-desktop");
        var axe = await desktop.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
        await desktop.Context.CloseAsync();
    }

    [Fact]
    public async Task ClockPanel_FollowsTheWarekiChoice()
    {
        var number = await ARunningIncident();
        var page = await server.SignedIn("management", 360, 800, javaScript: false);
        await page.GotoAsync($"/incidents/{number}/reports");
        await page.ClickAsync("header a:has-text('和暦')");
        await page.WaitForSelectorAsync("header a:has-text('西暦')");

        var panel = await page.InnerTextAsync(".legal-clock");
        Assert.Contains("令和", panel, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{4}年", panel);
        await Clocks(page, "clock-panel-wareki-phone");
        await page.Context.CloseAsync();
    }
}
