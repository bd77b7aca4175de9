using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;
using Sonae.Web.Access;
using Sonae.Web.Incidents;

namespace Sonae.Web.Reporting;

/// <summary>What someone asks to issue: a report as they finished it (null: its saved draft), as which file, to whom and how.</summary>
public sealed record IssueRequest(string Report, IReadOnlyDictionary<string, string>? Fields, ReportFormat Format, string? To, ContactChannel Via, string? Comment, string? LateReason);

/// <summary>
/// Issues a report: makes the file from the fields as they were sent, or else as its draft was last saved (dated today,
/// Japan time, dates written as the organization chose), then records the issue with the file's SHA-256 and keeps the
/// file. Without fields and without a saved draft nothing is issued: the record's first fill goes out only once
/// someone has saved it as the draft. The file is made before the record's transaction (a PDF takes Chromium a
/// moment); if the rules refuse, nothing is kept.
/// </summary>
public sealed class IssueReportDocument(ApplyReportingCommand apply, ReportFiles files)
{
    /// <param name="File">The file made and kept; null when refused, or when the request replayed an earlier issue (its file is the one kept then).</param>
    public sealed record Issued(CommandOutcome Outcome, ReportFile? File);

    /// <param name="requestId">The request's idempotency key: the same key issues once.</param>
    public async Task<Issued> Run(Caller caller, ReportingView view, IssueRequest request, CancellationToken cancellationToken, string? requestId = null)
    {
        var template = ReportTemplates.Find(request.Report);
        var sent = request.Fields ?? (template is null ? null : view.State.Draft(template.Id)?.Fields);
        var fields = template is null ? new Dictionary<string, string>() : ReportingDecisions.Normalized(template, sent);
        ReportFile? file = null;
        if (template is not null && sent is not null)
        {
            var paper = new ReportPaper(template, fields, view.Today, view.Dates, view.Incident.Number, Drill: view.Incident.Drill);
            file = await files.Make(paper, request.Format, cancellationToken);
        }
        var command = new IssueDocument(request.Report, sent ?? new Dictionary<string, string>(), request.Format, view.Today, view.Dates,
            file?.Sha256 ?? "", request.To ?? "", request.Via, request.Comment, request.LateReason);
        var outcome = await apply.Run(caller, view.Incident.Id, command, file, cancellationToken, requestId);
        return new Issued(outcome, outcome is CommandOutcome.Appended { Replayed: false } ? file : null);
    }
}
