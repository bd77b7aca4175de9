using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
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
/// the incident's current state (what people see and act on) against what its events add up to; and every
/// organization's audit chain. Streams the rows, so memory stays flat however long a record is.
/// </summary>
/// <remarks>
/// A million events take seconds, not minutes: the rows are read below EF Core (<see cref="RecordReader"/>: each text
/// as the bytes the database holds, hashed and compared where it lies), and the records and audit chains are checked
/// side by side, one reader per processor, each on a connection of its own, the longest first. Results still come in
/// the order of the incidents.
/// </remarks>
public sealed class VerifyRecords(IOptions<StorageOptions> storage, Evidence.EvidenceLocker locker)
{
    /// <summary>Every incident's record, checked, in order of organization name and number.</summary>
    public async IAsyncEnumerable<CheckedIncident> Run([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var run = await Start(auditChains: false, cancellationToken);
        await foreach (var checkedIncident in run.Incidents(cancellationToken))
            yield return checkedIncident;
    }

    /// <summary>Starts checking every record and every audit chain side by side; their results come as each is checked.</summary>
    public Task<VerifyRun> Start(CancellationToken cancellationToken) => Start(auditChains: true, cancellationToken);

    private async Task<VerifyRun> Start(bool auditChains, CancellationToken cancellationToken)
    {
        using var reader = RecordReader.Open(storage.Value);
        var incidents = await reader.IncidentsAsync(cancellationToken);
        var (chains, names) = auditChains ? await reader.AuditChainsAsync(cancellationToken) : ([], new Dictionary<Guid, string>());
        return new VerifyRun(storage.Value, locker, incidents, chains, names, cancellationToken);
    }

    /// <summary>
    /// Incident numbers missing between 1 and each organization's highest: numbers are given one after another and
    /// never reused, so a gap is an incident erased whole (one erased from the end shows only against a checkpoint).
    /// </summary>
    public async Task<IReadOnlyList<(string OrganizationName, int Number)>> MissingNumbers(CancellationToken cancellationToken)
    {
        using var reader = RecordReader.Open(storage.Value);
        var numbers = await reader.NumbersAsync(cancellationToken);
        // By organization, not by name: two hospitals may share one.
        return [.. numbers.GroupBy(n => (n.OrganizationId, n.OrganizationName)).OrderBy(g => g.Key.OrganizationName, StringComparer.Ordinal).SelectMany(g =>
        {
            var present = g.Select(n => n.Number).ToHashSet();
            return Enumerable.Range(1, present.Max()).Where(n => !present.Contains(n)).Select(n => (g.Key.OrganizationName, n));
        })];
    }

    /// <summary>The append-only triggers the migrations made that no longer do their work (dropped, disabled, emptied).</summary>
    public async Task<IReadOnlyList<string>> MissingTriggers(CancellationToken cancellationToken)
    {
        using var reader = RecordReader.Open(storage.Value);
        var present = (await reader.WorkingTriggersAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return [.. reader.AppendOnlyTriggers.Where(t => !present.Contains(t))];
    }
}

/// <summary>
/// One run of <see cref="VerifyRecords"/>: the records and audit chains to check, shared out among one reader per
/// processor (each on a connection of its own), the longest first so that none is left to run alone at the end.
/// Disposing it stops what is not yet checked.
/// </summary>
public sealed class VerifyRun : IAsyncDisposable
{
    private readonly TaskCompletionSource<CheckedIncident>[] _checked;
    private readonly CancellationTokenSource _stop;
    private readonly Task _workers;
    private Exception? _failure;

    internal VerifyRun(StorageOptions storage, Evidence.EvidenceLocker locker, IReadOnlyList<StoredIncident> incidents,
        IReadOnlyList<(Guid Organization, long LastSeq)> auditChains, IReadOnlyDictionary<Guid, string> names, CancellationToken cancellationToken)
    {
        _checked = [.. incidents.Select(_ => new TaskCompletionSource<CheckedIncident>(TaskCreationOptions.RunContinuationsAsynchronously))];
        var audits = auditChains.Select(_ => new TaskCompletionSource<CheckedAudit>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        AuditChains = All(audits);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The longest first, so that no long chain is left to be checked alone at the end.
        var work = new ConcurrentQueue<Piece>(
            incidents.Select((incident, i) => new Piece(incident.LastSeq, reader => Check(reader, locker, incident, _checked[i]), e => _checked[i].TrySetException(e)))
                .Concat(auditChains.Select((chain, i) => new Piece(chain.LastSeq, reader => CheckAudit(reader, chain.Organization, names.GetValueOrDefault(chain.Organization), audits[i]), e => audits[i].TrySetException(e))))
                .OrderByDescending(w => w.Size));
        var readers = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, work.Count));
        _workers = Task.WhenAll(Enumerable.Range(0, readers).Select(_ => Task.Run(() => Work(storage, work), CancellationToken.None)));
    }

    private static async Task<IReadOnlyList<CheckedAudit>> All(TaskCompletionSource<CheckedAudit>[] audits) => await Task.WhenAll(audits.Select(a => a.Task));

    /// <summary>Every audit chain, checked, in order of organization id.</summary>
    public Task<IReadOnlyList<CheckedAudit>> AuditChains { get; }

    /// <summary>Every incident's record, checked, in order of organization name and number, each as soon as it and those before it are.</summary>
    public async IAsyncEnumerable<CheckedIncident> Incidents([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var result in _checked)
            yield return await result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _workers;
        _stop.Dispose();
    }

    /// <summary>A record or an audit chain to check: its length, the check, and how it fails when it cannot be checked.</summary>
    private sealed record Piece(long Size, Func<RecordReader, Task> Run, Action<Exception> Fail);

    /// <summary>
    /// One reader's share: the next longest piece of work while there is one. A failure (the database gone) stops every
    /// reader, and is the result of whatever is left unchecked.
    /// </summary>
    private async Task Work(StorageOptions storage, ConcurrentQueue<Piece> work)
    {
        Piece? current = null;
        try
        {
            using var reader = RecordReader.Open(storage);
            while (work.TryDequeue(out current))
            {
                _stop.Token.ThrowIfCancellationRequested();
                await current.Run(reader);
            }
        }
        catch (Exception e)
        {
            // The first failure is the one to tell: the other readers then stop for it.
            var cause = Interlocked.CompareExchange(ref _failure, e, null) ?? e;
            await _stop.CancelAsync();
            current?.Fail(cause);
            while (work.TryDequeue(out var left))
                left.Fail(cause);
        }
    }

    private async Task Check(RecordReader reader, Evidence.EvidenceLocker locker, StoredIncident incident, TaskCompletionSource<CheckedIncident> result)
    {
        // What else some events name (kept files, the other half of a join) is gathered in the same reading.
        var named = new NamedByEvents();
        var verifier = new ChainVerifier(incident.OrganizationId, incident.Id, named.Add);
        ReadRecord(reader, incident.Id, verifier, _stop.Token);
        var chainBreak = verifier.Finish(incident.LastSeq, incident.HeadHash, StoredState(incident))
            ?? IssuedFiles(reader, incident.Id, named.Issued)
            ?? await EvidenceFiles(locker, named.Evidence, _stop.Token)
            ?? Counterparts(reader, incident.Id, named.Joins);
        result.TrySetResult(new CheckedIncident(incident.OrganizationId, incident.OrganizationName, incident.Id, incident.Number, verifier.EventsChecked, chainBreak, verifier.Backwards));
    }

    private static void ReadRecord(RecordReader reader, Guid incidentId, ChainVerifier verifier, CancellationToken cancellationToken)
    {
        using var rows = reader.Events(incidentId);
        for (var read = 0L; rows.Read(); read++)
        {
            if ((read & 0xFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            if (!verifier.Add(rows.Current))
                break;
        }
    }

    private Task CheckAudit(RecordReader reader, Guid organization, string? name, TaskCompletionSource<CheckedAudit> result)
    {
        // As a stream: a hospital's whole log is never held at once.
        var check = new Core.Audit.AuditChainCheck(organization);
        using (var rows = reader.AuditEntries(organization))
        {
            for (var read = 0L; rows.Read(); read++)
            {
                if ((read & 0xFFF) == 0)
                    _stop.Token.ThrowIfCancellationRequested();
                if (!check.Add(rows.Current))
                    break;
            }
        }
        result.TrySetResult(new CheckedAudit(organization, name, check.EntriesChecked, check.Finish()));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Each report Sonae made and issued has its file kept beside the record: the file's SHA-256 must be the one its
    /// <c>report-issued</c> event recorded, and no such event may be without its file.
    /// </summary>
    private static ChainBreak? IssuedFiles(RecordReader reader, Guid incidentId, IReadOnlyList<(long Seq, ReportIssued Made)> issued)
    {
        var files = reader.IssuedFiles(incidentId);
        foreach (var (seq, made) in issued)
        {
            if (!files.Remove(seq, out var content) || !string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), made.Sha256, StringComparison.Ordinal))
                return new ChainBreak(seq, ChainBreakKind.IssuedFileMismatch);
        }
        // A kept file that no issue event names.
        return files.Count > 0 ? new ChainBreak(files.Keys.Min(), ChainBreakKind.IssuedFileMismatch) : null;
    }

    /// <summary>Each merge or attach event has its other half on the other incident's record, naming this one back.</summary>
    private static ChainBreak? Counterparts(RecordReader reader, Guid incidentId, IReadOnlyList<IncidentEvent> joins)
    {
        foreach (var e in joins)
        {
            var data = e.Data;
            var (other, seq) = IncidentJoins.CounterpartOf(data)!.Value;
            // No such event, or one whose text cannot be read (the other record's own check says which), is no counterpart.
            var body = reader.EventBody(other, seq);
            if (!IncidentJoins.IsCounterpart(data, incidentId, e.Seq, body is null ? null : EventChain.TryParse(System.Text.Encoding.UTF8.GetBytes(body))?.Data))
                return new ChainBreak(e.Seq, ChainBreakKind.CounterpartMismatch);
        }
        return null;
    }

    /// <summary>Every file the evidence locker holds for the incident is there and still hashes to what its event says.</summary>
    private static async Task<ChainBreak?> EvidenceFiles(Evidence.EvidenceLocker locker, IReadOnlyList<(long Seq, string Sha256)> added, CancellationToken cancellationToken)
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
        public List<(long Seq, ReportIssued Made)> Issued { get; } = [];

        public List<(long Seq, string Sha256)> Evidence { get; } = [];

        public List<IncidentEvent> Joins { get; } = [];

        /// <summary>Keeps what the event names; false when its text cannot be read as its type says.</summary>
        public bool Add(long seq, IncidentEventType type, ReadOnlySpan<byte> body)
        {
            if (type is not (IncidentEventType.ReportIssued or IncidentEventType.EvidenceAdded
                or IncidentEventType.MergedInto or IncidentEventType.IncidentMerged or IncidentEventType.ReportMoved or IncidentEventType.ReportAttached))
                return true;
            // Issued reports are only counted by the chain's check: this is the first reading of their text.
            if (EventChain.TryParse(body) is not { } parsed)
                return false;
            switch (parsed.Data)
            {
                case ReportIssued { Format: not null } made:
                    Issued.Add((seq, made));
                    break;
                case EvidenceAdded evidence:
                    Evidence.Add((seq, evidence.Sha256));
                    break;
                case MergedInto or IncidentMerged or ReportMoved or ReportAttached:
                    Joins.Add(parsed);
                    break;
            }
            return true;
        }
    }

    /// <summary>
    /// The state the incident row shows: its projection, provided the status columns that lists are built from say
    /// the same; null when they disagree or the projection cannot be read.
    /// </summary>
    private static IncidentProgress? StoredState(StoredIncident incident)
    {
        try
        {
            var progress = System.Text.Json.JsonSerializer.Deserialize<IncidentProgress>(incident.Progress, RecordJson.Options);
            return progress is not null && progress.Status == incident.Status && progress.Outcome == incident.Outcome && progress.ClosedAt == incident.ClosedAt ? progress : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
