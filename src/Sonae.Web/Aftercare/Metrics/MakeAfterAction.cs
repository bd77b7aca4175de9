using System.Globalization;
using Sonae.Core;
using Sonae.Web.Documents;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>Makes an incident's after-action report as an A4 PDF, through the documents' renderer and Chromium.</summary>
public sealed class MakeAfterAction(DocumentRenderer renderer, PdfPrinter printer)
{
    public Task<string> Html(AfterActionView view, CultureInfo culture, bool wareki) =>
        renderer.Render<AfterActionDocument>(new Dictionary<string, object?>
        {
            [nameof(AfterActionDocument.View)] = view,
            [nameof(AfterActionDocument.Wareki)] = wareki,
        }, culture);

    /// <summary>The PDF; a drill's says 訓練 / DRILL in the header of every page, whatever the reader's language.</summary>
    public async Task<byte[]> Pdf(AfterActionView view, CultureInfo culture, bool wareki, CancellationToken cancellationToken) =>
        await printer.Print(await Html(view, culture, wareki), Footer(view, culture), cancellationToken,
            header: view.Incident.Drill ? UiTexts.ResourceManager.GetString(nameof(UiTexts.AfterActionDrillMark), culture) : null);

    private static string Footer(AfterActionView view, CultureInfo culture) =>
        $"{view.OrganizationName} — {UiTexts.ResourceManager.GetString(nameof(UiTexts.AfterActionTitle), culture)} #{view.Incident.Number} — {view.Now.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} JST";
}
