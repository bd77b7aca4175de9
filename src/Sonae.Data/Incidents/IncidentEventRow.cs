using Sonae.Core.Incidents;

namespace Sonae.Data.Incidents;

/// <summary>
/// One event of an incident's record, as stored: append-only (the database refuses updates and deletes), keyed by
/// (incident, sequence) so that two writers can never both add event n. <see cref="Body"/> is the canonical text
/// that <see cref="Hash"/> covers; the other columns repeat what it says, for queries, and verification checks
/// that they agree.
/// </summary>
public sealed class IncidentEventRow : IOrganizationOwned
{
    public Guid IncidentId { get; set; }

    public long Seq { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Type { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Body { get; set; }

    public required string Hash { get; set; }

    public static IncidentEventRow From(RecordedEvent recorded) => new()
    {
        IncidentId = recorded.IncidentId,
        Seq = recorded.Seq,
        OrganizationId = recorded.OrganizationId,
        Type = recorded.Type.WireName(),
        At = recorded.At,
        Body = recorded.Body,
        Hash = recorded.Hash,
    };

    public StoredEvent ToStored() => new(Seq, Type, At, Body, Hash, OrganizationId);
}
