using System.Collections.Frozen;

namespace Sonae.Core.Playbooks;

/// <summary>
/// What Sonae does with a playbook's steps and facts besides running the flowchart (the playbook's <c>bindings</c>
/// section): the step each report belongs to, what fills a report's headings, the steps that show the systems to
/// stop using, when the recorded facts say personal data is at risk, which facts are management's operational
/// decisions (stop the electronic medical record, restrict care, divert ambulances), the step at which a report
/// is confirmed, the fact that says when the breach happened, and the choice of how the people affected are told.
/// </summary>
/// <remarks>
/// The reports, their headings and their legal deadlines are Sonae's catalogue (<c>Sonae.Core.Reporting</c>): the
/// law and the recipients decide them, not the playbook. The bindings say where in this flowchart each comes from,
/// so that a hospital that renames or adds steps keeps its reports. <see cref="PlaybookLoader"/> checks that every
/// step, fact, report and heading named here exists; a playbook without the section binds nothing
/// (<see cref="None"/>), except versions of the built-in playbook written before bindings existed (see
/// <see cref="PlaybookLoader.LoadStored"/>).
/// </remarks>
public sealed class PlaybookBindings
{
    /// <summary>A condition that is always false (an <c>any</c> of nothing).</summary>
    private static readonly Condition Never = new AnyOf([]);

    /// <summary>Binds nothing: no report belongs to a step, no heading is filled from facts or notes.</summary>
    public static PlaybookBindings None { get; } = new(new Dictionary<string, StepId>(), new Dictionary<string, HeadingSources>(), [], null, []);

    /// <summary>Bindings as given; <see cref="PlaybookLoader"/> is what checks that they resolve.</summary>
    /// <param name="reports">Report id (of the catalogue) → the step at which the report is made.</param>
    /// <param name="headings">Heading id (of any report in the catalogue) → what fills it.</param>
    /// <param name="stopUsingSteps">The steps whose page shows the systems staff must stop using.</param>
    /// <param name="personalDataAtRiskWhen">When the facts raise the question of a leak report; null: never.</param>
    /// <param name="decisions">The facts that are management's operational decisions, with the notice of each value in force.</param>
    /// <param name="confirmationStep">The step at which someone confirms a reported anomaly; null: none is watched.</param>
    /// <param name="occurredAt">The fact that says when the breach happened (or began); null: the record cannot say.</param>
    /// <param name="individualNotice">The choice of how the people affected are told; null: the record cannot say.</param>
    /// <param name="milestones">Milestone id (of <see cref="Aftercare.Metrics.Milestones"/>) → the step whose completion reaches it; null: none.</param>
    public PlaybookBindings(
        IReadOnlyDictionary<string, StepId> reports,
        IReadOnlyDictionary<string, HeadingSources> headings,
        IReadOnlyList<StepId> stopUsingSteps,
        Condition? personalDataAtRiskWhen,
        IReadOnlyList<OperationalDecision> decisions,
        StepId? confirmationStep = null,
        FactId? occurredAt = null,
        IndividualNotice? individualNotice = null,
        IReadOnlyDictionary<string, StepId>? milestones = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(headings);
        ArgumentNullException.ThrowIfNull(stopUsingSteps);
        ArgumentNullException.ThrowIfNull(decisions);
        Decisions = decisions;
        Reports = reports.ToFrozenDictionary(StringComparer.Ordinal);
        Headings = headings.ToFrozenDictionary(StringComparer.Ordinal);
        StopUsingSteps = stopUsingSteps;
        PersonalDataAtRiskWhen = personalDataAtRiskWhen;
        ConfirmationStep = confirmationStep;
        OccurredAt = occurredAt;
        IndividualNotice = individualNotice;
        Milestones = (milestones ?? new Dictionary<string, StepId>()).ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Report id → the step at which the report is made (reports not named here belong to no step).</summary>
    public IReadOnlyDictionary<string, StepId> Reports { get; }

    /// <summary>Heading id → the facts and step notes a first draft writes under it, in every report that has it.</summary>
    public IReadOnlyDictionary<string, HeadingSources> Headings { get; }

    /// <summary>The steps whose instructions are the list of systems to stop using.</summary>
    public IReadOnlyList<StepId> StopUsingSteps { get; }

    /// <summary>
    /// When the recorded facts say personal data may be at risk, so that management is asked the four situations
    /// of rule 7 and the privacy commission's clocks are shown. Null: the facts never raise it (management still can).
    /// </summary>
    public Condition? PersonalDataAtRiskWhen { get; }

    /// <summary>
    /// Management's operational decisions, in the order the playbook names them: facts whose value is an instruction
    /// to everyone while it stands. Only management records them, always with a reason, and may change them whenever
    /// a step that records them has been reached (<see cref="Incidents.IncidentRules"/>).
    /// </summary>
    public IReadOnlyList<OperationalDecision> Decisions { get; }

    /// <summary>
    /// The step at which someone confirms that a reported anomaly is real (in the guideline, 1-4). Until something is
    /// done there, a report waits on everyone's screen, and past the organization's limit it is overdue and goes to the
    /// officer's deputy. Null: reports are not watched.
    /// </summary>
    public StepId? ConfirmationStep { get; }

    /// <summary>
    /// The fact that says when the breach happened or began (「発生日時」), as known, estimated or unknown: the privacy
    /// commission's item 1 asks for it beside the moment of awareness, and the ministry's and the police's overviews
    /// give it. Null: the record cannot say, and the privacy reports' overview leaves it 「調査中」 for people to write.
    /// </summary>
    public FactId? OccurredAt { get; }

    /// <summary>
    /// The choice of how the people affected are told (法第26条第2項): a notice to each, or, where that is impractical,
    /// a public announcement in its place (then with the reason), or both. Null: the record cannot say.
    /// </summary>
    public IndividualNotice? IndividualNotice { get; }

    /// <summary>
    /// Milestone id → the step whose completion reaches it: the moments the metrics measure from the first report
    /// (confirmed, contained, management informed, recovered; <see cref="Aftercare.Metrics.Milestones"/>). A milestone
    /// not named here is not measured.
    /// </summary>
    public IReadOnlyDictionary<string, StepId> Milestones { get; }

    /// <summary>Whether nothing at all is bound.</summary>
    public bool IsEmpty => Reports.Count == 0 && Headings.Count == 0 && StopUsingSteps.Count == 0 && PersonalDataAtRiskWhen is null && Decisions.Count == 0
        && ConfirmationStep is null && OccurredAt is null && IndividualNotice is null && Milestones.Count == 0;

    /// <summary>The operational decision a fact is, or null for an ordinary fact.</summary>
    public OperationalDecision? Decision(FactId fact) => Decisions.FirstOrDefault(d => d.Fact == fact);

    /// <summary>The step at which a report is made, or null when this playbook ties it to none.</summary>
    public StepId? ReportStep(string report) => Reports.TryGetValue(report, out var step) ? step : null;

    /// <summary>What fills a heading: <see cref="HeadingSources.Empty"/> when nothing is bound to it.</summary>
    public HeadingSources Heading(string heading) => Headings.GetValueOrDefault(heading) ?? HeadingSources.Empty;

    /// <summary>Whether a step's page shows the systems to stop using.</summary>
    public bool ShowsStopUsing(StepId step) => StopUsingSteps.Contains(step);

    /// <summary>
    /// Whether the recorded facts make <see cref="PersonalDataAtRiskWhen"/> true. A fact not recorded yet counts as
    /// still pending, so the question is raised only once what is recorded decides it.
    /// </summary>
    /// <param name="recorded">The value recorded for a fact, or null.</param>
    public bool PersonalDataAtRisk(Func<FactId, string?> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return PersonalDataAtRiskWhen?.Evaluate(fact => recorded(fact) is { } value ? FactAnswer.Known(value) : FactAnswer.Pending) == true;
    }

    /// <summary>
    /// These bindings without what a playbook does not have: reports and notes of missing steps, missing facts and
    /// values. A comparison with a fact that cannot be recorded is always false, so the condition keeps its meaning.
    /// </summary>
    internal PlaybookBindings Keeping(Func<StepId, bool> hasStep, Func<FactId, FactDefinition?> fact) => new(
        Reports.Where(r => hasStep(r.Value)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
        Headings.ToDictionary(
            h => h.Key,
            h => new HeadingSources([.. h.Value.Facts.Where(f => fact(f) is not null)], [.. h.Value.Notes.Where(hasStep)]),
            StringComparer.Ordinal),
        [.. StopUsingSteps.Where(hasStep)],
        PersonalDataAtRiskWhen is { } when ? Keeping(when, fact) : null,
        [.. Decisions.Where(d => fact(d.Fact) is { Kind: FactKind.Choice } definition && d.Notices.Keys.All(v => definition.FindValue(v) is not null))],
        ConfirmationStep is { } confirmation && hasStep(confirmation) ? confirmation : null,
        OccurredAt is { } occurred && fact(occurred) is not null ? occurred : null,
        IndividualNotice is { } notice && fact(notice.Fact) is { Kind: FactKind.Choice } noticeFact && notice.Values.Values.All(v => noticeFact.FindValue(v) is not null)
            ? notice : null,
        Milestones.Where(m => hasStep(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));

    private static Condition Keeping(Condition condition, Func<FactId, FactDefinition?> fact) => condition switch
    {
        FactIn comparison => fact(comparison.Fact) is { Kind: FactKind.Choice } definition
            && comparison.Values.Where(v => definition.FindValue(v) is not null).ToList() is { Count: > 0 } values
                ? comparison with { Values = values }
                : Never,
        AllOf all => new AllOf([.. all.Conditions.Select(c => Keeping(c, fact))]),
        AnyOf any => new AnyOf([.. any.Conditions.Select(c => Keeping(c, fact))]),
        Not not => new Not(Keeping(not.Condition, fact)),
        _ => throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition)),
    };
}

/// <summary>What fills one report heading: the facts (each as its title and value), then the notes written on steps.</summary>
/// <param name="Facts">Facts whose recorded value is written under the heading, in this order.</param>
/// <param name="Notes">Steps whose notes are written under the heading after the facts, in this order.</param>
public sealed record HeadingSources(IReadOnlyList<FactId> Facts, IReadOnlyList<StepId> Notes)
{
    /// <summary>Nothing: the heading is filled only from what Sonae itself knows (or left for people to write).</summary>
    public static HeadingSources Empty { get; } = new([], []);
}

/// <summary>
/// One of management's operational decisions: a choice fact whose values named here are in force (the record is
/// stopped, care is restricted, ambulances are diverted), each with the notice every home page shows while it
/// stands. Its other values lift it.
/// </summary>
/// <param name="Fact">The choice fact that holds the decision.</param>
/// <param name="Notices">Value id in force → what staff are told while it stands (「電子カルテは停止中です。紙運用に切り替えてください。」).</param>
public sealed record OperationalDecision(FactId Fact, IReadOnlyDictionary<string, LocalizedText> Notices)
{
    /// <summary>The notice of a value in force, or null when the value lifts the decision.</summary>
    public LocalizedText? Notice(string? value) => value is not null && Notices.TryGetValue(value, out var notice) ? notice : null;
}

/// <summary>How the people whose data leaked are told (個人情報保護法 第26条第2項), as Sonae's reports word it.</summary>
public enum NoticeChoice
{
    /// <summary>A notice to each person (本人への通知).</summary>
    Notify,

    /// <summary>
    /// A public announcement in place of the notice, because telling each person is impractical (本人への通知が困難な場合の
    /// 代替措置, 法第26条第2項ただし書): the reason must be on the record.
    /// </summary>
    AnnounceInstead,

    /// <summary>A notice to each person, and a public announcement as well.</summary>
    Both,

    /// <summary>Not decided yet.</summary>
    NotYet,
}

/// <summary>
/// The choice fact that says how the people affected are told, and which of its values means which
/// <see cref="NoticeChoice"/>. Choosing the value that means <see cref="NoticeChoice.AnnounceInstead"/> needs a reason.
/// </summary>
/// <param name="Fact">The choice fact.</param>
/// <param name="Values">Meaning → the fact's value that has it (<see cref="NoticeChoice.AnnounceInstead"/> always among them).</param>
public sealed record IndividualNotice(FactId Fact, IReadOnlyDictionary<NoticeChoice, string> Values)
{
    /// <summary>What a recorded value means, or null for a value the binding does not name.</summary>
    public NoticeChoice? Meaning(string? value) =>
        Values.Where(v => string.Equals(v.Value, value, StringComparison.Ordinal)).Select(v => (NoticeChoice?)v.Key).FirstOrDefault();

    /// <summary>Whether recording <paramref name="value"/> for <paramref name="fact"/> must give a reason: a public announcement in place of the notice.</summary>
    public bool NeedsReason(FactId fact, string? value) => fact == Fact && Meaning(value) == NoticeChoice.AnnounceInstead;
}
