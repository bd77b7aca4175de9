using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// Every main page, for the role that uses it, at phone and desktop width and in both languages: no serious or
/// critical accessibility problem (axe-core, WCAG 2 A and AA), and a screenshot of each to look at.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AccessibilityAndLanguageTests(SonaeServer server)
{
    public static TheoryData<string, string, string> Pages() => new()
    {
        { "staff", "/report", "report" },
        { "staff", "/", "home-staff" },
        { "security-officer", "/", "home-officer" },
        { "security-officer", "/incidents/{n}", "workspace" },
        { "security-officer", "/incidents/{n}/summary", "summary" },
        { "security-officer", "/settings", "settings" },
        { "management", "/decisions", "decisions" },
        { "management", "/incidents/{n}/situation", "situation" },
        { "management", "/incidents/{n}/reports", "reports" },
        { "management", "/incidents/{n}/reports/privacy-preliminary", "report-editor" },
        { "management", "/incidents/{n}/reports/privacy-preliminary/refill", "report-refill" },
        { "security-officer", "/incidents/{n}/evidence", "evidence" },
        { "security-officer", "/incidents/{n}/contacts", "contacts" },
        { "management", "/audit", "audit" },
        { "vendor", "/vendor", "vendor" },
        { "security-officer", "/settings/people", "people" },
        { "security-officer", "/settings/channels", "channels" },
        { "security-officer", "/settings/monitoring", "monitoring" },
        { "security-officer", "/incidents/{n}/vendors", "vendor-access" },
        { "security-officer", "/incidents/{n}/join", "join" },
        { "security-officer", "/incidents/{n}/command", "command" },
        { "security-officer", "/notices/new?kind=stop-use&incident={n}", "notice-compose" },
        { "security-officer", "/notices", "notices" },
        { "security-officer", "/incidents/{n}/updates", "updates" },
        { "staff", "/incidents/{n}/calls", "calls" },
        { "security-officer", "/threats", "threats" },
        { "security-officer", "/threats/new", "threats-new" },
    };

    private async Task<int> AnIncident()
    {
        var staff = await server.SignedIn("staff");
        await staff.GotoAsync("/report");
        await staff.CheckAsync("text=ファイルが開けない・名前がおかしい");
        await staff.FillAsync("#department", "放射線科");
        await staff.FillAsync("#device", "PACS-02");
        await StaticPages.SendReport(staff);
        var sent = await staff.InnerTextAsync("[role=status]");
        await staff.Context.CloseAsync();
        return int.Parse(System.Text.RegularExpressions.Regex.Match(sent, @"#(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPage_HasNoSeriousAccessibilityProblem_AtPhoneAndDesktopWidth(string role, string path, string name)
    {
        var number = await AnIncident();
        if (name is "decisions" or "situation")
            await server.ToFirstDecision(number);
        if (name is "calls")
            await server.Prepared("people", global::Sonae.Web.Demo.DemoPreparedness.People);
        if (name is "updates")
            await server.Api("security-officer", HttpMethod.Post, $"/api/v1/incidents/{number}/updates", new { known = "電子カルテのサーバーが暗号化された", doing = "外部接続を遮断した", send = false });
        foreach (var (width, height, size) in new[] { (360, 740, "phone"), (1280, 900, "desktop") })
        {
            var page = await server.SignedIn(role, width, height);
            await page.GotoAsync(path.Replace("{n}", number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            if (path.StartsWith("/incidents/", StringComparison.Ordinal) && !path.EndsWith("/summary", StringComparison.Ordinal) && !path.Contains("/reports", StringComparison.Ordinal) && !path.EndsWith("/evidence", StringComparison.Ordinal) && !path.EndsWith("/vendors", StringComparison.Ordinal) && !path.EndsWith("/join", StringComparison.Ordinal) && !path.EndsWith("/situation", StringComparison.Ordinal) && !path.EndsWith("/command", StringComparison.Ordinal) && !path.EndsWith("/contacts", StringComparison.Ordinal)
                && !path.EndsWith("/updates", StringComparison.Ordinal) && !path.EndsWith("/calls", StringComparison.Ordinal))
                await page.WaitForSelectorAsync(".live");
            if (name == "decisions")
                Assert.Equal(1, await page.Locator($"h2#incident-{number}").CountAsync());
            await SonaeServer.Screenshot(page, $"{name}-{size}");

            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{path} at {size}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task SignInPage_HasNoSeriousAccessibilityProblem()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/incidents/1");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "signin-phone");

        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });

        Assert.DoesNotContain(result.Violations, v => v.Impact is "serious" or "critical");
        await context.CloseAsync();
    }

    /// <summary>
    /// A phone that is not signed in and opens the report page (an old poster, the address typed) meets first aid,
    /// the number to call and the ways to report on its first screen, above the sign-in form, in both languages.
    /// </summary>
    [Fact]
    public async Task ReportPage_NotSignedIn_ShowsFirstAidAndHowToReport_WithNoSeriousAccessibilityProblem()
    {
        foreach (var (width, height, size, language) in new[] { (360, 800, "phone", "ja"), (1366, 768, "desktop", "ja"), (360, 800, "phone-english", "en") })
        {
            var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height },
                Locale = language == "en" ? "en-US" : "ja-JP",
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/report");

            Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
            var firstAid = await page.Locator(".first-aid").BoundingBoxAsync();
            var password = await page.Locator("#password").BoundingBoxAsync();
            Assert.True(firstAid is not null && firstAid.Y < height && firstAid.Y < password!.Y, $"first aid is not first on the screen at {size}");
            Assert.Contains(language == "en" ? "QR code on the poster" : "ポスターの QR コード", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await SonaeServer.Screenshot(page, $"report-unsigned-{size}");
            var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"/report unsigned at {size}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help}")));
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Pages_InEnglish_WhenChosen_AndTheChoiceIsRemembered()
    {
        var number = await AnIncident();
        var page = await server.SignedIn("security-officer");
        await page.ClickAsync("a:text-is('English')");
        await page.WaitForSelectorAsync("h1:text-is('What to do now')");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        await page.GotoAsync("/report");
        Assert.Equal("Report a problem", await page.InnerTextAsync("h1"));
        await SonaeServer.Screenshot(page, "report-english-desktop");
        await page.GotoAsync($"/incidents/{number}?step=1-2");
        await page.WaitForSelectorAsync(".live");
        Assert.Contains("Disconnect the cables", await page.InnerTextAsync("#step-title"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "workspace-english-desktop");

        await page.GotoAsync("/");
        await page.ClickAsync("a:text-is('日本語')");
        await page.WaitForSelectorAsync("h1:text-is('いまやること')");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dates_InWareki_WhenChosen()
    {
        var number = await AnIncident();
        var page = await server.SignedIn("security-officer");
        await page.ClickAsync("a:text-is('和暦で表示')");
        await page.GotoAsync($"/incidents/{number}/summary");
        Assert.Contains("令和", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportPage_ColdLoad_IsSmallAndNeedsNoScript()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.ClickAsync("summary:has-text('API')");
        await page.FillAsync("#key", server.Keys["staff"]);
        await page.ClickAsync("form[action='/signin'] button[type=submit]");
        await page.WaitForURLAsync(server.BaseUrl + "/");

        // A new tab with an empty cache, as on a ward PC that has never opened Sonae.
        var cold = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, StorageState = await context.StorageStateAsync() });
        var report = await cold.NewPageAsync();
        var sizes = new List<(string Url, long Bytes)>();
        report.Response += async (_, response) => sizes.Add((response.Url, (await response.Request.SizesAsync()).ResponseBodySize + (await response.Request.SizesAsync()).ResponseHeadersSize));
        await report.GotoAsync("/report", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        var timing = JsonDocument.Parse(await report.EvaluateAsync<string>(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return JSON.stringify({ domInteractive: n.domInteractive, load: n.loadEventEnd }); }")).RootElement;

        var total = sizes.Sum(s => s.Bytes);
        Assert.Equal(0, await report.Locator("script").CountAsync());
        Assert.True(total < 100 * 1024, $"{total} bytes: " + string.Join(", ", sizes.Select(s => $"{s.Url} {s.Bytes}")));
        await File.WriteAllTextAsync(Path.Combine(SonaeServer.Screenshots, "report-cold-load.txt"),
            $"requests {sizes.Count}, bytes {total}, domInteractive {timing.GetProperty("domInteractive").GetDouble():F0} ms, load {timing.GetProperty("load").GetDouble():F0} ms\n"
            + string.Join("\n", sizes.Select(s => $"{s.Bytes,8} {s.Url}")));
        await context.CloseAsync();
        await cold.CloseAsync();
    }
}
