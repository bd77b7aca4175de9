using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>One incident per attack, in real Chromium: "same as #3?" on the report page, then the officer's merge.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class IncidentJoinJourneyTests(SonaeServer server)
{
    /// <summary>A ward of its own, so that no other test's report from it is offered.</summary>
    private const string Ward = "7階南病棟";

    private static async Task FillReport(IPage staff, string device)
    {
        await staff.GotoAsync("/report");
        await staff.CheckAsync("text=ファイルが開けない・名前がおかしい");
        await staff.FillAsync("#department", Ward);
        await staff.FillAsync("#device", device);
    }

    private static int Number(string url) => int.Parse(SentNumber().Match(url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ASecondReportFromTheWard_IsOfferedSameAs_AndJoins_ThenTheOfficerMerges_AndBothRecordsVerify()
    {
        // The first nurse's report opens an incident.
        var first = await server.SignedIn("staff", 360, 800, javaScript: false);
        await FillReport(first, "PC-7S-01");
        await StaticPages.SendReport(first);
        var number = Number(first.Url);

        // The second, on a phone without script: asked "same as #n?" before anything is filed, and joins it.
        var second = await server.SignedIn("staff", 360, 800, javaScript: false);
        await FillReport(second, "PC-7S-02");
        await second.ClickAsync("button:has-text('報告する')");
        var question = second.Locator("section.same-as");
        await question.WaitForAsync();
        var asked = await question.InnerTextAsync();
        Assert.Contains($"#{number} と同じですか?", asked, StringComparison.Ordinal);
        Assert.Contains(Ward, asked, StringComparison.Ordinal);
        Assert.Contains("ファイルが開けない・名前がおかしい", asked, StringComparison.Ordinal);
        Assert.Contains("報告 1 件", asked, StringComparison.Ordinal);
        // The phone opens at the question (it is focused), its "yes" on the screen, not at the top of the long form.
        var box = await second.Locator($"button:has-text('はい、#{number} と同じです')").BoundingBoxAsync();
        Assert.True(box is { Y: >= 0 } && box.Y + box.Height <= 800, $"The answer is at {box?.Y} px, outside the 800 px screen");
        await SonaeServer.Screenshot(second, "report-same-as-phone");
        await second.ClickAsync($"button:has-text('はい、#{number} と同じです')");
        await second.WaitForURLAsync("**/report/sent/**");
        Assert.Equal(number, Number(second.Url));

        // A third on a laptop says it is a different problem: a second incident.
        var third = await server.SignedIn("staff", 1366, 768);
        await FillReport(third, "PC-7S-03");
        await third.ClickAsync("button:has-text('報告する')");
        await third.Locator("section.same-as").WaitForAsync();
        await SonaeServer.Screenshot(third, "report-same-as-desktop");
        await NoSeriousProblem(third);
        await third.ClickAsync("button:has-text('別の件として送信')");
        await third.WaitForURLAsync("**/report/sent/**");
        var other = Number(third.Url);
        Assert.NotEqual(number, other);

        // The officer sees it is the same attack and merges the second incident into the first.
        var officer = await server.SignedIn("security-officer", 1366, 768);
        await officer.GotoAsync($"/incidents/{other}");
        await officer.ClickAsync("a:has-text('同じ攻撃の別インシデントとまとめる')");
        await officer.SelectOptionAsync("#merge-into", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await officer.FillAsync("#merge-reason", "同じ病棟の同じ攻撃");
        await officer.ClickAsync($"button:has-text('#{other} を統合する')");
        await officer.WaitForURLAsync($"**/incidents/{number}");
        await officer.Locator($"text=#{other}「").First.WaitForAsync();

        await officer.GotoAsync($"/incidents/{other}");
        var notice = officer.Locator(".notice.merged");
        await notice.WaitForAsync();
        Assert.Contains($"#{number} に統合されました", await notice.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("統合済み", await officer.InnerTextAsync(".incident-head"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(officer, "workspace-merged-desktop");
        await NoSeriousProblem(officer);
        var phone = await server.SignedIn("security-officer", 360, 800);
        await phone.GotoAsync($"/incidents/{other}");
        await phone.Locator(".notice.merged").WaitForAsync();
        await SonaeServer.Screenshot(phone, "workspace-merged-phone");
        await phone.ClickAsync($"a:has-text('#{number} を開く')");
        await phone.WaitForURLAsync($"**/incidents/{number}");

        // The third nurse's home says where their report went.
        await third.GotoAsync("/");
        Assert.Contains($"#{number} に統合されました", await third.InnerTextAsync(".your-reports"), StringComparison.Ordinal);

        Assert.Matches("改ざんされていません|intact", await server.Verify());
        foreach (var page in new[] { first, second, third, officer, phone })
            await page.Context.CloseAsync();
    }

    private static async Task NoSeriousProblem(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help}")));
    }

    [GeneratedRegex(@"/report/sent/(\d+)")]
    private static partial Regex SentNumber();
}
