namespace Sonae.Data.Checkpoints;

/// <summary>
/// A signed checkpoint as made (its document, one line of canonical JSON), numbered per organization. Append-only:
/// the database refuses to change or delete one. Copies kept outside Sonae are what make it an anchor; this row is for
/// the pages, the binder and the incident summary, which show the latest.
/// </summary>
public sealed class CheckpointRow : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public long Number { get; set; }

    public DateTimeOffset MadeAt { get; set; }

    /// <summary>The signed document, exactly as written to a file (its SHA-256 is the digest the binder prints).</summary>
    public required string Document { get; set; }
}

/// <summary>
/// The installation's key for signing checkpoints (ECDSA P-256), made on first use. The first row is the key in use;
/// its public half travels in every checkpoint, and its fingerprint is printed in the binder.
/// </summary>
public sealed class SigningKeyRow
{
    public Guid Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>SubjectPublicKeyInfo, base64.</summary>
    public required string PublicKey { get; set; }

    /// <summary>PKCS#8, base64. Whoever reads the database can sign with it (see docs/security.md).</summary>
    public required string PrivateKey { get; set; }
}
