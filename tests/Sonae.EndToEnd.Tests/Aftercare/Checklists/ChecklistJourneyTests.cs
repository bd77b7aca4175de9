using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Web.Demo;

namespace Sonae.EndToEnd.Tests.Aftercare.Checklists;

/// <summary>
/// The ministry's checklist in Chromium without JavaScript: the officer starts this year's hospital form and answers
/// items (a いいえ without a target day comes back with the reason), starts a vendor's form and makes its link; the
/// vendor, on a phone and signed in to nothing, fills in every item through the link and sends it; the officer sees
/// it returned and prints the year (the print page, and its PDF).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class ChecklistJourneyTests(SonaeServer server)
{
    [Fact]
    public async Task TheOfficerAnswers_TheVendorFillsInThroughTheLink_TheOfficerPrints()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        await server.Prepared("parties", DemoPreparedness.Parties(today));
        await server.Prepared("inventory", DemoPreparedness.Inventory(today));
        var year = FiscalYear.Of(DateTimeOffset.UtcNow);

        var page = await server.SignedIn("security-officer", 1280, 900, javaScript: false);
        await page.GotoAsync("/checklists");
        await page.ClickAsync("button:has-text('医療機関確認用を始める')");
        await page.WaitForURLAsync(url => url.EndsWith($"/checklists/{year.StartYear}/hospital", StringComparison.Ordinal));

        var officerItem = page.Locator("#item-security-officer");
        await officerItem.Locator("input[name=answer][value=yes]").CheckAsync();
        await officerItem.Locator("button:has-text('保存')").ClickAsync();
        Assert.Contains("回答を保存しました", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("はい", await page.Locator("#item-security-officer").InnerTextAsync(), StringComparison.Ordinal);

        var bcp = page.Locator("#item-bcp");
        await bcp.Locator("input[name=answer][value=no]").CheckAsync();
        await bcp.Locator("button:has-text('保存')").ClickAsync();
        Assert.Contains("「いいえ」には目標日を入れてください", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        bcp = page.Locator("#item-bcp");
        await bcp.Locator("input[name=answer][value=no]").CheckAsync();
        await bcp.Locator("input[name=targetOn]").FillAsync(year.Last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await bcp.Locator("input[name=note]").FillAsync("BCP を策定中");
        await bcp.Locator("button:has-text('保存')").ClickAsync();
        Assert.Contains("BCP を策定中", await page.Locator("#item-bcp").InnerTextAsync(), StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "checklist-hospital-desktop-nojs");

        // A vendor's form for the first vendor and system the record has, and its link.
        await page.GotoAsync("/checklists");
        await page.ClickAsync("button:has-text('事業者確認用を始める')");
        await page.WaitForURLAsync(new Regex($"/checklists/{year.StartYear}/[0-9a-f-]{{36}}$"));
        var vendorForm = new Uri(page.Url).AbsolutePath;
        await page.ClickAsync("button:has-text('記入用リンクを作る')");
        var made = await page.InnerTextAsync("main");
        var link = LinkAddress().Match(made);
        Assert.True(link.Success, made);

        var vendorContext = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, JavaScriptEnabled = false, Locale = "ja-JP" });
        var vendor = await vendorContext.NewPageAsync();
        await vendor.GotoAsync(link.Value);
        Assert.Contains("事業者確認用チェックリストの記入", await vendor.InnerTextAsync("h1"), StringComparison.Ordinal);
        await SonaeServer.Screenshot(vendor, "checklist-vendor-phone-nojs");
        var ids = await vendor.Locator("ul.checklist-items > li").EvaluateAllAsync<string[]>("items => items.map(i => i.id)");
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var item = vendor.Locator($"#{id}");
            await item.Locator("input[name=answer][value=yes]").CheckAsync();
            await item.Locator("button:has-text('保存')").ClickAsync();
            Assert.Contains("回答を保存しました", await vendor.InnerTextAsync("main"), StringComparison.Ordinal);
        }
        await vendor.ClickAsync("button:has-text('回答を送る')");
        Assert.Contains("回答を送りました", await vendor.InnerTextAsync("main"), StringComparison.Ordinal);
        await vendor.GotoAsync(link.Value);
        Assert.Contains("このリンクでの回答はもう送られています", await vendor.InnerTextAsync("main"), StringComparison.Ordinal);
        await vendorContext.CloseAsync();

        await page.GotoAsync(vendorForm);
        Assert.Contains("回答済み", await page.InnerTextAsync("#vendor-link + p"), StringComparison.Ordinal);

        await page.GotoAsync($"/checklists/{year.StartYear}/print");
        var printed = await page.InnerTextAsync("body");
        Assert.Contains($"{year.Wareki()} 医療機関におけるサイバーセキュリティ対策チェックリスト", printed, StringComparison.Ordinal);
        Assert.Contains("BCP を策定中", printed, StringComparison.Ordinal);
        Assert.Contains("事業者確認用", printed, StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "checklist-print-desktop-nojs");
        var pdf = await page.Context.APIRequest.GetAsync($"/checklists/{year.StartYear}/print.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]), StringComparison.Ordinal);
        await page.Context.CloseAsync();

        var phone = await server.SignedIn("security-officer", 390, 844, javaScript: false);
        await phone.GotoAsync($"/checklists/{year.StartYear}/hospital");
        await SonaeServer.Screenshot(phone, "checklist-hospital-phone-nojs");
        await phone.Context.CloseAsync();
    }

    [GeneratedRegex(@"https?://[^\s]+/checklists/vendor/[A-Za-z0-9_-]+")]
    private static partial Regex LinkAddress();
}
