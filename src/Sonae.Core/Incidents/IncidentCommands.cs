using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>What someone asks to do to an incident. <see cref="IncidentRules.Decide"/> turns it into events or a refusal.</summary>
public abstract record IncidentCommand;

/// <summary>Tick one action of a step. <paramref name="ForPerson"/> names who did it when it is recorded for them.</summary>
public sealed record CompleteAction(StepId Step, string Action, string? Comment = null, string? ForPerson = null) : IncidentCommand;

public sealed record CompleteStep(StepId Step, string? Comment = null) : IncidentCommand;

public sealed record SkipStep(StepId Step, string Reason) : IncidentCommand;

/// <summary>Record a fact, or revise it (then <paramref name="Reason"/> is required).</summary>
public sealed record RecordFact(FactId Fact, string Value, string? Reason = null) : IncidentCommand;

public sealed record AddNote(string Text, StepId? Step = null) : IncidentCommand;

public sealed record ChangeAssetStatus(string Asset, AssetStatus Status, string? Comment = null) : IncidentCommand;

public sealed record LogContact(string Party, ContactChannel Channel, ContactResult Result, string? Comment = null) : IncidentCommand;

public sealed record IssueReport(string Report, string Sha256, string To, ContactChannel Via, string? Comment = null) : IncidentCommand;

/// <summary>A staff member's anomaly report that joins an incident already open.</summary>
public sealed record ReportAnomaly(AnomalyReport Report) : IncidentCommand;

public sealed record CloseIncident(string? Reason = null) : IncidentCommand;

/// <summary>
/// Put a file in the evidence locker. The server computes <paramref name="Sha256"/> and <paramref name="Size"/> on
/// arrival and stores the file before asking; the rules number it (E1, E2…).
/// </summary>
public sealed record AddEvidence(
    string Sha256,
    long Size,
    string FileName,
    Sonae.Core.Evidence.EvidenceKind Kind,
    string? CollectedBy,
    DateTimeOffset? CollectedAt,
    string? FromAsset,
    string? Description) : IncidentCommand;

/// <summary>Record that a piece of evidence was handed to someone.</summary>
public sealed record HandOverEvidence(string Evidence, string To, string? Comment = null) : IncidentCommand;

/// <summary>What a staff member reports: where, what they saw, since when.</summary>
public sealed record AnomalyReport(
    string Department,
    string? Location,
    string? Device,
    IReadOnlyList<AnomalySign> Signs,
    DateTimeOffset? Since,
    string? Description,
    string? ReporterName,
    string? ReporterContact)
{
    public bool ShowsInfection => Signs.Any(s => s.PointsToInfection());
}

/// <summary>How an incident is opened.</summary>
public sealed record NewIncident(string Title, IncidentSource Source, string? Description = null, bool Drill = false, AnomalyReport? Report = null);

/// <summary>The longest texts the record accepts, so that a form or a script cannot flood it.</summary>
public static class TextLimits
{
    /// <summary>Titles, names, places, devices, parties, assets.</summary>
    public const int ShortText = 200;

    /// <summary>Notes, comments, reasons, descriptions and free-text facts.</summary>
    public const int LongText = 4000;
}
