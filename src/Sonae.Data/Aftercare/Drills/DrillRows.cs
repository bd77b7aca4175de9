using Sonae.Data.Incidents;

namespace Sonae.Data.Aftercare.Drills;

/// <summary>
/// A drill run: the incident opened as a drill (<see cref="Incident.Drill"/>) with its scenario, mode, participants,
/// facilitator and clock. One per drill incident.
/// </summary>
public sealed class DrillRunRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid IncidentId { get; set; }

    /// <summary>The incident's number, kept here so that the drills list needs no join.</summary>
    public int Number { get; set; }

    /// <summary>The scenario's id in the library.</summary>
    public required string ScenarioId { get; set; }

    /// <summary><c>live</c> or <c>tabletop</c>.</summary>
    public required string Mode { get; set; }

    /// <summary>Scenario minutes per wall-clock minute.</summary>
    public double Speed { get; set; }

    /// <summary>The participants as JSON: <c>[{"key":"account:…"|"person:…","name":"…"}]</c>.</summary>
    public required string Participants { get; set; }

    public required string FacilitatorId { get; set; }

    public required string FacilitatorName { get; set; }

    /// <summary>The role the facilitator acts in (their first of those that may run drills).</summary>
    public required string FacilitatorRole { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When the current pause began; null while the drill runs.</summary>
    public DateTimeOffset? PausedSince { get; set; }

    /// <summary>Milliseconds spent in earlier pauses.</summary>
    public long PausedMilliseconds { get; set; }
}

/// <summary>
/// What became of one inject of a drill: <c>delivered</c> (in the record, at <see cref="Seq"/>) or <c>skipped</c>.
/// Unique per drill and inject: saved in the same transaction as the events, so an inject lands once however many
/// servers try. At the table, <see cref="Decision"/> is what the group decided.
/// </summary>
public sealed class DrillInjectRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid DrillId { get; set; }

    public required string InjectId { get; set; }

    /// <summary><c>delivered</c> or <c>skipped</c>.</summary>
    public required string State { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The record's event that holds it, when delivered.</summary>
    public long? Seq { get; set; }

    public required string By { get; set; }

    /// <summary>What the group decided (tabletop).</summary>
    public string? Decision { get; set; }
}
