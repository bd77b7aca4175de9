using System.Globalization;
using Microsoft.Extensions.Options;
using Sonae.Core;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Web.Checkpoints;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;
using Sonae.Web.Resources;

namespace Sonae.Web.Documents;

/// <summary>
/// Makes the emergency binder and the QR poster of the organization in scope, as HTML or as PDF: for the browser's
/// print page, the download, and <c>sonae binder --out</c>.
/// </summary>
public sealed class MakeBinder(
    LoadOrganizations organizations, LoadPreparedness load, LoadEmergencyContact contact, LoadPlaybooks playbooks, LoadCheckpoints checkpoints,
    ReportingLinkChanges links, DocumentRenderer renderer, PdfPrinter printer, TimeProvider clock, IOptions<DocumentOptions> options, Preparedness.LoadReadiness readiness)
{
    /// <summary>Sonae's address when nothing says otherwise: where it listens by default (README, Urls).</summary>
    public const string DefaultUrl = "http://localhost:5000";

    /// <summary>The address printed on the documents: the configured one, else <paramref name="requestBase"/>.</summary>
    public string BaseUrl(string? requestBase) =>
        (options.Value.PublicUrl is { Length: > 0 } configured ? configured : requestBase ?? DefaultUrl).TrimEnd('/');

    public async Task<BinderModel> Model(Guid organizationId, string baseUrl, string? pdfUrl, CancellationToken cancellationToken)
    {
        var name = await organizations.Name(organizationId, cancellationToken);
        var playbook = await playbooks.Default(organizationId, cancellationToken);
        var record = await load.Record(cancellationToken);
        var checkpoint = await checkpoints.Latest(organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var today = load.Today;
        return new BinderModel(
            record.Profile?.Name ?? name,
            record,
            playbook.Playbook,
            // The lines whose appliance an open advisory matches head the "not ready" list.
            await readiness.Findings(record, cancellationToken),
            now,
            today,
            today.AddDays(BinderModel.ReplaceAfterDays),
            $"{baseUrl}/report",
            pdfUrl,
            checkpoint,
            await contact.Current(organizationId, cancellationToken));
    }

    public Task<string> BinderHtml(BinderModel model, CultureInfo culture) =>
        renderer.Render<Binder>(new Dictionary<string, object?> { [nameof(Binder.Model)] = model }, culture);

    /// <summary>The binder as the officer's and management's phones keep it (<see cref="PhoneBinder"/>).</summary>
    public Task<string> PhoneBinderHtml(BinderModel model, CultureInfo culture) =>
        renderer.Render<PhoneBinder>(new Dictionary<string, object?> { [nameof(PhoneBinder.Model)] = model }, culture);

    public Task<string> PosterHtml(BinderModel model, CultureInfo culture, Microsoft.AspNetCore.Antiforgery.AntiforgeryTokenSet? linkForm = null) =>
        renderer.Render<Poster>(new Dictionary<string, object?> { [nameof(Poster.Model)] = model, [nameof(Poster.LinkForm)] = linkForm }, culture);

    /// <summary>
    /// The poster with a new reporting link for <paramref name="place"/>: its QR code signs a phone in to report,
    /// without an account. The link's address holds its secret and is shown only here, so it is made per printing.
    /// </summary>
    public async Task<BinderModel> WithReportingLink(BinderModel model, Guid organizationId, string baseUrl, string place, CancellationToken cancellationToken)
    {
        var (_, secret) = await links.Make(organizationId, place, cancellationToken);
        return model with { ReportUrl = $"{baseUrl}{ReportingLinks.LinkPath}/{secret}", ReportingPlace = place };
    }

    public async Task<byte[]> BinderPdf(BinderModel model, CultureInfo culture, CancellationToken cancellationToken) =>
        await printer.Print(await BinderHtml(model with { PdfUrl = null }, culture), Footer(model, culture), cancellationToken);

    public async Task<byte[]> PosterPdf(BinderModel model, CultureInfo culture, CancellationToken cancellationToken) =>
        await printer.Print(await PosterHtml(model with { PdfUrl = null }, culture), Footer(model, culture), cancellationToken);

    private static string Footer(BinderModel model, CultureInfo culture) =>
        $"{model.OrganizationName} — {DocumentTexts.ResourceManager.GetString(nameof(DocumentTexts.BinderTitle), culture)} — {model.MadeAt.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} JST";
}
