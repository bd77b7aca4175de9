using System.Globalization;
using Sonae.Core;
using Sonae.Core.Backups;
using Sonae.Data;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>
/// One scheduled backup now: into a new subfolder of the configured folder (<c>sonae-YYYYMMDD-HHMMSS</c>, Japan
/// time), then the oldest backups beyond the count kept removed, and the result recorded for the settings and
/// readiness pages. A backup that failed leaves no folder behind and removes nothing.
/// </summary>
public sealed class RunScheduledBackup(BackupScheduleSettings settings, TakeBackup take, TimeProvider clock)
{
    public const string Prefix = "sonae-";

    /// <summary>A backup's folder (or download's) name for when it was made: <c>sonae-YYYYMMDD-HHMMSS</c>, Japan time.</summary>
    public static string FolderName(DateTimeOffset madeAt) => Prefix + madeAt.ToJst().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>Runs it when a folder is set: whether it worked, and the result as recorded (or that none is set).</summary>
    public async Task<(bool Ok, string Result)> Run(CancellationToken cancellationToken)
    {
        var view = await settings.Load(cancellationToken);
        if (string.IsNullOrEmpty(view.Folder))
            return (false, UiTexts.BackupOff);
        var ranAt = clock.GetUtcNow();
        // The start is recorded first, so the next run is tomorrow's even if this one is cut short or another
        // server takes the lease while it runs: a day's backup is never taken twice.
        await settings.SaveStarted(ranAt, cancellationToken);
        var target = Path.Combine(view.Folder, FolderName(ranAt));
        BackupOutcome outcome;
        try
        {
            PrivateFiles.CreateFolder(view.Folder);
            outcome = await take.Run(target, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The configured folder itself could not be made.
            outcome = BackupOutcome.Failure(e.Message);
        }
        finally
        {
            // Cancelled or failed in any way: no folder without a manifest is left behind.
            if (Directory.Exists(target) && !File.Exists(Path.Combine(target, BackupManifest.FileName)))
                BackupFiles.Undo(target, existedBefore: false);
        }
        if (outcome.Manifest is null)
        {
            await settings.SaveResult(ranAt, ok: false, outcome.Reason!, null, cancellationToken);
            return (false, outcome.Reason!);
        }
        var removed = Prune(view.Folder, view.Keep, clock.GetUtcNow());
        var result = string.Format(CultureInfo.CurrentCulture, UiTexts.BackupRunResult, target, outcome.Manifest.Counts.Incidents, outcome.Manifest.Counts.Events, removed);
        await settings.SaveResult(ranAt, ok: true, result, outcome.Bytes, cancellationToken);
        return (true, result);
    }

    /// <summary>How long a backup folder without a manifest may be one still being written (by another server).</summary>
    private static readonly TimeSpan Unfinished = TimeSpan.FromDays(1);

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
