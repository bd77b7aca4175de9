using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sonae.Core.Incidents;

namespace Sonae.Core.Checkpoints;

/// <summary>Where one incident's record ended when a checkpoint was made: its last event and that event's hash.</summary>
public sealed record CheckpointIncident(int Number, Guid Id, long LastSeq, string HeadHash);

/// <summary>
/// An outside anchor for one organization's records, as Certificate Transparency's signed tree heads are for a log:
/// every incident's number, last event and head hash, and the end of the audit chain, at a moment. A later database
/// must extend every chain it names (<see cref="CheckpointComparison"/>); a copy kept outside Sonae (a file on another
/// machine, the digest printed in the binder) shows what no one can now rewrite without it showing.
/// </summary>
/// <param name="Number">The organization's checkpoints are numbered 1, 2, 3….</param>
/// <param name="AuditSeq">The audit chain's last entry (0 when it has none).</param>
/// <param name="AuditHash">That entry's hash (64 zeros when there is none).</param>
/// <param name="Organization">The organization.</param>
/// <param name="OrganizationName">Its name when the checkpoint was made, for people.</param>
/// <param name="MadeAt">When it was made.</param>
/// <param name="Incidents">Every incident, with where its record ended.</param>
public sealed record Checkpoint(
    Guid Organization,
    string OrganizationName,
    long Number,
    DateTimeOffset MadeAt,
    IReadOnlyList<CheckpointIncident> Incidents,
    long AuditSeq,
    string AuditHash)
{
    /// <summary>The format's name and version, written in every checkpoint.</summary>
    public const string Format = "sonae-checkpoint/1";

    /// <summary>The text the signature covers: canonical JSON (docs/record-format.md), incidents by number.</summary>
    public string Canonical() => CanonicalJson.Write(ToJson());

    /// <summary>Whether the records it names are where this one found them (the time and number aside).</summary>
    public bool SameHeads(Checkpoint other) =>
        AuditSeq == other.AuditSeq && string.Equals(AuditHash, other.AuditHash, StringComparison.Ordinal)
        && Incidents.Count == other.Incidents.Count
        && Incidents.OrderBy(i => i.Id).Zip(other.Incidents.OrderBy(i => i.Id)).All(p => p.First == p.Second);

    internal JsonObject ToJson() => new()
    {
        ["format"] = Format,
        ["organization"] = Organization.ToString("D"),
        ["organizationName"] = OrganizationName,
        ["number"] = Number,
        ["madeAt"] = Timestamps.Format(MadeAt),
        ["incidents"] = new JsonArray([.. Incidents.OrderBy(i => i.Number).Select(i => (JsonNode)new JsonObject
        {
            ["number"] = i.Number,
            ["id"] = i.Id.ToString("D"),
            ["lastSeq"] = i.LastSeq,
            ["headHash"] = i.HeadHash,
        })]),
        ["audit"] = new JsonObject { ["lastSeq"] = AuditSeq, ["hash"] = AuditHash },
    };

    internal static Checkpoint FromJson(JsonElement json)
    {
        if (json.GetProperty("format").GetString() != Format)
            throw new FormatException($"Not a {Format} document.");
        var audit = json.GetProperty("audit");
        return new Checkpoint(
            Guid.Parse(json.GetProperty("organization").GetString()!),
            json.GetProperty("organizationName").GetString()!,
            json.GetProperty("number").GetInt64(),
            DateTimeOffset.Parse(json.GetProperty("madeAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            [.. json.GetProperty("incidents").EnumerateArray().Select(i => new CheckpointIncident(
                i.GetProperty("number").GetInt32(), Guid.Parse(i.GetProperty("id").GetString()!), i.GetProperty("lastSeq").GetInt64(), i.GetProperty("headHash").GetString()!))],
            audit.GetProperty("lastSeq").GetInt64(),
            audit.GetProperty("hash").GetString()!);
    }
}

/// <summary>
/// A checkpoint with its signature: ECDSA P-256 over SHA-256 of the checkpoint's canonical text, by the key of the
/// Sonae installation that made it, whose public half travels with it. The document is one line of canonical JSON;
/// its SHA-256 (<see cref="Digest"/>) is short enough to print, and names it exactly.
/// </summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string PublicKey, string Signature)
{
    /// <summary>Signs a checkpoint with the installation's key.</summary>
    public static SignedCheckpoint Sign(Checkpoint checkpoint, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.SignData(Encoding.UTF8.GetBytes(checkpoint.Canonical()), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SignedCheckpoint(checkpoint, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(signature));
    }

    /// <summary>Reads a document written by <see cref="Document"/>; a <see cref="FormatException"/> says what is wrong with it.</summary>
    public static SignedCheckpoint Parse(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            return new SignedCheckpoint(Checkpoint.FromJson(root.GetProperty("checkpoint")), root.GetProperty("publicKey").GetString()!, root.GetProperty("signature").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentNullException or FormatException)
        {
            throw new FormatException($"Not a Sonae checkpoint: {e.Message}", e);
        }
    }

    /// <summary>The document as written to a file and kept in the database: canonical JSON, one line.</summary>
    public string Document() => CanonicalJson.Write(new JsonObject
    {
        ["checkpoint"] = Checkpoint.ToJson(),
        ["publicKey"] = PublicKey,
        ["signature"] = Signature,
    });

    /// <summary>The SHA-256 of <see cref="Document"/>, in lower-case hex: what the binder prints.</summary>
    public string Digest() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Document())));

    /// <summary>The SHA-256 of the public key (SubjectPublicKeyInfo), in lower-case hex, to compare with the one on paper.</summary>
    public string KeyFingerprint() => Fingerprint(PublicKey);

    /// <summary>The SHA-256 of a public key given in base64 (SubjectPublicKeyInfo), in lower-case hex.</summary>
    public static string Fingerprint(string publicKey) => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(publicKey)));

    /// <summary>Whether the signature is the public key's (a P-256 key, as Sonae makes) over the checkpoint as it reads now.</summary>
    public bool SignatureHolds()
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey), out _);
            if (key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                return false;
            return key.VerifyData(Encoding.UTF8.GetBytes(Checkpoint.Canonical()), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
