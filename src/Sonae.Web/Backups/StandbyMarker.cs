using System.Text.Json;
using Sonae.Core.Backups;
using Sonae.Data;

namespace Sonae.Web.Backups;

/// <summary>
/// <c>standby.json</c> in a data folder: the folder is a standby copy pulled from <paramref name="Primary"/> (by
/// <c>sonae standby</c>), as it was at <paramref name="LastSync"/>. A server started on such a folder is read-only;
/// <c>sonae promote</c> removes the file and the folder is a primary again.
/// </summary>
/// <param name="MadeAt">When the primary made the backup this copy is (its manifest's time).</param>
/// <param name="Counts">The manifest's counts.</param>
/// <param name="OpenIncidents">The open incidents, each with the last event this copy holds.</param>
public sealed record StandbyMarker(string Primary, DateTimeOffset LastSync, DateTimeOffset MadeAt, BackupCounts Counts, IReadOnlyList<StandbyIncident> OpenIncidents)
{
    public const string FileName = "standby.json";

    /// <summary>
    /// Held (an exclusive lock on this file in the data folder) by a server running on a standby copy, and by
    /// <c>sonae standby</c> while it swaps the copy and <c>sonae promote</c> while it promotes it: neither changes a
    /// copy a server has open, and no server opens a copy while it changes.
    /// </summary>
    public const string LockFileName = "standby.lock";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The marker of a data folder, or null when it has none (a primary, or no folder).</summary>
    public static StandbyMarker? Read(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<StandbyMarker>(File.ReadAllText(path), Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Writes the marker into a folder, whole (a private file moved into place).</summary>
    public async Task Write(string dataFolder, CancellationToken cancellationToken)
    {
        var partial = Path.Combine(dataFolder, FileName + ".partial");
        File.Delete(partial);
        PrivateFiles.CreateFile(partial);
        await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(this, Json) + "\n", cancellationToken);
        File.Move(partial, Path.Combine(dataFolder, FileName), overwrite: true);
    }

    /// <summary>
    /// Takes the data folder's standby lock, or null when another process holds it. Exclusive for whoever changes the
    /// folder (a standby round's swap, promote); shared for whoever only has it open (a server, a verb that reads), so
    /// that those run side by side and the folder never changes under them.
    /// </summary>
    public static FileStream? TryLock(string dataFolder, bool shared = false)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock LOCK_EX) between .NET processes on Linux, any other
            // share a shared one (LOCK_SH); on Windows they are sharing locks that behave the same way.
            return new FileStream(Path.Combine(dataFolder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, shared ? FileShare.ReadWrite : FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
