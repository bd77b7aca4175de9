using System.Diagnostics;
using System.Net;
using Sonae.Core.Access;
using Sonae.Core.Preparedness;
using Sonae.Web.Demo;
using Sonae.Web.Tests.Demo;
using Sonae.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Sonae.Web.Tests.Documents;

/// <summary>
/// The demo hospital's emergency binder and QR poster, made by the real Chromium into real PDFs: read back with
/// PdfPig for every number and every role card, checked with poppler for real embedded fonts, and rendered to PNG
/// (TestResults/documents/) for a person to look at.
/// </summary>
public sealed class BinderTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    private static readonly string Pictures = Path.Combine(FindRoot(), "TestResults", "documents");

    private async Task<byte[]> Pdf(string path, Role role = Role.Staff)
    {
        var response = await factory.Client(DemoHospital.Keys[role]).GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// The text of every page, compared without white space and in NFKC form: PdfPig reads some ideographs of the
    /// embedded font as their Kangxi radical twins (⽴ for 立), which NFKC folds back (poppler reads them right).
    /// </summary>
    private static string Text(byte[] pdf, out int pages)
    {
        using var document = PdfDocument.Open(pdf);
        pages = document.NumberOfPages;
        return Plain(string.Concat(document.GetPages().Select(p => p.Text)));
    }

    private static string Plain(string text) => new(text.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static void AssertHas(string text, string expected, string? what = null) =>
        Assert.True(text.Contains(Plain(expected), StringComparison.Ordinal), what ?? $"\"{expected}\" is not in the document");

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
        await Pictures_Of(pdf, "binder");
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
        await Pictures_Of(pdf, "poster");
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

    private static async Task<string> Poppler(string tool, byte[] pdf, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sonae-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args.Append(file))
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Every page as a PNG (TestResults/documents/name-NN.png), to look at as a reader would.</summary>
    private static async Task Pictures_Of(byte[] pdf, string name)
    {
        Directory.CreateDirectory(Pictures);
        var file = Path.Combine(Path.GetTempPath(), $"sonae-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var process = Process.Start("pdftoppm", ["-r", "60", "-png", file, Path.Combine(Pictures, name)])!;
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.NotEmpty(Directory.GetFiles(Pictures, $"{name}-*.png"));
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sonae.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? Path.GetTempPath();
    }
}
