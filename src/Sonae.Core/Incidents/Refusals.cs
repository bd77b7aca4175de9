using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>How a refusal maps onto what the caller did wrong.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong (a value out of range, a text too long): fix the request.</summary>
    Invalid,

    /// <summary>The caller does not hold a role that may do this.</summary>
    Forbidden,

    /// <summary>The step, action or fact named does not exist in this incident's playbook.</summary>
    NotFound,

    /// <summary>Not now: something else must happen first, or it already happened.</summary>
    Conflict,
}

/// <summary>
/// Why a command was refused, with what the caller needs to put it right. Nothing is recorded for a refused
/// command. The web layer words each refusal in the caller's language.
/// </summary>
public abstract record Refusal
{
    public abstract RefusalKind Kind { get; }
}

public sealed record RoleRequired(IReadOnlyList<Role> Allowed, IReadOnlyList<Role> Held) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Forbidden;
}

public sealed record IncidentIsClosed : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

public sealed record StepIsLocked(StepId Step, IReadOnlyList<StepId> WaitingForSteps, IReadOnlyList<FactId> WaitingForFacts) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

public sealed record StepIsFinished(StepId Step, StepState State) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

public sealed record StepDoesNotApply(StepId Step) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

public sealed record ActionAlreadyDone(StepId Step, string Action, string By, DateTimeOffset At) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>A step cannot be completed before the facts it asks are recorded.</summary>
public sealed record FactsMissing(StepId Step, IReadOnlyList<FactId> Facts) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>A step that asks for a decision cannot be skipped: the decision drives what follows.</summary>
public sealed record StepAsksDecision(StepId Step, IReadOnlyList<FactId> Facts) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>No step that asks this fact is open in this incident (yet, or any more).</summary>
public sealed record FactNotAskedNow(FactId Fact, IReadOnlyList<StepId> AskedBy) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>
/// The fact holds another value already, and changing it needs a reason: most often someone else recorded it a moment
/// ago. Says what was recorded, by whom and when, so the caller can decide whether to change it.
/// </summary>
public sealed record FactAlreadyRecorded(FactId Fact, string Value, string By, DateTimeOffset At) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>Closing with steps still open needs a reason.</summary>
public sealed record StepsStillOpen(IReadOnlyList<StepId> Steps) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Conflict;
}

public sealed record UnknownStep(StepId Step) : Refusal
{
    public override RefusalKind Kind => RefusalKind.NotFound;
}

public sealed record UnknownAction(StepId Step, string Action) : Refusal
{
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>No piece of evidence has this id in this incident's locker (it holds E1 … E<see cref="Count"/>).</summary>
public sealed record UnknownEvidence(string Evidence, int Count) : Refusal
{
    public override RefusalKind Kind => RefusalKind.NotFound;
}

public sealed record UnknownFact(FactId Fact) : Refusal
{
    public override RefusalKind Kind => RefusalKind.NotFound;
}

public sealed record FactValueNotAllowed(FactId Fact, string Value, IReadOnlyList<string> Allowed) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>A field of the request that is missing or wrong; <see cref="Field"/> is its name in the request.</summary>
public sealed record FieldRefused(string Field, FieldProblem Problem, int Limit = 0) : Refusal
{
    public override RefusalKind Kind => RefusalKind.Invalid;
}

public enum FieldProblem
{
    Required,
    TooLong,
    TooMany,
    InTheFuture,

    /// <summary>A time further back than <see cref="CallerTimes.LongestAgo"/> (a year typed as 0001 or 1900).</summary>
    TooLongAgo,
    NotHex64,
    InvalidId,
    ControlCharacters,

    /// <summary>A number below zero or above <see cref="FieldRefused.Limit"/>.</summary>
    OutOfRange,
}

/// <summary>What the rules answer to a command: the events to record, or why not.</summary>
public sealed record Decision(IReadOnlyList<(EventActor Actor, EventData Data)> Events, Refusal? Refusal)
{
    public bool IsAccepted => Refusal is null;

    public static Decision Accept(params (EventActor, EventData)[] events) => new(events, null);

    public static Decision Accept(IReadOnlyList<(EventActor, EventData)> events) => new(events, null);

    public static Decision Refuse(Refusal refusal) => new([], refusal);
}
