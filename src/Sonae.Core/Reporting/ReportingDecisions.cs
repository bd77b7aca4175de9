using Sonae.Core.Access;
using Sonae.Core.Incidents;

namespace Sonae.Core.Reporting;

/// <summary>What someone asks to do about an incident's reports and legal clocks.</summary>
public abstract record ReportingCommand;

/// <summary>Management answers the four situations of 第7条, each with its reason.</summary>
public sealed record AssessReporting(IReadOnlyList<CategoryAnswer> Answers) : ReportingCommand;

/// <summary>Management sets when the organization became aware, and why (the record's default is replaced, not lost).</summary>
public sealed record SetAwareness(DateTimeOffset At, string Reason) : ReportingCommand;

/// <summary>
/// Management changes the incident's reporting rules after they were fixed at its opening: the preliminary period
/// (<see cref="ReportingRules.ShortestPreliminaryDays"/> to <see cref="ReportingRules.LongestPreliminaryDays"/>
/// days) and how its days are counted (null: as now), with the reason. The deadlines move from then on; the record
/// keeps both.
/// </summary>
public sealed record ChangeReportingRules(int PreliminaryDays, DayCount? Count, string Reason) : ReportingCommand;

/// <summary>Records a figure's value now (its history is kept): the security officer or management.</summary>
/// <param name="Figure">Which figure (<see cref="ReportingState.KnownFigures"/>).</param>
/// <param name="Value">Its value, 0 to <see cref="ReportingDecisions.MaxFigure"/>.</param>
/// <param name="Note">Where the figure comes from, if said.</param>
public sealed record RecordFigure(string Figure, long Value, string? Note = null) : ReportingCommand;

/// <summary>Saves a report's draft, replacing the one before: at least one heading must be named (a blank value empties it).</summary>
/// <param name="Report">The report.</param>
/// <param name="Fields">Each heading's text.</param>
/// <param name="Basis">
/// The last event of the record the text was filled from or compared with (<see cref="ReportDrafted.Basis"/>), so that
/// what the record changes later still shows as out of date; null: the saved draft's own basis, or with no draft
/// saved, the record as it stands.
/// </param>
public sealed record DraftReport(string Report, IReadOnlyDictionary<string, string> Fields, long? Basis = null) : ReportingCommand;

/// <summary>
/// Refill a saved draft from the record, heading by heading: the headings chosen take the record's text, every other
/// heading stays as it was saved (what someone typed is replaced only when they chose it). The draft then counts
/// from <paramref name="Basis"/>: a heading left as it was is no longer out of date.
/// </summary>
/// <param name="Report">The report.</param>
/// <param name="Take">The headings to take from the record.</param>
/// <param name="Filled">What the record fills each heading with at <paramref name="Basis"/> (<see cref="ReportDrafting.Fill"/>).</param>
/// <param name="Basis">The last event of the record the choice was offered at; refused if the draft was saved again since.</param>
public sealed record RefillDraft(string Report, IReadOnlyList<string> Take, IReadOnlyDictionary<string, string> Filled, long Basis) : ReportingCommand;

/// <summary>
/// Issue a drafted report as a file: what it says, the file's format and SHA-256, the date it bears and how dates are
/// written, to whom and how it went. <paramref name="LateReason"/> is required when a legal deadline has passed.
/// </summary>
public sealed record IssueDocument(
    string Report,
    IReadOnlyDictionary<string, string> Fields,
    ReportFormat Format,
    DateOnly Dated,
    DocumentDates Dates,
    string Sha256,
    string To,
    ContactChannel Via,
    string? Comment = null,
    string? LateReason = null) : ReportingCommand;

/// <summary>No report has this id.</summary>
/// <param name="Report">The id asked for.</param>
/// <param name="Known">The reports' ids.</param>
public sealed record UnknownReport(string Report, IReadOnlyList<string> Known) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>The report has no heading with this id.</summary>
/// <param name="Report">The report.</param>
/// <param name="Field">The heading id asked for.</param>
/// <param name="Known">The report's heading ids.</param>
public sealed record UnknownReportField(string Report, string Field, IReadOnlyList<string> Known) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>A report cannot be issued with these headings empty (write 「調査中」 for what is not known yet).</summary>
public sealed record ReportFieldsMissing(string Report, IReadOnlyList<string> Fields) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>The draft was saved again after the record's changes were offered: the choice was made on another draft.</summary>
/// <param name="Report">The report.</param>
/// <param name="At">When the draft was saved again.</param>
/// <param name="By">Who saved it.</param>
public sealed record DraftSavedSince(string Report, DateTimeOffset At, string By) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>A report issued without its headings has none to issue: no draft of it was saved.</summary>
public sealed record ReportNotDrafted(string Report) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The report's legal deadline has passed: the reason it is late must be recorded with it.</summary>
public sealed record LateReasonRequired(string Report, DateTimeOffset Due) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>Management must answer all four situations, once each.</summary>
public sealed record CategoriesIncomplete(IReadOnlyList<ReportingCategory> Missing) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>A report to the privacy commission is issued through the reporting rules, not recorded as sent elsewhere.</summary>
public sealed record IssueThroughReporting(string Report) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>A preliminary period outside 3 to 5 days (the guideline's 「概ね3〜5日以内」).</summary>
/// <param name="Days">The days asked for.</param>
public sealed record PreliminaryDaysOutOfRange(int Days) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>The incident's clocks already count by these rules: a change that changes nothing is not recorded.</summary>
/// <param name="Rules">The rules in force.</param>
public sealed record ReportingRulesUnchanged(ReportingRules Rules) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>
/// A report to the commission was filed under the incident's rules: changing them now would judge that filing again
/// (on time turned late, or late turned on time) by a period it was not filed under.
/// </summary>
/// <param name="Report">The report filed first.</param>
/// <param name="At">When it was filed.</param>
public sealed record ReportingRulesAfterFiling(string Report, DateTimeOffset At) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>
/// The saved draft was asked for by name alone (no headings sent), but the record now fills some of its headings
/// differently: it does not go out unseen. Refill it (taking or keeping each heading) or send the headings.
/// </summary>
/// <param name="Report">The report.</param>
/// <param name="Fields">The headings the record would now fill differently.</param>
public sealed record DraftOutOfDate(string Report, IReadOnlyList<string> Fields) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>No figure has this id.</summary>
/// <param name="Figure">The id asked for.</param>
/// <param name="Known">The figures that may be recorded.</param>
public sealed record UnknownFigure(string Figure, IReadOnlyList<string> Known) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.NotFound;
}

/// <summary>
/// The rules of reporting: who may answer, set, draft and issue what, and what a report must hold before it goes.
/// Reporting goes on after an incident is closed (the final report is often due weeks later), so a closed incident
/// still takes these commands.
/// </summary>
public static class ReportingDecisions
{
    /// <summary>The longest text of one heading of a report (a timeline can be long).</summary>
    public const int FieldLimit = 20_000;

    /// <summary>The largest value a figure may take (more people than Japan has).</summary>
    public const long MaxFigure = 200_000_000;

    /// <summary>How far ahead of the server's clock a time may be (clocks of terminals drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// What a command records (the events), or why it is refused; nothing is recorded for a refusal. <paramref
    /// name="rules"/> are the rules for a record that fixes none (<see cref="ReportingState.Rules"/>).
    /// </summary>
    public static Decision Decide(ReportingState state, IncidentProgress progress, Actor actor, ReportingCommand command, ReportingRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);
        return command switch
        {
            AssessReporting c => Assess(actor, c),
            SetAwareness c => Set(actor, c, now),
            ChangeReportingRules c => ChangeRules(state, actor, c, rules),
            RecordFigure c => Figure(actor, c),
            DraftReport c => Draft(state, actor, c),
            RefillDraft c => Refill(state, actor, c),
            IssueDocument c => Issue(state, progress, actor, c, rules, now),
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    private static Decision Assess(Actor actor, AssessReporting command)
    {
        if (Permissions.Check(actor, Operation.DecideReporting) is { } refused)
            return Decision.Refuse(refused);
        var answers = command.Answers ?? [];
        var missing = Enum.GetValues<ReportingCategory>().Where(c => answers.Count(a => a.Category == c) != 1).ToList();
        if (missing.Count > 0 || answers.Count != Enum.GetValues<ReportingCategory>().Length)
            return Decision.Refuse(new CategoriesIncomplete(missing));
        foreach (var answer in answers)
        {
            if (TextRules.Check($"reason.{Labels(answer.Category)}", answer.Reason, TextLimits.LongText, required: true) is { } bad)
                return Decision.Refuse(bad);
        }
        var ordered = answers.OrderBy(a => a.Category).Select(a => a with { Reason = a.Reason.Trim() }).ToList();
        return Decision.Accept((new EventActor(actor.Id, actor.Name, Role.Management), new ReportingAssessed(ordered)));
    }

    private static Decision Set(Actor actor, SetAwareness command, DateTimeOffset now)
    {
        if (Permissions.Check(actor, Operation.DecideReporting) is { } refused)
            return Decision.Refuse(refused);
        if (TextRules.Check("reason", command.Reason, TextLimits.LongText, required: true) is { } bad)
            return Decision.Refuse(bad);
        if (CallerTimes.Check("at", command.At, now, ClockSkew) is { } badTime)
            return Decision.Refuse(badTime);
        return Decision.Accept((new EventActor(actor.Id, actor.Name, Role.Management), new AwarenessSet(Timestamps.Normalize(command.At), command.Reason.Trim())));
    }

    /// <summary>
    /// Only management moves a running clock, as it alone sets the moment of awareness: the security officer keeps the
    /// profile, whose changes reach only incidents opened after them.
    /// </summary>
    private static Decision ChangeRules(ReportingState state, Actor actor, ChangeReportingRules command, ReportingRules unrecorded)
    {
        if (Permissions.Check(actor, Operation.DecideReporting) is { } refused)
            return Decision.Refuse(refused);
        if (command.PreliminaryDays is < ReportingRules.ShortestPreliminaryDays or > ReportingRules.LongestPreliminaryDays)
            return Decision.Refuse(new PreliminaryDaysOutOfRange(command.PreliminaryDays));
        if (command.Count is { } count && !Enum.IsDefined(count))
            return Decision.Refuse(new FieldRefused("countFirstDay", FieldProblem.Required));
        if (TextRules.Check("reason", command.Reason, TextLimits.LongText, required: true) is { } bad)
            return Decision.Refuse(bad);
        if (state.FirstFiledWithCommission is { } filed)
            return Decision.Refuse(new ReportingRulesAfterFiling(filed.Data.Report, filed.At));
        var previous = state.Rules ?? unrecorded;
        var rules = new ReportingRules(command.PreliminaryDays, command.Count ?? previous.Count);
        if (rules == previous)
            return Decision.Refuse(new ReportingRulesUnchanged(previous));
        return Decision.Accept((new EventActor(actor.Id, actor.Name, Role.Management), new ReportingRulesChanged(rules, previous, command.Reason.Trim())));
    }

    private static Decision Figure(Actor actor, RecordFigure command)
    {
        if (Permissions.ActingRole(actor, Operation.DraftReports) is not { } acting)
            return Decision.Refuse(Permissions.Check(actor, Operation.DraftReports)!);
        if (!ReportingState.KnownFigures.Contains(command.Figure))
            return Decision.Refuse(new UnknownFigure(command.Figure, ReportingState.KnownFigures));
        if (command.Value is < 0 or > MaxFigure)
            return Decision.Refuse(new FieldRefused("value", FieldProblem.OutOfRange, (int)Math.Min(MaxFigure, int.MaxValue)));
        if (TextRules.Check("note", command.Note, TextLimits.LongText) is { } bad)
            return Decision.Refuse(bad);
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new FigureRecorded(command.Figure, command.Value, IncidentRules.Trimmed(command.Note))));
    }

    /// <summary>The report named, the role the actor writes it in, and its fields checked; or why not.</summary>
    private static Refusal? Writable(Actor actor, string report, IReadOnlyDictionary<string, string>? fields, out ReportTemplate template, out Role acting)
    {
        acting = default;
        if (ReportTemplates.Find(report) is not { } found)
        {
            template = null!;
            return new UnknownReport(report, ReportTemplates.All.Select(t => t.Id).ToList());
        }
        template = found;
        if (Permissions.ActingRole(actor, template.IssuedBy) is not { } role)
            return new RoleRequired(template.IssuedBy, [.. actor.Roles]);
        acting = role;
        return CheckFields(template, fields);
    }

    private static Decision Draft(ReportingState state, Actor actor, DraftReport command)
    {
        if (Writable(actor, command.Report, command.Fields, out var template, out var acting) is { } refused)
            return Decision.Refuse(refused);
        // A draft replaces the one before whole: one that names no heading at all is a mistaken request (an empty
        // or misspelt body), not an edit, and would wipe what was written. Blanking a heading means naming it.
        if (command.Fields is null || command.Fields.Count == 0)
            return Decision.Refuse(new FieldRefused("fields", FieldProblem.Required));
        if (command.Basis < 0)
            return Decision.Refuse(new FieldRefused("basis", FieldProblem.OutOfRange, int.MaxValue));
        // A save that does not say what it was compared with keeps the saved draft's basis: what the record changed
        // under the draft stays out of date until someone looks at it (refill), rather than being marked read by an edit.
        var basis = command.Basis ?? state.Draft(template.Id)?.Basis;
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new ReportDrafted(template.Id, Normalized(template, command.Fields), basis)));
    }

    private static Decision Refill(ReportingState state, Actor actor, RefillDraft command)
    {
        // The headings are checked as they will be saved: an untaken one's fill is not kept.
        if (Writable(actor, command.Report, null, out var template, out var acting) is { } refused)
            return Decision.Refuse(refused);
        if (command.Take.FirstOrDefault(id => template.FindField(id) is null) is { } unknown)
            return Decision.Refuse(new UnknownReportField(template.Id, unknown, template.Fields.Select(f => f.Id).ToList()));
        if (command.Basis < 0)
            return Decision.Refuse(new FieldRefused("basis", FieldProblem.OutOfRange, int.MaxValue));
        // The choice was made on the draft as it stood at the basis: one saved since may hold other typing.
        var saved = state.Draft(template.Id);
        if (saved is not null && saved.Seq > command.Basis)
            return Decision.Refuse(new DraftSavedSince(template.Id, saved.At, saved.By));
        // With no draft saved, the draft people see is the record's own fill.
        var refilled = ReportDrafting.Refilled(template, saved?.Fields ?? command.Filled, command.Filled, command.Take);
        if (CheckFields(template, refilled) is { } bad)
            return Decision.Refuse(bad);
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new ReportDrafted(template.Id, Normalized(template, refilled), command.Basis)));
    }

    private static Decision Issue(ReportingState state, IncidentProgress progress, Actor actor, IssueDocument command, ReportingRules rules, DateTimeOffset now)
    {
        if (Writable(actor, command.Report, command.Fields, out var template, out var acting) is { } refused)
            return Decision.Refuse(refused);
        var fields = Normalized(template, command.Fields);
        if (fields.Count == 0 && state.Draft(template.Id) is null)
            return Decision.Refuse(new ReportNotDrafted(template.Id));
        if (template.Fields.Where(f => f.Required && !fields.ContainsKey(f.Id)).Select(f => f.Id).ToList() is { Count: > 0 } empty)
            return Decision.Refuse(new ReportFieldsMissing(template.Id, empty));
        if ((TextRules.Check("to", command.To, TextLimits.ShortText, required: true) ?? TextRules.Check("comment", command.Comment, TextLimits.LongText)
            ?? TextRules.Check("lateReason", command.LateReason, TextLimits.LongText)) is { } bad)
            return Decision.Refuse(bad);
        if (command.Sha256 is null || !IncidentRules.Sha256Hex().IsMatch(command.Sha256))
            return Decision.Refuse(new FieldRefused("sha256", FieldProblem.NotHex64));
        // A report that stops an overdue clock says why it is late. A final report also stops the preliminary clock.
        if (template.IsPrivacyReport && state.Clocks(progress, rules, now) is { } clocks && string.IsNullOrWhiteSpace(command.LateReason))
        {
            Clock[] stops = template.Kind == ReportKind.PrivacyFinal ? [clocks.Preliminary, clocks.Final] : [clocks.Preliminary];
            if (stops.FirstOrDefault(c => c.State == ClockState.Overdue) is { } overdue)
                return Decision.Refuse(new LateReasonRequired(ReportTemplates.Get(overdue.Report).Id, overdue.Due));
        }
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new ReportIssued(
            template.Id, command.Sha256, command.To.Trim(), command.Via, IncidentRules.Trimmed(command.Comment),
            fields, command.Format, IncidentRules.Trimmed(command.LateReason), command.Dates, command.Dated)));
    }

    /// <summary>Each heading exists and its text is fit to keep, counted as it will be kept (line breaks as \n, trimmed).</summary>
    private static Refusal? CheckFields(ReportTemplate template, IReadOnlyDictionary<string, string>? fields)
    {
        foreach (var (id, value) in fields ?? new Dictionary<string, string>())
        {
            if (template.FindField(id) is null)
                return new UnknownReportField(template.Id, id, template.Fields.Select(f => f.Id).ToList());
            if (TextRules.Check(id, Kept(value), FieldLimit) is { } bad)
                return bad;
        }
        return null;
    }

    private static string Kept(string? value) => (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    /// <summary>The fields in the template's order, trimmed, line ends as \n, blank ones left out.</summary>
    public static Dictionary<string, string> Normalized(ReportTemplate template, IReadOnlyDictionary<string, string>? fields)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in template.Fields)
        {
            if (fields is not null && fields.TryGetValue(field.Id, out var value) && !string.IsNullOrWhiteSpace(value))
                result[field.Id] = Kept(value);
        }
        return result;
    }

    private static string Labels(ReportingCategory category) => category switch
    {
        ReportingCategory.SensitiveData => "sensitive-data",
        ReportingCategory.FinancialHarm => "financial-harm",
        ReportingCategory.UnlawfulPurpose => "unlawful-purpose",
        ReportingCategory.OverThreshold => "over-threshold",
    };
}
