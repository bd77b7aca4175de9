using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The first day: a fresh Sonae is set up in the browser with the code from its console, on a laptop without
/// JavaScript and on a phone — the hospital, its first security officer and the number staff call — and the officer's sign-in goes
/// on to their second factor. The setup pages are checked with axe-core and photographed at phone and laptop width.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SetupJourneyTests(SonaeServer server)
{
    private static readonly string[] Wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private async Task<IPage> Browser(EmptyServer fresh, int width, int height, string language = "ja", bool javaScript = true)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fresh.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
            Locale = language == "en" ? "en-US" : "ja-JP",
        });
        return await context.NewPageAsync();
    }

    private static async Task AssertAccessible(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Wcag] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help}")));
    }

    private static async Task Fill(IPage page, string code)
    {
        await page.FillAsync("#setup-code", code);
        await page.FillAsync("#organization-name", "みなと市立病院");
        await page.FillAsync("#officer-name", "田中 一郎");
        await page.FillAsync("#user-name", "tanaka");
        await page.FillAsync("#new-password", "umi-no-mieru-byouin-2026");
        await page.FillAsync("#confirm-password", "umi-no-mieru-byouin-2026");
        await page.SelectOptionAsync("#contact-kind", "Phs");
        await page.FillAsync("#contact-phone", "2100");
    }

    [Fact]
    public async Task FreshSonae_IsSetUpInTheBrowser_WithTheConsoleCode_AndTheOfficerSignsIn()
    {
        await using var fresh = await EmptyServer.Start();

        // The laptop first, in English and without JavaScript: the address leads to setup, not to a sign-in page with
        // no way in, and a mistyped code is told in English, with nothing made.
        var laptop = await Browser(fresh, 1366, 768, "en", javaScript: false);
        await laptop.GotoAsync("/");
        Assert.EndsWith("/setup", laptop.Url, StringComparison.Ordinal);
        Assert.Equal("First-run setup", await laptop.InnerTextAsync("h1"));
        await SonaeServer.Screenshot(laptop, "setup-english-desktop");
        await Fill(laptop, "AAAA-BBBB-CCCC");
        await laptop.ClickAsync("button[type=submit]");
        Assert.Contains("The setup code is wrong", await laptop.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await laptop.Context.CloseAsync();

        // axe-core runs in the page: these contexts run script, though the pages send none.
        var desktop = await Browser(fresh, 1366, 768);
        await desktop.GotoAsync("/setup");
        await SonaeServer.Screenshot(desktop, "setup-desktop");
        await AssertAccessible(desktop, "/setup at 1366×768");
        await desktop.Context.CloseAsync();

        var phone = await Browser(fresh, 360, 800);
        await phone.GotoAsync("/");
        Assert.EndsWith("/setup", phone.Url, StringComparison.Ordinal);
        await SonaeServer.Screenshot(phone, "setup-phone");
        await AssertAccessible(phone, "/setup at 360×800");

        // A mistyped code: told so, nothing made, what was typed stays.
        await Fill(phone, "AAAA-BBBB-CCCC");
        await phone.ClickAsync("button[type=submit]");
        Assert.Contains("セットアップコードが違います", await phone.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        Assert.Equal("みなと市立病院", await phone.InputValueAsync("#organization-name"));
        await SonaeServer.Screenshot(phone, "setup-wrong-code-phone");
        await AssertAccessible(phone, "/setup with an error at 360×800");

        // The code from the console, typed as a person would (lower case).
        await phone.FillAsync("#setup-code", fresh.SetupCode().ToLowerInvariant());
        await phone.FillAsync("#new-password", "umi-no-mieru-byouin-2026");
        await phone.FillAsync("#confirm-password", "umi-no-mieru-byouin-2026");
        await phone.ClickAsync("button[type=submit]");
        Assert.Equal("病院を登録しました", await phone.InnerTextAsync("h1"));
        Assert.Equal(4, await phone.Locator("dl.keys code").CountAsync());
        await SonaeServer.Screenshot(phone, "setup-done-phone");
        await AssertAccessible(phone, "setup done at 360×800");

        // On to the officer's second factor, as at every leader's first sign-in.
        await phone.ClickAsync("a.button:has-text('次へ')");
        Assert.EndsWith("/signin/enrol", phone.Url, StringComparison.Ordinal);

        // Setup is over: the page leads to sign-in, which is an ordinary sign-in page now.
        var late = await Browser(fresh, 360, 800);
        await late.GotoAsync("/setup");
        Assert.EndsWith("/signin", late.Url, StringComparison.Ordinal);
        await late.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }
}
