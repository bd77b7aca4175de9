using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sonae.Core.Backups;

/// <summary>One file of a backup folder: its path inside the folder (with <c>/</c>), its SHA-256 and its size.</summary>
public sealed record BackupFile(string Path, string Sha256, long Size);

/// <summary>What the copied database holds, counted in the copy itself (so the counts and the copy always agree).</summary>
public sealed record BackupCounts(long Incidents, long Events, long EvidenceFiles);

/// <summary>An organization's checkpoint of its records, made (or found unchanged) just before the copy.</summary>
public sealed record BackupCheckpoint(Guid Organization, string OrganizationName, long Number, string Digest, string KeyFingerprint);

/// <summary>How a file of the backup differs from its manifest.</summary>
public enum BackupFindingKind
{
    /// <summary>The manifest names the file; the folder does not have it.</summary>
    Missing,

    /// <summary>The file is there, but its bytes no longer hash to the manifest's SHA-256 (or its size differs).</summary>
    Altered,

    /// <summary>The folder has a file the manifest does not name (added after the backup).</summary>
    Unlisted,
}

/// <summary>A file that does not match the manifest.</summary>
public sealed record BackupFinding(BackupFindingKind Kind, string Path);

/// <summary>
/// The <c>manifest.json</c> of a backup folder: every file with its SHA-256 and size, the counts in the copied
/// database, Sonae's version, when it was made, on which storage (<c>sqlite</c>: <c>sonae.db</c>; <c>postgres</c>:
/// <c>sonae.dump</c>, pg_dump's custom format), and each organization's checkpoint of the record at backup time.
/// </summary>
/// <remarks>The manifest does not list itself. Paths never leave the folder: one with <c>..</c> or rooted is refused when read.</remarks>
public sealed record BackupManifest(
    string Provider,
    string Database,
    string SonaeVersion,
    DateTimeOffset MadeAt,
    BackupCounts Counts,
    IReadOnlyList<BackupCheckpoint> Checkpoints,
    IReadOnlyList<BackupFile> Files)
{
    /// <summary>The name of the manifest's file in a backup folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The folder of a backup that holds the evidence locker's files, as the locker stores them.</summary>
    public const string EvidenceFolder = "evidence";

    /// <summary>The folder of a backup that holds each organization's checkpoint document.</summary>
    public const string CheckpointsFolder = "checkpoints";

    /// <summary>The format written in the manifest, so that a later Sonae can tell which it reads.</summary>
    public const string Format = "sonae-backup/1";

    /// <summary>The manifest as indented JSON, files in path order.</summary>
    public string Write()
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["provider"] = Provider,
            ["database"] = Database,
            ["sonaeVersion"] = SonaeVersion,
            ["madeAt"] = Incidents.Timestamps.Format(MadeAt),
            ["counts"] = new JsonObject { ["incidents"] = Counts.Incidents, ["events"] = Counts.Events, ["evidenceFiles"] = Counts.EvidenceFiles },
            ["checkpoints"] = new JsonArray([.. Checkpoints.Select(c => (JsonNode)new JsonObject
            {
                ["organization"] = c.Organization.ToString(),
                ["organizationName"] = c.OrganizationName,
                ["number"] = c.Number,
                ["digest"] = c.Digest,
                ["keyFingerprint"] = c.KeyFingerprint,
            })]),
            ["files"] = new JsonArray([.. Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Path, ["sha256"] = f.Sha256, ["size"] = f.Size,
            })]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Reads a manifest; a <see cref="FormatException"/> says what is wrong with it.</summary>
    public static BackupManifest Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != Format)
                throw new FormatException($"not a {Format} manifest");
            var counts = root.GetProperty("counts");
            var files = root.GetProperty("files").EnumerateArray()
                .Select(f => new BackupFile(SafePath(f.GetProperty("path").GetString()!), f.GetProperty("sha256").GetString()!, f.GetProperty("size").GetInt64()))
                .ToList();
            return new BackupManifest(
                root.GetProperty("provider").GetString()!,
                SafePath(root.GetProperty("database").GetString()!),
                root.GetProperty("sonaeVersion").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("madeAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                new BackupCounts(counts.GetProperty("incidents").GetInt64(), counts.GetProperty("events").GetInt64(), counts.GetProperty("evidenceFiles").GetInt64()),
                [.. root.GetProperty("checkpoints").EnumerateArray().Select(c => new BackupCheckpoint(
                    Guid.Parse(c.GetProperty("organization").GetString()!, CultureInfo.InvariantCulture), c.GetProperty("organizationName").GetString()!,
                    c.GetProperty("number").GetInt64(), c.GetProperty("digest").GetString()!, c.GetProperty("keyFingerprint").GetString()!))],
                files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>
    /// Compares the folder's files (path → SHA-256 and size, as hashed now) with the manifest: every difference, in
    /// path order; none when the folder is the backup as it was made.
    /// </summary>
    public IReadOnlyList<BackupFinding> Compare(IReadOnlyDictionary<string, BackupFile> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var findings = new List<BackupFinding>();
        foreach (var file in Files)
        {
            if (!present.TryGetValue(file.Path, out var found))
                findings.Add(new BackupFinding(BackupFindingKind.Missing, file.Path));
            else if (found.Size != file.Size || !string.Equals(found.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
                findings.Add(new BackupFinding(BackupFindingKind.Altered, file.Path));
        }
        var listed = Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        findings.AddRange(present.Keys.Where(p => !listed.Contains(p) && p != FileName).Select(p => new BackupFinding(BackupFindingKind.Unlisted, p)));
        return [.. findings.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    private static string SafePath(string path) =>
        path.Length == 0 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal)
            || path.Split('/').Any(part => part is "" or "." or "..")
            ? throw new FormatException($"a path outside the backup folder: {path}")
            : path;
}
