using System.Globalization;
using Sonae.Core;
using Sonae.Web.Incidents;
using Sonae.Web.Resources;

namespace Sonae.Web.Documents;

/// <summary>Makes management's one-page situation sheet of an incident, as HTML (the print page) or as an A4 PDF.</summary>
public sealed class MakeSituationSheet(LoadSituation load, DocumentRenderer renderer, PdfPrinter printer)
{
    /// <summary>The incident numbered <paramref name="number"/> as the sheet shows it; null when the caller may not see it.</summary>
    public Task<SituationView?> View(int number, CancellationToken cancellationToken) => load.View(number, cancellationToken);

    public Task<string> Html(SituationView view, CultureInfo culture, bool wareki, string summaryUrl, string? pdfUrl) =>
        renderer.Render<SituationSheet>(new Dictionary<string, object?>
        {
            [nameof(SituationSheet.View)] = view,
            [nameof(SituationSheet.Wareki)] = wareki,
            [nameof(SituationSheet.SummaryUrl)] = summaryUrl,
            [nameof(SituationSheet.PdfUrl)] = pdfUrl,
        }, culture);

    public async Task<byte[]> Pdf(SituationView view, CultureInfo culture, bool wareki, string summaryUrl, CancellationToken cancellationToken) =>
        await printer.Print(await Html(view, culture, wareki, summaryUrl, null), Footer(view, culture), cancellationToken);

    private static string Footer(SituationView view, CultureInfo culture) =>
        $"{view.OrganizationName} — {DocumentTexts.ResourceManager.GetString(nameof(DocumentTexts.SheetTitle), culture)} #{view.Incident.Number} — {view.Now.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} JST";
}
