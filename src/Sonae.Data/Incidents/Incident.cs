using Sonae.Core.Incidents;

namespace Sonae.Data.Incidents;

/// <summary>
/// An incident's current state: the projection of its events, updated in the same transaction as every append.
/// <see cref="LastSeq"/> is the concurrency token: two commands racing on one incident cannot both move it.
/// </summary>
public sealed class Incident : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The incident's number within its organization (1, 2, 3…), for people.</summary>
    public int Number { get; set; }

    public required string Title { get; set; }

    public IncidentSource Source { get; set; }

    public bool Drill { get; set; }

    public Guid PlaybookVersionId { get; set; }

    public IncidentStatus Status { get; set; }

    public IncidentOutcome? Outcome { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public long LastSeq { get; set; }

    public required string HeadHash { get; set; }

    /// <summary>
    /// Management has answered whether the privacy commission must be told, and the final report is still owed
    /// (<c>ReportingState.FinalReportOwed</c>): set by the reporting commands, which append every event that changes
    /// it. The home page's legal clocks find the closed incidents still to be reported by it, whatever the history.
    /// </summary>
    public bool FinalReportOwed { get; set; }

    /// <summary><see cref="IncidentProgress"/> as JSON (<see cref="RecordJson"/>).</summary>
    public required string Progress { get; set; }

    /// <summary>Where the record ends; <see cref="UpdatedAt"/> is its last event's time (set with every append).</summary>
    public IncidentHead Head => new(OrganizationId, Id, LastSeq, HeadHash, LastSeq == 0 ? null : UpdatedAt);
}
