using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sonae.Web.Demo;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// Status updates and the call sheet at night on phones with script off: the officer posts an update; an hour passes
/// (the server's clock moved) and the workspace and the home say the next update is overdue, with the form one tap
/// away; a nurse works down the call sheet, a call unanswered and then answered, and the sheet moves on to the next
/// person. On a server of its own, since it moves the clock.
/// </summary>
[Collection(ClockServerCollection.Name)]
public sealed class StatusUpdatesJourneyTests(SonaeServer server)
{
    private async Task<int> AnIncident()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        var response = await client.PostAsJsonAsync("/api/v1/incidents", new { title = "電子カルテのサーバーが暗号化された" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32();
    }

    [Fact]
    public async Task TheOfficerPostsAnUpdate_AnHourLaterItIsOverdue_AndTheNurseCallsDownTheSheet_OnPhonesWithoutScript()
    {
        await server.Prepared("people", DemoPreparedness.People);
        var number = await AnIncident();

        var officer = await server.SignedIn("security-officer", 360, 800, javaScript: false);
        await officer.GotoAsync($"/incidents/{number}/updates");
        Assert.Equal("状況報告", await officer.InnerTextAsync("h1"));
        await SonaeServer.Screenshot(officer, "updates-form-phone");
        await officer.FillAsync("#update-known", "電子カルテのサーバー2台が暗号化された。部門システムは無事");
        await officer.FillAsync("#update-doing", "外部接続を遮断し、ベンダと調査中");
        await officer.ClickAsync("button:has-text('報告する')");
        await officer.WaitForSelectorAsync(".done-notice[role=status]");
        Assert.Contains("状況報告を記録し、", await officer.InnerTextAsync(".done-notice"), StringComparison.Ordinal);
        var posted = await officer.InnerTextAsync("ol.status-updates > li");
        Assert.Contains("部門システムは無事", posted, StringComparison.Ordinal);
        Assert.Contains("次回の報告予定", posted, StringComparison.Ordinal);
        await SonaeServer.Screenshot(officer, "updates-posted-phone");

        // An hour and a minute later, nobody has posted the next one.
        await server.ShiftClock(TimeSpan.FromMinutes(61));
        await officer.GotoAsync($"/incidents/{number}");
        var due = officer.Locator(".update-due");
        Assert.Contains("次の状況報告の予定時刻", await due.InnerTextAsync(), StringComparison.Ordinal);
        await officer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "updates-overdue-workspace-phone-screen.png") });
        await SonaeServer.Screenshot(officer, "updates-overdue-workspace-phone");
        await officer.GotoAsync("/");
        Assert.Contains("次の状況報告の予定時刻", await officer.InnerTextAsync($".card:has(a[href='/incidents/{number}'])"), StringComparison.Ordinal);
        await officer.Locator($".card:has(a[href='/incidents/{number}'])").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "updates-overdue-home-card-phone.png") });
        await officer.ClickAsync($".card:has(a[href='/incidents/{number}']) .update-due a");
        await officer.WaitForURLAsync($"**/incidents/{number}/updates#update-form");
        Assert.True(await officer.Locator("#update-known").IsVisibleAsync());
        await officer.Context.CloseAsync();

        var nurse = await server.SignedIn("staff", 360, 800, javaScript: false);
        await nurse.GotoAsync($"/incidents/{number}/calls");
        Assert.Equal("電話連絡網", await nurse.InnerTextAsync("h1"));
        Assert.Contains("田中 一郎", await nurse.InnerTextAsync(".call-next"), StringComparison.Ordinal);
        Assert.Equal("tel:09000002100", await nurse.Locator(".call-next a.call-tel").First.GetAttributeAsync("href"));
        Assert.Contains("院内のみ", await nurse.InnerTextAsync(".call-next .call-numbers"), StringComparison.Ordinal);
        await nurse.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "calls-phone-screen.png") });
        await SonaeServer.Screenshot(nurse, "calls-phone");

        await nurse.ClickAsync(".call-next button[value='no-answer']");
        await nurse.WaitForSelectorAsync(".done-notice[role=status]");
        Assert.Contains("田中 一郎: 「応答なし」を記録しました。", await nurse.InnerTextAsync(".done-notice"), StringComparison.Ordinal);
        await nurse.GotoAsync($"/incidents/{number}/calls");
        Assert.Contains("田中 一郎", await nurse.InnerTextAsync(".call-next"), StringComparison.Ordinal);
        Assert.Contains("最新: 応答なし", await nurse.InnerTextAsync(".call-next"), StringComparison.Ordinal);

        await nurse.FillAsync(".call-next input[name='note']", "折り返しあり、すぐ来院");
        await nurse.ClickAsync(".call-next button[value='reached']");
        await nurse.WaitForSelectorAsync(".done-notice[role=status]");
        Assert.Contains("山本 直子", await nurse.InnerTextAsync(".call-next"), StringComparison.Ordinal);
        Assert.Contains("連絡済み 1 / ", await nurse.InnerTextAsync("#next"), StringComparison.Ordinal);
        Assert.Contains("連絡済み", await nurse.InnerTextAsync("#call-p-tanaka"), StringComparison.Ordinal);
        await nurse.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "calls-moved-on-phone-screen.png") });
        await SonaeServer.Screenshot(nurse, "calls-moved-on-phone");
        await nurse.GotoAsync($"/incidents/{number}/contacts");
        Assert.Contains("折り返しあり、すぐ来院", await nurse.InnerTextAsync("ol.contact-log"), StringComparison.Ordinal);
        await nurse.Context.CloseAsync();

        var laptop = await server.SignedIn("management", 1366, 768);
        await laptop.GotoAsync($"/incidents/{number}/calls");
        await SonaeServer.Screenshot(laptop, "calls-desktop");
        await laptop.GotoAsync($"/incidents/{number}/updates");
        await SonaeServer.Screenshot(laptop, "updates-desktop");
        await laptop.GotoAsync($"/incidents/{number}");
        await laptop.WaitForSelectorAsync(".live");
        await laptop.Locator("section.status-latest").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "updates-latest-workspace-desktop.png") });
        await laptop.Context.CloseAsync();

        var english = await server.SignedIn("security-officer", 360, 800, javaScript: false);
        await english.GotoAsync($"/incidents/{number}/updates");
        await english.ClickAsync("a:text-is('English')");
        await english.WaitForSelectorAsync("h1:text-is('Status updates')");
        Assert.Contains("was due at", await english.InnerTextAsync(".update-due"), StringComparison.Ordinal);
        // The longer English choices wrap inside the phone's width.
        foreach (var box in await english.Locator("#update-form label.choice").AllAsync())
            Assert.True((await box.BoundingBoxAsync()) is { } b && b.X + b.Width <= 360, "a choice of the update form is wider than the phone");
        await SonaeServer.Screenshot(english, "updates-english-phone");
        await english.Context.CloseAsync();
    }
}
