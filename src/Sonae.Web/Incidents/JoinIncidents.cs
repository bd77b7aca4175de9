using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>
/// One incident per attack: merge an incident into another, or attach one anomaly report to another incident. Both
/// records get their event in one transaction of the <see cref="RecordWriter"/> (all or nothing); the answer is the
/// receiving incident's, with the giving one's in <see cref="CommandOutcome.Appended.AlsoChanged"/>.
/// </summary>
public sealed class JoinIncidents(RecordWriter writer, PlaybookCache playbooks, TimeProvider clock)
{
    private static readonly string ReportType = IncidentEventType.AnomalyReported.WireName();

    public Task<CommandOutcome> Merge(Caller caller, Guid sourceId, Guid targetId, string? reason, CancellationToken cancellationToken) =>
        Run(caller, sourceId, targetId, async (db, source, target, ct) =>
        {
            var reports = await db.IncidentEvents.AsNoTracking()
                .Where(e => e.IncidentId == source.Id && e.Type == ReportType).Select(e => e.Seq).ToListAsync(ct);
            // Reports staged earlier in this batch are not saved yet.
            reports.AddRange(db.Tracked<IncidentEventRow>().Where(e => e.IncidentId == source.Id && e.Type == ReportType).Select(e => e.Seq));
            var sourcePlaybook = await playbooks.Get(db, source.PlaybookVersionId, ct);
            var standing = OperationalDecisions.InForce(sourcePlaybook, source.ReadProgress()).Select(d => d.Decision.Fact).ToList();
            return IncidentJoins.Merge(caller.Actor, Side(source) with { DecisionsInForce = standing }, [.. reports.Distinct()], Side(target), reason);
        }, cancellationToken);

    public Task<CommandOutcome> Attach(Caller caller, Guid sourceId, long reportSeq, Guid targetId, string? reason, CancellationToken cancellationToken) =>
        Run(caller, sourceId, targetId, async (db, source, target, ct) =>
        {
            var body = await db.IncidentEvents.AsNoTracking()
                .Where(e => e.IncidentId == source.Id && e.Seq == reportSeq).Select(e => e.Body).SingleOrDefaultAsync(ct)
                ?? db.Tracked<IncidentEventRow>().Where(e => e.IncidentId == source.Id && e.Seq == reportSeq).Select(e => e.Body).SingleOrDefault();
            return IncidentJoins.Attach(caller.Actor, Side(source), reportSeq, body is null ? null : EventChain.Parse(body).Data, Side(target), reason);
        }, cancellationToken);

    private delegate Task<JoinDecision> Decide(SonaeDbContext db, Incident source, Incident target, CancellationToken cancellationToken);

    private Task<CommandOutcome> Run(Caller caller, Guid sourceId, Guid targetId, Decide decide, CancellationToken cancellationToken) =>
        writer.Submit(caller, async (db, ct) =>
        {
            // Two rows locked in one order (PostgreSQL), so two merges crossing each other wait rather than deadlock.
            Incident? source = null, target = null;
            foreach (var id in new[] { sourceId, targetId }.Distinct().Order())
            {
                var incident = await db.IncidentForAppendAsync(id, ct);
                if (id == sourceId)
                    source = incident;
                if (id == targetId)
                    target = incident;
            }
            if (source is null || target is null)
                return new CommandOutcome.NotFound();
            var playbook = await playbooks.Get(db, target.PlaybookVersionId, ct);
            var decision = await decide(db, source, target, ct);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook);

            var now = clock.GetUtcNow();
            var (_, sourceAfter) = db.Append(source, source.ReadProgress(), EventChain.Append(source.Head, decision.Source, now), request: null);
            var (rows, targetAfter) = db.Append(target, target.ReadProgress(), EventChain.Append(target.Head, decision.Target, now), request: null);
            return CommandOutcome.Appended.Of(target, rows, targetAfter, playbook) with { AlsoChanged = [new IncidentChanged(caller.OrganizationId, source.Id, source.LastSeq)] };
        }, cancellationToken);

    private static JoinSide Side(Incident incident) =>
        new(new IncidentLink(incident.Number, incident.Id), incident.Title, incident.ReadProgress(), incident.LastSeq, Drill: incident.Drill);
}
