using System.Globalization;
using Sonae.Core;
using Sonae.Data;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>
/// Whether this server runs on a standby copy (its data folder has <c>standby.json</c> at start). Every SQLite server
/// holds its data folder's standby lock (shared) for as long as it runs, a standby copy's and a primary's alike (one
/// promoted while a round was pulling), so that <c>sonae standby</c> never swaps a folder a server has open.
/// </summary>
public sealed class StandbyMode : IDisposable
{
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
        var folder = storage.DataFolder;
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
    private static string InBothLanguages(string name, params object[] args)
    {
        var text = Bilingual.Format(CliTexts.ResourceManager, name, args);
        return text.Ja + " / " + text.En;
    }

    /// <summary>
    /// The banner's sentence, in the viewer's language: the copy's age (whole minutes under an hour, whole hours under
    /// a day, then whole days; "1 minute", never "1 minutes") and the time of the last sync (JST).
    /// </summary>
    public string Banner(DateTimeOffset now) =>
        Banner(Marker?.LastSync ?? throw new InvalidOperationException("Not a standby copy."), now);

    /// <summary>The banner of a copy last synchronized at <paramref name="lastSync"/>, as read at <paramref name="now"/>.</summary>
    internal static string Banner(DateTimeOffset lastSync, DateTimeOffset now)
    {
        var minutes = Math.Max(0, (long)Math.Floor((now - lastSync).TotalMinutes));
        var age = minutes switch
        {
            < 60 => Age(minutes, UiTexts.StandbyAgeMinute, UiTexts.StandbyAgeMinutes),
            < 24 * 60 => Age(minutes / 60, UiTexts.StandbyAgeHour, UiTexts.StandbyAgeHours),
            _ => Age(minutes / (24 * 60), UiTexts.StandbyAgeDay, UiTexts.StandbyAgeDays),
        };
        return string.Format(CultureInfo.CurrentCulture, UiTexts.StandbyBanner, age,
            lastSync.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }

    private static string Age(long count, string one, string many) => string.Format(CultureInfo.CurrentCulture, count == 1 ? one : many, count);

    public void Dispose() => _lock?.Dispose();
}
