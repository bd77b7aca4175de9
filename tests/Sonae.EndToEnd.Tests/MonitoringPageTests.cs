using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The officer connects a monitor on /settings/monitoring in Chromium without JavaScript: adds a source, copies its
/// token from the message shown once, and sees on its card what became of each delivery — a payload of the wrong
/// format refused with why, then an alert that opened a report, which the home page lists. On a phone and a
/// laptop, in both languages, without a serious accessibility problem.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class MonitoringPageTests(SonaeServer server)
{
    [Fact]
    public async Task TheOfficer_AddsASource_AndSeesEachDeliveryOnItsCard()
    {
        var name = $"UPS 監視 {Guid.NewGuid():N}"[..12];
        var page = await server.SignedIn("security-officer", 1366, 768, javaScript: false);
        await page.GotoAsync("/settings/monitoring");
        await page.FillAsync("#source-name", name);
        await page.SelectOptionAsync("#source-kind", "generic");
        await page.ClickAsync("button:has-text('追加してトークンを発行')");
        var message = await page.InnerTextAsync("[role=status]");
        var token = Token().Match(message).Value;
        Assert.StartsWith("sonae_alert_", token, StringComparison.Ordinal);

        using var monitor = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        monitor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var refused = await monitor.PostAsync("/api/v1/alerts", new StringContent("""{"groupKey":"g","alerts":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        await page.GotoAsync("/settings/monitoring");
        var card = page.Locator("article.card", new() { HasTextString = name });
        Assert.Contains("受け付けませんでした", await card.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("alertmanager の形式", await card.InnerTextAsync(), StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "monitoring-refused-desktop-nojs");

        var title = $"UPS バッテリー運転 {Guid.NewGuid():N}"[..20];
        var accepted = await monitor.PostAsync("/api/v1/alerts", new StringContent($$"""{"title":"{{title}}","host":"UPS-01","severity":"critical"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        await page.GotoAsync("/settings/monitoring");
        Assert.Contains("新しい報告を作りました", await card.InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/");
        Assert.Contains(title, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.Context.CloseAsync();

        foreach (var (width, height, language, shot) in new[] { (1366, 768, "ja", "monitoring-desktop"), (360, 800, "ja", "monitoring-phone"), (360, 800, "en", "monitoring-phone-en") })
        {
            var seen = await server.SignedIn("security-officer", width, height, language: language);
            await seen.GotoAsync("/settings/monitoring");
            Assert.Contains(language == "en" ? "opened a new report" : "新しい報告を作りました", await seen.Locator("article.card", new() { HasTextString = name }).InnerTextAsync(), StringComparison.Ordinal);
            await SonaeServer.Screenshot(seen, shot);
            var result = await seen.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{shot}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
            await seen.Context.CloseAsync();
        }
    }

    [GeneratedRegex("sonae_alert_[A-Za-z0-9_-]+")]
    private static partial Regex Token();
}
