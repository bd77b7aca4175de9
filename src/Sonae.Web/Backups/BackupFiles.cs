using Sonae.Core.Backups;
using Sonae.Data;
using Sonae.Web.Localization;

namespace Sonae.Web.Backups;

/// <summary>
/// The files of a backup folder: made private (folders 0700, files 0600, whatever the umask), copied whole, and
/// hashed as the manifest lists them (paths with <c>/</c>, relative to the folder).
/// </summary>
public static class BackupFiles
{
    /// <summary>Whether the backup was taken from <paramref name="provider"/>'s database (a name it does not know is not).</summary>
    public static bool MadeOn(BackupManifest manifest, StorageProvider provider) =>
        Wire.TryParse<StorageProvider>(manifest.Provider, out var made) && made == provider;

    /// <summary>A backup's size as shown to people: whole kilobytes, rounded up.</summary>
    public static long Kilobytes(long bytes) => (bytes + 1023) / 1024;

    /// <summary>Copies a file into a new private file, flushed to the disk.</summary>
    public static async Task Copy(string from, string to, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateFolder(Path.GetDirectoryName(to)!);
        PrivateFiles.CreateFile(to);
        await using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var target = new FileStream(to, FileMode.Truncate, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await source.CopyToAsync(target, cancellationToken);
        target.Flush(flushToDisk: true);
    }

    /// <summary>Every file under <paramref name="folder"/> but the manifest, hashed now, by its path in the manifest's form.</summary>
    public static async Task<Dictionary<string, BackupFile>> Hash(string folder, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, BackupFile>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == BackupManifest.FileName)
                continue;
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var sha = await Evidence.EvidenceLocker.Sha256Of(stream, cancellationToken);
            files[relative] = new BackupFile(relative, sha, stream.Length);
        }
        return files;
    }

    /// <summary>
    /// Takes a folder a failed step filled back to how it was: removed when the step made it, emptied when it was
    /// there (and empty) before. Anything that cannot be removed is left (the step's own error is the one to report).
    /// </summary>
    public static void Undo(string folder, bool existedBefore)
    {
        try
        {
            if (!Directory.Exists(folder))
                return;
            if (!existedBefore)
            {
                Directory.Delete(folder, recursive: true);
                return;
            }
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder).ToList())
            {
                if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the administrator: the failure that led here is what is reported.
        }
    }

    /// <summary>Whether a folder is missing or holds nothing at all.</summary>
    public static bool IsEmpty(string folder) => !Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any();
}
