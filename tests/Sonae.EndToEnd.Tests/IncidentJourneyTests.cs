using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>People running incidents together, each in their own browser.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class IncidentJourneyTests(SonaeServer server)
{
    /// <summary>Files a report through the staff page and returns the incident's number.</summary>
    private static async Task<int> Report(IPage staff, string device, string sign = "脅迫文・見慣れない警告が画面に出た", int? join = null)
    {
        await staff.GotoAsync("/report");
        await staff.CheckAsync($"text={sign}");
        await staff.FillAsync("#department", "3階西病棟");
        await staff.FillAsync("#device", device);
        await staff.CheckAsync("text=たった今");
        if (join is { } number)
            await staff.CheckAsync($"text=同じ問題: #{number} ");
        await StaticPages.SendReport(staff);
        var sent = await staff.InnerTextAsync("[role=status]");
        return int.Parse(IncidentNumber().Match(sent).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task FourPeople_RunAnIncidentFromAStaffReportToRecovery()
    {
        var staffPage = await server.SignedIn("staff", 390, 844);
        var officerPage = await server.SignedIn("security-officer");
        var director = await server.SignedIn("management");
        var vendorPage = await server.SignedIn("vendor");
        var staff = new WorkspacePage(staffPage);
        var officer = new WorkspacePage(officerPage);
        var vendor = new WorkspacePage(vendorPage);

        // Detection: the nurse reports, disconnects and calls; the security officer confirms.
        var number = await Report(staffPage, "PC-3W-01");
        await server.InviteVendor(number);
        Assert.Contains("LAN ケーブルを抜く", await staffPage.InnerTextAsync(".now"), StringComparison.Ordinal);
        await staff.Open(number, "1-2");
        await staff.Action("LAN ケーブルを抜く");
        await staff.Complete();
        await staff.Step("1-3");
        await staff.Action("安全管理責任者に電話し");
        await staff.Complete();
        await officer.Open(number, "1-4");
        await officer.Answer("報告された異常は実際に起きていますか", "はい");
        await officer.Complete();

        // Initial response.
        await officer.Step("2-1");
        await officer.Answer("いま考えられる原因はどれですか", "サイバー攻撃");
        await officer.Answer("暗号化、改ざん", "あり");
        await officer.Answer("患者情報などの個人データが", "まだわからない");
        await officer.Complete();
        await officer.Step("2-2");
        await officer.Answer("前日などに", "なし");
        await officer.Complete();
        await officer.Step("2-3");
        await officer.Skip("ネットワーク機器は応答している");
        await officer.Step("2-4");
        await officer.Skip("電源・ハードウェアに異常なし");
        await StaticPages.VendorAction(vendorPage, number, "遮断・退避・ログ収集を手伝う");
        await officer.Step("2-6");
        await officer.Complete();
        await officer.Step("2-7");
        await officer.Complete();
        await StaticPages.Decide(director, number, ("対応チームを組みますか", "組成する"));
        await StaticPages.CompleteDecision(director, number, "2-8");
        await staff.Step("2-9");
        await staff.Complete();
        await vendor.Open(number, "2-10");
        await vendor.Complete();
        await officer.Step("2-11");
        await officer.Complete();

        // Management's policy, then evidence and the police.
        await StaticPages.Decide(director, number,
            ("厚生労働省へ報告しますか", "報告する"), ("漏えい・滅失・毀損した", "あり"), ("法的措置を検討し", "検討しない"), ("証拠を保全しますか", "保全する"));
        await StaticPages.CompleteDecision(director, number, "2-12");
        await StaticPages.CompleteDecision(director, number, "2-13");
        await StaticPages.CompleteDecision(director, number, "2-18");
        foreach (var step in new[] { "2-14", "2-15", "2-16" })
        {
            await officer.Step(step);
            await officer.Complete();
        }
        await StaticPages.CompleteDecision(director, number, "2-17");

        // Recovery.
        await StaticPages.Decide(director, number, ("ベンダ・事業者の協力が必要ですか", "必要"));
        await StaticPages.CompleteDecision(director, number, "3-1");
        await officer.Step("3-2");
        await officer.Complete();
        await vendor.Step("3-3");
        await vendor.Action("クリーンインストール");
        await vendor.Complete();
        await officer.Step("3-4");
        await officer.Complete();

        Assert.Contains("完了", await officer.State("3-4"), StringComparison.Ordinal);
        Assert.Contains("着手可", await officer.State("4-1"), StringComparison.Ordinal);
        Assert.Contains("着手可", await officer.State("4-3"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(officerPage, "journey-recovered-desktop");

        // What was done on the live workspace is in the audit log too, saved with each change.
        await officerPage.GotoAsync($"{server.BaseUrl}/audit");
        var audit = await officerPage.InnerTextAsync("main");
        // In words on the page; the request as recorded is kept, folded, beside each entry.
        Assert.Contains($"#{number} のステップを完了", audit, StringComparison.Ordinal);
        var raw = string.Join("\n", await officerPage.Locator("details.audit-raw").AllTextContentsAsync());
        Assert.Contains("live-page complete-step", raw, StringComparison.Ordinal);
        Assert.Contains($"/incidents/{number}", raw, StringComparison.Ordinal);
        foreach (var page in new[] { staffPage, officerPage, director, vendorPage })
            await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Workspace_WhenSomeoneElseActs_ShowsItWithoutAReload()
    {
        var staffPage = await server.SignedIn("staff");
        var number = await Report(staffPage, "PC-LIVE-01", "とても遅い・固まる");
        var officer = new WorkspacePage(await server.SignedIn("security-officer"));
        var director = new WorkspacePage(await server.SignedIn("management"));
        await officer.Open(number);
        await director.Open(number);

        // A mark on the director's window, which any reload or navigation would wipe: the note must come to the open
        // page by itself, the director doing nothing.
        await director.Page.EvaluateAsync("() => window.sonaeUntouched = true");
        var shown = director.Page.Locator(".timeline li").Filter(new LocatorFilterOptions { HasText = "5階東病棟でも同じ症状" });
        Assert.Equal(0, await shown.CountAsync());

        await officer.Note("5階東病棟でも同じ症状");

        await shown.WaitForAsync();
        Assert.True(await director.Page.EvaluateAsync<bool>("() => window.sonaeUntouched === true"), "the director's page was reloaded to show the note");

        Assert.Equal(await officer.LastSeq(), await director.LastSeq());
        foreach (var page in new[] { staffPage, officer.Page, director.Page })
            await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NewReport_ShowsOnTheOfficersHomeAndInEveryHeader_WithinTwoSecondsWithoutAReload()
    {
        var officer = await server.SignedIn("security-officer", 1366, 768);
        await officer.GotoAsync("/");
        var director = await server.SignedIn("management", 390, 844);
        await director.GotoAsync("/preparedness");
        // Marks on both windows that a reload would wipe: what is new must come to the open pages by themselves.
        foreach (var page in new[] { officer, director })
            await page.EvaluateAsync("() => window.sonaeUntouched = true");
        var staff = await server.SignedIn("staff", 390, 844);

        var number = await Report(staff, "PC-ALERT-01", "とても遅い・固まる");
        var sent = System.Diagnostics.Stopwatch.StartNew();

        var card = officer.Locator(".cards .card").Filter(new LocatorFilterOptions { HasText = $"#{number} " });
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = 2000 });
        // The reports waiting for confirmation: the five oldest are listed, the rest counted (other tests' reports
        // wait on this server too).
        var waitingList = officer.Locator(".awaiting");
        await waitingList.WaitForAsync(new LocatorWaitForOptions { Timeout = 2000 });
        var shownAfter = sent.Elapsed;
        var waiting = officer.Locator(".awaiting li").Filter(new LocatorFilterOptions { HasText = $"#{number} " });
        if (await waiting.CountAsync() > 0)
            Assert.Contains("確認する", await waiting.InnerTextAsync(), StringComparison.Ordinal);
        else
            Assert.Contains("件の報告が確認を待っています", await waitingList.InnerTextAsync(), StringComparison.Ordinal);
        var unconfirmed = int.Parse(Regex.Match(await officer.InnerTextAsync("#alert-badge"), @"未確認の報告 (\d+)件").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Another page, not the home: the badge in its header counts the report, and its title says so.
        var badge = director.Locator("#alert-badge");
        await director.WaitForFunctionAsync("() => document.getElementById('alert-announce').textContent.includes('#" + number + "')", null, new PageWaitForFunctionOptions { Timeout = 2000 });
        Assert.True(await badge.IsVisibleAsync());
        Assert.Matches(@"未確認の報告 \d+件", await badge.InnerTextAsync());
        Assert.Matches(@"^\(\d+\) ", await director.TitleAsync());
        Assert.Contains($"新しいインシデント: #{number} ", await director.InnerTextAsync("#alert-announce"), StringComparison.Ordinal);

        foreach (var page in new[] { officer, director })
            Assert.True(await page.EvaluateAsync<bool>("() => window.sonaeUntouched === true"), "the page was reloaded to show the report");
        Assert.True(shownAfter < TimeSpan.FromSeconds(2), $"shown after {shownAfter.TotalMilliseconds:F0} ms");
        await SonaeServer.Screenshot(officer, "home-new-report-live-desktop");
        await SonaeServer.Screenshot(director, "alert-badge-phone");

        // Once the officer acts at the confirmation step, the report no longer waits, on the home or in the badge.
        // (The nurse's call, 1-3, is what the officer answers; the officer records it for her.)
        await server.Api("security-officer", HttpMethod.Post, $"/api/v1/incidents/{number}/steps/1-3/complete", new { });
        await server.Api("security-officer", HttpMethod.Post, $"/api/v1/incidents/{number}/steps/1-4/actions/confirm/complete", new { });
        await officer.WaitForFunctionAsync(
            "n => { const b = document.getElementById('alert-badge'); const m = /未確認の報告 (\\d+)件/.exec(b.textContent); return b.hidden || (m && Number(m[1]) === n); }",
            unconfirmed - 1, new PageWaitForFunctionOptions { Timeout = 2000 });
        Assert.Equal(0, await waiting.CountAsync());
        foreach (var page in new[] { staff, officer, director })
            await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportForm_WithJavaScriptOff_FilesTheReportAndSaysWhatToDo()
    {
        var staff = await server.SignedIn("staff", 360, 740, javaScript: false);

        var number = await Report(staff, "PC-NOJS-01");

        Assert.True(number > 0);
        Assert.Contains("電源は切らない", await staff.InnerTextAsync(".now"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(staff, "report-sent-nojs-phone");
        await staff.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportForm_OnAPhone_ShowsFirstAidAboveTheFirstField()
    {
        // A nurse at an infected PC must read "unplug it, leave the screen, call" before she starts typing, on the
        // smallest phone screen, without scrolling.
        var staff = await server.SignedIn("staff", 360, 800, javaScript: false);
        await staff.GotoAsync("/report");

        var firstAid = staff.Locator(".first-aid");
        var text = await firstAid.InnerTextAsync();
        Assert.Contains("LAN ケーブルを抜く", text, StringComparison.Ordinal);
        Assert.Contains("電源は切らない", text, StringComparison.Ordinal);
        Assert.Contains("画面はそのままにする", text, StringComparison.Ordinal);
        var aid = (await firstAid.BoundingBoxAsync())!;
        var firstField = (await staff.Locator("form input[type=checkbox]").First.BoundingBoxAsync())!;
        Assert.True(aid.Y + aid.Height <= firstField.Y, $"first aid ends at {aid.Y + aid.Height} px, the first field starts at {firstField.Y} px");
        Assert.True(aid.Y + aid.Height <= 800, $"first aid ends at {aid.Y + aid.Height} px, below the 800 px screen");
        await SonaeServer.Screenshot(staff, "report-first-aid-phone");
        await staff.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportForm_JoiningAnOpenIncident_StillSaysToUnplugThisDevice()
    {
        var first = await server.SignedIn("staff");
        var number = await Report(first, "PC-JOIN-01");
        var firstPage = new WorkspacePage(first);
        await firstPage.Open(number, "1-2");
        await firstPage.Action("LAN ケーブルを抜く");
        await firstPage.Complete();
        var second = await server.SignedIn("staff", 390, 844);

        var joined = await Report(second, "PC-JOIN-02", join: number);

        // Step 1-2 is done for the first device; the second nurse's device still has to come off the network.
        Assert.Equal(number, joined);
        Assert.Contains("LAN ケーブルを抜く", await second.InnerTextAsync(".now"), StringComparison.Ordinal);
        await second.ReloadAsync();
        Assert.Contains("LAN ケーブルを抜く", await second.InnerTextAsync(".now"), StringComparison.Ordinal);
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportForm_WithoutSignsOfInfection_SaysToLeaveTheDeviceAsItIs()
    {
        var staff = await server.SignedIn("staff", 390, 844);

        await Report(staff, "PC-SLOW-01", "とても遅い・固まる");

        var now = await staff.InnerTextAsync(".now");
        Assert.DoesNotContain("LAN ケーブルを抜く", now, StringComparison.Ordinal);
        Assert.Contains("電源は切らず", now, StringComparison.Ordinal);
        Assert.Contains("電話", now, StringComparison.Ordinal);
        await staff.Context.CloseAsync();
    }

    [GeneratedRegex(@"#(\d+)")]
    private static partial Regex IncidentNumber();
}
