using System.Text.Json;
using Microsoft.Playwright;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.EndToEnd.Tests.Aftercare.Measures;

/// <summary>
/// A measure as a hospital lives it (4-5, 4-6): the officer adds it on a laptop, makes it known with a notice from
/// the measure's page; a nurse opens her personal link on a phone with script off and acknowledges; the measure's
/// page then shows her among those who acknowledged.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MeasureJourneyTests(SonaeServer server)
{
    private const string Ward = "6階西病棟(対策テスト)";

    /// <summary>A nurse of a ward of her own in the shared server's people record, added to whatever is there.</summary>
    private async Task NurseInThePeopleRecord()
    {
        var current = await server.Api("security-officer", HttpMethod.Get, "/api/v1/preparedness/people");
        var directory = current.GetProperty("content").ValueKind == JsonValueKind.Object
            ? current.GetProperty("content").Deserialize<PeopleDirectory>(RecordJson.Options)! : PeopleDirectory.Empty;
        if (directory.People.Any(p => p.Department == Ward))
            return;
        directory = directory with { People = [.. directory.People, new Person("m-e2e-1", "大野 みどり", Ward, "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "6101")])] };
        await server.Api("security-officer", HttpMethod.Put, "/api/v1/preparedness/people",
            new { baseVersion = current.GetProperty("version").GetInt32(), note = "対策テストの病棟", content = JsonSerializer.SerializeToElement(directory, RecordJson.Options) });
    }

    [Fact]
    public async Task TheOfficerAddsAndDisseminatesAMeasure_ANurseAcknowledges_AndTheMeasureShowsIt()
    {
        await NurseInThePeopleRecord();
        var officer = await server.SignedIn("security-officer", 1280, 800);
        await officer.GotoAsync("/measures/new?finding=" + Uri.EscapeDataString("USB メモリからの感染が疑われた"));
        await Assertions.Expect(officer.Locator("#measure-finding")).ToHaveValueAsync("USB メモリからの感染が疑われた");
        await officer.FillAsync("#measure-title", "私物 USB メモリの接続禁止");
        await officer.FillAsync("#measure-owner", "田中 一郎");
        await officer.FillAsync("#measure-cost", "50000");
        await officer.FillAsync("#measure-due", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await SonaeServer.Screenshot(officer, "measure-new-laptop");
        await officer.ClickAsync("button:has-text('追加する')");
        await officer.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/measures/\\d+$"));
        await Assertions.Expect(officer.Locator("h1")).ToContainTextAsync("私物 USB メモリの接続禁止");
        var number = officer.Url[(officer.Url.LastIndexOf('/') + 1)..];

        await Assertions.Expect(officer.Locator("#notice-title")).ToHaveValueAsync("再発防止策のお知らせ:私物 USB メモリの接続禁止");
        await officer.ClickAsync("button:has-text('お知らせを送る')");
        await Assertions.Expect(officer.Locator(".dissemination p.big")).ToContainTextAsync("確認済み 0 /");
        await Assertions.Expect(officer.Locator(".dissemination")).ToContainTextAsync("大野 みどり");

        var measure = await server.Api("security-officer", HttpMethod.Get, $"/api/v1/measures/{number}");
        var notice = measure.GetProperty("notices")[0].GetProperty("notice").GetInt32();
        var detail = await server.Api("security-officer", HttpMethod.Get, $"/api/v1/notices/{notice}");
        Assert.Equal("measures", detail.GetProperty("notice").GetProperty("kind").GetString());
        var link = detail.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "大野 みどり").GetProperty("link").GetString()!;

        var phone = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, JavaScriptEnabled = false, Locale = "ja-JP",
        });
        var nurse = await phone.NewPageAsync();
        await nurse.GotoAsync(new Uri(link).PathAndQuery);
        await Assertions.Expect(nurse.Locator("h1")).ToHaveTextAsync("再発防止策のお知らせ:私物 USB メモリの接続禁止");
        await nurse.ClickAsync("button:has-text('確認しました')");
        await Assertions.Expect(nurse.Locator("p.ok")).ToContainTextAsync("確認しました");

        await officer.GotoAsync($"/measures/{number}");
        await Assertions.Expect(officer.Locator(".dissemination p.big")).ToContainTextAsync("確認済み 1 /");
        await Assertions.Expect(officer.Locator(".dissemination")).Not.ToContainTextAsync("大野 みどり");
        await SonaeServer.Screenshot(officer, "measure-page-laptop");

        var staffPhone = await server.SignedIn("staff", 390, 844);
        await staffPhone.GotoAsync($"/measures/{number}");
        await Assertions.Expect(staffPhone.Locator(".dissemination p.big")).ToContainTextAsync("確認済み 1 /");
        await SonaeServer.Screenshot(staffPhone, "measure-page-phone");
        await phone.CloseAsync();
        await staffPhone.Context.CloseAsync();
        await officer.Context.CloseAsync();
    }
}
