using Microsoft.AspNetCore.Identity;

namespace Sonae.Data.Access;

/// <summary>
/// A person who signs in with their own name and password (ASP.NET Core Identity), a passkey, or the hospital's
/// single sign-on. An account belongs to no organization by itself: its <see cref="Membership"/> rows say where it
/// may act and in which roles, so that a vendor engineer serving several hospitals has one account.
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    /// <summary>The name the record shows for what this person does ("情報システム課 佐藤").</summary>
    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An account's place in one organization: the roles it holds there.</summary>
public sealed class Membership : IOrganizationOwned
{
    public Guid AccountId { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>Role ids separated by commas, as on an API key.</summary>
    public required string Roles { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>Who added it (an actor id), for the settings page.</summary>
    public required string AddedBy { get; set; }

    public IReadOnlySet<Core.Access.Role> RoleSet() =>
        Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Core.Access.Roles.Parse).ToHashSet();
}

/// <summary>
/// A link that lets one vendor engineer into one incident: made by the security officer or management, valid until
/// <see cref="ExpiresAt"/>, used once. Only the SHA-256 of its secret is kept.
/// </summary>
public sealed class IncidentInvitation : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid IncidentId { get; set; }

    /// <summary>Whom it is for, as the officer wrote it ("富士システム 保守窓口 田中様").</summary>
    public required string InvitedName { get; set; }

    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The actor that accepted it.</summary>
    public string? UsedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// A vendor's access to one incident, granted by accepting an invitation. Vendors see no other incident of the
/// hospital. Ended by setting <see cref="RevokedAt"/>.
/// </summary>
public sealed class IncidentAccess : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public Guid IncidentId { get; set; }

    /// <summary>The actor id (<c>account:…</c> or <c>key:…</c>) that may see the incident.</summary>
    public required string ActorId { get; set; }

    public Guid InvitationId { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
