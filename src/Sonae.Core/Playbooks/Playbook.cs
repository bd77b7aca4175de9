using System.Collections.Frozen;
using Sonae.Core.Access;

namespace Sonae.Core.Playbooks;

/// <summary>
/// A validated playbook: the flowchart as data. Built only by <see cref="PlaybookLoader"/>, which guarantees that
/// every reference resolves, the steps form no cycle, and every step can be reached.
/// </summary>
public sealed class Playbook
{
    private readonly FrozenDictionary<StepId, StepDefinition> _steps;
    private readonly FrozenDictionary<StepId, int> _stepIndex;
    private readonly FrozenDictionary<FactId, FactDefinition> _facts;

    internal Playbook(
        string id,
        LocalizedText title,
        LocalizedText? source,
        IReadOnlyList<PhaseDefinition> phases,
        IReadOnlyList<FactDefinition> facts,
        IReadOnlyList<StepDefinition> stepsInOrder,
        IReadOnlyList<PreparednessStep> preparedness,
        IntakeRule? intake,
        Condition? falseAlarmWhen,
        PlaybookBindings bindings,
        string sha256)
    {
        Id = id;
        Title = title;
        Source = source;
        Phases = phases;
        Facts = facts;
        Steps = stepsInOrder;
        Preparedness = preparedness;
        Intake = intake;
        FalseAlarmWhen = falseAlarmWhen;
        Bindings = bindings;
        Sha256 = sha256;
        _steps = stepsInOrder.ToFrozenDictionary(s => s.Id);
        _stepIndex = stepsInOrder.Select((s, i) => (s.Id, i)).ToFrozenDictionary(p => p.Id, p => p.i);
        _facts = facts.ToFrozenDictionary(f => f.Id);
        AskedBy = facts.ToFrozenDictionary(
            f => f.Id,
            f => (IReadOnlyList<StepId>)stepsInOrder.Where(s => s.Asks.Contains(f.Id) || s.Records.Contains(f.Id)).Select(s => s.Id).ToList());
    }

    /// <summary>The playbook's name, such as <c>mhlw-incident-flowchart</c>; versions share it.</summary>
    public string Id { get; }

    /// <summary>The playbook's title.</summary>
    public LocalizedText Title { get; }

    /// <summary>Where the playbook comes from, if it says.</summary>
    public LocalizedText? Source { get; }

    /// <summary>The numbered phases steps belong to, in the playbook's order.</summary>
    public IReadOnlyList<PhaseDefinition> Phases { get; }

    /// <summary>The questions an incident answers and the findings it records, in the playbook's order.</summary>
    public IReadOnlyList<FactDefinition> Facts { get; }

    /// <summary>
    /// The per-incident steps in the playbook's order, except that a step always comes after the steps it depends
    /// on (so evaluating them in this order sees every dependency first).
    /// </summary>
    public IReadOnlyList<StepDefinition> Steps { get; }

    /// <summary>Phase 0: kept for reference and for the preparedness area; not run per incident.</summary>
    public IReadOnlyList<PreparednessStep> Preparedness { get; }

    /// <summary>How a staff member's anomaly report answers the first step, if the playbook says.</summary>
    public IntakeRule? Intake { get; }

    /// <summary>When an incident closed in this state was a false alarm (rather than resolved or closed early).</summary>
    public Condition? FalseAlarmWhen { get; }

    /// <summary>The step each report belongs to, what fills report headings, the stop-use steps, when personal data is at risk.</summary>
    public PlaybookBindings Bindings { get; }

    /// <summary>SHA-256 (lower-case hex) of the playbook's YAML text as loaded.</summary>
    public string Sha256 { get; }

    /// <summary>For each fact, the steps that ask or record it.</summary>
    public FrozenDictionary<FactId, IReadOnlyList<StepId>> AskedBy { get; }

    /// <summary>
    /// What the person who reported an anomaly should do at once, before anyone else answers: the staff actions
    /// of the steps that the report's intake value alone sets going (in the guideline, 1-2: pull the cable).
    /// Steps that also depend on facts nobody has recorded yet are not included.
    /// </summary>
    public IReadOnlyList<StepAction> ActionsOnReport(bool showsInfection)
    {
        if (Intake is not { } intake)
            return [];
        var value = FactAnswer.Known(showsInfection ? intake.SignsValue : intake.NoSignsValue);
        FactAnswer Answer(FactId fact) => fact == intake.Fact ? value : FactAnswer.Pending;
        return Steps
            .Where(step => step.AppliesWhen is { } when && when.Facts.Contains(intake.Fact) && when.Evaluate(Answer) == true)
            .SelectMany(step => step.Expected.Where(action => action.Role == Role.Staff).Select(action => new StepAction(step, action)))
            .ToList();
    }

    /// <summary>Where a step of this playbook stands in <see cref="Steps"/>; throws for an id that is not a step of it.</summary>
    public int StepIndex(StepId id) =>
        _stepIndex.TryGetValue(id, out var index) ? index : throw new KeyNotFoundException($"Step {id} is not in playbook {Id}.");

    /// <summary>The per-incident step with this id, or null.</summary>
    public StepDefinition? FindStep(StepId id) => _steps.GetValueOrDefault(id);

    /// <summary>The fact with this id, or null.</summary>
    public FactDefinition? FindFact(FactId id) => _facts.GetValueOrDefault(id);

    /// <summary>The per-incident step with this id; throws when there is none (for ids taken from this playbook).</summary>
    public StepDefinition Step(StepId id) =>
        _steps.TryGetValue(id, out var step) ? step : throw new ArgumentException($"Step {id} is not in playbook {Id}.", nameof(id));

    /// <summary>The fact with this id; throws when there is none (for ids taken from this playbook).</summary>
    public FactDefinition Fact(FactId id) =>
        _facts.TryGetValue(id, out var fact) ? fact : throw new ArgumentException($"Fact {id} is not in playbook {Id}.", nameof(id));
}

/// <summary>A phase of the flowchart, such as 初動対応.</summary>
/// <param name="Id">Its number, which steps name.</param>
/// <param name="Title">Its title.</param>
public sealed record PhaseDefinition(int Id, LocalizedText Title);

/// <summary>What kind of answer a fact takes.</summary>
public enum FactKind
{
    /// <summary>One of a fixed list of values; only choices can drive conditions.</summary>
    Choice,

    /// <summary>Free text, such as a finding.</summary>
    Text,
}

/// <summary>One value a choice fact can take.</summary>
/// <param name="Id">What the record stores, and conditions compare (<c>yes</c>, <c>cyber-attack</c>).</param>
/// <param name="Title">How people read it.</param>
public sealed record FactValue(string Id, LocalizedText Title);

/// <summary>A question an incident answers (a choice) or a finding it records (text).</summary>
/// <param name="Id">Its id, which steps, conditions and bindings name.</param>
/// <param name="Kind">A choice or free text.</param>
/// <param name="Title">Its short title, as drafts and the record show it.</param>
/// <param name="Question">How the question is put to people.</param>
/// <param name="Values">The values of a choice, in order; empty for text.</param>
public sealed record FactDefinition(FactId Id, FactKind Kind, LocalizedText Title, LocalizedText Question, IReadOnlyList<FactValue> Values)
{
    /// <summary>The value with this id, or null.</summary>
    public FactValue? FindValue(string id) => Values.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.Ordinal));
}

/// <summary>One checklist item of a step: what one role does there.</summary>
/// <param name="Id">Its id, unique within the step.</param>
/// <param name="Role">The role that does it.</param>
/// <param name="Text">What to do.</param>
/// <param name="Guide">The investigation guide this action belongs to, if any: a checklist people may follow
/// when its pattern fits, ticked on the record like any action but never listed as something that must be done.</param>
public sealed record ActionDefinition(string Id, Role Role, LocalizedText Text, string? Guide = null);

/// <summary>A checklist for one pattern of symptoms, such as "suspicious e-mail received".</summary>
/// <param name="Id">Its id, which its actions carry (<see cref="ActionDefinition.Guide"/>).</param>
/// <param name="Title">The pattern it is for.</param>
public sealed record GuideDefinition(string Id, LocalizedText Title);

/// <summary>A per-incident step of the flowchart.</summary>
/// <param name="Id">Its number, such as <c>2-12</c>.</param>
/// <param name="Phase">The phase it belongs to.</param>
/// <param name="Title">Its title.</param>
/// <param name="Guideline">Where in the guideline (or the hospital's own procedure) it comes from.</param>
/// <param name="After">The steps that must be settled (done, skipped or not applicable) before it opens.</param>
/// <param name="AppliesWhen">When it applies to an incident; null: always.</param>
/// <param name="Asks">The facts that must be recorded before it can be completed.</param>
/// <param name="Records">The facts it may record (findings that are not required).</param>
/// <param name="Actions">Its actions, guide checklists included.</param>
/// <param name="Guides">Its guide checklists.</param>
public sealed record StepDefinition(
    StepId Id,
    int Phase,
    LocalizedText Title,
    string Guideline,
    IReadOnlyList<StepId> After,
    Condition? AppliesWhen,
    IReadOnlyList<FactId> Asks,
    IReadOnlyList<FactId> Records,
    IReadOnlyList<ActionDefinition> Actions,
    IReadOnlyList<GuideDefinition> Guides)
{
    /// <summary>The longest short title, in characters, that a flowchart box holds on one line.</summary>
    public const int ShortTitleMaxJa = 8;

    /// <inheritdoc cref="ShortTitleMaxJa"/>
    public const int ShortTitleMaxEn = 15;

    /// <summary>A title for the flowchart's boxes (optional field <c>short</c>), when the title itself is too long for one.</summary>
    public LocalizedText? ShortTitle { get; init; }

    /// <summary>
    /// How soon the step should be settled once it can be worked on (optional field <c>target</c>, such as <c>15m</c>
    /// or <c>2h</c>): an open step past it shows overdue. A working target of the hospital's, not a legal deadline.
    /// </summary>
    public TimeSpan? Target { get; init; }

    /// <summary>The longest target a playbook may set: a step of the response is not planned further ahead.</summary>
    public static readonly TimeSpan MaxTarget = TimeSpan.FromDays(30);

    /// <summary>The roles that act in this step (not counting guides), in the order their actions are listed.</summary>
    public IReadOnlyList<Role> Roles { get; } = Actions.Where(a => a.Guide is null).Select(a => a.Role).Distinct().ToList();

    /// <summary>The actions people are expected to do; guide checklists are extra.</summary>
    public IEnumerable<ActionDefinition> Expected => Actions.Where(a => a.Guide is null);

    /// <summary>The action with this id (guides' included), or null.</summary>
    public ActionDefinition? FindAction(string id) => Actions.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal));

    /// <summary>The facts <see cref="AppliesWhen"/> reads, each once, in the order it reads them.</summary>
    public IReadOnlyList<FactId> ConditionFacts { get; } = AppliesWhen is null ? [] : AppliesWhen.Facts.Distinct().ToList();

    /// <summary>Whether the step asks or records the fact.</summary>
    public bool Covers(FactId fact) => Asks.Contains(fact) || Records.Contains(fact);
}

/// <summary>One action, with the step it belongs to.</summary>
public sealed record StepAction(StepDefinition Step, ActionDefinition Action);

/// <summary>A phase-0 step: what to prepare between incidents (the preparedness area shows it; incidents do not run it).</summary>
/// <param name="Id">Its number, such as <c>0-1</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="Guideline">Where in the guideline it comes from.</param>
/// <param name="Actions">What each role prepares.</param>
public sealed record PreparednessStep(StepId Id, LocalizedText Title, string Guideline, IReadOnlyList<ActionDefinition> Actions)
{
    /// <summary>The roles that act in it, in the order their actions are listed.</summary>
    public IReadOnlyList<Role> Roles { get; } = Actions.Select(a => a.Role).Distinct().ToList();
}

/// <summary>
/// The step that a staff member's anomaly report answers, and the values it records in that step's fact: one
/// when the report names a sign of infection, another when it names none.
/// </summary>
public sealed record IntakeRule(StepId Step, FactId Fact, string SignsValue, string NoSignsValue);
