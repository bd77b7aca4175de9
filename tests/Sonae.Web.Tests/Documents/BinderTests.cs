using System.Net;
using Sonae.Core.Access;
using Sonae.Core.Preparedness;
using Sonae.Web.Demo;
using Sonae.Web.Tests.Demo;
using Sonae.Web.Tests.Infrastructure;
using static Sonae.Web.Tests.Documents.PdfReading;

namespace Sonae.Web.Tests.Documents;

/// <summary>
/// The demo hospital's emergency binder and QR poster, made by the real Chromium into real PDFs: read back with
/// PdfPig for every number and every role card, checked with poppler for real embedded fonts, and rendered to PNG
/// (TestResults/documents/) for a person to look at.
/// </summary>
public sealed class BinderTests(DemoFactory factory) : IClassFixture<DemoFactory>
{

    private async Task<byte[]> Pdf(string path, Role role = Role.Staff)
    {
        var response = await factory.Client(DemoHospital.Keys[role]).GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task BinderPdf_DemoHospital_HasEveryNumberEveryRoleCardAndTheForms()
    {
        var pdf = await Pdf("/binder.pdf");
        var text = Text(pdf, out var pages);

        foreach (var person in DemoPreparedness.People.People)
        {
            AssertHas(text, person.Name);
            foreach (var channel in person.Channels)
                AssertHas(text, channel.Value, $"{person.Name}'s {channel.Kind} {channel.Value} is not in the binder");
        }
        foreach (var party in DemoPreparedness.Parties(new DateOnly(2026, 11, 24)).Parties)
        {
            AssertHas(text, party.Name);
            foreach (var channel in party.Channels)
                AssertHas(text, channel.Value, $"{party.Name}'s {channel.Value} is not in the binder");
        }
        foreach (var role in new[] { "経営層", "医療情報システム安全管理責任者", "医療従事者・一般のシステム利用者", "ベンダ・事業者" })
            AssertHas(text, $"役割ごとの行動カード: {role}");
        foreach (var heading in new[] { "緊急時対応バインダー", "緊急連絡網", "ネットワーク構成図", "対応フローチャート", "連絡記録", "異常メモ", "電子カルテ保守 VPN", "紙カルテ・紙伝票" })
            AssertHas(text, heading);
        AssertHas(text, "までに新しい版と差し替えてください");
        AssertHas(text, "確認期限切れ");
        Assert.InRange(pages, 12, 40);

        var fonts = await Poppler("pdffonts", pdf);
        Assert.Contains("IPAexGothic", fonts, StringComparison.Ordinal);
        Assert.DoesNotContain("Type 3", fonts, StringComparison.Ordinal);
        await Pictures(pdf, "binder");
    }

    [Fact]
    public async Task PosterPdf_IsOnePageWithTheReportAddressAndTheOfficersNumbers()
    {
        var pdf = await Pdf("/poster.pdf");
        var text = Text(pdf, out var pages);

        Assert.Equal(1, pages);
        AssertHas(text, "/report");
        AssertHas(text, "090-0000-2100");
        Assert.Contains("<svg", await factory.Client(DemoHospital.Keys[Role.Staff]).GetStringAsync("/poster"), StringComparison.Ordinal);
        await Pictures(pdf, "poster");
    }

    [Fact]
    public async Task BinderPage_InEnglish_IsThePrintPageWithItsPdfLink()
    {
        var html = await factory.Client(DemoHospital.Keys[Role.Management], "en").GetStringAsync("/binder");

        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("Emergency binder", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/binder.pdf\"", html, StringComparison.Ordinal);
        Assert.Contains("Phone the security officer: 田中 一郎 In-house PHS 2100 / Mobile 090-0000-2100", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binder_ForAVendor_IsForbidden()
    {
        var response = await factory.Client(DemoHospital.Keys[Role.Vendor]).GetAsync("/binder.pdf");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
