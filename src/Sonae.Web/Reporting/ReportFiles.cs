using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;
using Sonae.Web.Documents;

namespace Sonae.Web.Reporting;

/// <summary>What a report document shows: the report, what it says, the date it bears and how dates are written.</summary>
/// <param name="Draft">Not issued yet: the page says so across its head.</param>
/// <param name="Drill">A drill's report: banded as practice on every page, never a report that was filed.</param>
public sealed record ReportPaper(ReportTemplate Template, IReadOnlyDictionary<string, string> Fields, DateOnly Dated, DocumentDates Dates, int IncidentNumber, bool Draft = false, bool Drill = false)
{
    /// <summary>
    /// What a drill's report says first, in every format (the page's band, the Word file's first paragraph, the text's
    /// first line): reports are Japanese documents, and this one must never be pasted into a real form unmarked.
    /// </summary>
    public const string DrillMark = "訓練 DRILL — これは訓練の文書です。提出・報告されたものではありません。";

    /// <summary>The document an issued report was, from its event alone (and whether its incident is a drill).</summary>
    public static ReportPaper? Of(ReportIssued issued, int incidentNumber, bool drill = false) =>
        ReportTemplates.Find(issued.Report) is { } template && issued is { Fields: { } fields, Dated: { } dated }
            ? new ReportPaper(template, fields, dated, issued.Dates ?? DocumentDates.Western, incidentNumber, Drill: drill)
            : null;
}

/// <summary>A report as a file: its bytes, type, name and SHA-256.</summary>
public sealed record ReportFile(byte[] Content, string MediaType, string FileName, string Sha256)
{
    public static ReportFile Of(byte[] content, string mediaType, string fileName) =>
        new(content, mediaType, fileName, Convert.ToHexStringLower(SHA256.HashData(content)));
}

/// <summary>
/// Makes a report's files: the HTML page (preview and print), the PDF (Chromium, as the binder), the DOCX (Open XML,
/// to edit in Word) and the text to paste into an online form. DOCX and text are made byte for byte the same from
/// the same record (fixed zip times, no creation dates), so an issued one can be made again and compared; a PDF
/// carries Chromium's creation time, so its issued bytes are kept and checked against the record's hash.
/// </summary>
public sealed class ReportFiles(DocumentRenderer renderer, PdfPrinter printer)
{
    public static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Pdf => "pdf",
        ReportFormat.Docx => "docx",
        ReportFormat.Text => "txt",
    };

    public static string MediaType(ReportFormat format) => format switch
    {
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ReportFormat.Text => "text/plain; charset=utf-8",
    };

    public static string FileName(ReportPaper paper, ReportFormat format) =>
        $"incident-{paper.IncidentNumber}-{paper.Template.Id}-{paper.Dated:yyyyMMdd}.{Extension(format)}";

    public Task<string> Html(ReportPaper paper) =>
        renderer.Render<ReportDocument>(new Dictionary<string, object?> { ["Paper"] = paper }, CultureInfo.GetCultureInfo("ja-JP"));

    public async Task<ReportFile> Make(ReportPaper paper, ReportFormat format, CancellationToken cancellationToken)
    {
        var content = format switch
        {
            ReportFormat.Pdf => await printer.Print(await Html(paper), $"#{paper.IncidentNumber} {paper.Template.Title.Ja} {DocumentDate.Date(paper.Dated, paper.Dates)}", cancellationToken),
            ReportFormat.Docx => Docx(paper),
            ReportFormat.Text => Encoding.UTF8.GetBytes(Text(paper)),
        };
        return ReportFile.Of(content, MediaType(format), FileName(paper, format));
    }

    /// <summary>
    /// The report as plain text, heading by heading, for the commission's online form and for e-mail: each
    /// heading in 【】 and its answer under it, exactly as written.
    /// </summary>
    public static string Text(ReportPaper paper)
    {
        var text = new StringBuilder();
        if (paper.Drill)
            text.Append('【').Append(ReportPaper.DrillMark).Append('】').Append("\n\n");
        text.Append(paper.Template.Title.Ja).Append('\n');
        text.Append("宛先: ").Append(paper.Template.Recipient.Ja).Append('\n');
        text.Append("日付: ").Append(DocumentDate.Date(paper.Dated, paper.Dates)).Append('\n');
        text.Append("インシデント: #").Append(paper.IncidentNumber.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var field in paper.Template.Fields)
        {
            text.Append('\n').Append('【').Append(field.Heading.Ja).Append('】').Append('\n');
            text.Append(paper.Fields.TryGetValue(field.Id, out var value) ? value : "(記載なし)").Append('\n');
        }
        return text.ToString();
    }

    /// <summary>An A4 Word document: the title, the date and recipient, then each heading with its answer.</summary>
    public static byte[] Docx(ReportPaper paper)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            // Relationship ids are given, not generated: the SDK's are random, and the same report must be the same bytes.
            var main = document.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rIdMain");
            var styles = main.AddNewPart<StyleDefinitionsPart>("rIdStyles");
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Yu Gothic", HighAnsi = "Yu Gothic", EastAsia = "Yu Gothic", ComplexScript = "Yu Gothic" },
                    new FontSize { Val = "21" },
                    new Languages { Val = "en-US", EastAsia = "ja-JP" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "80", Line = "300", LineRule = LineSpacingRuleValues.Auto }))));

            var body = new Body();
            if (paper.Drill)
                body.Append(Paragraph(ReportPaper.DrillMark, JustificationValues.Center, size: "28", bold: true, shaded: true));
            body.Append(Paragraph(paper.Template.Addressee, JustificationValues.Left));
            body.Append(Paragraph(DocumentDate.Date(paper.Dated, paper.Dates), JustificationValues.Right));
            body.Append(Paragraph($"インシデント #{paper.IncidentNumber.ToString(CultureInfo.InvariantCulture)}", JustificationValues.Right));
            body.Append(Paragraph(paper.Template.Title.Ja, JustificationValues.Center, size: "32", bold: true));
            if (paper.Template.LegalBasis is { } basis)
                body.Append(Paragraph(basis.Ja, JustificationValues.Center, size: "18"));
            foreach (var field in paper.Template.Fields)
            {
                body.Append(Paragraph(field.Heading.Ja, JustificationValues.Left, size: "23", bold: true, shaded: true));
                var answer = paper.Fields.TryGetValue(field.Id, out var value) ? value : "(記載なし)";
                foreach (var line in answer.Split('\n'))
                    body.Append(Paragraph(line, JustificationValues.Left, indent: true));
            }
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
        }
        return WithFixedTimes(stream.ToArray(), paper.Dated);
    }

    private static Paragraph Paragraph(string text, JustificationValues justification, string? size = null, bool bold = false, bool shaded = false, bool indent = false)
    {
        var paragraphProperties = new ParagraphProperties();
        if (shaded)
            paragraphProperties.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "EEEEEE", Color = "auto" });
        if (shaded)
            paragraphProperties.Append(new SpacingBetweenLines { Before = "160", After = "60" });
        if (indent)
            paragraphProperties.Append(new Indentation { Left = "220" });
        paragraphProperties.Append(new Justification { Val = justification });
        var runProperties = new RunProperties();
        if (bold)
            runProperties.Append(new Bold());
        if (size is not null)
            runProperties.Append(new FontSize { Val = size });
        return new Paragraph(paragraphProperties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    /// <summary>
    /// The same package with every part stamped with one time (the document's date), in the same order: a zip
    /// otherwise carries the moment it was written, and the same report would never be the same bytes twice.
    /// </summary>
    private static byte[] WithFixedTimes(byte[] package, DateOnly dated)
    {
        var stamp = new DateTimeOffset(dated.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = stamp;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
