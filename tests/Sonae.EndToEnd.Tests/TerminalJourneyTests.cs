using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// A shared terminal in real Chromium: a ward phone opens the reporting link, finds its ward already filled in, reports,
/// and comes home to its own page (first aid, whom to call, where its report stands); a page it may not open, and the
/// binder opened by a vendor, answer with the error page in the person's language. Each at phone and laptop width,
/// axe-core clean, with screenshots to look at.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TerminalJourneyTests(SonaeServer server)
{
    private const string Ward = "5階東病棟";

    private async Task<string> ReportingLink()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        using var made = await client.PostAsync("/api/v1/reporting-links", System.Net.Http.Json.JsonContent.Create(new { label = Ward }));
        Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        return System.Text.Json.JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
    }

    private static async Task NoSeriousProblem(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }

    [Fact]
    public async Task WardPhone_OpensTheLink_WardPrefilled_Reports_AndLandsOnItsOwnHome()
    {
        var link = await ReportingLink();
        foreach (var (width, height, size) in new[] { (360, 800, "phone"), (1366, 768, "laptop") })
        {
            var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "ja-JP",
            });
            var page = await context.NewPageAsync();

            await page.GotoAsync(link);
            Assert.EndsWith("/report", page.Url, StringComparison.Ordinal);
            Assert.Equal(Ward, await page.InputValueAsync("#department"));
            await page.CheckAsync("text=脅迫文・見慣れない警告が画面に出た");
            // (The second width's report is from the same ward: it is asked "same as #n?" and answers "another".)
            await StaticPages.SendReport(page);
            var sent = await page.InnerTextAsync("[role=status]");
            var number = System.Text.RegularExpressions.Regex.Match(sent, @"#(\d+)").Groups[1].Value;

            // Home, from the page after the report and from the menu, is the terminal's own.
            await page.ClickAsync("main a:has-text('ホームへ')");
            await page.WaitForURLAsync("**/report/home");
            Assert.Contains($"報告 #{number}", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Contains("対応中", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Contains(Ward, await page.InnerTextAsync("h1 + p"), StringComparison.Ordinal);
            Assert.True(await page.IsVisibleAsync(".first-aid"));
            Assert.Equal("/report/home", await page.GetAttributeAsync("nav a:has-text('ホーム')", "href"));
            Assert.Equal("/report/home", await page.GetAttributeAsync("a.brand", "href"));
            await SonaeServer.Screenshot(page, $"terminal-home-{size}");
            await NoSeriousProblem(page, $"the terminal's home at {size}");

            // A page it may not open: the error page, with the way back to its own home.
            var refused = await page.GotoAsync("/preparedness");
            Assert.Equal(403, refused!.Status);
            Assert.Contains("報告のほかはできません", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Equal("/report/home", await page.GetAttributeAsync("main a", "href"));
            await SonaeServer.Screenshot(page, $"refusal-terminal-{size}");
            await NoSeriousProblem(page, $"the terminal's refusal at {size}");
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Vendor_OpeningTheBinder_GetsTheErrorPage_InEnglish()
    {
        foreach (var (width, height, size) in new[] { (360, 800, "phone"), (1366, 768, "laptop") })
        {
            var page = await server.SignedIn("vendor", width, height, language: "en");
            await page.GotoAsync("/culture?lang=en&returnUrl=/vendor");
            var refused = await page.GotoAsync("/binder");
            Assert.Equal(403, refused!.Status);
            Assert.Equal("You may not do this", await page.InnerTextAsync("h1"));
            Assert.Contains("Only these roles may open this page", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
            await SonaeServer.Screenshot(page, $"refusal-vendor-binder-{size}");
            await NoSeriousProblem(page, $"the vendor's refusal at {size}");
            await page.Context.CloseAsync();
        }
    }
}
