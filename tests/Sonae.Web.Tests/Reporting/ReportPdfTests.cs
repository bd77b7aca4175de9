using System.Net;
using System.Security.Cryptography;
using Sonae.Core.Access;
using Sonae.Core.Reporting;
using Sonae.Web.Demo;
using Sonae.Web.Tests.Infrastructure;
using static Sonae.Web.Tests.Documents.PdfReading;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// Reports issued as PDF by the real Chromium, on the demo hospital (its ransomware incident, #3): every heading the
/// law asks for is in the text, the font is embedded, the bytes are the record's hash; pages go to TestResults/documents.
/// </summary>
public sealed class ReportPdfTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    private const string Incident = "3";

    private HttpClient Management => factory.Client(DemoHospital.Keys[Role.Management]);

    private async Task<(byte[] Pdf, string Sha256)> IssuePdf(ReportKind kind)
    {
        var template = ReportTemplates.Get(kind);
        var fields = template.Fields.ToDictionary(f => f.Id, f => $"{f.Heading.Ja}について記入した内容");
        var issued = await (await Management.PostJson($"/api/v1/incidents/{Incident}/reports/{template.Id}/issue",
            new { fields, format = "pdf", to = template.Recipient.Ja, via = "web-form", lateReason = "テストのための発行" })).Json(HttpStatusCode.Created);
        var response = await Management.GetAsync(issued.GetProperty("download").GetString());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsByteArrayAsync(), issued.GetProperty("sha256").GetString()!);
    }

    [Theory]
    [InlineData(ReportKind.PrivacyPreliminary)]
    [InlineData(ReportKind.PrivacyFinal)]
    [InlineData(ReportKind.NoticeToIndividuals)]
    [InlineData(ReportKind.Police)]
    public async Task IssuedPdf_HasEveryHeadingInJapanese_EmbeddedFont_AndTheRecordsHash(ReportKind kind)
    {
        var template = ReportTemplates.Get(kind);

        var (pdf, sha) = await IssuePdf(kind);

        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        var text = Text(pdf, out var pages);
        AssertHas(text, template.Title.Ja);
        foreach (var field in template.Fields)
        {
            AssertHas(text, field.Heading.Ja, $"The heading 「{field.Heading.Ja}」 is not in the PDF of the {template.Id}");
            AssertHas(text, $"{field.Heading.Ja}について記入した内容");
        }
        if (template.IsPrivacyReport)
            Assert.Equal(9, ReportTemplates.NineItems.Count(id => text.Contains(Plain(template.FindField(id)!.Heading.Ja), StringComparison.Ordinal)));
        Assert.InRange(pages, 1, 4);
        var fonts = await Poppler("pdffonts", pdf);
        Assert.Contains("IPAexGothic", fonts, StringComparison.Ordinal);
        Assert.DoesNotContain("Type 3", fonts, StringComparison.Ordinal);
        await Pictures(pdf, $"report-{template.Id}");
    }

    [Fact]
    public async Task DraftPreview_IsMarkedNotIssued_AndWritesTheHospitalsDates()
    {
        var html = await Management.GetStringAsync($"/incidents/{Incident}/reports/privacy-preliminary/preview");

        // A report to an authority is filed (提出); the hospital's own documents are issued (発行).
        Assert.Contains("下書き(未提出)", html, StringComparison.Ordinal);
        Assert.Contains("下書き(未発行)", await Management.GetStringAsync($"/incidents/{Incident}/reports/damage-status/preview"), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ja\"", html, StringComparison.Ordinal);
        Assert.Contains("1 概要", html, StringComparison.Ordinal);
    }
}
