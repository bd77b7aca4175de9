using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>What someone asks to do to an incident. <see cref="IncidentRules.Decide(Playbook, IncidentProgress, Access.Actor, IncidentCommand, DateTimeOffset, DateTimeOffset?)"/> turns it into events or a refusal.</summary>
public abstract record IncidentCommand;

/// <summary>Tick one action of a step. <paramref name="ForPerson"/> names who did it when it is recorded for them.</summary>
public sealed record CompleteAction(StepId Step, string Action, string? Comment = null, string? ForPerson = null) : IncidentCommand;

/// <summary>Complete a step, once its actions and the facts it asks are done.</summary>
public sealed record CompleteStep(StepId Step, string? Comment = null) : IncidentCommand;

/// <summary>Skip a step, with the reason the record must show.</summary>
public sealed record SkipStep(StepId Step, string Reason) : IncidentCommand;

/// <summary>
/// Record a fact, or revise it (then <paramref name="Reason"/> is required). <paramref name="ForPerson"/> names whose
/// answer it is when someone records it for them (a scribe for the commander).
/// </summary>
public sealed record RecordFact(FactId Fact, string Value, string? Reason = null, string? ForPerson = null) : IncidentCommand;

/// <summary>Add a note to the incident, or to one step; <paramref name="ForPerson"/> names whose words it is when written for them.</summary>
public sealed record AddNote(string Text, StepId? Step = null, string? ForPerson = null) : IncidentCommand;

/// <summary>Mark a system or an asset suspected, infected, isolated or restored.</summary>
public sealed record ChangeAssetStatus(string Asset, AssetStatus Status, string? Comment = null) : IncidentCommand;

/// <summary>
/// Log a call or a message between the hospital and a party and how it went: which way, what about, the number the
/// other side gave, when (now unless given) and who spoke (the person recording unless <paramref name="SpokeBy"/> names
/// someone else: a scribe writing down the officer's call).
/// </summary>
public sealed record LogContact(string Party, ContactChannel Channel, ContactResult Result, string? Comment = null,
    ContactDirection? Direction = null, string? Subject = null, string? Reference = null, DateTimeOffset? At = null, string? SpokeBy = null) : IncidentCommand;

/// <summary>Record a report sent outside Sonae: which, the SHA-256 of what was sent, to whom and how.</summary>
public sealed record IssueReport(string Report, string Sha256, string To, ContactChannel Via, string? Comment = null) : IncidentCommand;

/// <summary>A staff member's anomaly report that joins an incident already open.</summary>
public sealed record ReportAnomaly(AnomalyReport Report) : IncidentCommand;

/// <summary>Close the incident; with steps still open, a reason is required.</summary>
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

/// <summary>
/// Post a status update (状況報告): what is known, what is being done, and when the next update comes: at
/// <paramref name="NextAt"/>, or, not given, one <paramref name="Rhythm"/> (the hospital's) from the moment it is
/// recorded. An open incident's update always says when the next comes.
/// </summary>
public sealed record PostStatusUpdate(string Known, string? Doing, DateTimeOffset? NextAt, TimeSpan? Rhythm = null) : IncidentCommand;

/// <summary>Take command of the incident (指揮を執る), from whoever held it; <paramref name="Note"/> says why, if anything.</summary>
public sealed record TakeCommand(string? Note = null) : IncidentCommand;

/// <summary>
/// Hand command over to the next commander (指揮を引き継ぐ), with the handover note: what is known, what is pending.
/// </summary>
public sealed record HandOverCommand(Nominee To, string Note) : IncidentCommand;

/// <summary>Name the scribe (記録係) who records at the commander's side.</summary>
public sealed record NameScribe(Nominee Scribe) : IncidentCommand;

/// <summary>
/// A person named to a role of the response, as the web layer found them: by their account (<paramref name="Actor"/>),
/// in the people directory of the preparedness record (<paramref name="Person"/>), or by a name as typed. The rules
/// decide from <paramref name="Roles"/> whether they may take the role, and in which.
/// </summary>
/// <param name="Name">Their name as the record will show it.</param>
/// <param name="Roles">The roles they hold: their account's, the directory's, or the one given with a typed name.</param>
/// <param name="Actor">Their actor id (<c>account:…</c>) when they sign in to Sonae.</param>
/// <param name="Person">Their id in the people directory, when chosen from it.</param>
public sealed record Nominee(string Name, IReadOnlyList<Access.Role> Roles, string? Actor = null, string? Person = null);

/// <summary>What a staff member (or a monitor, with its <paramref name="Signal"/>) reports: where, what they saw, since when.</summary>
public sealed record AnomalyReport(
    string Department,
    string? Location,
    string? Device,
    IReadOnlyList<AnomalySign> Signs,
    DateTimeOffset? Since,
    string? Description,
    string? ReporterName,
    string? ReporterContact,
    Monitoring.MonitoringSignal? Signal = null)
{
    /// <summary>Whether any sign points to malware, so that staff disconnect the device first.</summary>
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
