using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Data;

namespace Sonae.Web.Incidents;

/// <summary>The result of checking one organization's audit chain; <paramref name="OrganizationName"/> is null for the entries of no organization.</summary>
public sealed record CheckedAudit(Guid Organization, string? OrganizationName, long Entries, Core.Audit.AuditBreak? Break);

/// <summary>The result of checking one incident's record.</summary>
/// <param name="Backwards">The first event whose time runs before the one before it (written on servers whose clocks differed); not a break.</param>
public sealed record CheckedIncident(Guid OrganizationId, string OrganizationName, Guid IncidentId, int Number, long Events, ChainBreak? Break, BackwardsTime? Backwards = null);

/// <summary>
/// Checks the record of every incident of every organization (<c>sonae verify</c>): each event's text against its
/// hash, each link to the event before, the sequence without gaps, the end of the chain against the incident, and
/// the incident's current state (what people see and act on) against what its events add up to. Streams the
/// events, so memory stays flat however long a record is.
/// </summary>
public sealed class VerifyRecords(SonaeDbContext db, Evidence.EvidenceLocker locker)
{
    public async IAsyncEnumerable<CheckedIncident> Run([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { i.Id, i.OrganizationId, OrganizationName = o.Name, i.Number, i.LastSeq, i.HeadHash, i.Progress, i.Status, i.Outcome, i.ClosedAt })
            .OrderBy(i => i.OrganizationName).ThenBy(i => i.Number)
            .ToListAsync(cancellationToken);

        foreach (var incident in incidents)
        {
            // What else some events name (kept files, the other half of a join) is gathered in the same reading.
            var named = new NamedByEvents();
            var verifier = new ChainVerifier(incident.OrganizationId, incident.Id, named.Add);
            var events = db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
                .Where(e => e.IncidentId == incident.Id)
                .OrderBy(e => e.Seq)
                .Select(e => new StoredEvent(e.Seq, e.Type, e.At, e.Body, e.Hash, e.OrganizationId))
                .AsAsyncEnumerable();
            await foreach (var stored in events.WithCancellation(cancellationToken))
            {
                if (!verifier.Add(stored))
                    break;
            }
            var chainBreak = verifier.Finish(incident.LastSeq, incident.HeadHash, StoredState(incident.Progress, incident.Status, incident.Outcome, incident.ClosedAt))
                ?? await IssuedFiles(incident.Id, named.Issued, cancellationToken)
                ?? await EvidenceFiles(named.Evidence, cancellationToken)
                ?? await Counterparts(incident.Id, named.Joins, cancellationToken);
            yield return new CheckedIncident(incident.OrganizationId, incident.OrganizationName, incident.Id, incident.Number, verifier.EventsChecked, chainBreak, verifier.Backwards);
        }
    }

    /// <summary>
    /// Each report Sonae made and issued has its file kept beside the record: the file's SHA-256 must be the one its
    /// <c>report-issued</c> event recorded, and no such event may be without its file.
    /// </summary>
    private async Task<ChainBreak?> IssuedFiles(Guid incidentId, IReadOnlyList<(long Seq, ReportIssued Made)> issued, CancellationToken cancellationToken)
    {
        var files = await db.IssuedDocuments.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(d => d.IncidentId == incidentId).ToDictionaryAsync(d => d.Seq, d => d.Content, cancellationToken);
        foreach (var (seq, made) in issued)
        {
            if (!files.Remove(seq, out var content) || !string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), made.Sha256, StringComparison.Ordinal))
                return new ChainBreak(seq, ChainBreakKind.IssuedFileMismatch);
        }
        // A kept file that no issue event names.
        return files.Count > 0 ? new ChainBreak(files.Keys.Min(), ChainBreakKind.IssuedFileMismatch) : null;
    }

    /// <summary>
    /// Checks every organization's audit chain (and the chain of entries that belong to none): each entry's hash, its
    /// link to the one before, and no gap in the numbers.
    /// </summary>
    public async Task<IReadOnlyList<CheckedAudit>> Audit(CancellationToken cancellationToken)
    {
        var organizations = await db.AuditEntries.AsNoTracking().Select(e => e.OrganizationId).Distinct().ToListAsync(cancellationToken);
        var names = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var results = new List<CheckedAudit>();
        foreach (var organization in organizations.Order())
        {
            // As a stream: a hospital's whole log is never held at once.
            var check = new Core.Audit.AuditChainCheck(organization);
            var rows = db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organization).OrderBy(e => e.Seq).AsAsyncEnumerable();
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (!check.Add(row.ToEntry(), row.Hash))
                    break;
            }
            results.Add(new CheckedAudit(organization, names.GetValueOrDefault(organization), check.EntriesChecked, check.Finish()));
        }
        return results;
    }

    /// <summary>
    /// Incident numbers missing between 1 and each organization's highest: numbers are given one after another and
    /// never reused, so a gap is an incident erased whole (one erased from the end shows only against a checkpoint).
    /// </summary>
    public async Task<IReadOnlyList<(string OrganizationName, int Number)>> MissingNumbers(CancellationToken cancellationToken)
    {
        var numbers = await db.Incidents.IgnoreQueryFilters().AsNoTracking()
            .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { o.Id, o.Name, i.Number })
            .ToListAsync(cancellationToken);
        // By organization, not by name: two hospitals may share one.
        return [.. numbers.GroupBy(n => (n.Id, n.Name)).OrderBy(g => g.Key.Name, StringComparer.Ordinal).SelectMany(g =>
        {
            var present = g.Select(n => n.Number).ToHashSet();
            return Enumerable.Range(1, present.Max()).Where(n => !present.Contains(n)).Select(n => (g.Key.Name, n));
        })];
    }

    /// <summary>The append-only triggers the migrations made that no longer do their work (dropped, disabled, emptied).</summary>
    public async Task<IReadOnlyList<string>> MissingTriggers(CancellationToken cancellationToken)
    {
        var present = (await db.WorkingTriggersAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return [.. db.AppendOnlyTriggers.Where(t => !present.Contains(t))];
    }

    /// <summary>Each merge or attach event has its other half on the other incident's record, naming this one back.</summary>
    private async Task<ChainBreak?> Counterparts(Guid incidentId, IReadOnlyList<IncidentEvent> joins, CancellationToken cancellationToken)
    {
        foreach (var e in joins)
        {
            var data = e.Data;
            var (other, seq) = IncidentJoins.CounterpartOf(data)!.Value;
            var body = await db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
                .Where(c => c.IncidentId == other && c.Seq == seq).Select(c => c.Body).SingleOrDefaultAsync(cancellationToken);
            if (!IncidentJoins.IsCounterpart(data, incidentId, e.Seq, body is null ? null : EventChain.Parse(body).Data))
                return new ChainBreak(e.Seq, ChainBreakKind.CounterpartMismatch);
        }
        return null;
    }

    /// <summary>Every file the evidence locker holds for the incident is there and still hashes to what its event says.</summary>
    private async Task<ChainBreak?> EvidenceFiles(IReadOnlyList<(long Seq, string Sha256)> added, CancellationToken cancellationToken)
    {
        foreach (var (seq, sha256) in added)
        {
            if (!await locker.Intact(sha256, cancellationToken))
                return new ChainBreak(seq, ChainBreakKind.EvidenceFileMismatch);
        }
        return null;
    }

    /// <summary>
    /// The events of one record that name something outside it: kept report files, evidence files, the other half of a
    /// join. Only their texts are read again (they are few); every other event goes by.
    /// </summary>
    private sealed class NamedByEvents
    {
        private static readonly string IssuedType = IncidentEventType.ReportIssued.WireName();
        private static readonly string EvidenceType = IncidentEventType.EvidenceAdded.WireName();
        private static readonly HashSet<string> JoinTypes = new(new[] { IncidentEventType.MergedInto, IncidentEventType.IncidentMerged, IncidentEventType.ReportMoved, IncidentEventType.ReportAttached }
            .Select(t => t.WireName()), StringComparer.Ordinal);

        public List<(long Seq, ReportIssued Made)> Issued { get; } = [];

        public List<(long Seq, string Sha256)> Evidence { get; } = [];

        public List<IncidentEvent> Joins { get; } = [];

        public void Add(StoredEvent stored)
        {
            if (stored.Type == IssuedType && EventChain.Parse(stored.Body).Data is ReportIssued { Format: not null } made)
                Issued.Add((stored.Seq, made));
            else if (stored.Type == EvidenceType && EventChain.Parse(stored.Body).Data is EvidenceAdded evidence)
                Evidence.Add((stored.Seq, evidence.Sha256));
            else if (JoinTypes.Contains(stored.Type))
                Joins.Add(EventChain.Parse(stored.Body));
        }
    }

    /// <summary>
    /// The state the incident row shows: its projection, provided the status columns that lists are built from say
    /// the same; null when they disagree or the projection cannot be read.
    /// </summary>
    private static IncidentProgress? StoredState(string json, IncidentStatus status, IncidentOutcome? outcome, DateTimeOffset? closedAt)
    {
        try
        {
            var progress = System.Text.Json.JsonSerializer.Deserialize<IncidentProgress>(json, RecordJson.Options);
            return progress is not null && progress.Status == status && progress.Outcome == outcome && progress.ClosedAt == closedAt ? progress : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
