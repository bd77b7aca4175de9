namespace Sonae.Data.Incidents;

/// <summary>A request's idempotency key and what it appended, and with what intent, so that a retry with the
/// same key and the same request answers the same, and the same key on a different request is refused.</summary>
public sealed record RequestKey(string Id, string Fingerprint);

/// <summary>
/// What a request that carried an <c>Idempotency-Key</c> appended: written in the same transaction as its
/// events. <see cref="Fingerprint"/> is the SHA-256 of who asked for what on which incident.
/// </summary>
public sealed class RequestReceipt : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public required string RequestId { get; set; }

    public required string Fingerprint { get; set; }

    public Guid IncidentId { get; set; }

    public long FirstSeq { get; set; }

    public long LastSeq { get; set; }

    public DateTimeOffset At { get; set; }
}
