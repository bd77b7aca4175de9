using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Sonae.Core.Incidents;
using Sonae.Web.Demo;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The security officer's threat page in Chromium without JavaScript: CISA's KEV catalogue (the trimmed copy kept in
/// the tests) imported through the page's file form, the catering vendor's VPN flagged first and loudest, one fuzzy
/// match (Windows on the servers) confirmed and one dismissed with the page's buttons; on a phone and a laptop, no serious accessibility problem.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ThreatsPageTests(SonaeServer server)
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Threats", "Fixtures", name);

    [Fact]
    public async Task TheOfficer_ImportsKev_SeesTheCateringVpnFirst_ConfirmsOneAndDismissesOne()
    {
        // The demo hospital's lines and appliances (the shared server's other tests may have kept them already).
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        await EnsureSection("network", DemoPreparedness.Network(today).Current);
        await EnsureSection("inventory", DemoPreparedness.Inventory(today));
        var page = await server.SignedIn("security-officer", 1366, 768, javaScript: false);
        await page.GotoAsync("/threats/new");
        await page.SetInputFilesAsync("#threat-file", Fixture("known_exploited_vulnerabilities.json"));
        await page.ClickAsync("button:has-text('取り込んで照合する')");
        await page.WaitForURLAsync(url => url.EndsWith("/threats", StringComparison.Ordinal));
        Assert.Contains("15 件を読みました", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        var first = page.Locator(".threat-tasks > li").First;
        var text = await first.InnerTextAsync();
        Assert.Contains("外部接続「給食委託 VPN」", text, StringComparison.Ordinal);
        Assert.Contains("CVE-2018-13379", text, StringComparison.Ordinal);
        Assert.Contains("CISA の対応期限", text, StringComparison.Ordinal);
        Assert.Contains("threat-line", await first.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "threats-imported-desktop-nojs");

        // The fuzzy matches waiting, looked at by axe-core too (it runs in the page, so with JavaScript on).
        var waiting = await server.SignedIn("security-officer", 360, 800);
        await waiting.GotoAsync("/threats");
        Assert.True(await waiting.Locator(".threat-fuzzy li").CountAsync() >= 3);
        await Check(waiting, "threats-pending-phone");
        await waiting.Context.CloseAsync();

        // "FortiOS and FortiProxy" names the FortiGate's FortiOS: a task at once, not a question.
        Assert.Contains("CVE-2024-21762", await page.InnerTextAsync(".threat-tasks"), StringComparison.Ordinal);
        // Windows on the servers is Microsoft's: the officer confirms the SMBv1 flaw is theirs (every Windows Server at once)…
        await page.ClickAsync("button[aria-label^='該当する: CVE-2017-0143 '][aria-label*='EHR-DB01']");
        Assert.Contains("対応タスクになりました", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("CVE-2017-0143", await page.InnerTextAsync(".threat-tasks"), StringComparison.Ordinal);
        // …and the next Windows flaw is still asked about: one answer does not cover every advisory about an OS.
        Assert.True(await page.Locator(".threat-fuzzy li", new() { HasTextString = "CVE-2021-34527" }).CountAsync() > 0);
        // Another maker's "FortiOS 相当" on the internet line: not ours, and its twins go with it.
        await page.ClickAsync("button[aria-label^='該当しない: CVE-2018-13379 '][aria-label*='インターネット回線']");
        Assert.Contains("除外しました", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".threat-fuzzy li", new() { HasTextString = "インターネット回線" }).CountAsync());
        await SonaeServer.Screenshot(page, "threats-decided-desktop-nojs");

        // "Send as a notice" opens the notices' form with the draft, for the officer and the line's own vendor — never
        // every vendor of the hospital.
        await page.Locator(".threat-tasks > li").First.Locator("a:has-text('お知らせとして送る')").ClickAsync();
        Assert.Contains("給食委託 VPN", await page.InputValueAsync("#notice-title"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("input[name=roles][value=security-officer]"));
        Assert.False(await page.IsCheckedAsync("input[name=roles][value=vendor]"));
        await SonaeServer.Screenshot(page, "threats-notice-desktop-nojs");
        await page.Context.CloseAsync();

        foreach (var (width, height, language, name) in new[] { (1366, 768, "ja", "threats-desktop"), (360, 800, "ja", "threats-phone"), (360, 800, "en", "threats-phone-en") })
        {
            var seen = await server.SignedIn("security-officer", width, height, language: language);
            await seen.GotoAsync("/threats");
            Assert.Contains(language == "en" ? "External line" : "外部接続", await seen.Locator(".threat-tasks > li").First.InnerTextAsync(), StringComparison.Ordinal);
            await Check(seen, name);
            await seen.Locator(".threat-tasks > li").First.Locator("h3 a").ClickAsync();
            Assert.Contains("CVE-2018-13379", await seen.InnerTextAsync("h1"), StringComparison.Ordinal);
            await Check(seen, name + "-advisory");
            await seen.GotoAsync("/threats/new");
            await Check(seen, name + "-new");
            await seen.GotoAsync("/preparedness");
            Assert.Contains(language == "en" ? "給食委託 VPN" : "給食委託 VPN", await seen.Locator(".todo > li").First.InnerTextAsync(), StringComparison.Ordinal);
            if (width == 360 && language == "ja")
            {
                await SonaeServer.Screenshot(seen, "threats-readiness-phone");
                await seen.GotoAsync("/");
                await SonaeServer.Screenshot(seen, "threats-home-phone");
            }
            await seen.Context.CloseAsync();
        }
    }

    private async Task EnsureSection(string section, object content)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        var current = await client.GetFromJsonAsync<JsonElement>($"/api/v1/preparedness/{section}");
        if (current.GetProperty("version").GetInt32() > 0)
            return;
        var body = new { baseVersion = 0, note = "テストの準備", content = JsonSerializer.SerializeToElement(content, content.GetType(), RecordJson.Options) };
        var response = await client.PutAsJsonAsync($"/api/v1/preparedness/{section}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task Check(IPage page, string name)
    {
        await SonaeServer.Screenshot(page, name);
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }
}
