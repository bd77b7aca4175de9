using System.Runtime.InteropServices;

namespace Sonae.Web.Hosting;

/// <summary>
/// What .NET does not offer: flushing a folder to the disk. After a file is renamed into a folder, the rename is only
/// durable once the folder itself is synced (POSIX); a power cut before that can lose the name, and so the file.
/// </summary>
internal static partial class Durable
{
    // Read-only is all fsync of a folder needs; O_DIRECTORY is left out, its value differs between architectures.
    private const int ReadOnly = 0;

    /// <summary>Syncs a folder's entries to the disk (Linux and macOS); elsewhere nothing is needed or possible.</summary>
    public static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        var descriptor = Open(folder, ReadOnly);
        if (descriptor < 0)
            throw new IOException($"Could not open {folder} to sync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(descriptor) != 0)
                throw new IOException($"Could not sync {folder} to the disk (errno {Marshal.GetLastPInvokeError()}).", Marshal.GetLastPInvokeError());
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
