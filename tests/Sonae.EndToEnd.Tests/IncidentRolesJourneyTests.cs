using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The commander and the scribe in real Chromium: at 3 a.m. the workspace says plainly that nobody has command, the
/// officer takes it with one tap on a phone without script, hands it over from the command page on a laptop, and
/// management takes command from the header of the live workspace; every incident page names the commander.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class IncidentRolesJourneyTests(SonaeServer server)
{
    private async Task<int> Reported(string device)
    {
        var staff = await server.SignedIn("staff");
        await staff.GotoAsync("/report");
        await staff.CheckAsync("text=ファイルが開けない・名前がおかしい");
        await staff.FillAsync("#department", "5階東病棟");
        await staff.FillAsync("#device", device);
        await StaticPages.SendReport(staff);
        var sent = await staff.InnerTextAsync("[role=status]");
        await staff.Context.CloseAsync();
        return int.Parse(System.Text.RegularExpressions.Regex.Match(sent, @"#(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task NobodyHasCommand_TheOfficerTakesItOnAPhone_HandsItOver_AndManagementTakesItFromTheLiveWorkspace()
    {
        var number = await Reported("PC-5E-01");

        // 3 a.m., a phone without script: nobody has command, and the page says so at the top.
        var phone = await server.SignedIn("security-officer", 360, 800, javaScript: false);
        await phone.GotoAsync($"/incidents/{number}");
        var bar = phone.Locator(".command-bar");
        Assert.Contains("指揮者がいません", await bar.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("no-commander", await bar.GetAttributeAsync("class"), StringComparison.Ordinal);
        var button = await bar.Locator("button:has-text('指揮を執る')").BoundingBoxAsync();
        Assert.True(button is { Y: >= 0 } && button.Y + button.Height <= 800, $"The button to take command is at {button?.Y} px, below the 800 px screen");
        await SonaeServer.Screenshot(phone, "command-nobody-phone");
        await bar.Locator("button:has-text('指揮を執る')").ClickAsync();
        await phone.WaitForURLAsync($"**/incidents/{number}");
        Assert.Contains("指揮を執りました。", await phone.InnerTextAsync(".done-notice"), StringComparison.Ordinal);
        var taken = await phone.InnerTextAsync(".command-bar");
        Assert.Contains("(あなた)", taken, StringComparison.Ordinal);
        Assert.DoesNotContain("指揮者がいません", taken, StringComparison.Ordinal);
        await SonaeServer.Screenshot(phone, "command-taken-phone");

        // On a laptop, live: the officer hands command over to the director, who is not in the list, with a note.
        var laptop = await server.SignedIn("security-officer", 1366, 768);
        await laptop.GotoAsync($"/incidents/{number}");
        await laptop.WaitForSelectorAsync(".live");
        await SonaeServer.Screenshot(laptop, "workspace-commander-desktop");
        await laptop.ClickAsync("a:has-text('指揮を引き継ぐ・記録係を指名')");
        await laptop.WaitForURLAsync($"**/incidents/{number}/command");
        await laptop.FillAsync("#handover-name", "院長 山本");
        await laptop.SelectOptionAsync("#handover-role", "management");
        await laptop.FillAsync("#handover-note", "PC-5E-01 を隔離済み。未了: 被害範囲の確認、ベンダへの連絡。");
        await SonaeServer.Screenshot(laptop, "command-page-desktop");
        await NoSeriousProblem(laptop);
        await laptop.ClickAsync("button:has-text('指揮を引き継ぐ')");
        await laptop.WaitForURLAsync($"**/incidents/{number}/command");
        Assert.Contains("指揮を引き継ぎました。", await laptop.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        var history = await laptop.InnerTextAsync("ol.timeline");
        Assert.Contains("院長 山本(経営層) に指揮を引き継ぎました。引き継ぎメモ: PC-5E-01 を隔離済み。", history, StringComparison.Ordinal);
        Assert.Contains("指揮を執りました", history, StringComparison.Ordinal);

        // Management opens the live workspace: the header names the director, and offers taking over (from the page).
        var director = await server.SignedIn("management", 1366, 768);
        await director.GotoAsync($"/incidents/{number}/reports");
        Assert.Contains("院長 山本", await director.InnerTextAsync(".command-bar"), StringComparison.Ordinal);

        // A second incident: management takes command with one tap on the live workspace (script on).
        var second = await Reported("PC-5E-02");
        await director.GotoAsync($"/incidents/{second}");
        await director.WaitForSelectorAsync(".live");
        await director.ClickAsync(".command-bar button:has-text('指揮を執る')");
        await director.Locator(".command-bar:has-text('(あなた)')").WaitForAsync();
        Assert.Contains("指揮を執りました。", await director.InnerTextAsync(".done-notice"), StringComparison.Ordinal);
        await director.WaitForSelectorAsync(".live");
        await SonaeServer.Screenshot(director, "workspace-command-taken-live-desktop");

        // On a phone, the command page and another incident page name the commander too.
        var small = await server.SignedIn("security-officer", 360, 800);
        await small.GotoAsync($"/incidents/{number}/command");
        await SonaeServer.Screenshot(small, "command-page-phone");
        await NoSeriousProblem(small);
        await small.GotoAsync($"/incidents/{number}/evidence");
        Assert.Contains("院長 山本", await small.InnerTextAsync(".command-bar"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(small, "evidence-commander-phone");
        await small.GotoAsync("/");
        await SonaeServer.Screenshot(small, "home-commander-phone");

        // In English, for whoever reads it so.
        var english = await server.SignedIn("management", 1366, 768, javaScript: false, language: "en");
        await english.GotoAsync($"/incidents/{number}/command");
        Assert.Contains("Commander now", await english.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("Handed command over to 院長 山本 (Management). Handover note:", await english.InnerTextAsync("ol.timeline"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(english, "command-page-en-desktop");
        await english.GotoAsync($"/incidents/{second}");
        Assert.Contains("(you)", await english.InnerTextAsync(".command-bar"), StringComparison.Ordinal);
        await english.Context.CloseAsync();

        Assert.Matches("改ざんされていません|intact", await server.Verify());
        foreach (var page in new[] { phone, laptop, director, small })
            await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCommanderNamesAScribe_WhoseNotesOnTheLiveWorkspaceAreRecordedForTheCommander()
    {
        var number = await Reported("PC-5E-11");
        const string password = "記録係は指揮者の隣で書く";
        var user = "scribe" + Guid.NewGuid().ToString("N")[..6];

        // Management adds a ward clerk's account (staff); the clerk sets a password from the link.
        var management = await server.SignedIn("management");
        await management.GotoAsync("/settings/people");
        await management.FillAsync("#add-display", "書記 森");
        await management.FillAsync("#add-user", user);
        await management.ClickAsync("button:has-text('追加する')");
        var link = System.Text.RegularExpressions.Regex.Match(await management.InnerTextAsync(".done-notice"), @"https?://\S+").Value;
        var clerk = await (await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl,
            Locale = "ja-JP",
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        })).NewPageAsync();
        await clerk.GotoAsync(new Uri(link).PathAndQuery);
        await clerk.FillAsync("#new-password", password);
        await clerk.FillAsync("#confirm-password", password);
        await clerk.ClickAsync("button:has-text('設定する')");
        await clerk.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        await clerk.FillAsync("#user-name", user);
        await clerk.FillAsync("#password", password);
        await clerk.ClickAsync("form[action='/signin/account'] button[type=submit]");
        await clerk.WaitForURLAsync(server.BaseUrl + "/");

        // The officer takes command and names the clerk scribe on the command page.
        await server.Api("security-officer", HttpMethod.Post, $"/api/v1/incidents/{number}/command/take");
        var officer = await server.SignedIn("security-officer", 1366, 768, javaScript: false);
        await officer.GotoAsync($"/incidents/{number}/command");
        await officer.SelectOptionAsync("#scribe-to", new SelectOptionValue { Label = $"書記 森(医療従事者・一般のシステム利用者、{user})" });
        await officer.ClickAsync("button:has-text('記録係に指名')");
        Assert.Contains("記録係を指名しました。", await officer.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        // The scribe's live workspace says whom they record for, the field filled with the commander; a note says so on the record.
        await clerk.GotoAsync($"/incidents/{number}");
        await clerk.WaitForSelectorAsync(".live");
        Assert.Contains("あなたは記録係です。ここでの記録は 安全管理責任者(指揮者)の代わりとして残ります。", await clerk.InnerTextAsync(".scribe-for"), StringComparison.Ordinal);
        Assert.Equal("安全管理責任者", await clerk.InputValueAsync("#for-person"));
        await clerk.FillAsync("#note", "院長へ電話で第一報済み(指揮者より)");
        await clerk.ClickAsync("button[data-command=note]");
        var line = clerk.Locator("ol.timeline li:has-text('院長へ電話で第一報済み')");
        await line.WaitForAsync();
        Assert.Contains("書記 森(医療従事者・一般のシステム利用者)が 安全管理責任者 の代わりに記録", await line.InnerTextAsync(), StringComparison.Ordinal);
        await SonaeServer.Screenshot(clerk, "workspace-scribe-desktop");
        await NoSeriousProblem(clerk);
        var phone = await clerk.Context.NewPageAsync();
        await phone.SetViewportSizeAsync(360, 800);
        await phone.GotoAsync($"/incidents/{number}");
        await phone.WaitForSelectorAsync(".live");
        await SonaeServer.Screenshot(phone, "workspace-scribe-phone");

        foreach (var page in new[] { management, officer, clerk })
            await page.Context.CloseAsync();
    }

    private static async Task NoSeriousProblem(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help}")));
    }
}
