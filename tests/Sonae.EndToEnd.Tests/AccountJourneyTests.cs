using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// A director gets an account in real Chromium: management adds them, they set a password from the link, must set
/// up a second factor (an authenticator app: the test computes its codes), add a passkey (Chromium's virtual
/// authenticator stands in for a phone or a security key), and sign in with the passkey alone.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class AccountJourneyTests(SonaeServer server)
{
    private const string Password = "港の見える丘の上の病院で";

    [Fact]
    public async Task Director_SetsPassword_EnrolsAnAuthenticator_AddsAPasskey_AndSignsInWithItAlone()
    {
        var user = "director" + Guid.NewGuid().ToString("N")[..6];
        // Passkeys need a host name, not an address: the same server as localhost.
        var origin = server.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        // Only management gives the management role.
        var management = await server.SignedIn("management");
        await management.GotoAsync("/settings/people");
        await management.FillAsync("#add-display", "院長 港");
        await management.FillAsync("#add-user", user);
        await management.UncheckAsync("#add-staff");
        await management.CheckAsync("#add-management");
        await management.ClickAsync("button:has-text('追加する')");
        var message = await management.InnerTextAsync(".done-notice");
        var link = SetupLink().Match(message).Value;
        Assert.False(string.IsNullOrEmpty(link), message);

        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin, Locale = "ja-JP" });
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await page.GotoAsync(new Uri(link).PathAndQuery);
        await page.FillAsync("#new-password", Password);
        await page.FillAsync("#confirm-password", Password);
        await page.ClickAsync("button:has-text('設定する')");
        await page.WaitForURLAsync(new Regex("/signin$"));

        await page.FillAsync("#user-name", user);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("form[action='/signin/account'] button[type=submit]");
        await page.WaitForURLAsync(new Regex("/signin/enrol$"));
        await SonaeServer.Screenshot(page, "account-enrol");
        await NoSeriousAccessibilityProblem(page);
        var key = (await page.InnerTextAsync("[data-testid=authenticator-key]")).Replace(" ", "", StringComparison.Ordinal);
        await page.FillAsync("#enrol-code", Sonae.Web.Tests.Infrastructure.Totp.Code(key));
        await page.ClickAsync("form[action='/signin/enrol/authenticator'] button[type=submit]");
        // Signed in, on the account page with the recovery codes that go with the app, shown once.
        await page.WaitForURLAsync(origin + "/account");
        Assert.Contains("院長 港", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        Assert.Contains("回復コード", await page.InnerTextAsync(".done-notice"), StringComparison.Ordinal);

        await page.GotoAsync("/account");
        await page.FillAsync("#passkey-name", "院長室の PC");
        await page.ClickAsync("button:has-text('パスキーを登録する')");
        await page.WaitForSelectorAsync(".done-notice");
        Assert.Contains("パスキーを登録しました", await page.InnerTextAsync(".done-notice"), StringComparison.Ordinal);
        Assert.Contains("院長室の PC", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "account-page");
        await NoSeriousAccessibilityProblem(page);

        // Signed out, back with the passkey alone: no name, no password, no code.
        await page.ClickAsync("button:has-text('サインアウト')");
        await page.WaitForURLAsync(new Regex("/signin"));
        await page.ClickAsync("button:has-text('パスキーでサインインする')");
        await page.WaitForURLAsync(origin + "/");
        Assert.Contains("院長 港", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        await context.CloseAsync();
    }

    private static async Task NoSeriousAccessibilityProblem(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, page.Url + ": " + string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex SetupLink();
}
