namespace Sonae.Data;

/// <summary>
/// Folders (0700) and files (0600) for the service's user alone, whatever the umask: the SQLite file, backups, the
/// standby's copy and the staging folders on the way to them.
/// </summary>
public static class PrivateFiles
{
    /// <summary>A folder only the service's user can read, write or enter (0700).</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>A file only the service's user can read or write (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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
            File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>An empty file only the service's user can read, for a copy or a tool to write into.</summary>
    /// <exception cref="IOException">The file exists already.</exception>
    public static void CreateFile(string path)
    {
        using var _ = new FileStream(path, OperatingSystem.IsWindows()
            ? new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write }
            : new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
    }
}
