using Sonae.Core.Playbooks;
using Sonae.Core.Access;

namespace Sonae.Core.Incidents;

/// <summary>One of the two incidents of a merge or an attach, as the rules need it: who it is, its title and state, and where its record ends.</summary>
/// <param name="Incident">Its number and id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Progress">Its state.</param>
/// <param name="LastSeq">Its record's last sequence number: the events decided here come right after it.</param>
/// <param name="DecisionsInForce">Management's operational decisions that stand on this incident (<see cref="OperationalDecisions.InForce"/>).</param>
/// <param name="Drill">Whether it is a drill: a drill and a real incident never join, either way.</param>
public sealed record JoinSide(IncidentLink Incident, string Title, IncidentProgress Progress, long LastSeq, IReadOnlyList<FactId>? DecisionsInForce = null, bool Drill = false);

/// <summary>What the rules answer to a merge or an attach: the events for each record, or why not.</summary>
/// <param name="Source">The events for the incident that gives (the merged one, or the one the report was filed on).</param>
/// <param name="Target">The events for the incident that receives.</param>
/// <param name="Refusal">Why not, when refused; then both lists are empty.</param>
public sealed record JoinDecision(IReadOnlyList<(EventActor Actor, EventData Data)> Source, IReadOnlyList<(EventActor Actor, EventData Data)> Target, Refusal? Refusal)
{
    /// <summary>Refuses, recording nothing on either record.</summary>
    public static JoinDecision Refuse(Refusal refusal) => new([], [], refusal);
}

/// <summary>
/// One incident per attack: five reports from one ward that became five incidents are brought together. The security
/// officer or management (those who run the response) may attach one anomaly report to another incident, or merge a
/// whole incident into another. Each is an event on both records, each naming the other and the sequence number of
/// its counterpart, so both chains stay append-only and either record alone says what happened.
/// </summary>
/// <remarks>
/// A merged incident is closed with the outcome <see cref="IncidentOutcome.Merged"/> and points to the one it joined;
/// it keeps its record, its reports, its evidence and its legal clocks (nothing moves between chains). Into a closed or
/// merged incident nothing joins, which also rules out cycles: an incident that joined another is closed.
/// </remarks>
public static class IncidentJoins
{
    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/>.</summary>
    /// <param name="actor">Who asks.</param>
    /// <param name="source">The incident that joins the other.</param>
    /// <param name="sourceReports">The sequence numbers of the anomaly reports on the source's record.</param>
    /// <param name="target">The incident that carries on.</param>
    /// <param name="reason">Why, if given.</param>
    public static JoinDecision Merge(Actor actor, JoinSide source, IReadOnlyList<long> sourceReports, JoinSide target, string? reason)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sourceReports);
        ArgumentNullException.ThrowIfNull(target);
        if (Check(actor, source, target, reason) is { } refused)
            return JoinDecision.Refuse(refused);
        if (source.Progress.MergedInto is { } already)
            return JoinDecision.Refuse(new IncidentIsMerged(source.Incident, already));
        if (source.Progress.Status == IncidentStatus.Closed)
            return JoinDecision.Refuse(new IncidentIsClosed());
        if (source.DecisionsInForce is { Count: > 0 } standing)
            return JoinDecision.Refuse(new DecisionsInForce(standing));

        var by = By(actor);
        var why = IncidentRules.Trimmed(reason);
        var reports = sourceReports.Where(seq => !source.Progress.MovedReports.ContainsKey(seq)).Order().ToList();
        return new JoinDecision(
            [(by, new MergedInto(target.Incident, target.LastSeq + 1, why))],
            [(by, new IncidentMerged(source.Incident, source.Title, reports, source.LastSeq + 1, why))],
            null);
    }

    /// <summary>Attaches the anomaly report at <paramref name="reportSeq"/> of <paramref name="source"/> to <paramref name="target"/>.</summary>
    /// <param name="actor">Who asks.</param>
    /// <param name="source">The incident the report was filed on.</param>
    /// <param name="reportSeq">The report's sequence number on the source's record.</param>
    /// <param name="report">What the event at that number says: an anomaly report, or anything else (or nothing) when it is none.</param>
    /// <param name="target">The incident it belongs to.</param>
    /// <param name="reason">Why, if given.</param>
    public static JoinDecision Attach(Actor actor, JoinSide source, long reportSeq, EventData? report, JoinSide target, string? reason)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (Permissions.ActingRole(actor, Operation.RunResponse) is null)
            return JoinDecision.Refuse(Permissions.Check(actor, Operation.RunResponse)!);
        if (report is not AnomalyReported contents)
            return JoinDecision.Refuse(new UnknownAnomalyReport(source.Incident, reportSeq));
        if (Check(actor, source, target, reason) is { } refused)
            return JoinDecision.Refuse(refused);
        if (source.Progress.MovedReports.GetValueOrDefault(reportSeq) is { } to)
            return JoinDecision.Refuse(new ReportAlreadyMoved(reportSeq, to));
        // The reports of a merged incident went with it (the target names them): they are attached from there, not again.
        if (source.Progress.MergedInto is { } into)
            return JoinDecision.Refuse(new IncidentIsMerged(source.Incident, into));

        var by = By(actor);
        var why = IncidentRules.Trimmed(reason);
        return new JoinDecision(
            [(by, new ReportMoved(reportSeq, target.Incident, target.LastSeq + 1, why))],
            [(by, new ReportAttached(source.Incident, reportSeq, source.LastSeq + 1, contents, why))],
            null);
    }

    /// <summary>Where the counterpart of a merge or attach event is (the other incident and its event's sequence number); null for any other event.</summary>
    public static (Guid Incident, long Seq)? CounterpartOf(EventData data) => data switch
    {
        MergedInto m => (m.Into.Id, m.IntoSeq),
        IncidentMerged m => (m.From.Id, m.FromSeq),
        ReportMoved r => (r.To.Id, r.ToSeq),
        ReportAttached r => (r.From.Id, r.FromSeq),
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="counterpart"/> (the event <see cref="CounterpartOf"/> names) is the other half of
    /// <paramref name="data"/>, the event at <paramref name="seq"/> of <paramref name="incident"/>: the matching type,
    /// naming this incident and this event back (and the same report). What <c>sonae verify</c> checks across records.
    /// </summary>
    public static bool IsCounterpart(EventData data, Guid incident, long seq, EventData? counterpart) => (data, counterpart) switch
    {
        (MergedInto, IncidentMerged m) => m.From.Id == incident && m.FromSeq == seq,
        (IncidentMerged, MergedInto m) => m.Into.Id == incident && m.IntoSeq == seq,
        (ReportMoved r, ReportAttached a) => a.From.Id == incident && a.FromSeq == seq && a.Report == r.Report,
        (ReportAttached a, ReportMoved r) => r.To.Id == incident && r.ToSeq == seq && r.Report == a.Report,
        _ => false,
    };

    /// <summary>What a merge and an attach both check: the role, the reason, and a target that can still receive.</summary>
    private static Refusal? Check(Actor actor, JoinSide source, JoinSide target, string? reason)
    {
        if (Permissions.ActingRole(actor, Operation.RunResponse) is null)
            return Permissions.Check(actor, Operation.RunResponse)!;
        if (TextRules.Check("reason", reason, TextLimits.LongText) is { } bad)
            return bad;
        if (source.Incident.Id == target.Incident.Id)
            return new JoinIntoItself(target.Incident);
        // A drill's reports in a real incident would be taken for real; a real report in a drill would vanish from every list and clock.
        if (source.Drill != target.Drill)
            return new JoinAcrossDrill(source.Drill ? source.Incident : target.Incident, source.Drill ? target.Incident : source.Incident);
        if (target.Progress.MergedInto is { } further)
            return new IncidentIsMerged(target.Incident, further);
        if (target.Progress.Status == IncidentStatus.Closed)
            return new IncidentIsClosed();
        return null;
    }

    private static EventActor By(Actor actor) => new(actor.Id, actor.Name, Permissions.ActingRole(actor, Operation.RunResponse)!.Value);
}
