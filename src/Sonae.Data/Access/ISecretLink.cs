namespace Sonae.Data.Access;

/// <summary>
/// A row of a secret link (a vendor's link to a contractor instruction, to a checklist form): only its secret's
/// SHA-256 and a display prefix are kept; it expires, can be revoked and, for some kinds, is used up.
/// </summary>
public interface ISecretLink : IOrganizationOwned
{
    Guid Id { get; }

    /// <summary>The secret's first characters, for lists and the audit log.</summary>
    string Prefix { get; }

    /// <summary>The secret's SHA-256, lower-case hex: what the link is found by.</summary>
    string SecretHash { get; }

    DateTimeOffset ExpiresAt { get; }

    DateTimeOffset? RevokedAt { get; }

    /// <summary>When it was used up; always null for a link that is never used up.</summary>
    DateTimeOffset? UsedAt { get; }
}
