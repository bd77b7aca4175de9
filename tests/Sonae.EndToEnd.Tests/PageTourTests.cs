using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>Each main page at phone and desktop width: it renders, in both languages, with screenshots to look at.</summary>
[Collection(ServerCollection.Name)]
public sealed class PageTourTests(SonaeServer server)
{
    [Theory]
    [InlineData(360, "phone")]
    [InlineData(1280, "desktop")]
    public async Task MainPages_RenderAtWidth(int width, string name)
    {
        var staff = await server.SignedIn("staff", width);
        await staff.GotoAsync("/report");
        await SonaeServer.Screenshot(staff, $"report-{name}");
        await staff.CheckAsync("text=脅迫文・見慣れない警告が画面に出た");
        await staff.FillAsync("#department", "3階西病棟");
        await staff.FillAsync("#device", $"PC-{name}");
        await StaticPages.SendReport(staff);
        await SonaeServer.Screenshot(staff, $"report-sent-{name}");
        Assert.Contains("LAN ケーブルを抜く", await staff.InnerTextAsync(".now"), StringComparison.Ordinal);

        var officer = await server.SignedIn("security-officer", width);
        await SonaeServer.Screenshot(officer, $"home-officer-{name}");
        await officer.ClickAsync($"section.incidents a:has-text('PC-{name}')");
        await officer.WaitForSelectorAsync(".live");
        await SonaeServer.Screenshot(officer, $"workspace-{name}");
        await staff.Context.CloseAsync();
        await officer.Context.CloseAsync();
    }
}
