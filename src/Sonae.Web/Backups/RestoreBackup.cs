using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Sonae.Core.Backups;
using Sonae.Data;
using Sonae.Web.Evidence;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>
/// <c>sonae restore DIR</c>: the backup into the configured data location, which must be fresh. The folder is
/// checked against its manifest first; an existing database (a SQLite file, or a PostgreSQL database with Sonae's
/// tables) or a non-empty evidence folder is refused with nothing touched. The evidence files are copied first and the
/// database last, SQLite's file moved into place whole: a restore cut short leaves no database that looks complete,
/// and one that fails empties the evidence folder again so that it can be retried.
/// </summary>
public sealed class RestoreBackup(IOptions<StorageOptions> storage, EvidenceLocker locker)
{
    /// <summary>The manifest restored, or the refusal in the reader's language.</summary>
    public async Task<(BackupManifest? Restored, string? Refusal)> Run(string folder, CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        var backup = await CheckedBackup.Read(folder, cancellationToken);
        if (backup.Unreadable is { } unreadable)
            return (null, unreadable);
        if (backup.Findings.Count > 0)
            return (null, string.Format(CultureInfo.CurrentCulture, CliTexts.RestoreManifestBroken, string.Join(", ", backup.Findings.Select(f => f.Path))));
        var manifest = backup.Manifest!;
        var provider = storage.Value.Provider;
        if (!BackupFiles.MadeOn(manifest, provider))
            return (null, string.Format(CultureInfo.CurrentCulture, CliTexts.RestoreOtherProvider, manifest.Provider, Wire.Name(provider)));
        if (await Existing(cancellationToken) is { } existing)
            return (null, existing);
        var evidence = locker.Root;
        if (!BackupFiles.IsEmpty(evidence))
            return (null, string.Format(CultureInfo.CurrentCulture, CliTexts.RestoreEvidenceNotEmpty, evidence));
        string? pgRestore = null;
        if (provider == StorageProvider.Postgres && (pgRestore = PostgresTools.Find("pg_restore")) is null)
            return (null, CliTexts.RestoreNeedsPgRestore);

        // A restore that fails (a copy, pg_restore) takes the evidence folder back to empty and leaves no partial
        // database file, so that it can simply be run again.
        var evidenceExisted = Directory.Exists(evidence);
        var done = false;
        try
        {
            var copied = Path.Combine(folder, BackupManifest.EvidenceFolder);
            const string inEvidence = BackupManifest.EvidenceFolder + "/";
            foreach (var file in manifest.Files.Where(f => f.Path.StartsWith(inEvidence, StringComparison.Ordinal)))
                await BackupFiles.Copy(Path.Combine(copied, file.Path[inEvidence.Length..]), Path.Combine(evidence, file.Path[inEvidence.Length..]), cancellationToken);

            var database = Path.Combine(folder, manifest.Database);
            if (provider == StorageProvider.Sqlite)
            {
                var target = storage.Value.SqliteFullPath;
                var partial = target + ".restoring";
                PrivateFiles.CreateFolder(Path.GetDirectoryName(target)!);
                File.Delete(partial);
                try
                {
                    await BackupFiles.Copy(database, partial, cancellationToken);
                    File.Move(partial, target);
                }
                finally
                {
                    File.Delete(partial);
                }
            }
            else
            {
                var (exit, error) = await PostgresTools.Run(pgRestore!, storage.Value.ConnectionString!, ["--no-owner", "--exit-on-error", "--single-transaction", database], cancellationToken);
                if (exit != 0)
                    return (null, string.Format(CultureInfo.CurrentCulture, CliTexts.RestorePgRestoreFailed, exit, error));
            }
            done = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be made or written, a full disk: said as a refusal (never a stack trace), once the
            // evidence folder is taken back below.
            return (null, string.Format(CultureInfo.CurrentCulture, CliTexts.RestoreFailed, e.Message));
        }
        finally
        {
            if (!done)
                BackupFiles.Undo(evidence, evidenceExisted);
        }
        return (manifest, null);
    }

    /// <summary>Why the configured database cannot take a restore (it exists, or cannot be reached), or null when it is fresh.</summary>
    private async Task<string?> Existing(CancellationToken cancellationToken)
    {
        if (storage.Value.Provider == StorageProvider.Sqlite)
        {
            var path = storage.Value.SqliteFullPath;
            return File.Exists(path) || File.Exists(path + "-wal")
                ? string.Format(CultureInfo.CurrentCulture, CliTexts.RestoreDatabaseExists, path)
                : null;
        }
        try
        {
            await using var connection = new NpgsqlConnection(storage.Value.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'", connection);
            var tables = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return tables > 0 ? string.Format(CultureInfo.CurrentCulture, CliTexts.RestoreDatabaseExists, connection.Database) : null;
        }
        catch (NpgsqlException e)
        {
            return string.Format(CultureInfo.CurrentCulture, CliTexts.RestoreDatabaseUnreachable, e.Message);
        }
    }
}
