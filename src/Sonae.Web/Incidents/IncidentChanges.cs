namespace Sonae.Web.Incidents;

/// <summary>An incident's record moved on: its organization, the incident, and its last event now.</summary>
public sealed record IncidentChanged(Guid OrganizationId, Guid IncidentId, long LastSeq);

/// <summary>
/// Tells the open pages of this server that an incident changed, as soon as the change is committed, so that
/// every workspace on it shows the change without a reload. In-process: a second Sonae server on the same
/// PostgreSQL does not hear this one (its pages show a change on their next refresh).
/// </summary>
public sealed class IncidentChanges
{
    public event Action<IncidentChanged>? Changed;

    public void Publish(IncidentChanged change) => Changed?.Invoke(change);
}
