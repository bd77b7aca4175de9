using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sonae.Core;
using Sonae.Core.Backups;
using Sonae.Data;
using Sonae.Web.Components;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>An incident open on the primary when the standby copy was made, and the last event the copy holds of it.</summary>
public sealed record StandbyIncident(int Number, long LastEvent, DateTimeOffset LastEventAt);

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
        BackupFiles.CreatePrivateFile(partial);
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

    /// <summary>The data folder of a SQLite installation: the database file's folder.</summary>
    public static string DataFolder(StorageOptions storage) => Path.GetDirectoryName(storage.SqliteFullPath)!;
}

/// <summary>
/// Whether this server runs on a standby copy (its data folder has <c>standby.json</c> at start). Every SQLite server
/// holds its data folder's standby lock (shared) for as long as it runs, a standby copy's and a primary's alike (one
/// promoted while a round was pulling), so that <c>sonae standby</c> never swaps a folder a server has open.
/// </summary>
public sealed class StandbyMode : IDisposable
{
    private static readonly string[] Languages = ["ja", "en"];

    private readonly FileStream? _lock;

    private StandbyMode(StandbyMarker? marker, FileStream? held)
    {
        Marker = marker;
        _lock = held;
    }

    /// <summary>The marker read at start, or null on a primary.</summary>
    public StandbyMarker? Marker { get; }

    public bool IsStandby => Marker is not null;

    /// <summary>Takes the configured data folder's standby lock (SQLite only) and reads its marker.</summary>
    /// <exception cref="Hosting.SonaeConfigurationException">The lock is held (a round swapping, a promote) or the marker is damaged.</exception>
    public static StandbyMode Open(StorageOptions storage)
    {
        if (storage.Provider != StorageProvider.Sqlite)
            return new StandbyMode(null, null);
        var folder = StandbyMarker.DataFolder(storage);
        // A folder not made yet (a first start) has nothing a round could swap: it holds no marker.
        if (!Directory.Exists(folder))
            return new StandbyMode(null, null);
        var held = StandbyMarker.TryLock(folder, shared: true)
            ?? throw new Hosting.SonaeConfigurationException(InBothLanguages(nameof(CliTexts.StandbyLockHeldAtStart), folder, StandbyMarker.LockFileName));
        try
        {
            return new StandbyMode(ReadMarker(folder), held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>The folder's marker, or null; a damaged one is a configuration error (exit 2, no restart loop of exceptions).</summary>
    /// <exception cref="Hosting.SonaeConfigurationException">The marker cannot be read.</exception>
    public static StandbyMarker? ReadMarker(string folder)
    {
        try
        {
            return StandbyMarker.Read(folder);
        }
        catch (InvalidDataException e)
        {
            throw new Hosting.SonaeConfigurationException(InBothLanguages(nameof(CliTexts.StandbyMarkerCorrupt), Path.Combine(folder, StandbyMarker.FileName), e.InnerException?.Message ?? e.Message));
        }
    }

    /// <summary>A CLI text in Japanese and English, for a server's start-up error that nobody's language chose.</summary>
    private static string InBothLanguages(string name, params object[] args) => string.Join(" / ",
        from culture in Languages
        select string.Format(CultureInfo.InvariantCulture, CliTexts.ResourceManager.GetString(name, CultureInfo.GetCultureInfo(culture))!, args));

    /// <summary>The banner's sentence: the copy's age in whole minutes and the time of the last sync (JST).</summary>
    public string Banner(DateTimeOffset now)
    {
        var marker = Marker ?? throw new InvalidOperationException("Not a standby copy.");
        var minutes = Math.Max(0, (long)Math.Floor((now - marker.LastSync).TotalMinutes));
        return string.Format(CultureInfo.CurrentCulture, UiTexts.StandbyBanner, minutes,
            marker.LastSync.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }

    public void Dispose() => _lock?.Dispose();
}

/// <summary>
/// On a standby copy every request that would change something is refused before it reaches its endpoint: the API
/// with 503 <c>standby-read-only</c>, a page's form by going back to its page with the sentence. Signing in and out
/// (and their audit entries, kept on this copy alone) and the live pages' connection still work.
/// </summary>
public static class StandbyReadOnly
{
    public const string Code = "standby-read-only";

    public static void UseStandbyReadOnly(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<StandbyMode>().IsStandby)
            return;
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || StillWorks(request.Path))
            {
                await next(context);
                return;
            }
            if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, Code, UiTexts.StandbyReadOnly).ExecuteAsync(context);
                return;
            }
            PageForms.SetFlash(context, false, UiTexts.StandbyReadOnly);
            context.Response.Redirect(Back(request));
        });
    }

    /// <summary>Signing in and out, and the live pages' connection (whose commands the workspace itself refuses).</summary>
    private static bool StillWorks(PathString path) =>
        path.StartsWithSegments("/signin", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/signout", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page the form was on (its path on this server), or the start page.</summary>
    private static string Back(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) && referer.PathAndQuery.StartsWith('/') && !referer.PathAndQuery.StartsWith("//", StringComparison.Ordinal)
            ? referer.PathAndQuery
            : "/";
}
