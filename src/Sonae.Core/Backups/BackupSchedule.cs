namespace Sonae.Core.Backups;

/// <summary>
/// The scheduled backup's rules: when it runs next (once a day, at a time of day in Japan time), which old backups
/// it removes, and whether the last one is recent enough for the readiness page.
/// </summary>
public static class BackupSchedule
{
    /// <summary>A scheduled backup older than this is reported on the readiness page: a day, and two hours of grace.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromHours(26);

    /// <summary>
    /// The first run at <paramref name="timeOfDay"/> (JST) strictly after <paramref name="lastRun"/>, or, when it has
    /// never run, the first at or after <paramref name="now"/>. A run missed while the server was off is due at once
    /// (the result is then in the past): the day's backup is not skipped for a restart.
    /// </summary>
    public static DateTimeOffset NextRun(TimeOnly timeOfDay, DateTimeOffset? lastRun, DateTimeOffset now)
    {
        var from = (lastRun ?? now).ToJst();
        var candidate = new DateTimeOffset(from.Date.Add(timeOfDay.ToTimeSpan()), JapanTime.Offset);
        if (lastRun is null ? candidate < from : candidate <= from)
            candidate = candidate.AddDays(1);
        return candidate;
    }

    /// <summary>
    /// Which of the backups (by when each was made) to remove so that the newest <paramref name="keep"/> remain: the
    /// oldest first. Never the newest one, whatever <paramref name="keep"/> says.
    /// </summary>
    public static IReadOnlyList<T> ToRemove<T>(IEnumerable<T> backups, Func<T, DateTimeOffset> madeAt, int keep)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentNullException.ThrowIfNull(madeAt);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        return [.. backups.OrderByDescending(madeAt).Skip(Math.Max(1, keep)).OrderBy(madeAt)];
    }

    /// <summary>
    /// The readiness finding for Sonae's own scheduled backup into <paramref name="folder"/>, or null when the last one
    /// worked recently. <paramref name="detail"/> is why the last one failed, or when one last worked.
    /// </summary>
    public static Preparedness.ReadinessFinding? Finding(BackupState state, string? folder, string? detail) => state switch
    {
        BackupState.Recent => null,
        BackupState.NotConfigured => new(Preparedness.FindingKind.SonaeBackupNotConfigured, "", null),
        BackupState.Failed => new(Preparedness.FindingKind.SonaeBackupFailed, folder ?? "", detail),
        BackupState.Stale => new(Preparedness.FindingKind.SonaeBackupStale, folder ?? "", detail ?? "—"),
    };

    /// <summary>The readiness page's view of the scheduled backup: what, if anything, needs the administrator.</summary>
    public static BackupState State(bool configured, DateTimeOffset? lastSuccess, bool lastFailed, DateTimeOffset now) =>
        !configured ? BackupState.NotConfigured
        : lastFailed ? BackupState.Failed
        : lastSuccess is not { } at || now - at > Stale ? BackupState.Stale
        : BackupState.Recent;
}

/// <summary>The scheduled backup as the readiness page sees it.</summary>
public enum BackupState
{
    /// <summary>The last scheduled backup worked, less than <see cref="BackupSchedule.Stale"/> ago.</summary>
    Recent,

    /// <summary>No folder is set for the scheduled backup.</summary>
    NotConfigured,

    /// <summary>The last scheduled backup failed.</summary>
    Failed,

    /// <summary>No scheduled backup worked in the last <see cref="BackupSchedule.Stale"/>.</summary>
    Stale,
}
