using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>Files a staff report with a sign of infection through the API and returns the incident's number.</summary>
internal static class Reports
{
    public static async Task<int> WithSigns(SonaeServer server, string device)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Keys["staff"]);
        using var response = await client.PostAsync("/api/v1/anomaly-reports",
            System.Net.Http.Json.JsonContent.Create(new { department = "3階西病棟", device, signs = new[] { "ransom-note" } }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("incident").GetProperty("number").GetInt32();
    }
}

/// <summary>
/// The workspace leads with what is next: above the fold on a laptop and first on a phone, with or without script,
/// and the wide flowchart opened at the steps open now; each person's page stays in their language when others act.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WorkspaceFirstTests(SonaeServer server)
{
    private static async Task<int> LastSeq(IPage page) =>
        int.Parse(await page.GetAttributeAsync(".incident-head", "data-last-seq") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task English(IPage page)
    {
        await page.ClickAsync("a:text-is('English')");
        await page.WaitForSelectorAsync("html[lang=en]");
    }

    [Fact]
    public async Task Workspace_OnALaptop_ShowsTheNextStepAboveTheFold_AndTheFlowchartAtTheOpenSteps()
    {
        var number = await Reports.WithSigns(server, "PC-FOLD-01");
        await server.ToFirstDecision(number);
        var page = await server.SignedIn("security-officer", 1366, 768);
        var workspace = new WorkspacePage(page);

        await workspace.Open(number);

        var next = (await page.Locator(".next-item").First.BoundingBoxAsync())!;
        Assert.True(next.Y + next.Height <= 768, $"the first next step ends at {next.Y + next.Height} px, below the 768 px screen");
        Assert.Contains("2-8", string.Join("\n", await page.Locator(".next-item").AllInnerTextsAsync()), StringComparison.Ordinal);
        // The flowchart scrolls itself to the first step open now: it is inside the chart's visible width.
        await page.WaitForFunctionAsync("() => document.querySelector('.flow').scrollLeft > 0");
        var inView = await page.EvaluateAsync<bool>("""
            () => {
                const flow = document.querySelector('.flow').getBoundingClientRect();
                const box = document.querySelector('.flow .box-next').getBoundingClientRect();
                return box.left >= flow.left && box.right <= flow.right;
            }
            """);
        Assert.True(inView, "the open step's box is outside the flowchart's visible part");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "workspace-next-laptop-ja.png") });
        await SonaeServer.Screenshot(page, "workspace-next-laptop-ja-full");
        await English(page);
        await page.WaitForSelectorAsync(".live");
        Assert.Equal("What is next", await page.InnerTextAsync("#next-title"), StringComparer.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "workspace-next-laptop-en.png") });
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Workspace_OnAPhone_StartsWithWhatIsNext_WithOrWithoutScript(bool javaScript)
    {
        var number = await Reports.WithSigns(server, "PC-PHONE-01");
        var page = await server.SignedIn("staff", 360, 800, javaScript);

        await page.GotoAsync($"/incidents/{number}");
        if (javaScript)
            await page.WaitForSelectorAsync(".live");

        var next = (await page.Locator(".next-item").First.BoundingBoxAsync())!;
        Assert.True(next.Y < 800, $"the first next step starts at {next.Y} px, below the 800 px screen");
        Assert.Contains("1-2", await page.Locator(".next-item").First.InnerTextAsync(), StringComparison.Ordinal);
        var flow = (await page.Locator(".ws-flow").BoundingBoxAsync())!;
        Assert.True(next.Y < flow.Y, "the flowchart comes before what is next");
        var suffix = javaScript ? "" : "-nojs";
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, $"workspace-next-phone-ja{suffix}.png") });
        if (javaScript)
        {
            await English(page);
            await page.WaitForSelectorAsync(".live");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "workspace-next-phone-en.png") });
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task VendorInEnglish_AndNurseInJapanese_EachPageStaysInItsLanguage_WhenTheOtherActs()
    {
        var number = await Reports.WithSigns(server, "PC-LANG-01");
        await server.InviteVendor(number);
        var vendorPage = await server.SignedIn("vendor");
        await English(vendorPage);
        var nursePage = await server.SignedIn("staff", 390, 844);
        var vendor = new WorkspacePage(vendorPage);
        var nurse = new WorkspacePage(nursePage);
        await vendor.Open(number);
        await nurse.Open(number, "1-2");
        Assert.Equal("What is next", await vendorPage.InnerTextAsync("#next-title"));

        // The nurse acts, in Japanese: the vendor's page takes the change live and stays English.
        var vendorSeq = await LastSeq(vendorPage);
        await nurse.Action("LAN ケーブルを抜く");
        await vendorPage.WaitForFunctionAsync("before => Number(document.querySelector('.incident-head').dataset.lastSeq) > before", vendorSeq);
        Assert.Equal("What is next", await vendorPage.InnerTextAsync("#next-title"));
        Assert.Equal("Flowchart", await vendorPage.InnerTextAsync("#flow-title"));
        Assert.Contains("Pull the LAN cable", await vendorPage.InnerTextAsync(".timeline"), StringComparison.Ordinal);

        // The vendor acts, in English: the nurse's page takes it live and stays Japanese.
        var nurseSeq = await LastSeq(nursePage);
        await vendorPage.FillAsync("#note", "Checked the EHR server logs");
        await vendorPage.Locator("#note").BlurAsync();
        await vendorPage.ClickAsync("button[data-command=note]");
        await nursePage.WaitForFunctionAsync("before => Number(document.querySelector('.incident-head').dataset.lastSeq) > before", nurseSeq);
        Assert.Equal("いま対応すること", await nursePage.InnerTextAsync("#next-title"));
        Assert.Contains("メモ: Checked the EHR server logs", await nursePage.InnerTextAsync(".timeline"), StringComparison.Ordinal);
        Assert.Equal("What is next", await vendorPage.InnerTextAsync("#next-title"));
        await SonaeServer.Screenshot(vendorPage, "workspace-vendor-english-after-others-acted");
        await vendorPage.Context.CloseAsync();
        await nursePage.Context.CloseAsync();
    }
}

/// <summary>A step past its playbook target shows overdue, as the clock moves on.</summary>
[Collection(ClockServerCollection.Name)]
public sealed class WorkspaceOverdueTests(SonaeServer server)
{
    [Fact]
    public async Task Workspace_StepPastItsTarget_ShowsOverdueFirst()
    {
        var number = await Reports.WithSigns(server, "PC-LATE-01");
        var page = await server.SignedIn("security-officer", 1366, 768);
        var workspace = new WorkspacePage(page);
        await workspace.Open(number);
        Assert.Equal(0, await page.Locator(".next-item.is-overdue").CountAsync());

        await server.ShiftClock(TimeSpan.FromMinutes(20));
        await workspace.Open(number);

        var overdue = page.Locator(".next-item.is-overdue").First;
        Assert.Contains("期限超過", await overdue.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("1-2", await overdue.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SonaeServer.Screenshots, "workspace-overdue-laptop.png") });
        await page.Context.CloseAsync();
    }
}
