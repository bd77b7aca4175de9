using System.Net;
using Sonae.Core.Access;
using Sonae.Web.Demo;
using Sonae.Web.Tests.Infrastructure;
using static Sonae.Web.Tests.Documents.PdfReading;

namespace Sonae.Web.Tests.Documents;

/// <summary>
/// The poster's QR code as a phone reads it: the officer prints the poster with a reporting link for the place it
/// hangs, the QR code is decoded from the printed page (zbarimg), and a phone with no account follows it and files a
/// report. A phone that is not signed in and opens the report page meets first aid and whom to call, not a bare
/// sign-in page.
/// </summary>
public sealed class PosterLinkTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    [Fact]
    public async Task PosterWithReportingLink_QrCodeDecodesToALinkThatReportsWithoutAnAccount()
    {
        var officer = await PageSession.SignedIn(factory, DemoHospital.Keys[Role.SecurityOfficer]);
        var token = await officer.Token("/poster");
        var response = await officer.Post("/poster.pdf", new() { ["place"] = "外来 ナースステーション" }, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = Text(pdf, out var pages);
        Assert.Equal(1, pages);
        AssertHas(text, "外来 ナースステーション");
        AssertHas(text, "アカウントなしで報告できます");
        AssertHas(text, "画面はそのままにする");
        await Pictures(pdf, "poster-link");

        var url = await QrCode(pdf);
        Assert.Matches("^http://localhost/r/sonae_", url);
        AssertHas(text, url, "the poster does not print the address its QR code holds");

        var phone = PageSession.Anonymous(factory);
        var opened = await phone.Get(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/report", opened.Headers.Location?.OriginalString);
        var filed = await phone.Post("/report", new() { ["_handler"] = "report", ["Form.Department"] = "3階西病棟", ["Form.RansomNote"] = "true" }, await phone.Token("/report"));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Contains("/report/sent/", filed.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // The link is the settings page's like any other, named after the place, so it can be revoked there.
        var links = await factory.Client(DemoHospital.Keys[Role.SecurityOfficer]).GetStringAsync("/api/v1/reporting-links");
        Assert.Contains("外来 ナースステーション", links, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PosterPage_OffersTheLinkToThoseWhoMayMakeLinks_Only()
    {
        var officerPage = await factory.Client(DemoHospital.Keys[Role.SecurityOfficer]).GetStringAsync("/poster");
        var staffPage = await factory.Client(DemoHospital.Keys[Role.Staff]).GetStringAsync("/poster");
        var staff = await PageSession.SignedIn(factory, DemoHospital.Keys[Role.Staff]);
        var refused = await staff.Post("/poster.pdf", new() { ["place"] = "売店前 掲示板" }, await staff.Token("/report"));

        Assert.Contains("action=\"/poster.pdf\"", officerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/poster.pdf\"", staffPage, StringComparison.Ordinal);
        // Refused as a page form refuses (sent away), and no PDF, no link.
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("売店前", await factory.Client(DemoHospital.Keys[Role.SecurityOfficer]).GetStringAsync("/api/v1/reporting-links"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PosterWithReportingLink_WithoutAPlace_SaysWhatIsMissing()
    {
        var officer = await PageSession.SignedIn(factory, DemoHospital.Keys[Role.SecurityOfficer]);
        var response = await officer.Post("/poster.pdf", new() { ["place"] = " " }, await officer.Token("/poster"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("入力してください", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja", "報告のしかた", "ポスターの QR コード")]
    [InlineData("en", "How to report", "QR code on the poster")]
    public async Task Report_NotSignedIn_ShowsFirstAidTheNumberAndHowToReport_BeforeSigningIn(string language, string how, string poster)
    {
        using var phone = factory.CreateClient(new() { AllowAutoRedirect = true, HandleCookies = true });
        phone.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await phone.GetAsync("/report");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal("/signin", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("class=\"first-aid\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:09000002100\"", html, StringComparison.Ordinal);
        Assert.Contains(how, html, StringComparison.Ordinal);
        Assert.Contains(poster, html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("first-aid", StringComparison.Ordinal) < html.IndexOf("name=\"password\"", StringComparison.Ordinal), "first aid must come before the sign-in form");

        var plain = WebUtility.HtmlDecode(await phone.GetStringAsync("/signin"));
        Assert.DoesNotContain("class=\"first-aid\"", plain, StringComparison.Ordinal);
    }
}
