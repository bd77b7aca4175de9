using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>
/// One operational decision as the record holds it: taken, changed or lifted, with who decided, when and why. Every
/// change is a new event (<c>fact-recorded</c>, then <c>fact-revised</c>); none is ever edited.
/// </summary>
/// <param name="Fact">The decision's fact.</param>
/// <param name="Value">The value decided.</param>
/// <param name="Previous">The value it replaced, or null for the first decision.</param>
/// <param name="Reason">Why (null only on records written before decisions required one).</param>
/// <param name="Step">The step it was recorded at.</param>
/// <param name="At">When.</param>
/// <param name="By">Who decided, in which role.</param>
/// <param name="Seq">Its event's number in the record.</param>
public sealed record DecisionTaken(FactId Fact, string Value, string? Previous, string? Reason, StepId Step, DateTimeOffset At, EventActor By, long Seq);

/// <summary>Where one operational decision stands in an incident.</summary>
/// <param name="Decision">The decision as the playbook binds it.</param>
/// <param name="Fact">Its fact (title, question, values).</param>
/// <param name="History">Every time it was taken or changed, oldest first.</param>
/// <param name="CanBeTaken">Whether the rules would take it now: the incident is open and the flowchart has reached a step that records it.</param>
public sealed record DecisionStanding(OperationalDecision Decision, FactDefinition Fact, IReadOnlyList<DecisionTaken> History, bool CanBeTaken)
{
    /// <summary>The decision now in effect, or null while none was taken.</summary>
    public DecisionTaken? Latest => History.Count == 0 ? null : History[^1];

    /// <summary>What staff are told while it stands, or null when nothing is in force.</summary>
    public LocalizedText? Notice => Decision.Notice(Latest?.Value);
}

/// <summary>
/// Management's operational decisions of an incident (the playbook's <c>bindings › operational-decisions</c>: stop
/// the electronic medical record, restrict care, divert ambulances): what the record says of each, what is in force
/// and what can be decided now. The rules that take them are in <see cref="IncidentRules"/>.
/// </summary>
public static class OperationalDecisions
{
    /// <summary>The event types that hold decisions, so a reader can fetch only those of a long record.</summary>
    public static IReadOnlyList<IncidentEventType> EventTypes { get; } = [IncidentEventType.FactRecorded, IncidentEventType.FactRevised];

    /// <summary>Every decision taken, oldest first, from the incident's events (any others among them are passed over).</summary>
    public static IReadOnlyList<DecisionTaken> History(Playbook playbook, IEnumerable<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(events);
        var taken = new List<DecisionTaken>();
        foreach (var e in events.OrderBy(e => e.Seq))
        {
            var decision = e.Data switch
            {
                FactRecorded r when playbook.Bindings.Decision(r.Fact) is not null => new DecisionTaken(r.Fact, r.Value, null, r.Reason, r.Step, e.At, e.Actor, e.Seq),
                FactRevised r when playbook.Bindings.Decision(r.Fact) is not null => new DecisionTaken(r.Fact, r.Value, r.Previous, r.Reason, r.Step, e.At, e.Actor, e.Seq),
                _ => null,
            };
            if (decision is not null)
                taken.Add(decision);
        }
        return taken;
    }

    /// <summary>Each decision the playbook binds, in its order, with its history and whether it can be taken now.</summary>
    public static IReadOnlyList<DecisionStanding> Standing(IncidentSnapshot snapshot, IReadOnlyList<DecisionTaken> history)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(history);
        var playbook = snapshot.Playbook;
        return playbook.Bindings.Decisions
            .Select(d => new DecisionStanding(d, playbook.Fact(d.Fact), [.. history.Where(h => h.Fact == d.Fact)], CanBeTaken(snapshot, d.Fact)))
            .ToList();
    }

    /// <summary>
    /// The decisions in force, read from the projection alone (its facts' current values), so that every home page
    /// can show them without reading the record: the decision, its notice, who decided and when.
    /// </summary>
    public static IReadOnlyList<(OperationalDecision Decision, LocalizedText Notice, RecordedFact Taken)> InForce(Playbook playbook, IncidentProgress progress)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(progress);
        var inForce = new List<(OperationalDecision, LocalizedText, RecordedFact)>();
        foreach (var decision in playbook.Bindings.Decisions)
        {
            if (progress.Facts.GetValueOrDefault(decision.Fact) is { } taken && decision.Notice(taken.Value) is { } notice)
                inForce.Add((decision, notice, taken));
        }
        return inForce;
    }

    /// <summary>
    /// Whether the decision can be taken now, as <see cref="IncidentRules"/> decides it: the incident is open and a
    /// step that records it is open or finished.
    /// </summary>
    public static bool CanBeTaken(IncidentSnapshot snapshot, FactId fact)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Progress.Status == IncidentStatus.Open
            && snapshot.Playbook.AskedBy.TryGetValue(fact, out var steps)
            && steps.Any(s => snapshot[s].State is StepState.Available or StepState.InProgress or StepState.Done or StepState.Skipped);
    }
}
