using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests.Aftercare.Metrics;

/// <summary>
/// The security officer, in Chromium without JavaScript, opens the response metrics and sees the chart drawn as SVG
/// (with its title for screen readers and the same numbers in a table), follows an incident to its after-action
/// report and adds a finding with the page's form; the pages read on a 390 px phone with no serious accessibility
/// problem.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MetricsPageTests(SonaeServer server)
{
    [Fact]
    public async Task TheOfficer_SeesTheChartWithoutScript_OpensTheAfterActionReport_AndAddsAFinding()
    {
        var opened = await server.Api("security-officer", HttpMethod.Post, "/api/v1/incidents", new { title = "指標の確認: 部門システム停止" });
        var number = opened.GetProperty("number").GetInt32();
        await server.Api("security-officer", HttpMethod.Put, $"/api/v1/incidents/{number}/facts/infection-signs", new { value = "no" });
        await server.Api("security-officer", HttpMethod.Post, $"/api/v1/incidents/{number}/steps/1-1/complete");
        await server.Api("staff", HttpMethod.Post, $"/api/v1/incidents/{number}/steps/1-3/complete");
        await server.Api("security-officer", HttpMethod.Put, $"/api/v1/incidents/{number}/facts/anomaly-confirmed", new { value = "yes" });
        await server.Api("security-officer", HttpMethod.Post, $"/api/v1/incidents/{number}/steps/1-4/complete");

        var page = await server.SignedIn("security-officer", 1280, 900, javaScript: false);
        await page.GotoAsync("/response-metrics");
        var chart = page.Locator("#metrics-real ~ figure svg[role=img]").First;
        Assert.True(await page.Locator("svg[role=img]").CountAsync() >= 1);
        Assert.Contains("最初の報告からの時間", await page.Locator("svg[role=img] title").First.TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.True(await chart.Locator("rect.chart-median").CountAsync() >= 1);
        Assert.Contains("確認まで", await page.InnerTextAsync("table.metrics-summary"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "metrics-desktop-nojs");

        await page.ClickAsync($"a[href='/incidents/{number}/after-action']");
        await page.WaitForURLAsync(url => url.EndsWith($"/incidents/{number}/after-action", StringComparison.Ordinal));
        Assert.Contains("事後検証報告", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.FillAsync("#finding-text", "報告から確認まで時間がかかった。夜間の呼出し先を見直す。");
        await page.ClickAsync("button:has-text('追加する')");
        await page.WaitForURLAsync(url => url.Contains($"/incidents/{number}/after-action", StringComparison.Ordinal));
        var findings = await page.InnerTextAsync(".aar-findings");
        Assert.Contains("夜間の呼出し先を見直す", findings, StringComparison.Ordinal);
        Assert.Contains("再発防止策にする", findings, StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "after-action-desktop-nojs");
        await page.Context.CloseAsync();

        foreach (var (path, name) in new[] { ("/response-metrics", "metrics-phone"), ($"/incidents/{number}/after-action", "after-action-phone") })
        {
            var phone = await server.SignedIn("security-officer", 390, 844);
            await phone.GotoAsync(path);
            // Nothing wider than the phone but the tables' own scrolling boxes.
            Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{path} is wider than a 390 px phone");
            await SonaeServer.Screenshot(phone, name);
            var result = await phone.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
            await phone.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task ThePeriodFilter_OnALaptop_HasEachLabelAboveItsDate()
    {
        var page = await server.SignedIn("security-officer", 1280, 900, javaScript: false);
        await page.GotoAsync("/response-metrics");
        foreach (var field in new[] { "metrics-from", "metrics-to" })
        {
            var label = (await page.Locator($"label[for={field}]").BoundingBoxAsync())!;
            var input = (await page.Locator($"#{field}").BoundingBoxAsync())!;
            Assert.True(label.Y + label.Height <= input.Y + 1, $"the label of {field} is not above its date ({label.Y}+{label.Height} > {input.Y})");
            Assert.True(Math.Abs(label.X - input.X) <= 2, $"the label of {field} does not start where its date does ({label.X} vs {input.X})");
        }
        await page.Context.CloseAsync();
    }
}
