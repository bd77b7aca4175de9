using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Web.Access;

namespace Sonae.Web.Incidents;

/// <summary>
/// A staff member's anomaly report: it joins the incident the reporter chose (the same problem seen elsewhere),
/// or opens a new one titled by where it happened.
/// </summary>
public sealed class FileAnomalyReport(OpenIncident open, ApplyIncidentCommand apply)
{
    public Task<CommandOutcome> Run(Caller caller, AnomalyReport report, Guid? joinIncident, string? requestId, CancellationToken cancellationToken) =>
        joinIncident is { } incidentId
            ? apply.Run(caller, incidentId, new ReportAnomaly(report), requestId, cancellationToken)
            : open.Run(caller, new NewIncident(Title(report), IncidentSource.AnomalyReport, Report: report), null, requestId, cancellationToken);

    /// <summary>"3階西病棟 ナースステーション PC-3W-01": where it happened, which is what people call it by.</summary>
    public static string Title(AnomalyReport report)
    {
        var title = string.Join(' ', new[] { report.Department, report.Location, report.Device }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        return TextRules.Shorten(title, TextLimits.ShortText);
    }
}
