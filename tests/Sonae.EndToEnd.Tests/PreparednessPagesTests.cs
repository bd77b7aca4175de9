using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Demo;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The preparedness pages as the security officer uses them: readiness says what is missing, each finding leads
/// to its page, a spreadsheet import fixes it (and a bad one changes nothing and lists every mistake), a
/// party's numbers are marked checked. Staff read the same pages without the forms; vendors do not see them.
/// </summary>
[Collection(PreparednessServerCollection.Name)]
public sealed class PreparednessPagesTests(SonaeServer server)
{
    private const string GoodStaffList = """
        ID,氏名,所属,役割,代理,連絡手段(優先順),電話をかける人,順番
        p-1,田中 一郎,情報システム課,安全管理責任者,p-2,院内PHS 2100; 携帯 090-0000-2100,,
        p-2,木村 真理,情報システム課,安全管理責任者,p-1,携帯 090-0000-2102,p-1,2
        p-3,山本 直子,院長室,経営層,p-2,携帯 090-0000-1001,p-1,1
        """;

    private const string BadStaffList = """
        ID,氏名,役割,代理,連絡手段(優先順)
        p-1,田中 一郎,院長,,ポケベル 123
        p-2,木村 真理,安全管理責任者,鈴木,携帯 090-0000-2102
        """;

    /// <summary>Saves a section through the API unless it already has a version (the server is shared by the tests).</summary>
    private async Task EnsureSection(string section, object content)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        var current = await client.GetFromJsonAsync<JsonElement>($"/api/v1/preparedness/{section}");
        if (current.GetProperty("version").GetInt32() > 0)
            return;
        var body = new { baseVersion = 0, note = "テストの準備", content = JsonSerializer.SerializeToElement(content, content.GetType(), RecordJson.Options) };
        var response = await client.PutAsJsonAsync($"/api/v1/preparedness/{section}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task Upload(IPage page, string csv, string name)
    {
        await page.SetInputFilesAsync("#file-people", new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.FillAsync("#note-people", "4月の人事異動");
        await page.ClickAsync("form:has(#file-people) button[type=submit]");
        await page.WaitForSelectorAsync(".done-notice[role=status], .errors[role=alert]");
    }

    [Fact]
    public async Task Officer_FixesWhatReadinessFinds_AndABadImportChangesNothing()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        await EnsureSection("parties", DemoPreparedness.Parties(today));
        var officer = await server.SignedIn("security-officer");

        await officer.ClickAsync("nav a:text-is('備え')");
        await officer.WaitForSelectorAsync("h1:text-is('備え(平時の準備)')");
        var findings = await officer.InnerTextAsync("ul.todo");
        Assert.Contains("医療情報システム安全管理責任者が決まっていません。", findings, StringComparison.Ordinal);
        Assert.Contains("「みなと給食サービス」の連絡先は確認期限を過ぎています。", findings, StringComparison.Ordinal);
        await SonaeServer.Screenshot(officer, "preparedness-desktop");

        await officer.ClickAsync("li:has-text('安全管理責任者が決まっていません') a");
        await officer.WaitForSelectorAsync("h1:text-is('職員と連絡網')");
        await Upload(officer, BadStaffList, "職員名簿.csv");
        var problems = await officer.InnerTextAsync("#import + p + .errors[role=alert]");
        Assert.Contains("行 2「役割」: 「院長」は選べません。", problems, StringComparison.Ordinal);
        Assert.Contains("行 2「連絡手段(優先順)」: 「ポケベル 123」は連絡手段として読めません。", problems, StringComparison.Ordinal);
        Assert.Contains("行 3「代理」: 「鈴木」が見つかりません。", problems, StringComparison.Ordinal);
        Assert.Contains("問題が 3 件あるため、何も取り込んでいません", problems, StringComparison.Ordinal);
        Assert.Contains("まだ登録されていません。", await officer.InnerTextAsync("main"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(officer, "preparedness-import-problems");

        await Upload(officer, GoodStaffList, "職員名簿.csv");
        Assert.Equal("3 行を取り込みました(版 1)。", await officer.InnerTextAsync(".done-notice[role=status] p"));
        Assert.Equal(["田中 一郎", "山本 直子 ← 田中 一郎", "木村 真理 ← 田中 一郎"],
            (await officer.Locator("ol.call-tree li").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Contains("4月の人事異動", await officer.InnerTextAsync("ol.history"), StringComparison.Ordinal);

        await officer.GotoAsync("/preparedness/parties");
        await officer.ClickAsync("button[aria-label='みなと給食サービス の番号を確認した']");
        await officer.WaitForSelectorAsync(".done-notice[role=status]");
        Assert.DoesNotContain("期限切れ", await officer.InnerTextAsync("tr:has-text('みなと給食サービス')"), StringComparison.Ordinal);

        await officer.GotoAsync("/preparedness");
        findings = await officer.InnerTextAsync("main");
        Assert.DoesNotContain("安全管理責任者が決まっていません", findings, StringComparison.Ordinal);
        Assert.DoesNotContain("「みなと給食サービス」の連絡先は確認期限を過ぎています", findings, StringComparison.Ordinal);
        await officer.Context.CloseAsync();
    }

    [Fact]
    public async Task StaffReadWithoutForms_VendorsDoNotSeeThePages()
    {
        var staff = await server.SignedIn("staff");
        await staff.GotoAsync("/preparedness/people");
        Assert.Equal(0, await staff.Locator("input[type=file]").CountAsync());
        Assert.Equal(2, await staff.Locator("a:has-text('に書き出す')").CountAsync());
        await staff.Context.CloseAsync();

        var vendor = await server.SignedIn("vendor");
        Assert.Equal(0, await vendor.Locator("nav a:text-is('備え')").CountAsync());
        await vendor.GotoAsync("/preparedness");
        Assert.DoesNotContain("整っていないこと", await vendor.InnerTextAsync("main"), StringComparison.Ordinal);
        await vendor.Context.CloseAsync();
    }

    [Fact]
    public async Task Officer_MarksATerminalSuspected_AndEveryoneIsToldToStopUsingTheEhr()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var (_, network) = DemoPreparedness.Network(today);
        await EnsureSection("network", network);
        await EnsureSection("inventory", DemoPreparedness.Inventory(today));
        var staff = await server.SignedIn("staff");
        await staff.GotoAsync("/report");
        await staff.CheckAsync("text=脅迫文・見慣れない警告が画面に出た");
        await staff.FillAsync("#department", "外来受付");
        await staff.FillAsync("#device", "GAIRAI-01");
        await StaticPages.SendReport(staff);
        var number = int.Parse(System.Text.RegularExpressions.Regex.Match(await staff.InnerTextAsync("[role=status]"), @"#(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var officer = new WorkspacePage(await server.SignedIn("security-officer"));
        await officer.Open(number, "2-7");
        Assert.Equal(0, await officer.Page.Locator(".stop-using").CountAsync());
        await officer.Mark("PC-GAI-01", "感染の疑い");

        var stop = await officer.Page.Locator(".panel .stop-using").InnerTextAsync();
        Assert.Contains("電子カルテ(オーダリング含む)", stop, StringComparison.Ordinal);
        Assert.Contains("紙カルテ・紙伝票", stop, StringComparison.Ordinal);
        Assert.Contains("感染の疑い", await officer.Page.InnerTextAsync("ul.marked"), StringComparison.Ordinal);
        Assert.Equal(1, await officer.Page.Locator(".network rect[stroke='#a4161a']").CountAsync());
        await SonaeServer.Screenshot(officer.Page, "workspace-impact-desktop");

        await staff.GotoAsync("/");
        Assert.Contains("電子カルテ(オーダリング含む)", await staff.InnerTextAsync(".stop-using"), StringComparison.Ordinal);
        await staff.Context.CloseAsync();
        await officer.Page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/preparedness", "preparedness")]
    [InlineData("/preparedness/network", "preparedness-network")]
    [InlineData("/preparedness/network?line=line-catering#appliance-form", "preparedness-network-appliance")]
    [InlineData("/preparedness/inventory", "preparedness-inventory")]
    [InlineData("/preparedness/drills", "preparedness-drills")]
    [InlineData("/preparedness/profile", "preparedness-profile")]
    public async Task PreparednessPage_HasNoSeriousAccessibilityProblem_AtPhoneWidth(string path, string name)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var (_, network) = DemoPreparedness.Network(today);
        await EnsureSection("network", network);
        await EnsureSection("inventory", DemoPreparedness.Inventory(today));
        await EnsureSection("drills", DemoPreparedness.Drills(today));
        var page = await server.SignedIn("security-officer", 360, 740);

        await page.GotoAsync(path);
        await SonaeServer.Screenshot(page, $"{name}-phone");
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{path}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
        await page.Context.CloseAsync();
    }
}
