using System.Collections.Immutable;
using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>Whether an incident is still being worked.</summary>
public enum IncidentStatus
{
    /// <summary>Open: its steps can change.</summary>
    Open,

    /// <summary>Closed: its steps no longer change (reporting may go on).</summary>
    Closed,
}

/// <summary>A fact's current value, and where in the record it was last set.</summary>
public sealed record RecordedFact(string Value, long Seq, DateTimeOffset At, string By, int Revisions);

/// <summary>How a step was finished.</summary>
public enum StepResolutionKind
{
    /// <summary>Completed.</summary>
    Completed,

    /// <summary>Skipped, with a reason.</summary>
    Skipped,
}

/// <summary>How and by whom a step was finished.</summary>
public sealed record StepResolution(StepResolutionKind Kind, long Seq, DateTimeOffset At, string By, Role Role, string? Reason);

/// <summary>An action that was done, where in the record, and by whom (and for whom).</summary>
public sealed record DoneAction(long Seq, DateTimeOffset At, string By, Role Role, Role? For);

/// <summary>What was done in one step: the actions done (by action id) and how it was finished, if it was.</summary>
public sealed record StepProgress(ImmutableDictionary<string, DoneAction> ActionsDone, StepResolution? Resolution)
{
    /// <summary>A step nothing was done in.</summary>
    public static StepProgress None { get; } = new(ImmutableDictionary<string, DoneAction>.Empty.WithComparers(StringComparer.Ordinal), null);
}

/// <summary>
/// The current state of an incident that the engine reads: facts, what was done in each step, asset states and
/// status. It is a fold of the incident's events (<see cref="Apply(IncidentEvent)"/>) and is kept as the incident's projection,
/// updated in the same transaction as each append, so that a page never replays the whole record.
/// </summary>
public sealed record IncidentProgress
{
    /// <summary>Open or closed.</summary>
    public IncidentStatus Status { get; init; } = IncidentStatus.Open;

    /// <summary>How it ended, once closed.</summary>
    public IncidentOutcome? Outcome { get; init; }

    /// <summary>When it was closed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Each recorded fact's current value.</summary>
    public ImmutableDictionary<FactId, RecordedFact> Facts { get; init; } = ImmutableDictionary<FactId, RecordedFact>.Empty;

    /// <summary>What was done in each step anything was done in.</summary>
    public ImmutableDictionary<StepId, StepProgress> Steps { get; init; } = ImmutableDictionary<StepId, StepProgress>.Empty;

    /// <summary>Each marked system's or asset's status, by its id.</summary>
    public ImmutableDictionary<string, AssetStatus> Assets { get; init; } = ImmutableDictionary<string, AssetStatus>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Staff's anomaly reports that belong to this incident: its own, less those attached elsewhere, plus those attached or merged here.</summary>
    public int AnomalyReports { get; init; }

    /// <summary>Notes added.</summary>
    public int Notes { get; init; }

    /// <summary>Pieces of evidence in the locker (numbered E1, E2… in order).</summary>
    public int EvidenceItems { get; init; }

    /// <summary>Contacts logged.</summary>
    public int ContactsLogged { get; init; }

    /// <summary>Reports issued.</summary>
    public int ReportsIssued { get; init; }

    /// <summary>The incident this one joined (then it is closed, outcome merged); null while it has joined none.</summary>
    public IncidentLink? MergedInto { get; init; }

    /// <summary>This record's anomaly reports attached to another incident: the report's sequence number, and where it went.</summary>
    public ImmutableDictionary<long, IncidentLink> MovedReports { get; init; } = ImmutableDictionary<long, IncidentLink>.Empty;

    /// <summary>The incident's commander now (指揮者): who took command, or was handed it, last; null while nobody has.</summary>
    public Appointment? Commander { get; init; }

    /// <summary>The scribe (記録係) the commander named, while they are; null when none was named.</summary>
    public Appointment? Scribe { get; init; }

    /// <summary>The latest status update (状況報告); null until one is posted, and on records written before Sonae had them.</summary>
    public LatestStatus? LatestStatus { get; init; }

    /// <summary>Status updates posted.</summary>
    public int StatusUpdates { get; init; }

    /// <summary>The state before the first event.</summary>
    public static IncidentProgress Empty { get; } = new();

    /// <summary>What was done in a step (nothing, for a step not touched).</summary>
    public StepProgress Step(StepId id) => Steps.GetValueOrDefault(id) ?? StepProgress.None;

    /// <summary>The state after one more event.</summary>
    public IncidentProgress Apply(IncidentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Apply(e.Data, e.Actor, e.Seq, e.At);
    }

    /// <summary>The state after one more event, given by its parts (the record writer applies events before they are sealed).</summary>
    public IncidentProgress Apply(EventData data, EventActor actor, long seq, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(data);
        var e = (Seq: seq, At: at, Actor: actor);
        return data switch
        {
            IncidentOpened or AnomalyReported or NoteAdded or ContactLogged or ReportIssued
                or ReportingAssessed or AwarenessSet or ReportingRulesChanged or FigureRecorded or ReportDrafted or EvidenceAdded or EvidenceHandedOver
                or NoticeSent or PageAcknowledged => Counted(data.Type, 1),
            ActionDone done => WithStep(done.Step, s => s with
            {
                ActionsDone = s.ActionsDone.SetItem(done.Action, new DoneAction(e.Seq, e.At, e.Actor.Name, e.Actor.Role, e.Actor.For)),
            }),
            StepCompleted completed => WithStep(completed.Step, s => s with
            {
                Resolution = new StepResolution(StepResolutionKind.Completed, e.Seq, e.At, e.Actor.Name, e.Actor.Role, completed.Comment),
            }),
            StepSkipped skipped => WithStep(skipped.Step, s => s with
            {
                Resolution = new StepResolution(StepResolutionKind.Skipped, e.Seq, e.At, e.Actor.Name, e.Actor.Role, skipped.Reason),
            }),
            FactRecorded recorded => this with
            {
                Facts = Facts.SetItem(recorded.Fact, new RecordedFact(recorded.Value, e.Seq, e.At, e.Actor.Name, 0)),
            },
            FactRevised revised => this with
            {
                Facts = Facts.SetItem(revised.Fact, new RecordedFact(revised.Value, e.Seq, e.At, e.Actor.Name, (Facts.GetValueOrDefault(revised.Fact)?.Revisions ?? 0) + 1)),
            },
            AssetStatusChanged changed => this with { Assets = Assets.SetItem(changed.Asset, changed.Status) },
            IncidentClosed closed => this with { Status = IncidentStatus.Closed, Outcome = closed.Outcome, ClosedAt = e.At },
            ReportMoved moved => this with { MovedReports = MovedReports.SetItem(moved.Report, moved.To), AnomalyReports = AnomalyReports - 1 },
            ReportAttached => this with { AnomalyReports = AnomalyReports + 1 },
            IncidentMerged merged => this with { AnomalyReports = AnomalyReports + merged.Reports.Count },
            MergedInto merged => this with { Status = IncidentStatus.Closed, Outcome = IncidentOutcome.Merged, ClosedAt = e.At, MergedInto = merged.Into },
            CommandTaken or CommandHandedOver or ScribeNamed => IncidentRoles.Apply(this, data, e.Actor, e.Seq, e.At),
            StatusPosted posted => Incidents.StatusUpdates.Apply(this, posted, e.Actor, e.Seq, e.At),
            _ => throw new ArgumentException($"Unknown event data {data.GetType().Name}.", nameof(data)),
        };
    }

    /// <summary>Whether folding an event of this type needs what it says, or only counts it.</summary>
    public static bool OnlyCounts(IncidentEventType type) => type switch
    {
        IncidentEventType.Opened or IncidentEventType.AnomalyReported or IncidentEventType.NoteAdded
            or IncidentEventType.ContactLogged or IncidentEventType.ReportIssued
            or IncidentEventType.ReportingAssessed or IncidentEventType.AwarenessSet or IncidentEventType.ReportingRulesChanged
            or IncidentEventType.FigureRecorded or IncidentEventType.ReportDrafted or IncidentEventType.EvidenceAdded or IncidentEventType.EvidenceHandedOver
            or IncidentEventType.NoticeSent or IncidentEventType.PageAcknowledged => true,
        IncidentEventType.ActionDone or IncidentEventType.StepCompleted or IncidentEventType.StepSkipped or IncidentEventType.FactRecorded
            or IncidentEventType.FactRevised or IncidentEventType.AssetStatusChanged or IncidentEventType.Closed
            or IncidentEventType.ReportMoved or IncidentEventType.ReportAttached or IncidentEventType.MergedInto or IncidentEventType.IncidentMerged
            or IncidentEventType.CommandTaken or IncidentEventType.CommandHandedOver or IncidentEventType.ScribeNamed
            or IncidentEventType.StatusPosted => false,
    };

    /// <summary>
    /// Folds <paramref name="times"/> events of a type that only counts (see <see cref="OnlyCounts"/>), without reading
    /// what they say: a run of a thousand notes is one fold.
    /// </summary>
    public IncidentProgress Counted(IncidentEventType type, int times) => type switch
    {
        IncidentEventType.Opened or IncidentEventType.ReportingAssessed or IncidentEventType.AwarenessSet
            or IncidentEventType.ReportingRulesChanged or IncidentEventType.FigureRecorded or IncidentEventType.ReportDrafted
            or IncidentEventType.EvidenceHandedOver or IncidentEventType.NoticeSent or IncidentEventType.PageAcknowledged => this,
        IncidentEventType.EvidenceAdded => this with { EvidenceItems = EvidenceItems + times },
        IncidentEventType.AnomalyReported => this with { AnomalyReports = AnomalyReports + times },
        IncidentEventType.NoteAdded => this with { Notes = Notes + times },
        IncidentEventType.ContactLogged => this with { ContactsLogged = ContactsLogged + times },
        IncidentEventType.ReportIssued => this with { ReportsIssued = ReportsIssued + times },
        _ => throw new ArgumentException($"Events of type {type.WireName()} change more than a count.", nameof(type)),
    };

    /// <summary>Whether two progresses say the same (dictionaries compared by content, not by identity).</summary>
    public bool SameAs(IncidentProgress other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Status == other.Status && Outcome == other.Outcome && ClosedAt == other.ClosedAt
            && AnomalyReports == other.AnomalyReports && Notes == other.Notes && ContactsLogged == other.ContactsLogged && ReportsIssued == other.ReportsIssued
            && EvidenceItems == other.EvidenceItems && MergedInto == other.MergedInto
            && Commander == other.Commander && Scribe == other.Scribe
            && LatestStatus == other.LatestStatus && StatusUpdates == other.StatusUpdates
            && SameEntries(MovedReports, other.MovedReports, (a, b) => a == b)
            && SameEntries(Facts, other.Facts, (a, b) => a == b)
            && SameEntries(Assets, other.Assets, (a, b) => a == b)
            && SameEntries(Steps, other.Steps, (a, b) => a.Resolution == b.Resolution && SameEntries(a.ActionsDone, b.ActionsDone, (x, y) => x == y));
    }

    private static bool SameEntries<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> a, IReadOnlyDictionary<TKey, TValue> b, Func<TValue, TValue, bool> same) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && same(entry.Value, other));

    /// <summary>The state after these events, in order.</summary>
    public IncidentProgress ApplyAll(IEnumerable<IncidentEvent> events) => events.Aggregate(this, (progress, e) => progress.Apply(e));

    private IncidentProgress WithStep(StepId id, Func<StepProgress, StepProgress> change) =>
        this with { Steps = Steps.SetItem(id, change(Step(id))) };
}
