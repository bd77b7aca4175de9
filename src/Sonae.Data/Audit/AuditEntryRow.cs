using Sonae.Core.Audit;

namespace Sonae.Data.Audit;

/// <summary>
/// One audit entry as stored: append-only (the database refuses updates and deletes), keyed by (organization,
/// sequence). Not filtered by the tenancy filter: entries of no organization (a wrong key) are written outside any
/// organization's scope, so every read names its organization itself.
/// </summary>
public sealed class AuditEntryRow
{
    public Guid OrganizationId { get; set; }

    public long Seq { get; set; }

    public DateTimeOffset At { get; set; }

    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public int Status { get; set; }

    public string? Address { get; set; }

    public required string Prev { get; set; }

    public required string Hash { get; set; }

    public static AuditEntryRow From(AuditEntry entry, string hash) => new()
    {
        OrganizationId = entry.Organization,
        Seq = entry.Seq,
        At = entry.At,
        ActorId = entry.ActorId,
        ActorName = entry.ActorName,
        Action = entry.Action,
        Target = entry.Target,
        Status = entry.Status,
        Address = entry.Address,
        Prev = entry.Prev,
        Hash = hash,
    };

    public AuditEntry ToEntry() => new(OrganizationId, Seq, At, ActorId, ActorName, Action, Target, Status, Address, Prev);
}
