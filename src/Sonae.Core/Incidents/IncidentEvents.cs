using System.Text;
using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>The kinds of event an incident's record holds. The wire name is what the record stores.</summary>
public enum IncidentEventType
{
    /// <summary>The incident was opened: its number, title, source and playbook version.</summary>
    Opened,

    /// <summary>A staff member reported what they saw (the first report, or another joining the incident).</summary>
    AnomalyReported,

    /// <summary>One of a step's actions was done.</summary>
    ActionDone,

    /// <summary>A step was completed.</summary>
    StepCompleted,

    /// <summary>A step was skipped, with the reason.</summary>
    StepSkipped,

    /// <summary>A fact (a decision or a finding) was recorded.</summary>
    FactRecorded,

    /// <summary>A recorded fact was changed, with the reason; the earlier value stays on the record.</summary>
    FactRevised,

    /// <summary>A note was added, to the incident or to one step.</summary>
    NoteAdded,

    /// <summary>A system or an asset was marked suspected, infected, isolated or restored.</summary>
    AssetStatusChanged,

    /// <summary>A call or message to a party was logged, with its result.</summary>
    ContactLogged,

    /// <summary>A report was sent, with the SHA-256 of what was sent.</summary>
    ReportIssued,

    /// <summary>The incident was closed, with its outcome.</summary>
    Closed,

    /// <summary>Management answered whether a leak must be reported to the privacy commission.</summary>
    ReportingAssessed,

    /// <summary>Management set the moment the organization became aware, with the reason.</summary>
    AwarenessSet,

    /// <summary>A figure (the number of people affected) was recorded.</summary>
    FigureRecorded,

    /// <summary>A report's draft was saved.</summary>
    ReportDrafted,

    /// <summary>A file went into the evidence locker.</summary>
    EvidenceAdded,

    /// <summary>A piece of evidence was handed to someone.</summary>
    EvidenceHandedOver,

    /// <summary>One of this incident's anomaly reports was attached to another incident (it stays on this record too).</summary>
    ReportMoved,

    /// <summary>An anomaly report of another incident was attached here, its contents copied with where it came from.</summary>
    ReportAttached,

    /// <summary>This incident joined another one: it is closed, and the other carries on.</summary>
    MergedInto,

    /// <summary>Another incident joined this one, with the reports it holds.</summary>
    IncidentMerged,

    /// <summary>Management changed the incident's preliminary period or how its days are counted, with the reason.</summary>
    ReportingRulesChanged,

    /// <summary>Someone took command of the incident (the event's actor), from whoever held it.</summary>
    CommandTaken,

    /// <summary>The commander handed command over to the next commander, with a handover note.</summary>
    CommandHandedOver,

    /// <summary>The commander named the scribe who records at their side.</summary>
    ScribeNamed,

    /// <summary>A notice about the incident went out to people.</summary>
    NoticeSent,

    /// <summary>Someone acknowledged a page about the incident.</summary>
    PageAcknowledged,
    /// <summary>A status update was posted: what is known, what is being done, when the next comes.</summary>
    StatusPosted,
}

/// <summary>The event types' wire names, the only names the record stores (never the C# names, which may change).</summary>
public static class IncidentEventTypes
{
    /// <summary>Every event type.</summary>
    public static IReadOnlyList<IncidentEventType> All { get; } = Enum.GetValues<IncidentEventType>();

    /// <summary>The name the record stores for this type (<c>step-completed</c>).</summary>
    public static string WireName(this IncidentEventType type) => type switch
    {
        IncidentEventType.Opened => "opened",
        IncidentEventType.AnomalyReported => "anomaly-reported",
        IncidentEventType.ActionDone => "action-done",
        IncidentEventType.StepCompleted => "step-completed",
        IncidentEventType.StepSkipped => "step-skipped",
        IncidentEventType.FactRecorded => "fact-recorded",
        IncidentEventType.FactRevised => "fact-revised",
        IncidentEventType.NoteAdded => "note-added",
        IncidentEventType.AssetStatusChanged => "asset-status-changed",
        IncidentEventType.ContactLogged => "contact-logged",
        IncidentEventType.ReportIssued => "report-issued",
        IncidentEventType.Closed => "closed",
        IncidentEventType.ReportingAssessed => "reporting-assessed",
        IncidentEventType.AwarenessSet => "awareness-set",
        IncidentEventType.FigureRecorded => "figure-recorded",
        IncidentEventType.ReportDrafted => "report-drafted",
        IncidentEventType.EvidenceAdded => "evidence-added",
        IncidentEventType.EvidenceHandedOver => "evidence-handed-over",
        IncidentEventType.ReportMoved => "report-moved",
        IncidentEventType.ReportAttached => "report-attached",
        IncidentEventType.MergedInto => "merged-into",
        IncidentEventType.IncidentMerged => "incident-merged",
        IncidentEventType.ReportingRulesChanged => "reporting-rules-changed",
        IncidentEventType.CommandTaken => "command-taken",
        IncidentEventType.CommandHandedOver => "command-handed-over",
        IncidentEventType.ScribeNamed => "scribe-named",
        IncidentEventType.NoticeSent => "notice-sent",
        IncidentEventType.PageAcknowledged => "page-acknowledged",
        IncidentEventType.StatusPosted => "status-posted",
    };

    /// <summary>The type a wire name stands for; false for a name no type has.</summary>
    public static bool TryParse(string? wireName, out IncidentEventType type) =>
        WireNames.TryParse(All, c => c.WireName(), wireName, out type);

    private static readonly (byte[] Name, IncidentEventType Type)[] Utf8Names = [.. All.Select(t => (Encoding.UTF8.GetBytes(t.WireName()), t))];

    /// <summary>The type a wire name given as UTF-8 stands for (as a type column holds it); false for a name no type has.</summary>
    public static bool TryParse(ReadOnlySpan<byte> wireName, out IncidentEventType type)
    {
        foreach (var (name, candidate) in Utf8Names)
        {
            if (wireName.SequenceEqual(name))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }
}

/// <summary>
/// Who did what an event records: the person (or key) and the role they acted in. When the security officer or
/// management records what someone else did, <see cref="For"/> is the role it was done for, and
/// <see cref="ForPerson"/> optionally names that person.
/// </summary>
/// <param name="Id">The actor's stable id: <c>account:…</c> for a person's account, <c>key:…</c> for an API key.</param>
/// <param name="Name">The name shown on the record.</param>
/// <param name="Role">The role they acted in.</param>
/// <param name="For">The role the act was done for, when recorded on someone else's behalf.</param>
/// <param name="ForPerson">Who that someone was, when given.</param>
public sealed record EventActor(string Id, string Name, Role Role, Role? For = null, string? ForPerson = null);

/// <summary>The playbook version an incident runs, bound into its first event.</summary>
/// <param name="Id">The playbook's id, shared by its versions.</param>
/// <param name="Version">The version's number within the organization.</param>
/// <param name="Sha256">The SHA-256 of the version's YAML text, so the record says exactly which flowchart it ran.</param>
public sealed record PlaybookRef(string Id, int Version, string Sha256);

/// <summary>What an event says; one record type per <see cref="IncidentEventType"/>.</summary>
public abstract record EventData
{
    /// <summary>The event's type; written in the envelope, not in the data (see <see cref="RecordJson"/>).</summary>
    public abstract IncidentEventType Type { get; }
}

/// <summary>How an incident came to be opened.</summary>
public enum IncidentSource
{
    /// <summary>A staff member's anomaly report.</summary>
    AnomalyReport,

    /// <summary>A monitoring alert.</summary>
    Alert,

    /// <summary>Opened by hand by the security officer or management.</summary>
    Manual,
}

/// <summary>The first event of every record: the incident's number and title, how it came, and the playbook it runs.</summary>
/// <param name="Number">The incident's number in its organization (1, 2, …).</param>
/// <param name="Title">The title people know it by.</param>
/// <param name="Source">How it was opened.</param>
/// <param name="Playbook">The playbook version it runs, bound by its hash.</param>
/// <param name="Drill">True for a drill: practice, run like an incident and marked as one.</param>
/// <param name="Description">What the opener wrote, if anything.</param>
/// <param name="Reporting">
/// The rules the incident's privacy clocks count by (the preliminary period and how days are counted), as the
/// organization's profile said at the opening: fixed here so that a later change of the profile does not move a
/// running clock. Null on records opened before Sonae fixed them (see <c>ReportingState.Rules</c>).
/// </param>
public sealed record IncidentOpened(int Number, string Title, IncidentSource Source, PlaybookRef Playbook, bool Drill, string? Description,
    Sonae.Core.Reporting.ReportingRules? Reporting = null) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.Opened;
}

/// <summary>A staff member's anomaly report, in the words of the report form.</summary>
/// <param name="Department">The reporter's department or ward.</param>
/// <param name="Location">Where the device is.</param>
/// <param name="Device">The device's name or asset id.</param>
/// <param name="Signs">What they saw.</param>
/// <param name="Since">Since when, if they know.</param>
/// <param name="Description">In their own words.</param>
/// <param name="ReporterName">Who reported, when they gave a name (a shared terminal's key does not say).</param>
/// <param name="ReporterContact">How to reach them.</param>
/// <param name="Signal">What monitoring sent, when a monitoring alert filed the report; null for a person's report.</param>
public sealed record AnomalyReported(
    string Department,
    string? Location,
    string? Device,
    IReadOnlyList<AnomalySign> Signs,
    DateTimeOffset? Since,
    string? Description,
    string? ReporterName,
    string? ReporterContact,
    Monitoring.MonitoringSignal? Signal = null) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.AnomalyReported;
}

/// <summary>One of a step's actions was done.</summary>
/// <param name="Step">The step.</param>
/// <param name="Action">The action's id within the step.</param>
/// <param name="Comment">What the actor added, if anything.</param>
public sealed record ActionDone(StepId Step, string Action, string? Comment) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ActionDone;
}

/// <summary>A step was completed.</summary>
/// <param name="Step">The step.</param>
/// <param name="Comment">What the actor added, if anything.</param>
public sealed record StepCompleted(StepId Step, string? Comment) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.StepCompleted;
}

/// <summary>A step was skipped; steps that wait for it may then open.</summary>
/// <param name="Step">The step.</param>
/// <param name="Reason">Why, as the record must say.</param>
public sealed record StepSkipped(StepId Step, string Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.StepSkipped;
}

/// <summary>A fact was recorded at a step.</summary>
/// <param name="Fact">The fact.</param>
/// <param name="Value">Its value: a choice's id, or a finding's text.</param>
/// <param name="Step">The step it was recorded at.</param>
/// <param name="Reason">Why, for an operational decision of management (always given there); null for other facts.</param>
public sealed record FactRecorded(FactId Fact, string Value, StepId Step, string? Reason = null) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.FactRecorded;
}

/// <summary>A fact changed after it was recorded; the previous value stays on the record.</summary>
/// <param name="Fact">The fact.</param>
/// <param name="Value">Its new value.</param>
/// <param name="Previous">The value it replaces.</param>
/// <param name="Reason">Why it changed.</param>
/// <param name="Step">The step it was revised at.</param>
public sealed record FactRevised(FactId Fact, string Value, string Previous, string Reason, StepId Step) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.FactRevised;
}

/// <summary>A note, to the incident or to one step.</summary>
/// <param name="Text">The note.</param>
/// <param name="Step">The step it belongs to, or null for the incident as a whole.</param>
public sealed record NoteAdded(string Text, StepId? Step) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.NoteAdded;
}

/// <summary>A system or an asset of the inventory was marked.</summary>
/// <param name="Asset">The asset's or system's id (or the name as given, when the inventory does not know it).</param>
/// <param name="Status">Its new status.</param>
/// <param name="Comment">What the actor added, if anything.</param>
public sealed record AssetStatusChanged(string Asset, AssetStatus Status, string? Comment) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.AssetStatusChanged;
}

/// <summary>
/// A call or a message between the hospital and a party (an authority, a vendor, the lawyer, the insurer), and how it
/// went. The members after <paramref name="Comment"/> came later: a record written before them has none, and a contact
/// that does not say them leaves them out, so its text is what it always was. Who on the hospital's side spoke is the
/// actor, or the person it was recorded for (<see cref="EventActor.ForPerson"/>).
/// </summary>
/// <param name="Party">Who was contacted, or who contacted the hospital.</param>
/// <param name="Channel">How.</param>
/// <param name="Result">What came of it.</param>
/// <param name="Comment">What was said or agreed.</param>
/// <param name="Direction">Which way it went; null on records written before Sonae asked.</param>
/// <param name="Subject">What it was about, in a few words.</param>
/// <param name="Reference">The number the other side gave for it (the police's receipt number, an insurer's claim number).</param>
/// <param name="At">When it happened, when that was not when it was recorded (a call made earlier, written down after).</param>
public sealed record ContactLogged(string Party, ContactChannel Channel, ContactResult Result, string? Comment,
    ContactDirection? Direction = null, string? Subject = null, string? Reference = null, DateTimeOffset? At = null) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ContactLogged;
}

/// <summary>
/// A report was sent: which one, the SHA-256 of the document as sent, to whom and how. A report Sonae drafted also
/// carries what it said (<paramref name="Fields"/>), the file it was sent as (<paramref name="Format"/>) and, when it
/// was sent after its legal deadline, why (<paramref name="LateReason"/>); with the date it bore and how dates were
/// written, the record alone can make the document again.
/// </summary>
/// <param name="Report">The report's id (<c>privacy-preliminary</c>, or a name for one sent outside Sonae).</param>
/// <param name="Sha256">The SHA-256 of the document as sent.</param>
/// <param name="To">To whom.</param>
/// <param name="Via">How it was sent.</param>
/// <param name="Comment">What the sender added.</param>
/// <param name="Fields">What a report Sonae made said, heading by heading.</param>
/// <param name="Format">The file it was issued as.</param>
/// <param name="LateReason">Why it went after its legal deadline.</param>
/// <param name="Dates">How its dates were written.</param>
/// <param name="Dated">The date the document bears.</param>
public sealed record ReportIssued(
    string Report,
    string Sha256,
    string To,
    ContactChannel Via,
    string? Comment,
    IReadOnlyDictionary<string, string>? Fields = null,
    Sonae.Core.Reporting.ReportFormat? Format = null,
    string? LateReason = null,
    Sonae.Core.Reporting.DocumentDates? Dates = null,
    DateOnly? Dated = null) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ReportIssued;
}

/// <summary>
/// Management's answer to whether a leak must be reported (個人情報保護法施行規則 第7条): for each of the four
/// situations, whether it applies and why. A later answer replaces an earlier one; both stay on the record.
/// </summary>
/// <param name="Answers">One answer per situation.</param>
public sealed record ReportingAssessed(IReadOnlyList<Sonae.Core.Reporting.CategoryAnswer> Answers) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ReportingAssessed;
}

/// <summary>Management set when the organization became aware of the situation (the legal clocks start there), and why.</summary>
/// <param name="At">The moment of awareness.</param>
/// <param name="Reason">Why that moment rather than the record's default.</param>
public sealed record AwarenessSet(DateTimeOffset At, string Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.AwarenessSet;
}

/// <summary>
/// Management changed the rules an incident's privacy clocks count by, after they were fixed at its opening: the
/// preliminary period (3 to 5 days) or whether the day of awareness counts. Both the new and the previous rules are
/// on the record, with the reason; the deadlines move from this event on.
/// </summary>
/// <param name="Rules">The rules from now on.</param>
/// <param name="Previous">The rules until now.</param>
/// <param name="Reason">Why, as the record must say.</param>
public sealed record ReportingRulesChanged(Sonae.Core.Reporting.ReportingRules Rules, Sonae.Core.Reporting.ReportingRules Previous, string Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ReportingRulesChanged;
}

/// <summary>A figure that changes as the investigation goes on (the number of people affected), with what it rests on.</summary>
/// <param name="Figure">Which figure (<c>people-affected</c>).</param>
/// <param name="Value">Its value now.</param>
/// <param name="Note">What it rests on.</param>
public sealed record FigureRecorded(string Figure, long Value, string? Note) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.FigureRecorded;
}

/// <summary>A report's draft as someone saved it, field by field.</summary>
/// <param name="Report">The report's id.</param>
/// <param name="Fields">Each heading's text.</param>
/// <param name="Basis">
/// The last event of the record the draft was compared with when it was filled or refilled: a heading is out of date
/// when the record now fills it otherwise than it did then. Absent, the event just before this one.
/// </param>
public sealed record ReportDrafted(string Report, IReadOnlyDictionary<string, string> Fields, long? Basis = null) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ReportDrafted;
}

/// <summary>
/// A piece of evidence went into the locker (2-14): the file's SHA-256 (computed by the server on arrival), its size,
/// its name made harmless, what it is, and its chain of custody so far: who collected it, from which asset, when.
/// </summary>
/// <param name="Evidence">Its id in the incident (E1, E2, …).</param>
/// <param name="Sha256">The SHA-256 of the file, which is also its name in the locker.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="FileName">The name it came with, made harmless.</param>
/// <param name="Kind">What it is.</param>
/// <param name="CollectedBy">Who collected it.</param>
/// <param name="CollectedAt">When.</param>
/// <param name="FromAsset">From which asset, if any.</param>
/// <param name="Description">What it shows.</param>
public sealed record EvidenceAdded(
    string Evidence,
    string Sha256,
    long Size,
    string FileName,
    Sonae.Core.Evidence.EvidenceKind Kind,
    string CollectedBy,
    DateTimeOffset CollectedAt,
    string? FromAsset,
    string? Description) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.EvidenceAdded;
}

/// <summary>A piece of evidence (or its original medium) was handed to someone: the police, a forensic vendor.</summary>
/// <param name="Evidence">Its id (E1, E2, …).</param>
/// <param name="To">To whom.</param>
/// <param name="Comment">What was agreed.</param>
public sealed record EvidenceHandedOver(string Evidence, string To, string? Comment) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.EvidenceHandedOver;
}

/// <summary>Another incident, as a record names it: its number for people, its id for the record.</summary>
/// <param name="Number">Its number in the organization.</param>
/// <param name="Id">Its id.</param>
public sealed record IncidentLink(int Number, Guid Id);

/// <summary>
/// One of this incident's anomaly reports belongs to another incident (the same attack): it was attached there. The
/// report stays where it is on this record; this event says where it went.
/// </summary>
/// <param name="Report">The report's sequence number on this record.</param>
/// <param name="To">The incident it was attached to.</param>
/// <param name="ToSeq">The sequence number of the <c>report-attached</c> event on that incident's record.</param>
/// <param name="Reason">Why, if given.</param>
public sealed record ReportMoved(long Report, IncidentLink To, long ToSeq, string? Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ReportMoved;
}

/// <summary>An anomaly report of another incident was attached here: what it said, copied, and where it is on its own record.</summary>
/// <param name="From">The incident it was filed on.</param>
/// <param name="Report">Its sequence number on that record.</param>
/// <param name="FromSeq">The sequence number of the <c>report-moved</c> event on that record.</param>
/// <param name="Contents">The report as it was filed.</param>
/// <param name="Reason">Why, if given.</param>
public sealed record ReportAttached(IncidentLink From, long Report, long FromSeq, AnomalyReported Contents, string? Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ReportAttached;
}

/// <summary>
/// This incident joined another one (the same attack): it is closed (outcome <c>merged</c>) and points there. Its
/// record, reports, evidence and legal clocks stay here; the other incident carries on the response.
/// </summary>
/// <param name="Into">The incident it joined.</param>
/// <param name="IntoSeq">The sequence number of the <c>incident-merged</c> event on that incident's record.</param>
/// <param name="Reason">Why, if given.</param>
public sealed record MergedInto(IncidentLink Into, long IntoSeq, string? Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.MergedInto;
}

/// <summary>Another incident joined this one: which, its title, the reports it held (by their sequence numbers there).</summary>
/// <param name="From">The incident that joined.</param>
/// <param name="Title">Its title.</param>
/// <param name="Reports">The sequence numbers, on its record, of the anomaly reports it held (those not attached elsewhere).</param>
/// <param name="FromSeq">The sequence number of the <c>merged-into</c> event on its record.</param>
/// <param name="Reason">Why, if given.</param>
public sealed record IncidentMerged(IncidentLink From, string Title, IReadOnlyList<long> Reports, long FromSeq, string? Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.IncidentMerged;
}

/// <summary>How an incident ended.</summary>
public enum IncidentOutcome
{
    /// <summary>Every step that applies is done or skipped.</summary>
    Resolved,

    /// <summary>The security officer found no real anomaly at 1-4.</summary>
    FalseAlarm,

    /// <summary>Closed with steps still open, for the reason given.</summary>
    ClosedEarly,

    /// <summary>It joined another incident (the same attack), which carries on; see <see cref="MergedInto"/>.</summary>
    Merged,
}

/// <summary>The incident was closed; reporting may still go on.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">Why, when closed early.</param>
public sealed record IncidentClosed(IncidentOutcome Outcome, string? Reason) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.Closed;
}

/// <summary>What a staff member saw, in the words of the anomaly report.</summary>
public enum AnomalySign
{
    /// <summary>A ransom note on the screen.</summary>
    RansomNote,

    /// <summary>Files renamed or with odd extensions.</summary>
    OddFiles,

    /// <summary>The website changed.</summary>
    HomepageChanged,

    /// <summary>Data gone or encrypted.</summary>
    DataMissing,

    /// <summary>The antivirus raised an alert.</summary>
    AntivirusAlert,

    /// <summary>Very slow, or frozen.</summary>
    SlowOrFrozen,

    /// <summary>Something else, described in the report.</summary>
    Other,
}

/// <summary>What an anomaly sign means for the first steps.</summary>
public static class AnomalySigns
{
    /// <summary>Signs that point to malware: with any of them, staff must disconnect first (step 1-2).</summary>
    public static bool PointsToInfection(this AnomalySign sign) => sign switch
    {
        AnomalySign.RansomNote or AnomalySign.OddFiles or AnomalySign.HomepageChanged
            or AnomalySign.DataMissing or AnomalySign.AntivirusAlert => true,
        AnomalySign.SlowOrFrozen or AnomalySign.Other => false,
    };
}

/// <summary>The state of a system or asset during an incident; while one is suspected, infected or isolated, staff stop using its system.</summary>
public enum AssetStatus
{
    /// <summary>It may be affected: not known yet.</summary>
    Suspected,

    /// <summary>It is affected.</summary>
    Infected,

    /// <summary>Cut off from the network: contained.</summary>
    Isolated,

    /// <summary>Back in use.</summary>
    Restored,
}

/// <summary>How a party was contacted or a report sent.</summary>
public enum ContactChannel
{
    /// <summary>A telephone call.</summary>
    Phone,

    /// <summary>A hospital PHS handset.</summary>
    Phs,

    /// <summary>An internal extension.</summary>
    Extension,

    /// <summary>A mobile phone.</summary>
    Mobile,

    /// <summary>E-mail.</summary>
    Email,

    /// <summary>A chat message.</summary>
    Chat,

    /// <summary>Fax.</summary>
    Fax,

    /// <summary>In person.</summary>
    InPerson,

    /// <summary>An authority's web form.</summary>
    WebForm,

    /// <summary>Post.</summary>
    Post,

    /// <summary>Some other way.</summary>
    Other,
}

/// <summary>Which way a contact went.</summary>
public enum ContactDirection
{
    /// <summary>The hospital contacted the party.</summary>
    Outgoing,

    /// <summary>The party contacted the hospital.</summary>
    Incoming,
}

/// <summary>What came of a contact.</summary>
public enum ContactResult
{
    /// <summary>Spoken to.</summary>
    Reached,

    /// <summary>Nobody answered.</summary>
    NoAnswer,

    /// <summary>A message was left.</summary>
    LeftMessage,

    /// <summary>It did not go through.</summary>
    Failed,

    /// <summary>Sent, with no answer expected.</summary>
    Sent,

    /// <summary>The number reached someone else, or no one: the preparedness record has it wrong.</summary>
    WrongNumber,
}
