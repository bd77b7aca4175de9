using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>A staff report on an incident's record: where it is, when, what it said, and where it went if it was attached elsewhere.</summary>
public sealed record ReportOnRecord(long Seq, DateTimeOffset At, AnomalyReported Report, IncidentLink? MovedTo);

/// <summary>A person's own report and what became of it, for their home.</summary>
public sealed record OwnReport(int Number, string Title, DateTimeOffset At, AnomalyReported Report, ReportFate Fate, IncidentLink? To);

/// <summary>
/// The staff reports of the record, read for "same as #3?" on the report page, for the join page and for the
/// reporter's home. Through the caller's filters like every query of the area.
/// </summary>
public sealed class ReportQueries(SonaeDbContext db, TimeProvider clock)
{
    private static readonly string Reported = IncidentEventType.AnomalyReported.WireName();
    private static readonly string Attached = IncidentEventType.ReportAttached.WireName();
    private static readonly string Merged = IncidentEventType.IncidentMerged.WireName();

    /// <summary>How far back a person's own reports are shown on their home.</summary>
    public static TimeSpan OwnReportsSpan { get; } = TimeSpan.FromDays(7);

    /// <summary>The open incidents a report from this department about this device probably belongs to (<see cref="ReportMatching"/>).</summary>
    public async Task<IReadOnlyList<IncidentMatch>> Matches(string? department, string? device, CancellationToken cancellationToken)
    {
        if (ReportMatching.Key(department) is null && ReportMatching.Key(device) is null)
            return [];
        var now = clock.GetUtcNow();
        var since = now - ReportMatching.Window;
        // An incident with nothing recorded in the window was neither opened nor reported to in it.
        var incidents = await db.Incidents.AsNoTracking()
            .RealIncidents().Where(i => i.Status == IncidentStatus.Open && i.UpdatedAt >= since)
            .Select(i => new { i.Id, i.Number, i.Title, i.OpenedAt })
            .ToListAsync(cancellationToken);
        if (incidents.Count == 0)
            return [];
        var ids = incidents.Select(i => i.Id).ToList();
        var rows = await db.IncidentEvents.AsNoTracking()
            .Where(e => ids.Contains(e.IncidentId) && (e.Type == Reported || e.Type == Attached || e.Type == Merged))
            .Select(e => new { e.IncidentId, e.At, e.Body })
            .ToListAsync(cancellationToken);
        var seen = ids.ToDictionary(id => id, _ => new List<ReportSeen>());
        var mergedReports = new List<(Guid Into, DateTimeOffset At, IncidentMerged Merged)>();
        foreach (var row in rows)
        {
            switch (EventChain.Parse(row.Body).Data)
            {
                case AnomalyReported r:
                    seen[row.IncidentId].Add(Seen(r, row.At));
                    break;
                case ReportAttached a:
                    seen[row.IncidentId].Add(Seen(a.Contents, row.At));
                    break;
                case IncidentMerged m:
                    mergedReports.Add((row.IncidentId, row.At, m));
                    break;
            }
        }
        // A merged incident's reports stay on its own record: read them there, as filed.
        foreach (var (into, _, merged) in mergedReports)
        {
            var seqs = merged.Reports.ToList();
            var bodies = await db.IncidentEvents.AsNoTracking()
                .Where(e => e.IncidentId == merged.From.Id && seqs.Contains(e.Seq))
                .Select(e => new { e.At, e.Body }).ToListAsync(cancellationToken);
            foreach (var body in bodies)
            {
                if (EventChain.Parse(body.Body).Data is AnomalyReported report)
                    seen[into].Add(Seen(report, body.At));
            }
        }
        var candidates = incidents.Select(i => new MatchCandidate(new IncidentLink(i.Number, i.Id), i.Title, i.OpenedAt, seen[i.Id]));
        return ReportMatching.Matches(department, device, candidates, now);
    }

    /// <summary>The staff reports filed on an incident's record, oldest first.</summary>
    public async Task<IReadOnlyList<ReportOnRecord>> OfIncident(Incident incident, CancellationToken cancellationToken)
    {
        var moved = incident.ReadProgress().MovedReports;
        var rows = await db.IncidentEvents.AsNoTracking()
            .Where(e => e.IncidentId == incident.Id && e.Type == Reported)
            .OrderBy(e => e.Seq).Select(e => new { e.Seq, e.At, e.Body }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ReportOnRecord(r.Seq, r.At, (AnomalyReported)EventChain.Parse(r.Body).Data, moved.GetValueOrDefault(r.Seq)))];
    }

    /// <summary>
    /// The reports <paramref name="actor"/> filed in the last <see cref="OwnReportsSpan"/>, newest first, each with
    /// what became of it. A shared terminal's key is one actor: its home shows the terminal's reports.
    /// </summary>
    public async Task<IReadOnlyList<OwnReport>> Mine(Actor actor, int limit, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - OwnReportsSpan;
        // A report of the week is on an incident whose record changed in the week (an incident's times never run
        // backwards: its last event is no earlier): those incidents' reports are found by the (incident, type) index,
        // not by reading every event of the hospital. Every status is named so that the (status, time) index serves.
        var statuses = Enum.GetValues<IncidentStatus>();
        var recent = db.Incidents.RealIncidents().Where(i => statuses.Contains(i.Status) && i.UpdatedAt >= since).Select(i => i.Id);
        // The actor is inside the sealed text: the few reports of the week are read and sorted here.
        var rows = await db.IncidentEvents.AsNoTracking()
            .Where(e => recent.Contains(e.IncidentId) && e.Type == Reported && e.At >= since)
            .OrderByDescending(e => e.At).Take(500)
            .Select(e => new { e.IncidentId, e.Seq, e.At, e.Body }).ToListAsync(cancellationToken);
        var mine = rows.Select(r => (Row: r, Event: EventChain.Parse(r.Body))).Where(r => r.Event.Actor.Id == actor.Id).Take(limit).ToList();
        if (mine.Count == 0)
            return [];
        var ids = mine.Select(m => m.Row.IncidentId).Distinct().ToList();
        var incidents = await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var leaders = Permissions.RolesFor(Operation.RunResponse);
        var result = new List<OwnReport>(mine.Count);
        foreach (var (row, e) in mine)
        {
            if (!incidents.TryGetValue(row.IncidentId, out var incident))
                continue;
            var acted = await ResponseActed(incident.Id, row.Seq, leaders, cancellationToken);
            var (fate, to) = ReportFates.Of(row.Seq, incident.ReadProgress(), acted);
            result.Add(new OwnReport(incident.Number, incident.Title, row.At, (AnomalyReported)e.Data, fate, to));
        }
        return result;
    }

    /// <summary>
    /// Whether someone who runs the response is at work on the incident: they recorded something among the events just
    /// before or just after the report (a report that joins an incident already in hand is in hand too).
    /// </summary>
    private async Task<bool> ResponseActed(Guid incidentId, long report, IReadOnlyList<Role> leaders, CancellationToken cancellationToken)
    {
        var events = db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incidentId && e.Type != Reported);
        var after = await events.Where(e => e.Seq > report).OrderBy(e => e.Seq).Take(20).Select(e => e.Body).ToListAsync(cancellationToken);
        var before = await events.Where(e => e.Seq < report).OrderByDescending(e => e.Seq).Take(20).Select(e => e.Body).ToListAsync(cancellationToken);
        return after.Concat(before).Any(b => leaders.Contains(EventChain.Parse(b).Actor.Role));
    }

    private static ReportSeen Seen(AnomalyReported report, DateTimeOffset at) => new(report.Department, report.Device, report.Signs, at);
}
