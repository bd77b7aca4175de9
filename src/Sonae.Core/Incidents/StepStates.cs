using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>Where a step stands in one incident (Incidents/README.md explains the rules).</summary>
public enum StepState
{
    /// <summary>Waiting for earlier steps or for a fact its condition reads.</summary>
    Locked,

    /// <summary>Open, nothing done yet.</summary>
    Available,

    /// <summary>Open, with at least one action done or fact recorded.</summary>
    InProgress,

    /// <summary>Completed.</summary>
    Done,

    /// <summary>Decided not to do, with a reason.</summary>
    Skipped,

    /// <summary>Its condition is false for this incident.</summary>
    NotApplicable,
}

/// <summary>What a step state means for the steps after it and for people.</summary>
public static class StepStateExtensions
{
    /// <summary>Whether the step no longer holds up the steps that depend on it.</summary>
    public static bool IsSettled(this StepState state) => state switch
    {
        StepState.Done or StepState.Skipped or StepState.NotApplicable => true,
        StepState.Locked or StepState.Available or StepState.InProgress => false,
    };

    /// <summary>Whether people can act in the step now.</summary>
    public static bool IsOpen(this StepState state) => state is StepState.Available or StepState.InProgress;

    /// <summary>The state's wire name in the API (<c>in-progress</c>).</summary>
    public static string Id(this StepState state) => state switch
    {
        StepState.Locked => "locked",
        StepState.Available => "available",
        StepState.InProgress => "in-progress",
        StepState.Done => "done",
        StepState.Skipped => "skipped",
        StepState.NotApplicable => "not-applicable",
    };
}

/// <summary>One step's state, and, while it is locked, what it waits for.</summary>
public sealed record StepStatus(
    StepDefinition Step,
    StepState State,
    IReadOnlyList<StepId> WaitingForSteps,
    IReadOnlyList<FactId> WaitingForFacts,
    StepProgress Progress)
{
    /// <summary>The facts this step asks that are not recorded yet (they must be before it can be completed).</summary>
    public IReadOnlyList<FactId> MissingFacts { get; init; } = [];
}

/// <summary>What kind of thing a role can do next.</summary>
public enum NextKind
{
    /// <summary>Do one of a step's actions.</summary>
    DoAction,

    /// <summary>Answer a question the step asks.</summary>
    AnswerFact,

    /// <summary>Complete the step: everything it asks is done.</summary>
    CompleteStep,

    /// <summary>An open step of other roles that holds up one of this role's steps (see <see cref="IncidentSnapshot.HoldingUp"/>).</summary>
    WaitingOnOthers,
}

/// <summary>Something a role can do now: an action, a question, or completing a step.</summary>
public sealed record NextItem(StepId Step, NextKind Kind, string? Action = null, FactId? Fact = null);

/// <summary>
/// Every step's state in one incident, computed from the playbook and the incident's progress when first asked
/// (a command that reads only the progress, such as a note, never pays for it). Safe to share between threads.
/// </summary>
public sealed class IncidentSnapshot
{
    private StepStatus[]? _steps;

    internal IncidentSnapshot(Playbook playbook, IncidentProgress progress)
    {
        Playbook = playbook;
        Progress = progress;
    }

    /// <summary>The playbook version the incident runs.</summary>
    public Playbook Playbook { get; }

    /// <summary>The incident's state the snapshot was computed from.</summary>
    public IncidentProgress Progress { get; }

    /// <summary>In the playbook's order.</summary>
    public IReadOnlyList<StepStatus> Steps => Evaluated;

    /// <summary>One step's status, by its id.</summary>
    public StepStatus this[StepId id] => Evaluated[Playbook.StepIndex(id)];

    /// <summary>A fact as the conditions read it: its value, pending (a step may still ask it) or absent.</summary>
    public FactAnswer Answer(FactId fact) => StepStates.Answer(Playbook, Progress, Evaluated, Evaluated.Length, fact);

    /// <summary>Two threads asking at once may both evaluate; they find the same states, and one array is kept.</summary>
    private StepStatus[] Evaluated => _steps ?? Interlocked.CompareExchange(ref _steps, StepStates.Evaluate(Playbook, Progress), null) ?? _steps;

    /// <summary>Steps that are not settled: open ones and locked ones that may still open.</summary>
    public IEnumerable<StepStatus> Unsettled => Steps.Where(s => !s.State.IsSettled());

    /// <summary>What someone holding <paramref name="role"/> can do now, in the playbook's order.</summary>
    public IReadOnlyList<NextItem> NextFor(Role role)
    {
        if (Progress.Status == IncidentStatus.Closed)
            return [];
        var items = new List<NextItem>();
        foreach (var status in Steps.Where(s => s.State.IsOpen() && s.Step.Roles.Contains(role)))
        {
            foreach (var action in status.Step.Expected.Where(a => a.Role == role && !status.Progress.ActionsDone.ContainsKey(a.Id)))
                items.Add(new NextItem(status.Step.Id, NextKind.DoAction, Action: action.Id));
            foreach (var fact in status.MissingFacts)
                items.Add(new NextItem(status.Step.Id, NextKind.AnswerFact, Fact: fact));
            if (status.MissingFacts.Count == 0 && status.Step.Expected.Where(a => a.Role == role).All(a => status.Progress.ActionsDone.ContainsKey(a.Id)))
                items.Add(new NextItem(status.Step.Id, NextKind.CompleteStep));
        }
        return items;
    }

    /// <summary>
    /// The open steps of other roles that hold up a step this role acts in, directly or through steps that are
    /// themselves still locked: what a security officer chasing an incident needs when nothing is theirs yet
    /// (the nurse phoned but never ticked 1-3 in Sonae). Whoever may act on behalf can record those steps.
    /// </summary>
    public IReadOnlyList<NextItem> HoldingUp(Role role)
    {
        if (Progress.Status == IncidentStatus.Closed)
            return [];
        var found = new List<StepId>();
        var seen = new HashSet<StepId>();
        void Walk(StepStatus locked)
        {
            foreach (var id in locked.WaitingForSteps)
            {
                if (!seen.Add(id))
                    continue;
                var waitedOn = this[id];
                if (waitedOn.State == StepState.Locked)
                    Walk(waitedOn);
                else if (waitedOn.State.IsOpen() && !waitedOn.Step.Roles.Contains(role))
                    found.Add(id);
            }
        }
        foreach (var status in Steps.Where(s => s.State == StepState.Locked && s.Step.Roles.Contains(role)))
            Walk(status);
        return Steps.Where(s => found.Contains(s.Step.Id)).Select(s => new NextItem(s.Step.Id, NextKind.WaitingOnOthers)).ToList();
    }
}

/// <summary>
/// The engine: from a playbook and an incident's progress, the state of every step. Pure and deterministic;
/// see Incidents/README.md for the rules it applies.
/// </summary>
public static class StepStates
{
    /// <summary>Every step's state for this incident (evaluated when first read).</summary>
    public static IncidentSnapshot Compute(Playbook playbook, IncidentProgress progress)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(progress);
        return new IncidentSnapshot(playbook, progress);
    }

    /// <summary>The steps' states in the playbook's order, each step after the steps it depends on.</summary>
    internal static StepStatus[] Evaluate(Playbook playbook, IncidentProgress progress)
    {
        var statuses = new StepStatus[playbook.Steps.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            var step = playbook.Steps[i];
            var stepProgress = progress.Step(step.Id);
            if (stepProgress.Resolution is { } resolution)
            {
                var state = resolution.Kind == StepResolutionKind.Completed ? StepState.Done : StepState.Skipped;
                statuses[i] = new StepStatus(step, state, [], [], stepProgress);
                continue;
            }
            var evaluated = i;
            FactAnswer SoFar(FactId fact) => Answer(playbook, progress, statuses, evaluated, fact);
            bool? applies = step.AppliesWhen is null ? true : step.AppliesWhen.Evaluate(SoFar);
            if (applies == false)
            {
                statuses[i] = new StepStatus(step, StepState.NotApplicable, [], [], stepProgress);
                continue;
            }
            var waitingForSteps = Where(step.After, d => !statuses[playbook.StepIndex(d)].State.IsSettled());
            var waitingForFacts = applies is null ? Where(step.ConditionFacts, f => SoFar(f).IsPending) : [];
            var open = waitingForSteps.Count == 0 && applies is true;
            statuses[i] = new StepStatus(step, !open ? StepState.Locked : Started(step, stepProgress, progress) ? StepState.InProgress : StepState.Available,
                waitingForSteps, waitingForFacts, stepProgress)
            {
                MissingFacts = Where(step.Asks, f => !progress.Facts.ContainsKey(f)),
            };
        }
        return statuses;
    }

    /// <summary>
    /// A fact as the conditions read it, with the first <paramref name="evaluated"/> steps' states known: its value,
    /// or pending while a step evaluated so far that asks it may still record it, or absent. The loader guarantees
    /// that a step's condition only reads facts that an ancestor asks, and ancestors are evaluated first.
    /// </summary>
    internal static FactAnswer Answer(Playbook playbook, IncidentProgress progress, StepStatus[] statuses, int evaluated, FactId fact)
    {
        if (progress.Facts.TryGetValue(fact, out var recorded))
            return FactAnswer.Known(recorded.Value);
        if (playbook.AskedBy.TryGetValue(fact, out var askers))
        {
            foreach (var asker in askers)
            {
                var index = playbook.StepIndex(asker);
                if (index < evaluated && statuses[index].State is StepState.Locked or StepState.Available or StepState.InProgress)
                    return FactAnswer.Pending;
            }
        }
        return FactAnswer.Absent;
    }

    /// <summary>An open step is in progress once one of its actions is done or one of its facts recorded.</summary>
    private static bool Started(StepDefinition step, StepProgress stepProgress, IncidentProgress progress)
    {
        if (stepProgress.ActionsDone.Count > 0)
            return true;
        foreach (var fact in step.Asks)
        {
            if (progress.Facts.ContainsKey(fact))
                return true;
        }
        foreach (var fact in step.Records)
        {
            if (progress.Facts.ContainsKey(fact))
                return true;
        }
        return false;
    }

    /// <summary>The items that pass, or the shared empty list when none does (most steps wait for nothing).</summary>
    private static IReadOnlyList<T> Where<T>(IReadOnlyList<T> items, Func<T, bool> passes)
    {
        List<T>? passed = null;
        foreach (var item in items)
        {
            if (passes(item))
                (passed ??= []).Add(item);
        }
        return passed is null ? Array.Empty<T>() : passed;
    }
}
