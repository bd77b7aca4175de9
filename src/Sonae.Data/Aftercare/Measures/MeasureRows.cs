using Microsoft.EntityFrameworkCore;
using Sonae.Data.Access;

namespace Sonae.Data.Aftercare.Measures;

/// <summary>
/// A recurrence-prevention measure (4-5): numbered per hospital, with its owner, cost, due day and status
/// (<see cref="Sonae.Core.Aftercare.Measures.MeasureStatus"/>'s wire name), and where it came from: an incident (real
/// or drill) and the finding that led to it. Changed in place; each change is in the audit log.
/// </summary>
public sealed class MeasureRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public int Number { get; set; }

    public required string Title { get; set; }

    /// <summary>What the measure is: what changes, for whom.</summary>
    public string? Description { get; set; }

    /// <summary>The owner's id in the people record, when they are one of it.</summary>
    public string? OwnerPersonId { get; set; }

    /// <summary>The owner's name as it was when chosen (or typed, for someone outside the people record).</summary>
    public required string OwnerName { get; set; }

    public long? CostYen { get; set; }

    public DateOnly Due { get; set; }

    /// <summary><c>proposed</c>, <c>approved</c>, <c>in-progress</c>, <c>done</c> or <c>dropped</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Why it was dropped (only for <c>dropped</c>).</summary>
    public string? DroppedReason { get; set; }

    public Guid? IncidentId { get; set; }

    /// <summary>The finding it answers (an after-action report's, or the officer's own words).</summary>
    public string? Finding { get; set; }

    /// <summary>The adding request's id (who and their Idempotency-Key or form id): the same request adds one measure.</summary>
    public string? RequestKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public required string ChangedBy { get; set; }

    /// <summary>
    /// Counts the changes of this row (an edit, a status): an editor sends back the version they read, and a change
    /// made since is refused, never overwritten. 0 for a measure never changed.
    /// </summary>
    public int Version { get; set; }
}

/// <summary>A training session about a measure (4-6): when, what, who attended and how many.</summary>
public sealed class MeasureTrainingRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid MeasureId { get; set; }

    public DateOnly HeldOn { get; set; }

    public required string Title { get; set; }

    /// <summary>Who attended, as written (names or departments).</summary>
    public string? Attendees { get; set; }

    public int Count { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public required string RecordedBy { get; set; }
}

/// <summary>A notice (of the kind <c>measures</c>) that disseminated a measure (4-6): its acknowledgements are the measure's.</summary>
public sealed class MeasureNoticeRow : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public Guid MeasureId { get; set; }

    public Guid NoticeId { get; set; }
}

/// <summary>
/// An instruction to a contractor (4-8): to which vendor of the preparedness record and about which system, what they
/// must do, from when, and when their compliance is checked (every <see cref="EveryMonths"/> months, or on
/// <see cref="Dates"/>). The vendor acknowledges it through its link.
/// </summary>
public sealed class ContractorInstructionRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public int Number { get; set; }

    /// <summary>The measure it carries out, if any.</summary>
    public Guid? MeasureId { get; set; }

    /// <summary>The vendor's id among the preparedness record's external parties, when they are one of it.</summary>
    public string? VendorPartyId { get; set; }

    /// <summary>The vendor's name as it was when the instruction was issued.</summary>
    public required string VendorName { get; set; }

    public string? System { get; set; }

    public required string Instruction { get; set; }

    public DateOnly IssuedOn { get; set; }

    public int? EveryMonths { get; set; }

    /// <summary>The fixed check days, comma-separated ISO dates (<c>2027-01-15,2027-07-15</c>); null for a period.</summary>
    public string? Dates { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>The name the vendor gave when acknowledging.</summary>
    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>When it was last changed (issued, edited, ended).</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public required string ChangedBy { get; set; }

    /// <summary>Counts the changes of this row (an edit, its end): a change made since the editor read it is refused.</summary>
    public int Version { get; set; }

    /// <summary>When the hospital ended it: no check is due any more and its vendor's links were revoked.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public string? EndedBy { get; set; }
}

/// <summary>One check of a contractor's compliance: when, whether they comply (適合 / 不適合) and what was found, by whom.</summary>
public sealed class InstructionCheckRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid InstructionId { get; set; }

    public DateOnly CheckedOn { get; set; }

    /// <summary>True for 適合 (complies), false for 不適合.</summary>
    public bool Complies { get; set; }

    public string? Found { get; set; }

    public required string CheckedBy { get; set; }

    /// <summary>True when the vendor reported it through its link (a self-check), false when the hospital recorded it.</summary>
    public bool ByVendor { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// A vendor's link to one instruction: read it, acknowledge it, report self-checks. Only the SHA-256 of its secret is
/// kept; it expires, and the officer may revoke it.
/// </summary>
public sealed class InstructionLinkRow : ISecretLink
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid InstructionId { get; set; }

    /// <summary>The secret's first characters, for lists.</summary>
    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Never used up: each self-check uses it again (an explicit member, so not a column).</summary>
    DateTimeOffset? ISecretLink.UsedAt => null;
}
