using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Web.Hosting;

namespace Sonae.Web.Evidence;

/// <summary><c>Sonae:Evidence</c>: where the locker keeps files, and the largest file it takes.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Sonae:Evidence";

    /// <summary>The folder; by default <c>evidence</c> beside the SQLite file (or <c>data/evidence</c> on PostgreSQL).</summary>
    public string? Path { get; set; }

    /// <summary>The largest file, in bytes: 200 MB by default (logs and manifests; disk images stay on their own media).</summary>
    public long MaxBytes { get; set; } = 200L * 1024 * 1024;
}

/// <summary>A file as the locker took it: its SHA-256, computed while it arrived, and its size.</summary>
public sealed record LockedFile(string Sha256, long Size);

/// <summary>The file was larger than the locker takes; nothing of it was kept.</summary>
public sealed class EvidenceTooLargeException(long limit) : Exception($"The file is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// The evidence locker's files (2-14): stored by their SHA-256 (<c>ab/abcdef…</c>), outside the web root, written
/// to a temporary file while hashed and moved into place whole, never named after what a person typed. The same
/// file twice is stored once. The record names each file by hash; a file whose bytes no longer hash to its name is
/// never served. A file is on the disk (its bytes, and its name in its folder) before <see cref="Store"/> returns,
/// so before the event that names it commits. A temporary file is named for the process writing it
/// (<c>incoming/{machine}_{process identity}_{guid}</c>, see <see cref="ProcessIdentity"/>), so that
/// <see cref="RemovePartialUploads"/> at start finds those a crash cut short without touching another server's
/// uploads in progress.
/// </summary>
public sealed class EvidenceLocker(IOptions<EvidenceOptions> options, IOptions<StorageOptions> storage, Health.StorageHealth health)
{
    /// <summary>The locker's folder inside the data folder unless <c>Sonae:Evidence:Path</c> names another.</summary>
    public const string DefaultFolder = "evidence";

    public long MaxBytes => options.Value.MaxBytes;

    public string Root => System.IO.Path.GetFullPath(options.Value.Path is { Length: > 0 } path ? path : System.IO.Path.Combine(storage.Value.DataFolder, DefaultFolder));

    /// <summary>Takes a file from a stream, hashing as it goes; refuses it, keeping nothing, past <see cref="MaxBytes"/>.</summary>
    public async Task<LockedFile> Store(Stream content, CancellationToken cancellationToken)
    {
        var incoming = System.IO.Path.Combine(Root, "incoming");
        Directory.CreateDirectory(incoming);
        var temporary = System.IO.Path.Combine(incoming, $"{Environment.MachineName}_{ProcessIdentity.Current}_{Guid.NewGuid():N}");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                        throw new EvidenceTooLargeException(MaxBytes);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            var target = PathOf(sha);
            var folder = System.IO.Path.GetDirectoryName(target)!;
            var newFolder = !Directory.Exists(folder);
            Directory.CreateDirectory(folder);
            try
            {
                if (!File.Exists(target))
                    File.Move(temporary, target);
            }
            catch (IOException) when (File.Exists(target))
            {
                // The same file arrived twice at once: the other upload put it in place; it is the same bytes.
            }
            // The file's new name lives in its folder (and a new folder in the locker's root): both to the disk too.
            Durable.SyncFolder(folder);
            if (newFolder)
                Durable.SyncFolder(Root);
            health.Wrote(Health.StoragePlace.Files);
            return new LockedFile(sha, size);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>
    /// Removes what uploads cut short by a crash left in <c>incoming</c>: files of this machine whose process is no
    /// longer running, and any older than a day (another machine's that died). Returns how many it removed.
    /// </summary>
    public int RemovePartialUploads()
    {
        var incoming = System.IO.Path.Combine(Root, "incoming");
        if (!Directory.Exists(incoming))
            return 0;
        var removed = 0;
        var prefix = Environment.MachineName + "_";
        foreach (var file in Directory.EnumerateFiles(incoming))
        {
            var name = System.IO.Path.GetFileName(file);
            var parts = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].Split('_') : [];
            var deadOwner = parts.Length == 2 && !ProcessIdentity.IsRunning(parts[0]);
            if (!deadOwner && File.GetLastWriteTimeUtc(file) > DateTime.UtcNow.AddDays(-1))
                continue;
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Being written after all: left for the next start.
            }
        }
        return removed;
    }

    /// <summary>Whether the file is there and its bytes still hash to its name.</summary>
    public async Task<bool> Intact(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
            return false;
        await using var file = File.OpenRead(path);
        return string.Equals(await Sha256Of(file, cancellationToken), sha256, StringComparison.Ordinal);
    }

    /// <summary>The SHA-256 of a stream's bytes from where it stands, in lower-case hex: how the locker names a file.</summary>
    public static async Task<string> Sha256Of(Stream content, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));

    /// <summary>The stored files (<c>ab/abcdef…</c>) in order of their names, without uploads in progress (<c>incoming/</c>).</summary>
    public IEnumerable<string> StoredFiles()
    {
        var root = Root;
        return !Directory.Exists(root) ? []
            : Directory.EnumerateDirectories(root)
                .Where(d => System.IO.Path.GetFileName(d) is { Length: 2 } name && name.All(char.IsAsciiHexDigitLower))
                .SelectMany(d => Directory.EnumerateFiles(d))
                .Order(StringComparer.Ordinal);
    }

    public Stream Open(string sha256) => File.OpenRead(PathOf(sha256));

    /// <summary>Where a file of this hash lives; only a 64-digit lower-case hex name is ever turned into a path.</summary>
    public string PathOf(string sha256)
    {
        if (sha256 is not { Length: 64 } || !sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));
        return System.IO.Path.Combine(Root, sha256[..2], sha256);
    }
}
