namespace Sonae.Data.Playbooks;

/// <summary>
/// One version of a playbook as an organization holds it: the YAML text exactly as uploaded (or shipped), never
/// changed afterwards. Incidents refer to the version they opened with.
/// </summary>
public sealed class PlaybookVersion : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The playbook's id from its YAML, shared by its versions.</summary>
    public required string PlaybookId { get; set; }

    /// <summary>1, 2, 3… per playbook id within the organization.</summary>
    public int Version { get; set; }

    public required string Title { get; set; }

    public required string Yaml { get; set; }

    public required string Sha256 { get; set; }

    /// <summary>Shipped with Sonae rather than uploaded.</summary>
    public bool BuiltIn { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public required string AddedBy { get; set; }
}
