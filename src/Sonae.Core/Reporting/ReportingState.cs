using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Reporting;

/// <summary>Management's answer for one situation of 第7条: whether it applies, and why.</summary>
public sealed record CategoryAnswer(ReportingCategory Category, bool Applies, string Reason);

/// <summary>One answer of management to the four situations, as recorded.</summary>
public sealed record Assessment(IReadOnlyList<CategoryAnswer> Answers, long Seq, DateTimeOffset At, string By)
{
    /// <summary>The situations management answered apply.</summary>
    public IReadOnlySet<ReportingCategory> Categories { get; } = Answers.Where(a => a.Applies).Select(a => a.Category).ToHashSet();

    /// <summary>Any situation applies: the commission must be told and the people notified.</summary>
    public bool Required => Categories.Count > 0;
}

/// <summary>A figure's value as recorded at one time.</summary>
public sealed record FigureValue(long Value, string? Note, long Seq, DateTimeOffset At, string By);

/// <summary>A report issued, as the record says.</summary>
public sealed record IssuedReport(long Seq, DateTimeOffset At, string By, ReportIssued Data);

/// <summary>A report's draft as last saved.</summary>
/// <param name="Seq">The event that saved it.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
/// <param name="Fields">Each heading's text.</param>
/// <param name="Basis">The last event of the record its headings are compared with (<see cref="ReportDrafted.Basis"/>).</param>
/// <param name="BasisAt">
/// When a draft was first saved on that basis: what the hospital's preparedness record (its profile, people, systems)
/// said then is what the headings it fills were compared with, as the incident's record was at <paramref name="Basis"/>.
/// </param>
public sealed record SavedDraft(long Seq, DateTimeOffset At, string By, IReadOnlyDictionary<string, string> Fields, long Basis, DateTimeOffset BasisAt);

/// <summary>The moment of awareness as management set it, with who set it and when.</summary>
public sealed record AwarenessChange(Awareness Awareness, long Seq, DateTimeOffset RecordedAt, string By);

/// <summary>A change of the incident's reporting rules by management, with who changed them and when.</summary>
public sealed record RulesChange(ReportingRules Rules, ReportingRules Previous, string Reason, long Seq, DateTimeOffset At, string By);

/// <summary>Whether the privacy commission must be told, as far as the record shows.</summary>
public enum ReportingNeed
{
    /// <summary>Nothing on the record suggests personal data is at risk.</summary>
    NotRaised,

    /// <summary>Personal data may be at risk and management has not answered the four situations yet.</summary>
    AnswerNeeded,

    /// <summary>Management answered that at least one situation applies.</summary>
    Required,

    /// <summary>Management answered that none applies, with reasons.</summary>
    NotRequired,
}

/// <summary>One of the two clocks: when it is due, where it stands, and when it was met.</summary>
public sealed record Clock(ReportKind Report, DateTimeOffset Due, ClockState State, IssuedReport? Done);

/// <summary>The legal clocks of an incident at one moment.</summary>
/// <param name="Need">Whether the commission must be told, as far as the record shows.</param>
/// <param name="Awareness">The moment the clocks count from.</param>
/// <param name="Deadlines">When each report is due.</param>
/// <param name="Preliminary">The preliminary report's clock.</param>
/// <param name="Final">The final report's clock.</param>
/// <param name="OutgrewAnswer">
/// The latest count of people affected is over the threshold of 第7条第4号 while management's answer says that
/// situation does not apply: the answer needs a second look.
/// </param>
public sealed record LegalClocks(ReportingNeed Need, Awareness Awareness, Deadlines Deadlines, Clock Preliminary, Clock Final, bool OutgrewAnswer = false)
{
    /// <summary>A clock to show: the preliminary until it is done, then the final.</summary>
    public Clock Next => Preliminary.Done is null ? Preliminary : Final;

    /// <summary>
    /// The clocks run (are shown and warned about) when the report is or may be required, or when the count of people
    /// has outgrown management's answer (which may have been "none applies").
    /// </summary>
    public bool Running => Need is ReportingNeed.Required or ReportingNeed.AnswerNeeded || OutgrewAnswer;
}

/// <summary>
/// What an incident's record says about reporting: when the organization became aware, management's answers to
/// 第7条, the figures and their history, drafts and the reports issued. Built from the events; pure.
/// </summary>
public sealed class ReportingState
{
    /// <summary>The number of people whose data leaked or may have: 第8条's item 3.</summary>
    public const string PeopleAffected = "people-affected";

    /// <summary>第7条第4号: more than this many people makes a leak reportable whatever the data (private sector).</summary>
    public const int PeopleThreshold = 1000;

    /// <summary>The figures that may be recorded.</summary>
    public static IReadOnlyList<string> KnownFigures { get; } = [PeopleAffected];

    /// <summary>The event types this state is built from (the rest of the record is not needed).</summary>
    public static IReadOnlyList<IncidentEventType> Sources { get; } =
    [
        IncidentEventType.Opened, IncidentEventType.AnomalyReported, IncidentEventType.ReportingAssessed, IncidentEventType.AwarenessSet,
        IncidentEventType.ReportingRulesChanged, IncidentEventType.FigureRecorded, IncidentEventType.ReportDrafted, IncidentEventType.ReportIssued,
    ];

    /// <summary>
    /// The events only people of the hospital read: management's answers and reasons, figures, drafts and reports
    /// (vendors, who are outside it, see the rest of the record).
    /// </summary>
    public static IReadOnlySet<IncidentEventType> InsideOnly { get; } = new HashSet<IncidentEventType>
    {
        IncidentEventType.ReportingAssessed, IncidentEventType.AwarenessSet, IncidentEventType.ReportingRulesChanged,
        IncidentEventType.FigureRecorded, IncidentEventType.ReportDrafted, IncidentEventType.ReportIssued,
    };

    /// <summary>
    /// The events that carry what a report says (its drafts, and the fields of an issued report): read only by those
    /// who may read the reports' contents (<see cref="Access.Operation.ReadReportContents"/>).
    /// </summary>
    public static IReadOnlySet<IncidentEventType> Contents { get; } = new HashSet<IncidentEventType>
    {
        IncidentEventType.ReportDrafted, IncidentEventType.ReportIssued,
    };

    private readonly PlaybookBindings _bindings;
    private readonly List<IncidentEvent> _sources = [];
    private readonly List<AwarenessChange> _awarenessChanges = [];
    private readonly List<RulesChange> _rulesChanges = [];
    private ReportingRules? _openedUnder;
    private readonly List<Assessment> _assessments = [];
    private readonly Dictionary<string, List<FigureValue>> _figures = new(StringComparer.Ordinal);
    private readonly List<IssuedReport> _issued = [];
    private readonly Dictionary<string, SavedDraft> _drafts = new(StringComparer.Ordinal);

    private ReportingState(PlaybookBindings bindings) => _bindings = bindings;

    /// <summary>
    /// The state an incident's events build (only <see cref="Sources"/> are read), with its playbook's bindings:
    /// they say which facts raise the question of a leak report (<see cref="Need"/>).
    /// </summary>
    public static ReportingState From(IEnumerable<IncidentEvent> events, PlaybookBindings bindings)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(bindings);
        var state = new ReportingState(bindings);
        foreach (var e in events.OrderBy(e => e.Seq))
            state.Add(e);
        return state;
    }

    /// <summary>The state after events decided just now (their sequence numbers and times are not known yet).</summary>
    public ReportingState With(IEnumerable<(EventActor Actor, EventData Data)> events, long nextSeq, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = From(_sources, _bindings);
        foreach (var (actor, data) in events)
            state.Add(new IncidentEvent(Guid.Empty, Guid.Empty, nextSeq++, now, actor, data, ""));
        return state;
    }

    private void Add(IncidentEvent e)
    {
        _sources.Add(e);
        var by = e.Actor.Name;
        switch (e.Data)
        {
            case IncidentOpened d:
                _openedUnder = d.Reporting;
                break;
            case ReportingRulesChanged d:
                _rulesChanges.Add(new RulesChange(d.Rules, d.Previous, d.Reason, e.Seq, e.At, by));
                break;
            case ReportingAssessed d:
                _assessments.Add(new Assessment(d.Answers, e.Seq, e.At, by));
                break;
            case AwarenessSet d:
                _awarenessChanges.Add(new AwarenessChange(new Awareness(d.At, AwarenessBasis.SetByManagement, d.Reason), e.Seq, e.At, by));
                break;
            case FigureRecorded d:
                if (!_figures.TryGetValue(d.Figure, out var values))
                    _figures[d.Figure] = values = [];
                values.Add(new FigureValue(d.Value, d.Note, e.Seq, e.At, by));
                break;
            case ReportDrafted d:
                var basis = d.Basis ?? e.Seq - 1;
                // A save on the same basis keeps the moment that basis was taken: a later edit is not a new comparison.
                var basisAt = _drafts.TryGetValue(d.Report, out var before) && before.Basis == basis ? before.BasisAt : e.At;
                _drafts[d.Report] = new SavedDraft(e.Seq, e.At, by, d.Fields, basis, basisAt);
                break;
            case ReportIssued d:
                _issued.Add(new IssuedReport(e.Seq, e.At, by, d));
                break;
        }
    }

    /// <summary>
    /// The first report filed with the privacy commission, if any: from then on the incident's reporting rules stay as
    /// they were (a change would judge that filing again).
    /// </summary>
    public IssuedReport? FirstFiledWithCommission => _issued.FirstOrDefault(i => ReportTemplates.Find(i.Data.Report) is { IsPrivacyReport: true });

    /// <summary>The earliest moment the record shows anyone knew (the default of <see cref="Awareness"/>).</summary>
    public Awareness? FromRecord => Awareness.FromRecord(_sources);

    /// <summary>When the clocks start: as management last set it, else as the record shows.</summary>
    public Awareness? Awareness => _awarenessChanges.Count > 0 ? _awarenessChanges[^1].Awareness : FromRecord;

    /// <summary>Every moment of awareness management set, oldest first.</summary>
    public IReadOnlyList<AwarenessChange> AwarenessChanges => _awarenessChanges;

    /// <summary>
    /// The rules the clocks count by, as the record fixes them: as management last changed them, else as the incident
    /// was opened under. Null for an incident opened before Sonae fixed them at the opening and never changed since:
    /// its clocks count by the rules the caller gives (the profile as it was at the opening).
    /// </summary>
    public ReportingRules? Rules => _rulesChanges.Count > 0 ? _rulesChanges[^1].Rules : _openedUnder;

    /// <summary>The rules fixed at the opening (the profile's then), or null on a record from before they were fixed.</summary>
    public ReportingRules? OpenedUnder => _openedUnder;

    /// <summary>Every change of the rules by management, oldest first.</summary>
    public IReadOnlyList<RulesChange> RulesChanges => _rulesChanges;

    /// <summary>Management's latest answer to the four situations, if any.</summary>
    public Assessment? Assessment => _assessments.Count > 0 ? _assessments[^1] : null;

    /// <summary>Every answer management gave, oldest first.</summary>
    public IReadOnlyList<Assessment> Assessments => _assessments;

    /// <summary>Every value a figure has had, oldest first.</summary>
    public IReadOnlyList<FigureValue> History(string figure) => _figures.TryGetValue(figure, out var values) ? values : [];

    /// <summary>A figure's latest value, or null when it was never recorded.</summary>
    public FigureValue? Latest(string figure) => History(figure) is { Count: > 0 } values ? values[^1] : null;

    /// <summary>Every report issued, in the record's order.</summary>
    public IReadOnlyList<IssuedReport> Issued => _issued;

    /// <summary>Every issue of one report, in the record's order.</summary>
    public IEnumerable<IssuedReport> IssuedOf(string report) => _issued.Where(i => string.Equals(i.Data.Report, report, StringComparison.Ordinal));

    /// <summary>A report's draft as last saved, or null.</summary>
    public SavedDraft? Draft(string report) => _drafts.GetValueOrDefault(report);

    /// <summary>
    /// Whether the commission must be told: management's answer, else whether the facts raise the question (the
    /// playbook's <see cref="PlaybookBindings.PersonalDataAtRiskWhen"/>).
    /// </summary>
    public ReportingNeed Need(IncidentProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (Assessment is { } answered)
            return answered.Required ? ReportingNeed.Required : ReportingNeed.NotRequired;
        return _bindings.PersonalDataAtRisk(fact => progress.Facts.GetValueOrDefault(fact)?.Value)
            ? ReportingNeed.AnswerNeeded
            : ReportingNeed.NotRaised;
    }

    /// <summary>
    /// The latest count of people affected is over the threshold of 第7条第4号 while management's latest answer says
    /// that situation does not apply (<see cref="LegalClocks.OutgrewAnswer"/>).
    /// </summary>
    public bool OutgrewAnswer =>
        Assessment is { } answered && !answered.Categories.Contains(ReportingCategory.OverThreshold) && Latest(PeopleAffected)?.Value > PeopleThreshold;

    /// <summary>
    /// Management has answered 第7条 and the final report to the commission is still owed: the answer (or the count of
    /// people since) makes it required, and none has been issued. For an answered incident this is exactly whether its
    /// clocks run with the final report not done (<see cref="Clocks"/>), and it depends on nothing but this state: it
    /// is kept on the incident's projection, so that the closed incidents whose final report is owed are found without
    /// reading their records.
    /// </summary>
    public bool FinalReportOwed => RequiredByAnswer && !IssuedOf(ReportTemplates.Get(ReportKind.PrivacyFinal).Id).Any();

    /// <summary>Management's answer makes the reports required, or the count of people has outgrown an answer of "not required".</summary>
    private bool RequiredByAnswer => Assessment is { } answered && (answered.Required || OutgrewAnswer);

    /// <summary>
    /// The two clocks at <paramref name="now"/>, counted by the record's <see cref="Rules"/> (<paramref
    /// name="unrecorded"/> only when the record fixes none). Until management has answered, the final report counts
    /// 30 days (the shorter period: never later than the law). A final report also meets the preliminary one when it
    /// comes first. Null when the record has no moment of awareness (it always has once the incident is open).
    /// </summary>
    public LegalClocks? Clocks(IncidentProgress progress, ReportingRules unrecorded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(unrecorded);
        if (Awareness is not { } awareness)
            return null;
        var deadlines = LegalClock.For(awareness.At, Assessment?.Categories ?? new HashSet<ReportingCategory>(), Rules ?? unrecorded);
        var preliminaryId = ReportTemplates.Get(ReportKind.PrivacyPreliminary).Id;
        var finalId = ReportTemplates.Get(ReportKind.PrivacyFinal).Id;
        var final = IssuedOf(finalId).FirstOrDefault();
        var preliminary = _issued.FirstOrDefault(i => i.Data.Report == preliminaryId || i.Data.Report == finalId);
        var need = Need(progress);
        var outgrew = OutgrewAnswer;
        var running = need is ReportingNeed.AnswerNeeded || RequiredByAnswer;
        // A report that is not needed has no clock running: it is never overdue (one filed anyway is simply done).
        ClockState StateOf(DateTimeOffset due, IssuedReport? done) =>
            running ? LegalClock.State(due, now, done?.At) : done is not null ? ClockState.Done : ClockState.NotNeeded;
        return new LegalClocks(
            need,
            awareness,
            deadlines,
            new Clock(ReportKind.PrivacyPreliminary, deadlines.PreliminaryDue, StateOf(deadlines.PreliminaryDue, preliminary), preliminary),
            new Clock(ReportKind.PrivacyFinal, deadlines.FinalDue, StateOf(deadlines.FinalDue, final), final),
            outgrew);
    }
}
