using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests.Aftercare.Drills;

/// <summary>
/// A drill in real Chromium: the security officer starts a scenario from /drills at a speed of 60, a participant's
/// open workspace receives an inject by itself (delivered by the server's round), every page says 訓練, and the real
/// incident list and the officer's home do not show it; the paging round pages the participants on the officer's
/// chain, marked as a drill. Then the officer ends it, opens the after-action report (page and
/// PDF), turns a finding into a measure, and finds the drill among the drills' metrics and never among the real ones.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DrillJourneyTests(SonaeServer server)
{
    [Fact]
    public async Task Drill_StartedFromAScenario_InjectArrivesLive_EndsInAnAfterActionReport_AndStaysOutOfTheRealLists()
    {
        await server.Prepared("people", global::Sonae.Web.Demo.DemoPreparedness.People);
        var officer = await server.SignedIn("security-officer", 390, 844);
        await officer.GotoAsync("/drills");
        await SonaeServer.Screenshot(officer, "drills-phone");
        await officer.CheckAsync("#scenario-ransomware-vendor-vpn");
        await officer.CheckAsync("#mode-live");
        await officer.SelectOptionAsync("#speed", "60");
        await officer.Locator("input[name=participant]").First.CheckAsync();
        // The first choice is the officer's own account (田中, first on the paging chain); 木村 (his deputy) and 山本 (the
        // director) of the chain take part too: the drill pages the three of them, in the chain's order.
        await officer.CheckAsync("#p-person-p-kimura");
        await officer.CheckAsync("#p-person-p-yamamoto");
        await officer.ClickAsync("form[action='/drills/do'] button[type=submit].primary");
        await officer.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/drills/[0-9]+$"));
        var number = int.Parse(officer.Url[(officer.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("訓練", await officer.InnerTextAsync(".drill-band"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(officer, "drill-facilitator-phone");

        // A participant has the workspace open: the department's report at 12 scenario minutes (12 s here) arrives by itself.
        var staff = new WorkspacePage(await server.SignedIn("staff", 390, 844));
        await staff.Open(number);
        await staff.Page.EvaluateAsync("() => window.sonaeUntouched = true");
        Assert.Contains("訓練", await staff.Page.InnerTextAsync(".drill-band"), StringComparison.Ordinal);
        await staff.Page.Locator(".timeline li").Filter(new LocatorFilterOptions { HasText = "放射線科" })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });
        Assert.True(await staff.Page.EvaluateAsync<bool>("() => window.sonaeUntouched === true"), "the page was reloaded to show the inject");
        await SonaeServer.Screenshot(staff.Page, "drill-workspace-inject-phone");

        // Not among the real incidents: the API's list and the officer's home.
        var list = await server.Api("security-officer", HttpMethod.Get, "/api/v1/incidents");
        Assert.DoesNotContain(list.EnumerateArray(), i => i.GetProperty("number").GetInt32() == number);
        await officer.GotoAsync("/");
        Assert.Equal(0, await officer.Locator($"a[href='/incidents/{number}']").CountAsync());

        // The paging round (every 10 s) has paged the drill's participants of the chain, marked as a drill.
        var paged = false;
        for (var tries = 0; tries < 60 && !paged; tries++)
        {
            var notices = await server.Api("security-officer", HttpMethod.Get, "/api/v1/notices");
            paged = notices.EnumerateArray().Any(n => n.GetProperty("kind").GetString() == "page" && n.GetProperty("incident").ValueKind == System.Text.Json.JsonValueKind.Number
                && n.GetProperty("incident").GetInt32() == number && n.GetProperty("title").GetString()!.StartsWith("【訓練】", StringComparison.Ordinal));
            if (!paged)
                await Task.Delay(500);
        }
        Assert.True(paged, "the live drill paged nobody within 30 s");

        await officer.GotoAsync($"/drills/{number}");
        await officer.ClickAsync("button:has-text('訓練を終える')");
        await officer.WaitForSelectorAsync($"a[href='/incidents/{number}/after-action']");
        await SonaeServer.Screenshot(officer, "drill-ended-phone");
        await staff.Page.Context.CloseAsync();

        // The after-action report: marked, with the inject the participant saw, and as a PDF.
        await officer.ClickAsync($"a[href='/incidents/{number}/after-action']");
        await officer.WaitForURLAsync(url => url.EndsWith($"/incidents/{number}/after-action", StringComparison.Ordinal));
        Assert.Contains("訓練", await officer.InnerTextAsync(".drill-band"), StringComparison.Ordinal);
        Assert.Contains("放射線科", await officer.InnerTextAsync("main"), StringComparison.Ordinal);
        // Nobody answered the page before the drill ended: the report names who was paged and not reached (the officer
        // 田中, whose account took part, is the chain's first), and the tiers whose turn never came as not paged.
        var paging = await officer.InnerTextAsync("section[aria-labelledby=aar-paging]");
        Assert.Contains("連絡がつかなかった人: 田中 一郎", paging, StringComparison.Ordinal);
        Assert.Contains("第2段(1人): 呼び出していない", paging, StringComparison.Ordinal);
        var pdf = await officer.Context.APIRequest.GetAsync($"/incidents/{number}/after-action.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.BodyAsync())[..4]);

        // A finding becomes a measure that remembers the drill it came from.
        await officer.FillAsync("#finding-text", "VPN 装置の管理者パスワードが保守会社と共通だった。個別にする。");
        await officer.ClickAsync("button:has-text('追加する')");
        await officer.ClickAsync("a[href^='/measures/new?incident=']");
        Assert.Contains("個別にする", await officer.InputValueAsync("#measure-finding"), StringComparison.Ordinal);
        await officer.FillAsync("#measure-title", "VPN 装置の管理者パスワードを病院ごとに分ける");
        await officer.FillAsync("#measure-owner", "情報システム課");
        await officer.FillAsync("#measure-due", "2031-03-31");
        await officer.ClickAsync("form button[type=submit].primary");
        await officer.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/measures/[0-9]+$"));
        Assert.Contains($"#{number}", await officer.InnerTextAsync("main"), StringComparison.Ordinal);

        // The metrics count it among the drills, never among the real incidents.
        await officer.GotoAsync("/response-metrics");
        var real = officer.Locator("section.metrics-group:not(.drill)");
        Assert.Equal(0, await real.Locator($"a[href='/incidents/{number}/after-action']").CountAsync());
        Assert.Equal(1, await officer.Locator($"section.metrics-group.drill a[href='/incidents/{number}/after-action']").CountAsync());
        await officer.Context.CloseAsync();
    }
}
