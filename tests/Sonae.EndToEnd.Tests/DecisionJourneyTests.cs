using System.Diagnostics;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// Management's real decisions in Chromium: the director stops the electronic medical record on /decisions with a
/// reason, a nurse's phone home says so at once above everything else, and the one-page situation sheet prints as
/// exactly one A4 page. Screenshots at phone and desktop width of each.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DecisionJourneyTests(SonaeServer server)
{
    private const string EmrStopped = "電子カルテは停止中です。紙運用に切り替えてください。";

    private async Task<int> ReportedAndAtManagement()
    {
        var nurse = await server.SignedIn("staff");
        await nurse.GotoAsync("/report");
        await nurse.CheckAsync("text=脅迫文・見慣れない警告が画面に出た");
        await nurse.FillAsync("#department", "5階東病棟");
        await nurse.FillAsync("#device", "PC-5E-07");
        await StaticPages.SendReport(nurse);
        var sent = await nurse.InnerTextAsync("[role=status]");
        await nurse.Context.CloseAsync();
        var number = int.Parse(System.Text.RegularExpressions.Regex.Match(sent, @"#(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await server.ToFirstDecision(number);
        return number;
    }

    private static async Task AssertAxeClean(IPage page, string where)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{where}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help}")));
    }

    [Fact]
    public async Task DirectorStopsTheRecord_NurseSeesTheNoticeFirstOnHerPhone_AndTheSheetIsOnePage()
    {
        var number = await ReportedAndAtManagement();
        try
        {
            var director = await server.SignedIn("management", 1366, 768);
            await director.GotoAsync($"/decisions#incident-{number}");
            var decision = director.Locator($"#incident-{number}-emr-operation");
            await decision.GetByLabel("停止して紙運用にする").CheckAsync();
            await decision.GetByLabel("理由(必須", new() { Exact = false }).FillAsync("電子カルテ DB サーバーに暗号化の痕跡。全端末で使用を止める");
            await decision.GetByRole(AriaRole.Button, new() { Name = "決定を記録する" }).ClickAsync();
            await director.WaitForSelectorAsync($"#incident-{number}-emr-operation .state-open");
            Assert.Contains("電子カルテ DB サーバーに暗号化の痕跡", await decision.InnerTextAsync(), StringComparison.Ordinal);
            await SonaeServer.Screenshot(director, "decisions-taken-desktop");
            await AssertAxeClean(director, "/decisions after a decision");

            // The nurse on a ward phone: the instruction is the first thing on her home, inside the first screen.
            var nurse = await server.SignedIn("staff", 360, 800);
            var notice = nurse.Locator(".decision-notices");
            Assert.Contains(EmrStopped, await notice.InnerTextAsync(), StringComparison.Ordinal);
            var box = await nurse.Locator(".decision-notices .notice-text").First.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Y + box.Height <= 800, $"The notice ends at {box.Y + box.Height}px, below the first screen");
            Assert.True(box.Y < (await nurse.Locator("a.button.big[href='/report']").BoundingBoxAsync())!.Y);
            await SonaeServer.Screenshot(nurse, "home-staff-notice-phone");
            await AssertAxeClean(nurse, "staff home with a notice");
            var englishNurse = await server.SignedIn("staff", 1366, 768, language: "en");
            Assert.Contains("The electronic medical record is stopped.", await englishNurse.InnerTextAsync(".decision-notices"), StringComparison.Ordinal);
            await SonaeServer.Screenshot(englishNurse, "home-staff-notice-desktop-en");

            var phoneDirector = await server.SignedIn("management", 360, 800);
            await phoneDirector.GotoAsync("/decisions");
            await SonaeServer.Screenshot(phoneDirector, "decisions-taken-phone");

            // The one-page sheet, as the director downloads it from the summary's link.
            await director.GotoAsync($"/incidents/{number}/summary");
            await director.ClickAsync($"a[href='/incidents/{number}/situation']");
            Assert.Contains(EmrStopped, await director.InnerTextAsync("main"), StringComparison.Ordinal);
            await SonaeServer.Screenshot(director, "situation-desktop");
            await phoneDirector.GotoAsync($"/incidents/{number}/situation");
            await SonaeServer.Screenshot(phoneDirector, "situation-phone");
            var pdf = await director.APIRequest.GetAsync($"/incidents/{number}/situation.pdf");
            Assert.Equal(200, pdf.Status);
            var file = Path.Combine(SonaeServer.Screenshots, "situation.pdf");
            await File.WriteAllBytesAsync(file, await pdf.BodyAsync());
            Assert.Matches(@"Pages:\s+1\n", await Tool("pdfinfo", file));
            await Tool("pdftoppm", "-r", "70", "-png", "-singlefile", file, Path.Combine(SonaeServer.Screenshots, "situation-pdf"));
            foreach (var page in new[] { director, nurse, englishNurse, phoneDirector })
                await page.Context.CloseAsync();
        }
        finally
        {
            // Notices are for open incidents: lift the decision (an incident with one standing cannot be closed) and
            // close this one, so the other tests' homes are as they expect.
            await server.Api("management", HttpMethod.Put, $"/api/v1/incidents/{number}/facts/emr-operation", new { value = "running", reason = "テスト終了" });
            await server.Api("security-officer", HttpMethod.Post, $"/api/v1/incidents/{number}/close", new { reason = "テスト終了" });
        }
    }

    private static async Task<string> Tool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return output;
    }
}
