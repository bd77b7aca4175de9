namespace Sonae.Data.Threats;

/// <summary>
/// An advisory the hospital keeps: imported from CISA's KEV catalogue or JVN, fetched on the schedule, or entered by
/// hand (the ministry's and NISC's alerts). Unique per organization by source and id: importing it again updates
/// it, never adds it twice.
/// </summary>
public sealed class ThreatAdvisoryRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The source's wire name: <c>kev</c>, <c>jvn</c>, <c>mhlw</c>, <c>nisc</c>, <c>manual</c>.</summary>
    public required string Source { get; set; }

    /// <summary>The source's id: the CVE, the JVNDB id, the alert's number.</summary>
    public required string ExternalId { get; set; }

    public required string Title { get; set; }

    /// <summary>The products it is about, as JSON (vendor, product, CPE).</summary>
    public required string Products { get; set; }

    public string? AffectedVersions { get; set; }

    public DateOnly? Published { get; set; }

    /// <summary>CISA's due date, where CISA gives one.</summary>
    public DateOnly? DueDate { get; set; }

    public string? RequiredAction { get; set; }

    public bool KnownRansomware { get; set; }

    public string? Link { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who added it (a person's name, or <c>sonae</c> for the scheduled fetch).</summary>
    public required string AddedBy { get; set; }
}

/// <summary>
/// An advisory found in one of the hospital's external lines or assets, and the security officer's task about it:
/// <c>pending</c> (a fuzzy match to confirm or dismiss), <c>open</c> (a task to act on), <c>closed</c> (done),
/// <c>dismissed</c> (not ours).
/// </summary>
public sealed class ThreatMatchRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid AdvisoryId { get; set; }

    /// <summary><c>line</c> or <c>asset</c>.</summary>
    public required string TargetKind { get; set; }

    /// <summary>The line's or the asset's id in the preparedness record.</summary>
    public required string TargetId { get; set; }

    public required string TargetName { get; set; }

    /// <summary>For a line, the asset that terminates it.</summary>
    public string? Device { get; set; }

    public string? Maker { get; set; }

    /// <summary>The target's name that matched (its model, product or OS).</summary>
    public required string Matched { get; set; }

    public string? Version { get; set; }

    /// <summary><c>cpe</c>, <c>exact</c>, <c>similar-product</c>, <c>other-maker</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The pair a confirm or dismiss decision is remembered by (Core's <c>ThreatMatch.Pair</c>).</summary>
    public required string Pair { get; set; }

    public bool? VersionAffected { get; set; }

    public required string Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>What the officer wrote on closing it (updated on …, the vendor says not affected …).</summary>
    public string? Note { get; set; }
}

/// <summary>
/// A decision on a fuzzy pair (an advisory's maker and product against the hospital's maker and product), kept so
/// that the next advisory about the same pair is not asked again.
/// </summary>
public sealed class ThreatDecisionRow : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public required string Pair { get; set; }

    public bool Confirmed { get; set; }

    public DateTimeOffset DecidedAt { get; set; }

    public required string DecidedBy { get; set; }
}

/// <summary>Where the scheduled fetch reads advisories from, whether it runs, and what its last run found.</summary>
public sealed class ThreatFeedRow : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    /// <summary>The KEV catalogue's address (CISA's own, or a copy inside the hospital's network).</summary>
    public string? KevUrl { get; set; }

    /// <summary>A JVNRSS feed's address (JVN iPedia's new entries, or a MyJVN query).</summary>
    public string? JvnUrl { get; set; }

    public bool Enabled { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public required string ChangedBy { get; set; }

    public DateTimeOffset? LastFetchAt { get; set; }

    public bool? LastOk { get; set; }

    /// <summary>What the last fetch found or why it failed, in both languages (Japanese, then English, one line each).</summary>
    public string? LastResult { get; set; }
}
