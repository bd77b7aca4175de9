using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The key people's phones keep the binder: in Debian's Chromium at a phone's size, the security officer's browser
/// registers the service worker, which keeps the phone binder; with the network cut (DevTools offline, nothing else
/// stopped) the binder still opens, with every number and the line that says how old the copy is, while any other page
/// fails; signing out removes the copy and the worker. A staff browser keeps nothing, even with the worker forced on it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PhoneBinderJourneyTests(SonaeServer server)
{
    private const string CachedBinder = """
        async () => {
            const names = (await caches.keys()).filter(name => name.startsWith("sonae-binder-"));
            if (names.length !== 1) return false;
            return !!(await caches.match("/binder/offline", { cacheName: names[0] })) && !!(await caches.match("/js/binder-age.js", { cacheName: names[0] }));
        }
        """;

    /// <summary>When the kept copy was made (its data-made-at stamp), or null.</summary>
    private const string KeptStamp = """
        async () => {
            const names = (await caches.keys()).filter(name => name.startsWith("sonae-binder-"));
            const copy = names.length === 1 ? await caches.match("/binder/offline", { cacheName: names[0] }) : null;
            const match = copy ? /data-made-at="([^"]+)"/.exec(await copy.text()) : null;
            return match ? match[1] : null;
        }
        """;

    private const string AnythingKept = """
        async () => (await caches.keys()).length > 0 || (await navigator.serviceWorker.getRegistrations()).length > 0
        """;

    private const string ActiveWorker = """
        async () => { const r = await navigator.serviceWorker.getRegistration(); return !!(r && r.active && r.active.state === "activated"); }
        """;

    [Fact]
    public async Task Officer_KeepsTheBinder_OpensItWithTheNetworkCut_WithItsAge_AndSigningOutClearsIt()
    {
        await server.Prepared("people", global::Sonae.Web.Demo.DemoPreparedness.People);
        var officer = await server.SignedIn("security-officer", 390, 844);
        Assert.Contains("このスマートフォンにバインダーを控える", await officer.InnerTextAsync("main"), StringComparison.Ordinal);
        await Until(officer, ActiveWorker, "the service worker never became active");
        await Until(officer, CachedBinder, "the service worker never kept the binder");

        await officer.Locator("section.keep-binder").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "phone-binder-home-card.png") });

        // Online: Sonae's own answer, which says no age, and replaces the copy (network first).
        var before = await officer.EvaluateAsync<string>(KeptStamp);
        await officer.GotoAsync("/binder/offline");
        Assert.Equal("live", await officer.GetAttributeAsync("html", "data-copy"));
        Assert.False(await officer.IsVisibleAsync("#binder-age"));
        var shown = await officer.GetAttributeAsync("#made-at", "data-made-at");
        Assert.NotEqual(before, shown);
        await Until(officer, $"async () => (await ({KeptStamp})()) === {System.Text.Json.JsonSerializer.Serialize(shown)}", "opening the binder online did not renew the kept copy");

        await officer.Context.SetOfflineAsync(true);
        await officer.GotoAsync("/binder/offline");
        Assert.Equal("kept", await officer.GetAttributeAsync("html", "data-copy"));
        await officer.WaitForSelectorAsync("#binder-age:visible");
        var age = await officer.InnerTextAsync("#binder-age");
        Assert.Matches(@"^この控えは \d+ 分前のものです\n.*接続できない", age);
        var text = await officer.InnerTextAsync("main");
        // The people record as it is now (the server is shared: another journey may have changed a number since the demo's).
        var people = (await server.Api("security-officer", HttpMethod.Get, "/api/v1/preparedness/people")).GetProperty("content").GetProperty("people");
        var keyPeople = people.EnumerateArray().Where(p => p.GetProperty("isKey").GetBoolean()).ToList();
        Assert.NotEmpty(keyPeople);
        foreach (var person in keyPeople)
        {
            Assert.Contains(person.GetProperty("name").GetString()!, text, StringComparison.Ordinal);
            foreach (var channel in person.GetProperty("channels").EnumerateArray())
                Assert.Contains(channel.GetProperty("value").GetString()!, text, StringComparison.Ordinal);
        }
        Assert.True(await officer.Locator("a[href^='tel:']").CountAsync() > 0, "no number to tap");
        await SonaeServer.Screenshot(officer, "phone-binder-offline");
        var axe = await officer.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(!axe.Violations.Any(v => v.Impact is "serious" or "critical"),
            string.Join("\n", axe.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help}")));

        // Nothing else was kept: any other page fails with the network cut.
        await Assert.ThrowsAsync<PlaywrightException>(() => officer.GotoAsync("/"));

        await officer.Context.SetOfflineAsync(false);
        await officer.GotoAsync("/");
        await officer.ClickAsync("form[action='/signout'] button[type=submit]");
        await officer.WaitForURLAsync(server.BaseUrl + "/signin");
        await Until(officer, $"async () => !(await ({AnythingKept})())", "signing out left the binder or its worker on the phone");
        await officer.Context.CloseAsync();
    }

    [Fact]
    public async Task Staff_BrowserKeepsNothing_EvenWithTheWorkerForcedOnIt()
    {
        await server.Prepared("people", global::Sonae.Web.Demo.DemoPreparedness.People);
        var staff = await server.SignedIn("staff", 390, 844);
        await staff.WaitForLoadStateAsync(LoadState.Load);
        Assert.DoesNotContain("このスマートフォンにバインダーを控える", await staff.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(0, await staff.Locator("link[rel=manifest]").CountAsync());
        Assert.False(await staff.EvaluateAsync<bool>(AnythingKept), "a staff page registered the worker or kept something");

        // The worker registered by hand (as a leftover would be): it asks for the binder as it installs, is refused, keeps nothing.
        await staff.EvaluateAsync("async () => { await navigator.serviceWorker.register('/sw.js'); await navigator.serviceWorker.ready; }");
        await staff.GotoAsync("/binder/offline");
        Assert.Contains("この操作を行う権限がありません", await staff.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Empty(await staff.EvaluateAsync<string[]>("async () => await caches.keys()"));

        await staff.Context.SetOfflineAsync(true);
        await Assert.ThrowsAsync<PlaywrightException>(() => staff.GotoAsync("/binder/offline"));
        await staff.Context.CloseAsync();
    }

    /// <summary>Waits until <paramref name="script"/> (an async function) answers true in the page, or fails saying <paramref name="why"/>.</summary>
    /// <remarks>
    /// Polled here, not with WaitForFunctionAsync: Playwright does not await the predicate, so the promise an async
    /// function returns counts as true at once, and every check here needs the asynchronous Cache and worker APIs.
    /// </remarks>
    private static async Task Until(IPage page, string script, string why)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await page.EvaluateAsync<bool>(script))
        {
            if (DateTime.UtcNow > until)
            {
                await SonaeServer.Screenshot(page, "phone-binder-failed");
                Assert.Fail(why);
            }
            await Task.Delay(250);
        }
    }
}
