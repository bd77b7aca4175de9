using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// A stop-use notice as a hospital lives it: the officer writes it on a laptop from the draft and sends it to a ward;
/// a nurse without an account opens her personal link on a phone (script off, as on a locked-down handset), reads it
/// and taps once; the officer sees who has and has not acknowledged.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NoticeJourneyTests(SonaeServer server)
{
    private const string Ward = "5階東病棟(通知テスト)";

    private HttpClient Officer()
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        return client;
    }

    /// <summary>Two nurses of a ward of their own in the shared server's people record, added to whatever is there.</summary>
    private async Task WardInThePeopleRecord()
    {
        using var client = Officer();
        var current = await client.GetFromJsonAsync<JsonElement>("/api/v1/preparedness/people");
        var directory = current.GetProperty("content").ValueKind == JsonValueKind.Object
            ? current.GetProperty("content").Deserialize<PeopleDirectory>(RecordJson.Options)! : PeopleDirectory.Empty;
        if (directory.People.Any(p => p.Department == Ward))
            return;
        directory = directory with
        {
            People = [.. directory.People,
                new Person("n-e2e-1", "小川 さくら", Ward, "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "5101")]),
                new Person("n-e2e-2", "森 ゆい", Ward, "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "5102")])],
        };
        var body = new { baseVersion = current.GetProperty("version").GetInt32(), note = "通知テストの病棟", content = JsonSerializer.SerializeToElement(directory, RecordJson.Options) };
        var response = await client.PutAsJsonAsync("/api/v1/preparedness/people", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task NoSeriousProblem(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help}")));
    }

    [Fact]
    public async Task TheOfficerSends_ANurseWithoutAnAccountAcknowledgesOnHerPhone_AndTheOfficerSeesWhoHasNot()
    {
        await WardInThePeopleRecord();
        var officer = await server.SignedIn("security-officer", 1366, 768);
        await officer.GotoAsync("/notices/new?kind=stop-use");
        await Assertions.Expect(officer.Locator("#notice-title")).Not.ToHaveValueAsync("");
        await officer.FillAsync("#notice-title", "【至急】5階東の電子カルテ端末を使わないでください");
        await officer.Locator("input[name=everyone]").UncheckAsync();
        await officer.Locator($"input[name=departments][value='{Ward}']").CheckAsync();
        await SonaeServer.Screenshot(officer, "notice-compose-laptop");
        await officer.ClickAsync("button:has-text('送信する')");
        await officer.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/notices/\\d+$"));
        await Assertions.Expect(officer.Locator("p.big")).ToContainTextAsync("確認済み 0 / 2 人");
        var number = officer.Url[(officer.Url.LastIndexOf('/') + 1)..];

        using var client = Officer();
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/notices/{number}");
        var link = detail.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "小川 さくら").GetProperty("link").GetString()!;

        var phone = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 360, Height = 800 }, JavaScriptEnabled = false, Locale = "ja-JP",
        });
        var nurse = await phone.NewPageAsync();
        await nurse.GotoAsync(new Uri(link).PathAndQuery);
        await Assertions.Expect(nurse.Locator("h1")).ToHaveTextAsync("【至急】5階東の電子カルテ端末を使わないでください");
        await SonaeServer.Screenshot(nurse, "notice-ack-phone");
        await nurse.ClickAsync("button:has-text('確認しました')");
        await Assertions.Expect(nurse.Locator("p.ok")).ToContainTextAsync("確認しました");
        await SonaeServer.Screenshot(nurse, "notice-ack-phone-done");
        Assert.Equal(0, await nurse.Locator("button:has-text('確認しました')").CountAsync());

        // The same page with script on (as axe-core needs), for its check, on the other nurse's link.
        var other = detail.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "森 ゆい").GetProperty("link").GetString()!;
        var scripted = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 360, Height = 800 } });
        var second = await scripted.NewPageAsync();
        await second.GotoAsync(new Uri(other).PathAndQuery);
        await NoSeriousProblem(second, "the acknowledgement page");
        await scripted.CloseAsync();

        await officer.GotoAsync($"/notices/{number}?waiting=1");
        await Assertions.Expect(officer.Locator("p.big")).ToContainTextAsync("確認済み 1 / 2 人");
        await Assertions.Expect(officer.Locator("tbody")).ToContainTextAsync("森 ゆい");
        await Assertions.Expect(officer.Locator("tbody")).Not.ToContainTextAsync("小川 さくら");
        await SonaeServer.Screenshot(officer, "notice-detail-laptop");
        await NoSeriousProblem(officer, "the notice's page");
        await phone.CloseAsync();
        await officer.Context.CloseAsync();
    }
}
