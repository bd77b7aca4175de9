using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Backups;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Backups;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>The scheduled backup as the settings page and the API show it; times in JST on the page, ISO on the API.</summary>
/// <param name="TimeOfDay">When it runs each day, Japan time (<c>HH:mm</c>).</param>
/// <param name="State">What the readiness page says of it: recent, not-configured, failed, stale.</param>
public sealed record BackupScheduleView(
    string? Folder, string TimeOfDay, int Keep, DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt, bool? LastOk, string? LastResult, long? LastBytes, DateTimeOffset? LastSuccessAt, string State);

/// <summary>What a leader sets: the folder (empty turns the schedule off), the time of day in JST, how many to keep.</summary>
public sealed record BackupScheduleRequest(string? Folder, string? TimeOfDay, int? Keep);

/// <summary>
/// Reads and changes the installation's scheduled backup (<see cref="BackupScheduleRow"/>), and records each run's
/// result. One row for the whole installation: the backup copies every organization.
/// </summary>
public sealed class BackupScheduleSettings(SonaeDbContext db, TimeProvider clock)
{
    public const string DefaultTime = "02:00";
    public const int DefaultKeep = 7;
    public const int MaxKeep = 365;

    public async Task<BackupScheduleView> Load(CancellationToken cancellationToken)
    {
        var row = await Row(cancellationToken);
        var now = clock.GetUtcNow();
        var time = row?.TimeOfDay ?? DefaultTime;
        var configured = !string.IsNullOrEmpty(row?.Folder);
        var state = StateOf(row, now);
        return new BackupScheduleView(row?.Folder, time, row?.Keep ?? DefaultKeep,
            configured ? BackupSchedule.NextRun(TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture), row!.LastRunAt, now) : null,
            row?.LastRunAt, row?.LastOk, row?.LastResult, row?.LastBytes, row?.LastSuccessAt, Wire.Name(state));
    }

    /// <summary>The readiness finding for the scheduled backup, or null when the last one worked recently.</summary>
    public async Task<Core.Preparedness.ReadinessFinding?> Finding(CancellationToken cancellationToken)
    {
        var row = await Row(cancellationToken);
        var state = StateOf(row, clock.GetUtcNow());
        var detail = state == BackupState.Failed ? row?.LastResult : row?.LastSuccessAt is { } at ? at.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;
        return BackupSchedule.Finding(state, row?.Folder, detail);
    }

    /// <summary>The field at fault and why, or null when the request can be saved.</summary>
    public static (string Field, string Problem)? Check(BackupScheduleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrWhiteSpace(request.Folder) && !Path.IsPathFullyQualified(request.Folder.Trim()))
            return ("folder", UiTexts.BackupFolderNotAbsolute);
        if (request.TimeOfDay is not null && !TimeOnly.TryParseExact(request.TimeOfDay, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return ("timeOfDay", UiTexts.BackupTimeInvalid);
        if (request.Keep is < 1 or > MaxKeep)
            return ("keep", string.Format(CultureInfo.CurrentCulture, UiTexts.BackupKeepInvalid, MaxKeep));
        return null;
    }

    public async Task Save(BackupScheduleRequest request, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var row = await db.BackupSchedules.FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            db.BackupSchedules.Add(row = new BackupScheduleRow { TimeOfDay = DefaultTime, Keep = DefaultKeep, ChangedBy = by });
        row.Folder = string.IsNullOrWhiteSpace(request.Folder) ? null : request.Folder.Trim();
        row.TimeOfDay = request.TimeOfDay ?? row.TimeOfDay;
        row.Keep = request.Keep ?? row.Keep;
        row.ChangedAt = Timestamps.Normalize(clock.GetUtcNow());
        row.ChangedBy = by;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records that a run started (its result comes later): the next run is counted from it.</summary>
    public async Task SaveStarted(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var row = await db.BackupSchedules.FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return;
        row.LastRunAt = Timestamps.Normalize(startedAt);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records a run: when, whether it worked, the backup's folder and size or why it failed.</summary>
    public async Task SaveResult(DateTimeOffset ranAt, bool ok, string result, long? bytes, CancellationToken cancellationToken)
    {
        var row = await db.BackupSchedules.FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return;
        row.LastRunAt = Timestamps.Normalize(ranAt);
        row.LastOk = ok;
        row.LastResult = TextRules.Shorten(result, 4_000);
        row.LastBytes = bytes;
        if (ok)
            row.LastSuccessAt = row.LastRunAt;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static BackupState StateOf(BackupScheduleRow? row, DateTimeOffset now) =>
        BackupSchedule.State(!string.IsNullOrEmpty(row?.Folder), row?.LastSuccessAt, row?.LastOk == false, now);

    private Task<BackupScheduleRow?> Row(CancellationToken cancellationToken) => db.BackupSchedules.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
}
