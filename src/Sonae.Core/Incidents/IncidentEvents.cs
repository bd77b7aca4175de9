using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>The kinds of event an incident's record holds. The wire name is what the record stores.</summary>
public enum IncidentEventType
{
    Opened,
    AnomalyReported,
    ActionDone,
    StepCompleted,
    StepSkipped,
    FactRecorded,
    FactRevised,
    NoteAdded,
    AssetStatusChanged,
    ContactLogged,
    ReportIssued,
    Closed,
    ReportingAssessed,
    AwarenessSet,
    FigureRecorded,
    ReportDrafted,
    EvidenceAdded,
    EvidenceHandedOver,
}

public static class IncidentEventTypes
{
    public static IReadOnlyList<IncidentEventType> All { get; } = Enum.GetValues<IncidentEventType>();

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
    };

    public static bool TryParse(string? wireName, out IncidentEventType type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.WireName(), wireName, StringComparison.Ordinal))
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
public sealed record EventActor(string Id, string Name, Role Role, Role? For = null, string? ForPerson = null);

/// <summary>The playbook version an incident runs, bound into its first event.</summary>
public sealed record PlaybookRef(string Id, int Version, string Sha256);

/// <summary>What an event says; one record type per <see cref="IncidentEventType"/>.</summary>
public abstract record EventData
{
    /// <summary>The event's type; written in the envelope, not in the data (see <see cref="RecordJson"/>).</summary>
    public abstract IncidentEventType Type { get; }
}

public enum IncidentSource
{
    /// <summary>A staff member's anomaly report.</summary>
    AnomalyReport,

    /// <summary>A monitoring alert.</summary>
    Alert,

    /// <summary>Opened by hand by the security officer or management.</summary>
    Manual,
}

public sealed record IncidentOpened(int Number, string Title, IncidentSource Source, PlaybookRef Playbook, bool Drill, string? Description) : EventData
{
    public override IncidentEventType Type => IncidentEventType.Opened;
}

public sealed record AnomalyReported(
    string Department,
    string? Location,
    string? Device,
    IReadOnlyList<AnomalySign> Signs,
    DateTimeOffset? Since,
    string? Description,
    string? ReporterName,
    string? ReporterContact) : EventData
{
    public override IncidentEventType Type => IncidentEventType.AnomalyReported;
}

public sealed record ActionDone(StepId Step, string Action, string? Comment) : EventData
{
    public override IncidentEventType Type => IncidentEventType.ActionDone;
}

public sealed record StepCompleted(StepId Step, string? Comment) : EventData
{
    public override IncidentEventType Type => IncidentEventType.StepCompleted;
}

public sealed record StepSkipped(StepId Step, string Reason) : EventData
{
    public override IncidentEventType Type => IncidentEventType.StepSkipped;
}

public sealed record FactRecorded(FactId Fact, string Value, StepId Step) : EventData
{
    public override IncidentEventType Type => IncidentEventType.FactRecorded;
}

/// <summary>A fact changed after it was recorded; the previous value stays on the record.</summary>
public sealed record FactRevised(FactId Fact, string Value, string Previous, string Reason, StepId Step) : EventData
{
    public override IncidentEventType Type => IncidentEventType.FactRevised;
}

public sealed record NoteAdded(string Text, StepId? Step) : EventData
{
    public override IncidentEventType Type => IncidentEventType.NoteAdded;
}

public sealed record AssetStatusChanged(string Asset, AssetStatus Status, string? Comment) : EventData
{
    public override IncidentEventType Type => IncidentEventType.AssetStatusChanged;
}

public sealed record ContactLogged(string Party, ContactChannel Channel, ContactResult Result, string? Comment) : EventData
{
    public override IncidentEventType Type => IncidentEventType.ContactLogged;
}

/// <summary>
/// A report was sent: which one, the SHA-256 of the document as sent, to whom and how. A report Sonae drafted also
/// carries what it said (<paramref name="Fields"/>), the file it was sent as (<paramref name="Format"/>) and, when it
/// was sent after its legal deadline, why (<paramref name="LateReason"/>); with the date it bore and how dates were
/// written, the record alone can make the document again.
/// </summary>
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
    public override IncidentEventType Type => IncidentEventType.ReportIssued;
}

/// <summary>
/// Management's answer to whether a leak must be reported (個人情報保護法施行規則 第7条): for each of the four
/// situations, whether it applies and why. A later answer replaces an earlier one; both stay on the record.
/// </summary>
public sealed record ReportingAssessed(IReadOnlyList<Sonae.Core.Reporting.CategoryAnswer> Answers) : EventData
{
    public override IncidentEventType Type => IncidentEventType.ReportingAssessed;
}

/// <summary>Management set when the organization became aware of the situation (the legal clocks start there), and why.</summary>
public sealed record AwarenessSet(DateTimeOffset At, string Reason) : EventData
{
    public override IncidentEventType Type => IncidentEventType.AwarenessSet;
}

/// <summary>A figure that changes as the investigation goes on (the number of people affected), with what it rests on.</summary>
public sealed record FigureRecorded(string Figure, long Value, string? Note) : EventData
{
    public override IncidentEventType Type => IncidentEventType.FigureRecorded;
}

/// <summary>A report's draft as someone saved it, field by field.</summary>
public sealed record ReportDrafted(string Report, IReadOnlyDictionary<string, string> Fields) : EventData
{
    public override IncidentEventType Type => IncidentEventType.ReportDrafted;
}

/// <summary>
/// A piece of evidence went into the locker (2-14): the file's SHA-256 (computed by the server on arrival), its size,
/// its name made harmless, what it is, and its chain of custody so far: who collected it, from which asset, when.
/// </summary>
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
    public override IncidentEventType Type => IncidentEventType.EvidenceAdded;
}

/// <summary>A piece of evidence (or its original medium) was handed to someone: the police, a forensic vendor.</summary>
public sealed record EvidenceHandedOver(string Evidence, string To, string? Comment) : EventData
{
    public override IncidentEventType Type => IncidentEventType.EvidenceHandedOver;
}

public enum IncidentOutcome
{
    /// <summary>Every step that applies is done or skipped.</summary>
    Resolved,

    /// <summary>The security officer found no real anomaly at 1-4.</summary>
    FalseAlarm,

    /// <summary>Closed with steps still open, for the reason given.</summary>
    ClosedEarly,
}

public sealed record IncidentClosed(IncidentOutcome Outcome, string? Reason) : EventData
{
    public override IncidentEventType Type => IncidentEventType.Closed;
}

/// <summary>What a staff member saw, in the words of the anomaly report.</summary>
public enum AnomalySign
{
    RansomNote,
    OddFiles,
    HomepageChanged,
    DataMissing,
    AntivirusAlert,
    SlowOrFrozen,
    Other,
}

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

/// <summary>The state of a system or asset during an incident (DESIGN.md, Preparedness during an incident).</summary>
public enum AssetStatus
{
    Suspected,
    Infected,
    Isolated,
    Restored,
}

public enum ContactChannel
{
    Phone,
    Phs,
    Extension,
    Mobile,
    Email,
    Chat,
    Fax,
    InPerson,
    WebForm,
    Post,
    Other,
}

public enum ContactResult
{
    Reached,
    NoAnswer,
    LeftMessage,
    Failed,
    Sent,
}
