using System.Globalization;
using Sonae.Core.Backups;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>A backup folder read and checked against its manifest: the manifest, or why it cannot be trusted.</summary>
public sealed record CheckedBackup(BackupManifest? Manifest, IReadOnlyList<BackupFinding> Findings, string? Unreadable)
{
    public bool Holds => Manifest is not null && Unreadable is null && Findings.Count == 0;

    /// <summary>Reads the folder's manifest and hashes every file the folder holds.</summary>
    public static async Task<CheckedBackup> Read(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, BackupManifest.FileName);
        if (!File.Exists(path))
            return new CheckedBackup(null, [], string.Format(CultureInfo.CurrentCulture, CliTexts.BackupNoManifest, folder));
        BackupManifest manifest;
        try
        {
            manifest = BackupManifest.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (FormatException e)
        {
            return new CheckedBackup(null, [], string.Format(CultureInfo.CurrentCulture, CliTexts.BackupManifestUnreadable, path, e.Message));
        }
        return new CheckedBackup(manifest, manifest.Compare(await BackupFiles.Hash(folder, cancellationToken)), null);
    }
}
