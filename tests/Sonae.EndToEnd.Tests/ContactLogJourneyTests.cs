using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sonae.Core.Incidents;
using Sonae.Web.Demo;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The contact log as the security officer keeps it at night on a phone with script off: the police desk chosen from
/// the parties the hospital prepared (its number shown to call), the call logged with the receipt number the police
/// gave; then the workspace, on a laptop, shows it with the rest of the record.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ContactLogJourneyTests(SonaeServer server)
{
    private HttpClient Officer()
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        return client;
    }

    /// <summary>The demo hospital's parties and systems, unless the shared server has its own already.</summary>
    private async Task Prepared()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        using var client = Officer();
        foreach (var (section, content) in new (string, object)[] { ("parties", DemoPreparedness.Parties(today)), ("inventory", DemoPreparedness.Inventory(today)) })
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/v1/preparedness/{section}");
            if (current.GetProperty("version").GetInt32() > 0)
                continue;
            var body = new { baseVersion = 0, note = "テストの準備", content = JsonSerializer.SerializeToElement(content, content.GetType(), RecordJson.Options) };
            var response = await client.PutAsJsonAsync($"/api/v1/preparedness/{section}", body);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private async Task<int> AnIncident()
    {
        using var client = Officer();
        var response = await client.PostAsJsonAsync("/api/v1/incidents", new { title = "電子カルテのサーバーが暗号化された" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32();
    }

    [Fact]
    public async Task Officer_PicksThePoliceFromThePreparedParties_AndLogsTheReceiptNumber_OnAPhoneWithoutScript()
    {
        await Prepared();
        var number = await AnIncident();
        var phone = await server.SignedIn("security-officer", 360, 800, javaScript: false);
        await phone.GotoAsync($"/incidents/{number}/contacts");
        Assert.Equal("連絡記録", await phone.InnerTextAsync("h1"));
        Assert.Contains("まだ連絡の記録はありません。", await phone.InnerTextAsync("#contact-log"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(phone, "contact-log-phone");

        await phone.ClickAsync("details.quick-parties summary");
        await SonaeServer.Screenshot(phone, "contact-log-parties-phone");
        await phone.Locator("details.quick-parties").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "contact-log-parties-list-phone.png") });
        await phone.ClickAsync("ul.parties a.pick:text-is('架空県警察 サイバー犯罪対策課')");
        await phone.WaitForURLAsync("**/contacts?party=police-cyber*");
        var picked = await phone.InnerTextAsync(".picked");
        Assert.Contains("0000-00-0110", picked, StringComparison.Ordinal);
        Assert.Equal("架空県警察 サイバー犯罪対策課", await phone.InputValueAsync("#contact-party"));
        await SonaeServer.Screenshot(phone, "contact-log-picked-phone");

        await phone.FillAsync("#contact-subject", "被害相談");
        await phone.FillAsync("#contact-reference", "受理番号 R8-0456");
        await phone.FillAsync("#contact-comment", "ディスクイメージの保全を依頼された");
        await phone.ClickAsync("button:has-text('記録する')");
        await phone.WaitForSelectorAsync(".done-notice[role=status]");

        Assert.Contains("連絡を記録しました。", await phone.InnerTextAsync(".done-notice"), StringComparison.Ordinal);
        var entry = await phone.InnerTextAsync("ol.contact-log > li");
        foreach (var expected in new[] { "架空県警察 サイバー犯罪対策課", "こちらから", "電話", "被害相談", "受理番号 R8-0456", "ディスクイメージの保全を依頼された" })
            Assert.Contains(expected, entry, StringComparison.Ordinal);
        // The phone lands on the log: the message and the contact just logged are on the screen.
        var notice = await phone.Locator(".done-notice").BoundingBoxAsync();
        Assert.True(notice is { Y: >= 0 and < 800 }, $"the message is off the screen at {notice?.Y}");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "contact-log-logged-phone-screen.png") });
        await SonaeServer.Screenshot(phone, "contact-log-logged-phone");
        await phone.Context.CloseAsync();

        // A call that came in, written down for the director who took it (at this minute: the incident is minutes old).
        var earlier = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var laptop = await server.SignedIn("security-officer", 1366, 768);
        await laptop.GotoAsync($"/incidents/{number}/contacts");
        await laptop.FillAsync("#contact-party", "架空損害保険 サイバー保険 事故受付");
        await laptop.CheckAsync("input[name='Form.Direction'][value='incoming']");
        await laptop.FillAsync("#contact-reference", "CY-2026-000123");
        await laptop.FillAsync("#contact-at", earlier);
        await laptop.FillAsync("#contact-spoke-by", "山本 院長");
        await laptop.ClickAsync("button:has-text('記録する')");
        await laptop.WaitForSelectorAsync(".done-notice[role=status]");
        Assert.Equal(2, await laptop.Locator("ol.contact-log > li").CountAsync());
        await SonaeServer.Screenshot(laptop, "contact-log-desktop");

        var workspace = new WorkspacePage(laptop);
        await workspace.Open(number);
        var panel = await laptop.InnerTextAsync("section:has(#contacts-title)");
        Assert.Contains("受理番号 R8-0456", panel, StringComparison.Ordinal);
        Assert.Contains("話した人: 山本 院長", panel, StringComparison.Ordinal);
        Assert.Contains("受付番号 CY-2026-000123", await laptop.InnerTextAsync("ol.timeline"), StringComparison.Ordinal);
        await laptop.Locator("section:has(#contacts-title)").ScrollIntoViewIfNeededAsync();
        await laptop.Locator("section:has(#contacts-title)").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "contact-log-workspace-desktop.png") });
        await SonaeServer.Screenshot(laptop, "contact-log-workspace-page-desktop");
        await laptop.Context.CloseAsync();
        var small = await server.SignedIn("security-officer", 360, 800);
        await new WorkspacePage(small).Open(number);
        await small.Locator("section:has(#contacts-title)").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "contact-log-workspace-phone.png") });
        await small.Context.CloseAsync();

        var english = await server.SignedIn("security-officer", 360, 800, javaScript: false);
        await english.GotoAsync($"/incidents/{number}/contacts?party=insurer");
        await english.ClickAsync("a:text-is('English')");
        await english.WaitForSelectorAsync("h1:text-is('Contact log')");
        Assert.Contains("From them", await english.InnerTextAsync("#contact-log"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(english, "contact-log-english-phone");
        await english.Context.CloseAsync();
    }
}
