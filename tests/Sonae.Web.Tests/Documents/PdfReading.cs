using System.Diagnostics;
using UglyToad.PdfPig;

namespace Sonae.Web.Tests.Documents;

/// <summary>Reading a PDF back as its reader would: its text (PdfPig), its fonts (poppler) and its pages as pictures.</summary>
public static class PdfReading
{
    private static readonly string PicturesFolder = Path.Combine(FindRoot(), "TestResults", "documents");

    /// <summary>
    /// The text of every page, compared without white space and in NFKC form: PdfPig reads some ideographs of the
    /// embedded font as their Kangxi radical twins (⽴ for 立), which NFKC folds back (poppler reads them right).
    /// </summary>
    public static string Text(byte[] pdf, out int pages)
    {
        using var document = PdfDocument.Open(pdf);
        pages = document.NumberOfPages;
        return Plain(string.Concat(document.GetPages().Select(p => p.Text)));
    }

    public static string Plain(string text) => new(text.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static void AssertHas(string text, string expected, string? what = null) =>
        Assert.True(text.Contains(Plain(expected), StringComparison.Ordinal), what ?? $"\"{expected}\" is not in the document");

    /// <summary>pdftotext's reading of the whole document, on standard output (<paramref name="options"/>: -bbox, -layout …).</summary>
    public static Task<string> PdfToText(byte[] pdf, params string[] options) => Poppler("pdftotext", pdf, options, ["-"]);

    public static Task<string> Poppler(string tool, byte[] pdf, params string[] args) => Poppler(tool, pdf, args, []);

    private static async Task<string> Poppler(string tool, byte[] pdf, string[] args, string[] after)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sonae-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args.Append(file).Concat(after))
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
    public static async Task Pictures(byte[] pdf, string name)
    {
        Directory.CreateDirectory(PicturesFolder);
        var file = Path.Combine(Path.GetTempPath(), $"sonae-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var process = Process.Start("pdftoppm", ["-r", "60", "-png", file, Path.Combine(PicturesFolder, name)])!;
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.NotEmpty(Directory.GetFiles(PicturesFolder, $"{name}-*.png"));
    }

    /// <summary>The QR code of the printed page, read as a phone's camera would read the paper: rendered at 150 dpi and decoded by zbarimg.</summary>
    public static async Task<string> QrCode(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("sonae-qr-");
        try
        {
            var file = Path.Combine(folder.FullName, "poster.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            await Run("pdftoppm", "-r", "150", "-png", "-singlefile", file, Path.Combine(folder.FullName, "poster"));
            var decoded = await Run("zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", Path.Combine(folder.FullName, "poster.png"));
            return decoded.Trim();
        }
        finally
        {
            folder.Delete(recursive: true);
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

    public static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sonae.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? Path.GetTempPath();
    }
}
