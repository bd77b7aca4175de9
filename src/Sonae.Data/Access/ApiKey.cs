using Sonae.Core.Access;

namespace Sonae.Data.Access;

/// <summary>
/// A key that lets a caller act in an organization with the roles it carries. Only the SHA-256 of the secret is
/// stored; the secret is shown once, when the key is made.
/// </summary>
public sealed class ApiKey : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>Who holds the key, as it appears on the record ("情報システム課", "院長").</summary>
    public required string Name { get; set; }

    /// <summary>Role ids separated by commas (<c>management,security-officer</c>).</summary>
    public required string Roles { get; set; }

    /// <summary>The first characters of the key, to tell keys apart in lists.</summary>
    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>
    /// A reporting link (for a shared terminal or the poster's QR code): its secret is in the link, it carries the
    /// staff role, and it can do nothing but file anomaly reports.
    /// </summary>
    public bool ReportOnly { get; set; }

    public IReadOnlySet<Role> RoleSet() => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Core.Access.Roles.Parse).ToHashSet();
}
