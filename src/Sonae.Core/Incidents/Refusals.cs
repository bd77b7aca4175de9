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
    /// <summary>What kind of wrong it is, which decides how it is answered (400, 403, 404 or 409).</summary>
    public abstract RefusalKind Kind { get; }
}

/// <summary>The caller holds no role that may do this.</summary>
/// <param name="Allowed">The roles that may.</param>
/// <param name="Held">The roles the caller holds.</param>
public sealed record RoleRequired(IReadOnlyList<Role> Allowed, IReadOnlyList<Role> Held) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Forbidden;
}

/// <summary>The incident is closed: its steps can no longer change.</summary>
public sealed record IncidentIsClosed : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The step has not opened yet: it waits for other steps or facts.</summary>
/// <param name="Step">The step.</param>
/// <param name="WaitingForSteps">The steps it waits for.</param>
/// <param name="WaitingForFacts">The facts its condition still needs.</param>
public sealed record StepIsLocked(StepId Step, IReadOnlyList<StepId> WaitingForSteps, IReadOnlyList<FactId> WaitingForFacts) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The step is already completed, skipped or not applicable.</summary>
/// <param name="Step">The step.</param>
/// <param name="State">Its state.</param>
public sealed record StepIsFinished(StepId Step, StepState State) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The step does not apply to this incident, as its condition reads the facts recorded.</summary>
/// <param name="Step">The step.</param>
public sealed record StepDoesNotApply(StepId Step) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The action was done already: by whom and when, so the caller sees it was not lost.</summary>
/// <param name="Step">The step.</param>
/// <param name="Action">The action's id.</param>
/// <param name="By">Who did it.</param>
/// <param name="At">When.</param>
public sealed record ActionAlreadyDone(StepId Step, string Action, string By, DateTimeOffset At) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>A step cannot be completed before the facts it asks are recorded.</summary>
/// <param name="Step">The step.</param>
/// <param name="Facts">The facts still to record.</param>
public sealed record FactsMissing(StepId Step, IReadOnlyList<FactId> Facts) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>A step that asks for a decision cannot be skipped: the decision drives what follows.</summary>
/// <param name="Step">The step.</param>
/// <param name="Facts">The decisions it asks.</param>
public sealed record StepAsksDecision(StepId Step, IReadOnlyList<FactId> Facts) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>No step that asks this fact is open in this incident (yet, or any more).</summary>
/// <param name="Fact">The fact.</param>
/// <param name="AskedBy">The steps that ask it.</param>
public sealed record FactNotAskedNow(FactId Fact, IReadOnlyList<StepId> AskedBy) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>
/// The fact holds another value already, and changing it needs a reason: most often someone else recorded it a moment
/// ago. Says what was recorded, by whom and when, so the caller can decide whether to change it.
/// </summary>
/// <param name="Fact">The fact.</param>
/// <param name="Value">The value recorded.</param>
/// <param name="By">Who recorded it.</param>
/// <param name="At">When.</param>
public sealed record FactAlreadyRecorded(FactId Fact, string Value, string By, DateTimeOffset At) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>Closing with steps still open needs a reason.</summary>
/// <param name="Steps">The steps still open.</param>
public sealed record StepsStillOpen(IReadOnlyList<StepId> Steps) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>
/// Management's operational decisions still stand (the electronic record stopped, care restricted): closing or
/// merging the incident would take their notices off every home page while the hospital still works that way, and
/// leave nobody able to lift them. Management lifts them first (or takes them again on the incident that goes on).
/// </summary>
/// <param name="Facts">The decisions in force.</param>
public sealed record DecisionsInForce(IReadOnlyList<FactId> Facts) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The incident's playbook has no such step.</summary>
/// <param name="Step">The step named.</param>
public sealed record UnknownStep(StepId Step) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>The step has no such action.</summary>
/// <param name="Step">The step.</param>
/// <param name="Action">The action named.</param>
public sealed record UnknownAction(StepId Step, string Action) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>No piece of evidence has this id in this incident's locker (it holds E1 … E<see cref="Count"/>).</summary>
/// <param name="Evidence">The id named.</param>
/// <param name="Count">How many pieces the locker holds.</param>
public sealed record UnknownEvidence(string Evidence, int Count) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>An incident cannot join itself, nor take its own report.</summary>
/// <param name="Incident">The incident named twice.</param>
public sealed record JoinIntoItself(IncidentLink Incident) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>A drill and a real incident cannot join, either way: what happens in a drill stays in it.</summary>
/// <param name="Drill">The drill.</param>
/// <param name="Real">The real incident.</param>
public sealed record JoinAcrossDrill(IncidentLink Drill, IncidentLink Real) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>The incident already joined another one: it is closed, and what belongs to it goes to that one.</summary>
/// <param name="Incident">The merged incident.</param>
/// <param name="Into">The incident it joined.</param>
public sealed record IncidentIsMerged(IncidentLink Incident, IncidentLink Into) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The report was attached to another incident already.</summary>
/// <param name="Report">Its sequence number on its record.</param>
/// <param name="To">Where it went.</param>
public sealed record ReportAlreadyMoved(long Report, IncidentLink To) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>No anomaly report has this sequence number on the incident's record.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Report">The sequence number named.</param>
public sealed record UnknownAnomalyReport(IncidentLink Incident, long Report) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>The incident's playbook has no such fact.</summary>
/// <param name="Fact">The fact named.</param>
public sealed record UnknownFact(FactId Fact) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>
/// The value needs a reason and none was given: a public announcement in place of the notice to the people affected
/// is allowed only where notice is impractical, and the record says why.
/// </summary>
/// <param name="Fact">The fact.</param>
/// <param name="Value">The value chosen.</param>
public sealed record FactNeedsReason(FactId Fact, string Value) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>The value is not one of the fact's choices.</summary>
/// <param name="Fact">The fact.</param>
/// <param name="Value">The value sent.</param>
/// <param name="Allowed">The choices it has.</param>
public sealed record FactValueNotAllowed(FactId Fact, string Value, IReadOnlyList<string> Allowed) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>A field of the request that is missing or wrong; <see cref="Field"/> is its name in the request.</summary>
/// <param name="Field">The field's name in the request.</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="Limit">The bound it broke, where there is one (a length, a count, a maximum).</param>
public sealed record FieldRefused(string Field, FieldProblem Problem, int Limit = 0) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>A time given for something done during the incident (a contact) is earlier than the incident's opening.</summary>
/// <param name="Field">The field's name in the request.</param>
/// <param name="OpenedAt">When the incident was opened.</param>
public sealed record TimeBeforeOpening(string Field, DateTimeOffset OpenedAt) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>What is wrong with a field of a request.</summary>
public enum FieldProblem
{
    /// <summary>Missing or empty.</summary>
    Required,

    /// <summary>Longer than its limit.</summary>
    TooLong,

    /// <summary>More items than its limit.</summary>
    TooMany,

    /// <summary>A time more than a few minutes ahead of the clock.</summary>
    InTheFuture,

    /// <summary>A time further back than <see cref="CallerTimes.LongestAgo"/> (a year typed as 0001 or 1900).</summary>
    TooLongAgo,

    /// <summary>Not a SHA-256 as 64 hexadecimal digits.</summary>
    NotHex64,

    /// <summary>Not a valid id.</summary>
    InvalidId,

    /// <summary>Holds a control character or a code point text may not hold (TextRules).</summary>
    ControlCharacters,

    /// <summary>A number below zero or above <see cref="FieldRefused.Limit"/>.</summary>
    OutOfRange,

    /// <summary>A time that must be ahead (when the next update comes) is in the past.</summary>
    NotAhead,

    /// <summary>A time more than <see cref="FieldRefused.Limit"/> days ahead.</summary>
    TooFarAhead,
}

/// <summary>What the rules answer to a command: the events to record, or why not.</summary>
/// <param name="Events">The events to append, each with who it is by, when accepted.</param>
/// <param name="Refusal">Why not, when refused.</param>
public sealed record Decision(IReadOnlyList<(EventActor Actor, EventData Data)> Events, Refusal? Refusal)
{
    /// <summary>True when there is no refusal.</summary>
    public bool IsAccepted => Refusal is null;

    /// <summary>Accepts with these events.</summary>
    public static Decision Accept(params (EventActor, EventData)[] events) => new(events, null);

    /// <summary>Accepts with these events.</summary>
    public static Decision Accept(IReadOnlyList<(EventActor, EventData)> events) => new(events, null);

    /// <summary>Refuses, recording nothing.</summary>
    public static Decision Refuse(Refusal refusal) => new([], refusal);
}
