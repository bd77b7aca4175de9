using System.Globalization;
using Microsoft.Extensions.Options;
using Sonae.Core;
using Sonae.Core.Backups;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary><c>Sonae:Backups</c>: how often the schedule looks whether the day's backup is due (0 stops it).</summary>
public sealed class BackupOptions
{
    public const string Section = "Sonae:Backups";

    public int CheckEverySeconds { get; set; } = 60;
}

/// <summary>
/// One scheduled backup now: into a new subfolder of the configured folder (<c>sonae-YYYYMMDD-HHMMSS</c>, Japan
/// time), then the oldest backups beyond the count kept removed, and the result recorded for the settings and
/// readiness pages. A backup that failed leaves no folder behind and removes nothing.
/// </summary>
public sealed class RunScheduledBackup(BackupScheduleSettings settings, TakeBackup take, TimeProvider clock)
{
    public const string Prefix = "sonae-";

    /// <summary>Runs it when a folder is set; false when it failed (or none is set).</summary>
    public async Task<bool> Run(CancellationToken cancellationToken)
    {
        var view = await settings.Load(cancellationToken);
        if (string.IsNullOrEmpty(view.Folder))
            return false;
        var ranAt = clock.GetUtcNow();
        // The start is recorded first, so the next run is tomorrow's even if this one is cut short or another
        // server takes the lease while it runs: a day's backup is never taken twice.
        await settings.SaveStarted(ranAt, cancellationToken);
        var target = Path.Combine(view.Folder, Prefix + ranAt.ToJst().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        BackupOutcome outcome;
        try
        {
            BackupFiles.CreateFolder(view.Folder);
            outcome = await take.Run(target, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BackupFailedException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            outcome = BackupOutcome.Refused(e.Message);
        }
        finally
        {
            // Cancelled or failed in any way: no folder without a manifest is left behind.
            if (Directory.Exists(target) && !File.Exists(Path.Combine(target, BackupManifest.FileName)))
                BackupFiles.Undo(target, existedBefore: false);
        }
        if (outcome.Manifest is null)
        {
            await settings.SaveResult(ranAt, ok: false, outcome.Refusal!, null, cancellationToken);
            return false;
        }
        var removed = Prune(view.Folder, view.Keep, clock.GetUtcNow());
        await settings.SaveResult(ranAt, ok: true,
            string.Format(CultureInfo.CurrentCulture, UiTexts.BackupRunResult, target, outcome.Manifest.Counts.Incidents, outcome.Manifest.Counts.Events, removed),
            outcome.Bytes, cancellationToken);
        return true;
    }

    /// <summary>How long a backup folder without a manifest may be one still being written (by another server).</summary>
    public static readonly TimeSpan Unfinished = TimeSpan.FromDays(1);

    /// <summary>
    /// Removes the oldest complete backups (those with a manifest) beyond <paramref name="keep"/>, and the folders of
    /// backups cut short (no manifest, untouched for a day); how many complete ones it removed.
    /// </summary>
    private static int Prune(string folder, int keep, DateTimeOffset now)
    {
        var backups = new List<(string Path, DateTimeOffset MadeAt)>();
        foreach (var candidate in Directory.EnumerateDirectories(folder, Prefix + "*"))
        {
            var manifest = Path.Combine(candidate, BackupManifest.FileName);
            if (!File.Exists(manifest))
            {
                if (Directory.GetLastWriteTimeUtc(candidate) < now.UtcDateTime - Unfinished)
                    BackupFiles.Undo(candidate, existedBefore: false);
                continue;
            }
            try
            {
                backups.Add((candidate, BackupManifest.Parse(File.ReadAllText(manifest)).MadeAt));
            }
            catch (FormatException)
            {
                // Not one of ours (or damaged): left for the administrator.
            }
        }
        var remove = BackupSchedule.ToRemove(backups, b => b.MadeAt, keep);
        foreach (var backup in remove)
            Directory.Delete(backup.Path, recursive: true);
        return remove.Count;
    }
}

/// <summary>
/// Runs the scheduled backup once a day at its time (Japan time), checking every
/// <see cref="BackupOptions.CheckEverySeconds"/>; a day missed while the server was off runs at the next check.
/// </summary>
public sealed partial class BackupScheduleService(IServiceScopeFactory scopes, IOptions<BackupOptions> options, Cluster.ClusterLeases leases, TimeProvider clock, ILogger<BackupScheduleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.CheckEverySeconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.CheckEverySeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // With several servers on one database, one of them takes the installation's backup.
                if (!await leases.HoldsAsync(Cluster.ClusterLeases.Backups, stoppingToken))
                    continue;
                await using var scope = scopes.CreateAsyncScope();
                var view = await scope.ServiceProvider.GetRequiredService<BackupScheduleSettings>().Load(stoppingToken);
                if (view.NextRunAt is not { } next || next > clock.GetUtcNow())
                    continue;
                var ok = await scope.ServiceProvider.GetRequiredService<RunScheduledBackup>().Run(stoppingToken);
                LogRan(logger, ok);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // A failed check is logged; the next one tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled backup ran: ok={Ok}")]
    private static partial void LogRan(ILogger logger, bool ok);

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled backup could not be checked or run")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
