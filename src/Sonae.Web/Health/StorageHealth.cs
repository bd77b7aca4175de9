using System.Data.Common;
using Microsoft.Extensions.Options;
using Sonae.Data;

namespace Sonae.Web.Health;

/// <summary>Where Sonae writes: the database, and the files of the evidence locker (which may be on another disk).</summary>
public enum StoragePlace
{
    Database,
    Files,
}

/// <summary>
/// Whether Sonae can write: writes refused for a full disk are counted here (instead of each logging its stack
/// trace), reported in one log line a minute, and shown by <c>/health</c> until a write to the same place succeeds
/// again; and how much room is left where Sonae keeps its files.
/// </summary>
public sealed partial class StorageHealth(TimeProvider clock, IOptions<StorageOptions> storage, ILogger<StorageHealth> logger)
{
    /// <summary>How often a full disk is logged while it lasts.</summary>
    public static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly DateTimeOffset?[] _fullSince = new DateTimeOffset?[2];

    // The same as "_fullSince is set", readable without the lock: every successful write asks it.
    private readonly bool[] _full = new bool[2];
    private DateTimeOffset _loggedAt = DateTimeOffset.MinValue;
    private int _refusedSinceLog;

    /// <summary>Since when writes to a place have been failing for lack of space; null while they work.</summary>
    public DateTimeOffset? FullSince(StoragePlace place)
    {
        lock (_lock)
            return _fullSince[(int)place];
    }

    /// <summary>A write failed because a disk is full: counted, and logged at most once a minute.</summary>
    public void Refused(Exception exception)
    {
        var place = PlaceOf(exception);
        var now = clock.GetUtcNow();
        int refused;
        lock (_lock)
        {
            _full[(int)place] = true;
            _fullSince[(int)place] ??= now;
            _refusedSinceLog++;
            if (now - _loggedAt < LogEvery)
                return;
            _loggedAt = now;
            refused = _refusedSinceLog;
            _refusedSinceLog = 0;
        }
        LogFull(logger, refused, place, FreeMegabytes(DataFolder) ?? -1, DataFolder, exception.GetType().Name, exception.Message);
    }

    /// <summary>A write to a place went through: its disk has room again (said once in the log).</summary>
    public void Wrote(StoragePlace place)
    {
        if (!Volatile.Read(ref _full[(int)place]))
            return;
        DateTimeOffset since;
        lock (_lock)
        {
            if (_fullSince[(int)place] is not { } full)
                return;
            since = full;
            _full[(int)place] = false;
            _fullSince[(int)place] = null;
            _loggedAt = DateTimeOffset.MinValue;
        }
        LogRecovered(logger, place, since);
    }

    /// <summary>The folder of the SQLite file (PostgreSQL keeps its own disk; the evidence locker is checked apart).</summary>
    private string DataFolder => storage.Value.DataFolder;

    public long MinFreeMegabytes => storage.Value.MinFreeMegabytes;

    /// <summary>
    /// Free space where Sonae writes, in megabytes: the smaller of the SQLite file's folder (on SQLite) and the
    /// evidence locker's; null when none can be read.
    /// </summary>
    public long? LeastFreeMegabytes(string evidenceRoot)
    {
        string[] folders = storage.Value.Provider == StorageProvider.Sqlite ? [DataFolder, evidenceRoot] : [evidenceRoot];
        return folders.Select(FreeMegabytes).Where(f => f is not null).Min();
    }

    /// <summary>Free space of the file system a folder is on, in megabytes; null when it cannot be read.</summary>
    public static long? FreeMegabytes(string folder)
    {
        try
        {
            var existing = folder;
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
                existing = parent;
            return new DriveInfo(existing).AvailableFreeSpace / (1024 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A refusal from the database driver is the database's disk; anything else is a file's.</summary>
    private static StoragePlace PlaceOf(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException)
                return StoragePlace.Database;
        }
        return StoragePlace.Files;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The disk is full: {Refused} writes were refused since the last report and nothing of them was saved ({Place}; {FreeMegabytes} MB free in {Folder}; {Error}: {Message}). Free some space; Sonae goes on by itself.")]
    private static partial void LogFull(ILogger logger, int refused, StoragePlace place, long freeMegabytes, string folder, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writes to the {Place} work again (its disk had been full since {Since:u}).")]
    private static partial void LogRecovered(ILogger logger, StoragePlace place, DateTimeOffset since);
}
