using System.Globalization;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Incidents;

/// <summary>
/// An event of the record in a sentence, in the page's language (every value in words, never an enum's wire name),
/// naming steps and facts as the playbook does, with dates in the reader's style (<paramref name="wareki"/>).
/// </summary>
public sealed class EventTexts(Playbook playbook, bool wareki = false)
{
    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    public string Describe(IncidentEvent e) => e.Data switch
    {
        IncidentOpened d => F(UiTexts.EventOpened, d.Number, d.Title),
        AnomalyReported d => Reported(d),
        ActionDone d => e.Actor.For is { } forRole
            ? F(UiTexts.EventActionDoneFor, Step(d.Step), Action(d.Step, d.Action), Texts.Role(forRole))
            : F(UiTexts.EventActionDone, Step(d.Step), Action(d.Step, d.Action)),
        StepCompleted d => F(UiTexts.EventStepCompleted, Step(d.Step)),
        StepSkipped d => F(UiTexts.EventStepSkipped, Step(d.Step), d.Reason),
        FactRecorded { Reason: { } reason } d => F(UiTexts.EventDecisionTaken, FactTitle(d.Fact), Value(d.Fact, d.Value), reason),
        FactRecorded d => F(UiTexts.EventFactRecorded, FactTitle(d.Fact), Value(d.Fact, d.Value)),
        FactRevised d => F(UiTexts.EventFactRevised, FactTitle(d.Fact), Value(d.Fact, d.Previous), Value(d.Fact, d.Value), d.Reason),
        NoteAdded d => F(UiTexts.EventNote, d.Text),
        AssetStatusChanged d => F(UiTexts.EventAsset, d.Asset, Asset(d.Status)),
        ContactLogged d => Contact(d, e.Actor, e.At),
        ReportIssued d => F(Core.Reporting.ReportTemplates.Find(d.Report) is { GoesToAuthority: true } ? UiTexts.EventReportFiled : UiTexts.EventReport,
            Core.Reporting.ReportTemplates.Find(d.Report)?.Title.For(Culture) ?? d.Report, d.To),
        ReportingAssessed d => d.Answers.Any(a => a.Applies)
            ? F(UiTexts.EventAssessedRequired, string.Join(ProblemTexts.ListSeparator, d.Answers.Where(a => a.Applies).Select(a => Reporting.ReportingTexts.Category(a.Category))))
            : UiTexts.EventAssessedNotRequired,
        AwarenessSet d => F(UiTexts.EventAwarenessSet, DateStyles.DateTime(d.At, wareki), d.Reason),
        ReportingRulesChanged d => F(UiTexts.EventRulesChanged, Reporting.ReportingTexts.RulesShort(d.Previous), Reporting.ReportingTexts.RulesShort(d.Rules), d.Reason),
        FigureRecorded d => F(UiTexts.EventFigure, d.Value.ToString("N0", CultureInfo.InvariantCulture), d.Note),
        EvidenceAdded d => F(UiTexts.EventEvidenceAdded, d.Evidence, d.FileName, Evidence.EvidenceTexts.Kind(d.Kind), d.Sha256[..12]),
        EvidenceHandedOver d => F(UiTexts.EventEvidenceHandedOver, d.Evidence, d.To),
        ReportDrafted d => F(UiTexts.EventDrafted, Core.Reporting.ReportTemplates.Find(d.Report)?.Title.For(Culture) ?? d.Report),
        IncidentClosed d => F(UiTexts.EventClosed, UiLabels.Status(IncidentStatus.Closed, d.Outcome)),
        ReportMoved d => F(UiTexts.EventReportMoved, d.Report, d.To.Number, Why(d.Reason)),
        ReportAttached d => F(UiTexts.EventReportAttached, d.From.Number, d.Report, Reported(d.Contents)),
        MergedInto d => F(UiTexts.EventMergedInto, d.Into.Number, Why(d.Reason)),
        IncidentMerged d => F(UiTexts.EventIncidentMerged, d.From.Number, d.Title, d.Reports.Count, Why(d.Reason)),
        CommandTaken d => (d.From is { } from ? F(UiTexts.EventCommandTakenFrom, Person(from)) : UiTexts.EventCommandTaken)
            + (d.Note is null ? "" : F(UiTexts.EventNoteSuffix, d.Note)),
        CommandHandedOver d => F(UiTexts.EventCommandHandedOver, PersonInRole(d.To), d.Note),
        ScribeNamed d => F(UiTexts.EventScribeNamed, Person(d.Scribe)),
        StatusPosted d => F(UiTexts.EventStatusPosted, d.Known) + (d.Doing is null ? "" : F(UiTexts.EventStatusDoing, d.Doing))
            + (d.NextAt is { } next ? F(UiTexts.EventStatusNext, DateStyles.DateTime(next, wareki)) : ""),
        _ => e.Type.WireName(),
    };

    /// <summary>
    /// A contact in a sentence: which way it went, with whom, how and how it went; then what it was about, the number
    /// the other side gave, when it happened (when it was not when it was recorded, and <paramref name="withTime"/>)
    /// and who spoke, when it was recorded for someone. A contact logged before Sonae asked which way reads as it did.
    /// </summary>
    public string Contact(ContactLogged d, EventActor actor, DateTimeOffset recordedAt, bool withTime = true)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(actor);
        var head = F(d.Direction switch
        {
            ContactDirection.Outgoing => UiTexts.EventContactOutgoing,
            ContactDirection.Incoming => UiTexts.EventContactIncoming,
            null => UiTexts.EventContact,
        }, d.Party, UiLabels.Channel(d.Channel), UiLabels.Result(d.Result));
        var details = new List<string>();
        if (d.Subject is { } subject)
            details.Add(F(UiTexts.EventContactSubject, subject));
        if (d.Reference is { } reference)
            details.Add(F(UiTexts.EventContactReference, reference));
        if (withTime && d.At is { } at && Math.Abs((at - recordedAt).TotalMinutes) >= 1)
            details.Add(F(UiTexts.EventContactAt, DateStyles.DateTime(at, wareki)));
        if (actor.ForPerson is { } spokeBy)
            details.Add(F(UiTexts.EventContactSpokeBy, spokeBy));
        return details.Count == 0 ? head : $"{head} — {string.Join(ProblemTexts.ListSeparator, details)}";
    }

    private static string Why(string? reason) => reason is null ? "" : F(UiTexts.EventReasonSuffix, reason);

    private static string Reported(AnomalyReported d) =>
        F(UiTexts.EventAnomalyReported, string.Join(' ', new[] { d.Department, d.Location, d.Device }.Where(p => p is not null)),
            string.Join(ProblemTexts.ListSeparator, d.Signs.Select(Sign)))
        + (d.Signal is { } signal ? F(UiTexts.EventMonitoringSuffix, signal.Source, signal.Alert, signal.Severity is null ? "" : $" [{signal.Severity}]", signal.Alerts) : "");

    /// <summary>Who acted, and for whom when they recorded it on someone's behalf (a scribe for the commander).</summary>
    public static string By(EventActor actor) => actor.ForPerson is { } forPerson
        ? F(UiTexts.EventByFor, Texts.PersonName(actor.Name, [actor.Role]), Texts.Role(actor.Role), forPerson)
        : F(UiTexts.EventBy, Texts.PersonName(actor.Name, [actor.Role]), Texts.Role(actor.Role));

    /// <summary>A person named in a role of the response, as the reader should see them.</summary>
    public static string Person(IncidentPerson person) => Texts.PersonName(person.Name, [person.Role]);

    /// <summary>「(安全管理責任者)」 to follow a person's name; nothing after a role's own key, which is named after its role already.</summary>
    public static string RoleOf(IncidentPerson person)
    {
        var role = person.Role.ShortName().For(Culture);
        return Person(person) == role ? "" : F(UiTexts.CommandRoleOf, role);
    }

    /// <summary>「田中 一郎(安全管理責任者)」: a person of the response with the role they hold it in.</summary>
    public static string PersonInRole(IncidentPerson person) => Person(person) + RoleOf(person);

    public string FactTitle(FactId fact) => playbook.FindFact(fact)?.Title.For(Culture) ?? fact.Value;

    /// <summary>A fact's value in words: the choice's title, or the text as written.</summary>
    public string Value(FactId fact, string value) => playbook.FindFact(fact)?.FindValue(value)?.Title.For(Culture) ?? value;

    public static string Sign(AnomalySign sign) => sign switch
    {
        AnomalySign.RansomNote => UiTexts.SignRansomNote,
        AnomalySign.OddFiles => UiTexts.SignOddFiles,
        AnomalySign.HomepageChanged => UiTexts.SignHomepageChanged,
        AnomalySign.DataMissing => UiTexts.SignDataMissing,
        AnomalySign.AntivirusAlert => UiTexts.SignAntivirusAlert,
        AnomalySign.SlowOrFrozen => UiTexts.SignSlowOrFrozen,
        AnomalySign.Other => UiTexts.SignOther,
    };

    public static string Asset(AssetStatus status) => status switch
    {
        AssetStatus.Suspected => UiTexts.AssetSuspected,
        AssetStatus.Infected => UiTexts.AssetInfected,
        AssetStatus.Isolated => UiTexts.AssetIsolated,
        AssetStatus.Restored => UiTexts.AssetRestored,
    };

    private string Step(StepId step) => playbook.FindStep(step) is { } s ? UiLabels.StepTitle(s) : step.Value;

    private string Action(StepId step, string action) => playbook.FindStep(step)?.FindAction(action)?.Text.For(Culture) ?? action;

    private static string F(string template, params object?[] args) => string.Format(Culture, template, args);
}
