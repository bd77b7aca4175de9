using System.Security.Cryptography;
using Sonae.Core.Backups;
using Sonae.Data;

namespace Sonae.Web.Backups;

/// <summary>
/// The files of a backup folder: made private (folders 0700, files 0600, whatever the umask), copied whole, and
/// hashed as the manifest lists them (paths with <c>/</c>, relative to the folder).
/// </summary>
public static class BackupFiles
{
    /// <summary>
    /// Makes a folder, and each missing parent, readable by the service's user alone (set after making it: the mode
    /// given to mkdir passes through the umask). A folder that already exists is left as it is.
    /// </summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path))
            return;
        if (Path.GetDirectoryName(path) is { } parent)
            CreateFolder(parent);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, SqliteFiles.Folder);
    }

    /// <summary>An empty file only the service's user can read, for a copy or a tool to write into.</summary>
    public static void CreatePrivateFile(string path)
    {
        using var _ = new FileStream(path, OperatingSystem.IsWindows()
            ? new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }
            : new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = SqliteFiles.File });
    }

    /// <summary>Copies a file into a new private file, flushed to the disk.</summary>
    public static async Task Copy(string from, string to, CancellationToken cancellationToken)
    {
        CreateFolder(Path.GetDirectoryName(to)!);
        CreatePrivateFile(to);
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
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            files[relative] = new BackupFile(relative, sha, stream.Length);
        }
        return files;
    }

    /// <summary>The evidence locker's stored files (<c>ab/abcdef…</c>), without uploads in progress (<c>incoming/</c>).</summary>
    public static IEnumerable<string> EvidenceFiles(string root) =>
        !Directory.Exists(root) ? []
        : Directory.EnumerateDirectories(root)
            .Where(d => Path.GetFileName(d) is { Length: 2 } name && name.All(char.IsAsciiHexDigitLower))
            .SelectMany(d => Directory.EnumerateFiles(d))
            .Order(StringComparer.Ordinal);

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
