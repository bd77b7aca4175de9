using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Checkpoints;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>An incident as its pages show it: the projection, its playbook, every step's state, and the latest of its record the reader may see (oldest first).</summary>
public sealed record IncidentOverview(Incident Incident, LoadedPlaybook Playbook, IncidentSnapshot Snapshot, IReadOnlyList<IncidentEvent> Latest);

/// <summary>What the page after a staff member's report needs: when it was recorded, and the playbook that says what to do at once.</summary>
public sealed record ReportedView(DateTimeOffset ReportedAt, Playbook Playbook);

/// <summary>
/// Where a report a terminal sent stands, and nothing else of its incident (a terminal must not read the hospital's
/// incidents): its number, whether the response is under way or closed, and when the record last changed.
/// </summary>
public sealed record SentReportStatus(int Number, IncidentStatus Status, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt);

/// <summary>
/// The Incidents area's read side, for its pages, its endpoints and the other areas alike: each query runs the EF
/// query and returns what is shown. Every one goes through the scope's filters (the caller's organization; for a
/// vendor, the incidents they were invited to), so an incident the caller may not see reads as one that does not exist.
/// </summary>
public sealed class IncidentQueries(SonaeDbContext db, ReadDatabase read, PlaybookCache playbooks)
{
    /// <summary>
    /// The id of an incident the caller may see, named by its id or by its number ("12"); null when there is no such
    /// incident or the caller may not see it (another hospital's; for a vendor, one they are not invited to). Always
    /// a query through the caller's access filter, whatever form the name takes: for whatever happens before the
    /// record writer (a file stored, a view read). A command by id leaves the lookup to the writer, which makes it
    /// through the same filters (<see cref="CommandContext"/>).
    /// </summary>
    public Task<Guid?> ResolveId(string id, CancellationToken cancellationToken) =>
        Named(id) is { } query
            ? query.Select(i => (Guid?)i.Id).SingleOrDefaultAsync(cancellationToken)
            : Task.FromResult<Guid?>(null);

    /// <summary>Finds an incident the caller may see by its id, or by its number ("12").</summary>
    public Task<Incident?> Find(string id, CancellationToken cancellationToken) =>
        Named(id) is { } query
            ? query.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            : Task.FromResult<Incident?>(null);

    /// <summary>The incidents (none or one) a name points to, through the context's filters; null for a name that cannot be one.</summary>
    private IQueryable<Incident>? Named(string id)
    {
        if (Guid.TryParse(id, out var guid))
            return db.Incidents.Where(i => i.Id == guid);
        if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return db.Incidents.Where(i => i.Number == number);
        return null;
    }

    public Task<LoadedPlaybook> Playbook(Incident incident, CancellationToken cancellationToken) => playbooks.Load(db, incident.PlaybookVersionId, cancellationToken);

    /// <summary>The incidents of the organization, most recently changed first; all of them when <paramref name="status"/> is null.</summary>
    public async Task<IReadOnlyList<IncidentSummary>> List(IncidentStatus? status, int limit, CancellationToken cancellationToken)
    {
        // Drills are listed on their own page (/drills), never among the real incidents.
        var query = db.Incidents.AsNoTracking().RealIncidents();
        if (status is { } wanted)
            query = query.Where(i => i.Status == wanted);
        var incidents = await query.OrderByDescending(i => i.UpdatedAt).Take(limit).ToListAsync(cancellationToken);
        var summaries = new List<IncidentSummary>(incidents.Count);
        foreach (var incident in incidents)
            summaries.Add(IncidentViews.Summary(incident, await playbooks.Get(db, incident.PlaybookVersionId, cancellationToken)));
        return summaries;
    }

    /// <summary>
    /// The open incidents, newest first: the pickers of the report, merge and notice pages, read from the replica where
    /// one is set (<see cref="ReadDatabase"/>; an incident opened a moment ago by someone else may show on the next load).
    /// </summary>
    public async Task<IReadOnlyList<Incident>> Open(int limit, CancellationToken cancellationToken) =>
        await read.Read(async from => await from.Incidents.AsNoTracking()
            .RealIncidents().Where(i => i.Status == IncidentStatus.Open)
            .OrderByDescending(i => i.OpenedAt)
            .Take(limit)
            .ToListAsync(cancellationToken), cancellationToken);

    /// <summary>An incident's state with every step's (the API's view), or null when there is no such incident for the caller.</summary>
    public async Task<IncidentState?> State(string id, CancellationToken cancellationToken) =>
        await Find(id, cancellationToken) is { } incident
            ? IncidentViews.State(incident, await Playbook(incident, cancellationToken))
            : null;

    /// <summary>
    /// A page of an incident's record as <paramref name="reader"/> may see it: from just after <paramref name="after"/>
    /// on, else up to just before <paramref name="before"/> (the latest page when both are null). Null when there is
    /// no such incident for the caller.
    /// </summary>
    public async Task<EventsPage?> Events(string id, Actor reader, long? after, long? before, int size, CancellationToken cancellationToken)
    {
        if (await Find(id, cancellationToken) is not { } incident)
            return null;
        var events = db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incident.Id).VisibleTo(reader);
        List<IncidentEventRow> page;
        if (after is { } from)
        {
            page = await events.Where(e => e.Seq > from).OrderBy(e => e.Seq).Take(size).ToListAsync(cancellationToken);
        }
        else
        {
            var until = before ?? incident.LastSeq + 1;
            page = await events.Where(e => e.Seq < until).OrderByDescending(e => e.Seq).Take(size).ToListAsync(cancellationToken);
            page.Reverse();
        }
        long? older = page.Count > 0 && page[0].Seq > 1 ? page[0].Seq : null;
        long? newer = page.Count > 0 && page[^1].Seq < incident.LastSeq ? page[^1].Seq : null;
        return new EventsPage(incident.Id, incident.LastSeq, page.Select(IncidentViews.Event).ToList(), older, newer);
    }

    /// <summary>
    /// The incident numbered <paramref name="number"/> with its state and the latest <paramref name="latest"/> events
    /// of its record that <paramref name="reader"/> may see (the workspace, the printable summary); null when there is
    /// no such incident for the caller.
    /// </summary>
    public async Task<IncidentOverview?> Overview(int number, Actor reader, int latest, CancellationToken cancellationToken)
    {
        if (await Find(Name(number), cancellationToken) is not { } incident)
            return null;
        var playbook = await Playbook(incident, cancellationToken);
        var rows = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incident.Id).VisibleTo(reader)
            .OrderByDescending(e => e.Seq).Take(latest).Select(e => e.Body).ToListAsync(cancellationToken);
        rows.Reverse();
        return new IncidentOverview(incident, playbook, StepStates.Compute(playbook.Playbook, incident.ReadProgress()), [.. rows.Select(EventChain.Parse)]);
    }

    /// <summary>The organization's latest signed checkpoint of its records, or null before the first.</summary>
    public async Task<SignedCheckpoint?> LatestCheckpoint(CancellationToken cancellationToken) =>
        await db.Checkpoints.AsNoTracking().OrderByDescending(c => c.Number).Select(c => c.Document).FirstOrDefaultAsync(cancellationToken) is { } document
            ? SignedCheckpoint.Parse(document)
            : null;

    /// <summary>
    /// The latest anomaly report of the incident numbered <paramref name="number"/> (its opening when it has none),
    /// and its playbook; null when there is no such incident for the caller.
    /// </summary>
    public async Task<ReportedView?> Reported(int number, CancellationToken cancellationToken)
    {
        if (await Find(Name(number), cancellationToken) is not { } incident)
            return null;
        var reportType = IncidentEventType.AnomalyReported.WireName();
        var reportedAt = await db.IncidentEvents.AsNoTracking()
            .Where(e => e.IncidentId == incident.Id && e.Type == reportType)
            .OrderByDescending(e => e.Seq)
            .Select(e => (DateTimeOffset?)e.At)
            .FirstOrDefaultAsync(cancellationToken);
        var playbook = await Playbook(incident, cancellationToken);
        return new ReportedView(reportedAt ?? incident.OpenedAt, playbook.Playbook);
    }

    /// <summary>Where the incidents numbered <paramref name="numbers"/> stand, in that order (those that do not exist left out).</summary>
    public async Task<IReadOnlyList<SentReportStatus>> SentReportStatuses(IReadOnlyList<int> numbers, CancellationToken cancellationToken)
    {
        var found = await db.Incidents.AsNoTracking().Where(i => numbers.Contains(i.Number))
            .Select(i => new SentReportStatus(i.Number, i.Status, i.UpdatedAt, i.ClosedAt)).ToListAsync(cancellationToken);
        return [.. numbers.Select(n => found.FirstOrDefault(f => f.Number == n)).OfType<SentReportStatus>()];
    }

    /// <summary>The name of the organization an incident belongs to, as its documents print it.</summary>
    public Task<string?> OrganizationName(Incident incident, CancellationToken cancellationToken) =>
        db.Organizations.AsNoTracking().Where(o => o.Id == incident.OrganizationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken);

    private static string Name(int number) => number.ToString(CultureInfo.InvariantCulture);
}
