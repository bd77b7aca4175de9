using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Data.Reporting;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Reporting;

/// <summary>
/// The use case behind every reporting command (answer 第7条, set the moment of awareness, record a figure, save a
/// draft, issue a report): in the record writer's transaction, load the incident and the reporting part of its
/// record, ask <see cref="ReportingDecisions"/>, append. An issued report's file is stored in the same transaction as
/// its event, so there is never one without the other.
/// </summary>
public sealed class ApplyReportingCommand(RecordWriter writer, PlaybookCache playbooks, TimeProvider clock)
{
    private static readonly string[] SourceTypes = [.. ReportingState.Sources.Select(t => t.WireName())];

    /// <param name="file">The issued file, for <see cref="IssueDocument"/>: its hash must be the command's.</param>
    /// <param name="requestId">
    /// The request's <c>Idempotency-Key</c> (the page forms send one of their own): a retry, or a second click, records
    /// nothing new and answers what the first did. The file is left out of the fingerprint (a PDF differs each time).
    /// </param>
    public Task<CommandOutcome> Run(Caller caller, Guid incidentId, ReportingCommand command, ReportFile? file, CancellationToken cancellationToken, string? requestId = null)
    {
        var actor = caller.Actor;
        var key = IdempotencyKeys.For(requestId, "reporting", incidentId, actor, command is IssueDocument issue ? issue with { Sha256 = "" } : command);
        return writer.Submit(caller, async (db, ct) =>
        {
            if (key is not null && await IdempotencyKeys.Replay(db, playbooks, key, ct) is { } replay)
                return replay;
            var incident = await db.IncidentForAppendAsync(incidentId, ct);
            if (incident is null)
                return new CommandOutcome.NotFound();
            var playbook = await playbooks.Get(db, incident.PlaybookVersionId, ct);
            var progress = incident.ReadProgress();
            var recorded = await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, SourceTypes, ct);
            // Events staged in this batch and not saved yet are on the tracked context, not in the query.
            var staged = db.ChangeTracker.Entries<IncidentEventRow>()
                .Where(e => e.State == EntityState.Added && e.Entity.IncidentId == incident.Id && SourceTypes.Contains(e.Entity.Type))
                .Select(e => EventChain.Parse(e.Entity.Body));
            var state = ReportingState.From(recorded.Concat(staged).DistinctBy(e => e.Seq), playbook.Bindings);
            // The rules the record fixes; for an incident opened before they were fixed, the profile's at its opening.
            var rules = state.Rules ?? await ProfileRules.At(db, incident.OpenedAt, ct);
            var now = clock.GetUtcNow();

            var decision = ReportingDecisions.Decide(state, progress, actor, command, rules, now);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook, command);
            // Every event that changes whether the final report is owed is a reporting command's: kept here, on the projection.
            incident.FinalReportOwed = state.With(decision.Events, incident.LastSeq + 1, now).FinalReportOwed;
            var (rows, after) = db.Append(incident, progress, EventChain.Append(incident.Head, decision.Events, now), key);
            if (command is IssueDocument issued && file is not null)
            {
                db.IssuedDocuments.Add(new IssuedDocument
                {
                    IncidentId = incident.Id,
                    Seq = rows[^1].Seq,
                    OrganizationId = incident.OrganizationId,
                    Report = issued.Report,
                    Format = ReportFiles.Extension(issued.Format),
                    MediaType = file.MediaType,
                    FileName = file.FileName,
                    Sha256 = file.Sha256,
                    Content = file.Content,
                    IssuedAt = now,
                });
            }
            return CommandOutcome.Appended.Of(incident, rows, after, playbook);
        }, cancellationToken, appendsTo: incidentId);
    }
}
