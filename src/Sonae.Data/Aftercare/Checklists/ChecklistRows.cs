using Sonae.Data.Access;

namespace Sonae.Data.Aftercare.Checklists;

/// <summary>An edition an administrator uploaded (the shipped ones are in Core): its file, kept as it was read.</summary>
public sealed class ChecklistEditionRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The edition's key (<c>2026-05</c>); unique per organization, and never one of the shipped keys.</summary>
    public required string Key { get; set; }

    /// <summary>The edition file (JSON), as uploaded.</summary>
    public required string File { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>
/// The hospital's correction of an edition's item, or an item it added: over the shipped text, which stays. Each
/// correction is a new row (who, when, why); the newest per item applies.
/// </summary>
public sealed class ChecklistCorrectionRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string EditionKey { get; set; }

    public required string ItemId { get; set; }

    public bool Added { get; set; }

    public int? Section { get; set; }

    public string? Number { get; set; }

    public string? TextJa { get; set; }

    public string? TextEn { get; set; }

    /// <summary>The forms' wire names, comma-separated, when changed.</summary>
    public string? Forms { get; set; }

    public string? Target { get; set; }

    public required string Reason { get; set; }

    public required string By { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// One year's checklist of one form: the hospital's (one per fiscal year) or a vendor's (one per vendor and system
/// and year). Its items are frozen at the start (as JSON), so a later year or correction never changes what was answered.
/// </summary>
public sealed class ChecklistRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The fiscal year's starting calendar year (2025 = 令和7年度).</summary>
    public int FiscalYear { get; set; }

    /// <summary><c>hospital</c> or <c>vendor</c>.</summary>
    public required string Form { get; set; }

    public required string EditionKey { get; set; }

    /// <summary>The items as answered this year (Core's items, as JSON).</summary>
    public required string Items { get; set; }

    /// <summary>For a vendor's form: the external party's id in the preparedness record.</summary>
    public string? VendorId { get; set; }

    public string? VendorName { get; set; }

    /// <summary>For a vendor's form: the system it is about.</summary>
    public string? SystemName { get; set; }

    /// <summary>Unique per organization, year, form, vendor and system (the hospital's form: <c>hospital</c>).</summary>
    public required string Slot { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the vendor handed their answers back (a vendor's form).</summary>
    public DateTimeOffset? ReturnedAt { get; set; }

    public string? ReturnedBy { get; set; }
}

/// <summary>The answer to one item of one checklist.</summary>
public sealed class ChecklistAnswerRow : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public Guid ChecklistId { get; set; }

    public required string ItemId { get; set; }

    public bool? Yes { get; set; }

    public DateOnly? CheckedOn { get; set; }

    public DateOnly? FirstCheckedOn { get; set; }

    public bool? FirstYes { get; set; }

    public DateOnly? TargetOn { get; set; }

    public string? Note { get; set; }

    public int? CarriedFrom { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>
/// The link a vendor fills in their form through: single-purpose (one vendor form), only the SHA-256 of its secret
/// kept, expiring, revocable, used up when the vendor hands the form back.
/// </summary>
public sealed class ChecklistVendorLinkRow : ISecretLink
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid ChecklistId { get; set; }

    public required string InvitedName { get; set; }

    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public string? UsedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

