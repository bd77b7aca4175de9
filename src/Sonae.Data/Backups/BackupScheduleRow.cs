namespace Sonae.Data.Backups;

/// <summary>
/// The installation's scheduled backup (one row, <see cref="InstallationId"/>): where and when it runs, how many it
/// keeps, and how the last run went. The backup copies the whole installation, every organization in it, so the
/// setting is the installation's, not an organization's.
/// </summary>
public sealed class BackupScheduleRow
{
    /// <summary>The one row's key.</summary>
    public const int InstallationId = 1;

    public int Id { get; set; } = InstallationId;

    /// <summary>The folder each day's backup is made in (a subfolder per backup); null when none is set.</summary>
    public string? Folder { get; set; }

    /// <summary>The time of day it runs, in Japan time, as <c>HH:mm</c>.</summary>
    public required string TimeOfDay { get; set; }

    /// <summary>How many backups the folder keeps; older ones are removed after a backup that worked.</summary>
    public int Keep { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public required string ChangedBy { get; set; }

    /// <summary>When the last scheduled backup ran (worked or not); null before the first.</summary>
    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>When a scheduled backup last worked.</summary>
    public DateTimeOffset? LastSuccessAt { get; set; }

    public bool? LastOk { get; set; }

    /// <summary>The last backup's folder and size, or why it failed.</summary>
    public string? LastResult { get; set; }

    public long? LastBytes { get; set; }
}
