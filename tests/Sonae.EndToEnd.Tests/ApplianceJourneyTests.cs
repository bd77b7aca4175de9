using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Sonae.Core.Incidents;
using Sonae.Web.Demo;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The appliance of an external line as the security officer meets it: readiness tells unknown firmware from old
/// (and whom to call for the vendor's box), the network page shows each line's appliance and edits it, with and
/// without script; a bad CPE is refused with what was typed kept.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ApplianceJourneyTests(SonaeServer server)
{
    private const string Pacs = "PACS リモート保守回線";

    private async Task EnsureDemoNetwork()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        foreach (var (section, content) in new (string, object)[] { ("network", DemoPreparedness.Network(today).Current), ("parties", DemoPreparedness.Parties(today)) })
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/v1/preparedness/{section}");
            if (current.GetProperty("version").GetInt32() > 0)
                continue;
            var body = new { baseVersion = 0, note = "テストの準備", content = JsonSerializer.SerializeToElement(content, content.GetType(), RecordJson.Options) };
            var response = await client.PutAsJsonAsync($"/api/v1/preparedness/{section}", body);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task NoSeriousProblem(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }

    [Fact]
    public async Task Officer_SeesUnknownAndOldFirmwareApart_ThenRecordsTheAppliance_WithAndWithoutScript()
    {
        await EnsureDemoNetwork();
        var officer = await server.SignedIn("security-officer", 1366, 768);
        await officer.GotoAsync("/preparedness");
        var findings = await officer.InnerTextAsync("ul.todo");
        if (findings.Contains(Pacs, StringComparison.Ordinal))
        {
            // The demo's PACS router: nobody knows what it is, and it is the vendor's to update.
            Assert.Contains($"外部接続「{Pacs}」の終端機器のメーカー・機種・ファームウェアのバージョンのどれかが分かりません。", findings, StringComparison.Ordinal);
            Assert.Contains("業者(港画像システム PACS サポート 0120-000-102(24 時間))に電話して更新を依頼", findings, StringComparison.Ordinal);
            Assert.Contains("業者(みなと給食サービス 給食システム担当 0000-00-0105)に電話して更新を依頼", findings, StringComparison.Ordinal);
            await SonaeServer.Screenshot(officer, "appliance-readiness-desktop");
        }
        await officer.Context.CloseAsync();

        foreach (var (javaScript, width, height) in new[] { (true, 1366, 768), (false, 360, 800) })
        {
            var size = width < 400 ? "phone" : "desktop";
            var mode = javaScript ? "js" : "nojs";
            var page = await server.SignedIn("security-officer", width, height, javaScript);
            await page.GotoAsync("/preparedness/network");
            var catering = await page.InnerTextAsync("section.card:has-text('給食委託 VPN')");
            Assert.Contains("Fortinet FortiGate 60E", catering, StringComparison.Ordinal);
            Assert.Contains("業者", catering, StringComparison.Ordinal);
            await SonaeServer.Screenshot(page, $"appliance-network-{size}-{mode}");
            // axe-core runs as script: without script, the same markup was checked with it at the other width.
            if (javaScript)
                await NoSeriousProblem(page, $"network page ({size})");

            await page.ClickAsync($"a[aria-label='「{Pacs}」の終端機器を編集']");
            await page.WaitForSelectorAsync("#appliance-form");
            await page.FillAsync("#appliance-maker", "架空ネットワークス");
            await page.FillAsync("#appliance-model", "XR-10");
            await page.FillAsync("#appliance-firmware", "3.1.2");
            await page.FillAsync("#appliance-updated", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await page.CheckAsync("input[name='ApplianceForm.OwnedBy'][value=vendor]");
            await page.FillAsync("#appliance-cpe", "XR-10 の CPE");
            await page.ClickAsync("#appliance-form button[type=submit]");
            await page.WaitForSelectorAsync("#appliance-form .errors[role=alert]");

            Assert.Contains("CPE 名: 「XR-10 の CPE」は CPE 名として読めません", await page.InnerTextAsync("#appliance-form .errors"), StringComparison.Ordinal);
            Assert.Equal("架空ネットワークス", await page.InputValueAsync("#appliance-maker"));
            Assert.Equal("3.1.2", await page.InputValueAsync("#appliance-firmware"));
            await SonaeServer.Screenshot(page, $"appliance-form-refused-{size}-{mode}");
            await page.Locator("#appliance-form").ScreenshotAsync(new() { Path = Path.Combine(SonaeServer.Screenshots, $"appliance-form-only-{size}-{mode}.png") });
            if (javaScript)
                await NoSeriousProblem(page, $"appliance form refused ({size})");

            await page.FillAsync("#appliance-cpe", "cpe:2.3:h:kakuu:xr-10:3.1.2:*:*:*:*:*:*:*");
            await page.ClickAsync("#appliance-form button[type=submit]");
            await page.WaitForSelectorAsync(".done-notice[role=status]");

            var card = await page.InnerTextAsync($"section.card:has-text('{Pacs}')");
            Assert.Contains("架空ネットワークス XR-10", card, StringComparison.Ordinal);
            Assert.Contains("cpe:2.3:h:kakuu:xr-10:3.1.2", card, StringComparison.Ordinal);
            Assert.DoesNotContain("分かりません", card, StringComparison.Ordinal);
            await SonaeServer.Screenshot(page, $"appliance-saved-{size}-{mode}");
            await page.Locator("div.cards.lines").ScreenshotAsync(new() { Path = Path.Combine(SonaeServer.Screenshots, $"appliance-lines-only-{size}-{mode}.png") });
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Workspace_ShowsEachLinesApplianceAndWhomToCall()
    {
        await EnsureDemoNetwork();
        var staff = await server.SignedIn("staff");
        await staff.GotoAsync("/report");
        await staff.CheckAsync("text=脅迫文・見慣れない警告が画面に出た");
        await staff.FillAsync("#department", "栄養課");
        await staff.FillAsync("#device", "KYUSHOKU-PC");
        await StaticPages.SendReport(staff);
        var number = int.Parse(System.Text.RegularExpressions.Regex.Match(await staff.InnerTextAsync("[role=status]"), @"#(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await staff.Context.CloseAsync();

        foreach (var (width, height, size) in new[] { (360, 800, "phone"), (1366, 768, "desktop") })
        {
            var officer = await server.SignedIn("security-officer", width, height);
            await officer.GotoAsync($"/incidents/{number}");
            await officer.WaitForSelectorAsync(".live");
            var lines = officer.Locator("ul.cards.lines");
            var catering = await lines.Locator("li:has-text('給食委託 VPN')").InnerTextAsync();
            Assert.Contains("Fortinet FortiGate 60E", catering, StringComparison.Ordinal);
            Assert.Contains("業者", catering, StringComparison.Ordinal);
            Assert.Contains("みなと給食サービス 給食システム担当 0000-00-0105", catering, StringComparison.Ordinal);
            await lines.ScreenshotAsync(new() { Path = Path.Combine(SonaeServer.Screenshots, $"appliance-workspace-lines-{size}.png") });
            await officer.Context.CloseAsync();
        }
    }
}
