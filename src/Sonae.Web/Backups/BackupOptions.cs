namespace Sonae.Web.Backups;

/// <summary><c>Sonae:Backups</c>: how often the schedule looks whether the day's backup is due (0 stops it).</summary>
public sealed class BackupOptions
{
    public const string Section = "Sonae:Backups";

    public int CheckEverySeconds { get; set; } = 60;
}
