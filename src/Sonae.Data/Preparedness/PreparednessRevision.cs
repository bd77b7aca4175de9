namespace Sonae.Data.Preparedness;

/// <summary>
/// One version of one section of a hospital's preparedness record (its people, its external parties, its systems
/// and assets, its network…), stored whole as JSON and never changed afterwards. The newest version of each section
/// is the current record; the older ones are its history, which can be compared item by item.
/// </summary>
/// <remarks>
/// A section is small (a 500-person hospital's people, or 2,000 assets, is well under a megabyte of JSON) and is
/// edited by one or two people, so a new whole version per change keeps the history exact and simple. Two editors
/// saving from the same version are told apart by the unique (organization, section, version) index: the second
/// one gets a conflict instead of silently overwriting the first.
/// </remarks>
public sealed class PreparednessRevision : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The section's API id (<c>people</c>, <c>inventory</c>, <c>network</c>…).</summary>
    public required string Section { get; set; }

    /// <summary>1, 2, 3… per section within the organization.</summary>
    public int Version { get; set; }

    /// <summary>The section's content in the record's JSON conventions.</summary>
    public required string Content { get; set; }

    /// <summary>What changed and why, as the editor wrote it.</summary>
    public string? Note { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public required string ChangedBy { get; set; }
}
