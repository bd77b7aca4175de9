using System.Diagnostics;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The poster on the ward wall: the officer prints it with a reporting link for the place it will hang; a phone that
/// has no account and is not signed in reads its QR code (decoded from the printed page by zbarimg) and files a
/// report.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PosterJourneyTests(SonaeServer server)
{
    private async Task<IPage> Phone(bool javaScript = false)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl,
            ViewportSize = new ViewportSize { Width = 360, Height = 800 },
            JavaScriptEnabled = javaScript,
            Locale = "ja-JP",
            IsMobile = true,
            HasTouch = true,
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task PostersQrCode_LetsAPhoneWithoutAnAccountReport()
    {
        var officer = await server.SignedIn("security-officer", 1366, 768);
        await officer.GotoAsync("/poster");
        await SonaeServer.Screenshot(officer, "poster-page-desktop");
        await officer.FillAsync("#place", "5階東病棟 ナースステーション");
        var download = await officer.RunAndWaitForDownloadAsync(() => officer.ClickAsync("form[action='/poster.pdf'] button[type=submit]"));
        var pdf = Path.Combine(Path.GetTempPath(), $"sonae-poster-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(pdf);
        var url = await DecodeQr(pdf);
        await officer.Context.CloseAsync();
        Assert.StartsWith(server.BaseUrl + "/r/", url, StringComparison.Ordinal);

        var phone = await Phone();
        await phone.GotoAsync(url);
        Assert.EndsWith("/report", phone.Url, StringComparison.Ordinal);
        // First aid is on the first screen, above the first field.
        var firstAid = await phone.Locator(".first-aid").BoundingBoxAsync();
        var firstField = await phone.Locator("form input[type=checkbox]").First.BoundingBoxAsync();
        Assert.True(firstAid!.Y < 800 && firstAid.Y < firstField!.Y, "first aid must come first on the phone's screen");
        await SonaeServer.Screenshot(phone, "poster-link-report-phone");

        await phone.CheckAsync("text=脅迫文・見慣れない警告が画面に出た");
        await phone.FillAsync("#department", "5階東病棟");
        await StaticPages.SendReport(phone);
        Assert.Contains("報告を記録しました", await phone.InnerTextAsync("main"), StringComparison.Ordinal);
        await phone.Context.CloseAsync();
    }

    /// <summary>
    /// The nurse's path, measured as a person takes it on a phone: from the poster's QR code to "your report is on the
    /// record", reading the first aid, tapping and typing at a person's pace (a second before each tap, a quarter of a
    /// second a character). The figures go to TestResults/nurse-path.txt and docs/performance.md. A second nurse of
    /// the same ward is asked "same as #n?": one more screen and one more tap.
    /// </summary>
    [Fact]
    public async Task NursePath_FromThePostersQrCode_IsAtMostThreeScreensAndThirtySeconds()
    {
        var officer = await server.SignedIn("security-officer", 1366, 768);
        await officer.GotoAsync("/poster");
        await officer.FillAsync("#place", "6階北病棟");
        var download = await officer.RunAndWaitForDownloadAsync(() => officer.ClickAsync("form[action='/poster.pdf'] button[type=submit]"));
        var pdf = Path.Combine(Path.GetTempPath(), $"sonae-poster-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(pdf);
        var url = await DecodeQr(pdf);
        await officer.Context.CloseAsync();

        var lines = new List<string>();
        foreach (var (nurse, device, expectScreens) in new[] { ("first", "PC-6N-01", 2), ("second", "PC-6N-02", 3) })
        {
            var phone = await Phone(javaScript: true);
            var screens = 0;
            phone.FrameNavigated += (_, frame) => { if (frame == phone.MainFrame) screens++; };
            var taps = 0;
            var typed = 0;
            async Task Tap(string selector)
            {
                await Task.Delay(1000);
                await phone.Locator(selector).First.TapAsync();
                taps++;
            }
            async Task Type(string selector, string text)
            {
                await Tap(selector);
                await phone.Locator(selector).PressSequentiallyAsync(text, new LocatorPressSequentiallyOptions { Delay = 250 });
                typed += text.Length;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();

            await phone.GotoAsync(url);
            // Before her first tap, the first aid is on the screen she sees.
            var aid = (await phone.Locator(".first-aid").BoundingBoxAsync())!;
            Assert.True(aid.Y + aid.Height <= 800, $"first aid ends at {aid.Y + aid.Height} px, below the 800 px screen");
            await Task.Delay(5000); // reading the first aid
            await Tap("label:has-text('脅迫文・見慣れない警告が画面に出た')");
            Assert.Equal("6階北病棟", await phone.InputValueAsync("#department"));
            await Type("#device", device);
            await Tap("label:has-text('たった今')");
            await Tap("button:has-text('報告する')");
            if (expectScreens == 3)
            {
                await phone.Locator(".same-as").WaitForAsync();
                await Tap(".same-as button.big");
            }
            await phone.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/report/sent/"));
            clock.Stop();
            Assert.Contains("報告を記録しました", await phone.InnerTextAsync("main"), StringComparison.Ordinal);
            await SonaeServer.Screenshot(phone, $"nurse-path-{nurse}-sent-phone");

            lines.Add($"{nurse} nurse: {screens} screens, {taps} taps, {typed} characters typed, {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(screens <= 3, $"{nurse} nurse: {screens} screens");
            Assert.Equal(expectScreens, screens);
            Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(30), $"{nurse} nurse took {clock.Elapsed.TotalSeconds:F1} s");
            await phone.Context.CloseAsync();
        }
        await File.WriteAllLinesAsync(Path.Combine(SonaeServer.Screenshots, "..", "nurse-path.txt"), lines);
    }

    /// <summary>The poster's QR code, read from the printed page as a phone's camera reads the paper.</summary>
    private static async Task<string> DecodeQr(string pdf)
    {
        var picture = Path.ChangeExtension(pdf, null);
        try
        {
            await Run("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, picture);
            return (await Run("zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", picture + ".png")).Trim();
        }
        finally
        {
            File.Delete(pdf);
            File.Delete(picture + ".png");
        }
    }

    private static async Task<string> Run(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
