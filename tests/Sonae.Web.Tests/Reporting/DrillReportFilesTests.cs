using DocumentFormat.OpenXml.Packaging;
using Sonae.Core.Reporting;
using Sonae.Web.Documents;
using Sonae.Web.Reporting;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// A drill's report says so first in every format a person can take away — the Word file and the text meant for the
/// commission's online form as well as the page and the PDF — so that it is never pasted into a real form unmarked;
/// a real incident's report carries no such line.
/// </summary>
public sealed class DrillReportFilesTests
{
    private static ReportPaper Paper(bool drill) => new(ReportTemplates.Find("privacy-preliminary")!, new Dictionary<string, string> { ["people"] = "120人" },
        new DateOnly(2026, 12, 7), DocumentDates.Western, 7, Drill: drill);

    private static string WordText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        return document.MainDocumentPart!.Document!.Body!.InnerText;
    }

    [Fact]
    public void ADrillsReport_IsMarkedFirst_InTheTextAndTheWordFile()
    {
        Assert.StartsWith("【" + ReportPaper.DrillMark + "】", ReportFiles.Text(Paper(drill: true)), StringComparison.Ordinal);
        Assert.StartsWith(ReportPaper.DrillMark, WordText(ReportFiles.Docx(Paper(drill: true))), StringComparison.Ordinal);
    }

    [Fact]
    public void ARealReport_CarriesNoDrillMark()
    {
        Assert.DoesNotContain("訓練", ReportFiles.Text(Paper(drill: false)), StringComparison.Ordinal);
        Assert.DoesNotContain("訓練", WordText(ReportFiles.Docx(Paper(drill: false))), StringComparison.Ordinal);
    }
}
