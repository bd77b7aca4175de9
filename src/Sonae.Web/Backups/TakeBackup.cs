using System.Data;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Sonae.Core.Backups;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Checkpoints;
using Sonae.Web.Evidence;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>
/// A backup made (its manifest and its size in bytes); or none, with the reason in the reader's language: refused
/// before anything was written, or <see cref="Failed"/> part way (a disk, the database or pg_dump: the error as it
/// came, which the settings page records as the scheduled backup's result), the folder put back.
/// </summary>
public sealed record BackupOutcome(BackupManifest? Manifest, long Bytes, string? Reason, bool Failed)
{
    public static BackupOutcome Refused(string reason) => new(null, 0, reason, false);

    public static BackupOutcome Failure(string reason) => new(null, 0, reason, true);
}

/// <summary>
/// <c>sonae backup --out DIR</c> and the scheduled backup: an online, consistent copy while the server runs. In order:
/// each organization's checkpoint of its records (made now unless nothing moved), kept in the database and written
/// beside the copy; the database (SQLite's backup API into <c>sonae.db</c>, or <c>pg_dump</c> in its custom format
/// into <c>sonae.dump</c> in the snapshot the counts are read in); then the evidence locker's files. The locker
/// stores a file before the event that names it commits and never removes one, so every file the copied database
/// names is in the locker when the copy is over, and so in the backup. Last, <c>manifest.json</c>, written whole: a
/// folder without one is a backup cut short.
/// </summary>
public sealed class TakeBackup(IOptions<StorageOptions> storage, EvidenceLocker locker, LoadOrganizations organizations, IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string SqliteFile = "sonae.db";
    public const string PostgresFile = "sonae.dump";

    /// <summary>
    /// Where a backup made only to be sent is staged, on the data disk rather than in a temporary folder: the data
    /// folder on SQLite; on PostgreSQL, which has no data folder of its own, the evidence locker's parent (the disk
    /// Sonae is given to write on, wherever <c>Sonae:Evidence:Path</c> puts it).
    /// </summary>
    public string StagingFolder => storage.Value.Provider == StorageProvider.Sqlite
        ? storage.Value.DataFolder
        : Path.GetDirectoryName(locker.Root)!;

    /// <summary>
    /// The backup into <paramref name="folder"/> (missing or empty). When it fails or is cancelled before its
    /// manifest is written, the folder is taken back to how it was (removed, or emptied if it existed), so that the
    /// same command can be run again.
    /// </summary>
    public async Task<BackupOutcome> Run(string folder, CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        try
        {
            return await Checked(folder, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or NpgsqlException)
        {
            // Checked's finally has already put the folder back.
            return BackupOutcome.Failure(e.Message);
        }
    }

    private async Task<BackupOutcome> Checked(string folder, CancellationToken cancellationToken)
    {
        if (!BackupFiles.IsEmpty(folder))
            return BackupOutcome.Refused(string.Format(System.Globalization.CultureInfo.CurrentCulture, CliTexts.BackupFolderNotEmpty, folder));
        string? pgDump = null;
        if (storage.Value.Provider == StorageProvider.Postgres && (pgDump = PostgresTools.Find("pg_dump")) is null)
            return BackupOutcome.Refused(CliTexts.BackupNeedsPgDump);
        var existed = Directory.Exists(folder);
        var done = false;
        try
        {
            var outcome = await Take(folder, pgDump, cancellationToken);
            done = outcome.Manifest is not null;
            return outcome;
        }
        finally
        {
            if (!done && !File.Exists(Path.Combine(folder, BackupManifest.FileName)))
                BackupFiles.Undo(folder, existed);
        }
    }

    private async Task<BackupOutcome> Take(string folder, string? pgDump, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateFolder(folder);
        var madeAt = clock.GetUtcNow();

        var checkpoints = new List<BackupCheckpoint>();
        PrivateFiles.CreateFolder(Path.Combine(folder, BackupManifest.CheckpointsFolder));
        foreach (var organization in await organizations.All(cancellationToken))
        {
            var made = await MakeCheckpoint.ForOrganization(scopes, organization.Id, onlyIfMoved: true, cancellationToken);
            var path = Path.Combine(folder, BackupManifest.CheckpointsFolder, MakeCheckpoint.FileName(made.Checkpoint.Checkpoint));
            PrivateFiles.CreateFile(path);
            await File.WriteAllTextAsync(path, made.Checkpoint.Document() + "\n", cancellationToken);
            checkpoints.Add(new BackupCheckpoint(organization.Id, organization.Name, made.Checkpoint.Checkpoint.Number, made.Digest, made.Checkpoint.KeyFingerprint()));
        }

        var (database, incidents, events, dumpFailed) = storage.Value.Provider == StorageProvider.Sqlite
            ? await CopySqlite(folder, cancellationToken)
            : await DumpPostgres(pgDump!, folder, cancellationToken);
        if (dumpFailed is not null)
            return BackupOutcome.Failure(dumpFailed);

        // After the database: every file its events name is already stored.
        long evidence = 0;
        var root = locker.Root;
        foreach (var file in locker.StoredFiles())
        {
            await BackupFiles.Copy(file, Path.Combine(folder, BackupManifest.EvidenceFolder, Path.GetRelativePath(root, file)), cancellationToken);
            evidence++;
        }

        var files = await BackupFiles.Hash(folder, cancellationToken);
        var manifest = new BackupManifest(Wire.Name(storage.Value.Provider), database, Version,
            madeAt, new BackupCounts(incidents, events, evidence), checkpoints, [.. files.Values]);
        var partial = Path.Combine(folder, BackupManifest.FileName + ".partial");
        PrivateFiles.CreateFile(partial);
        await File.WriteAllTextAsync(partial, manifest.Write() + "\n", cancellationToken);
        File.Move(partial, Path.Combine(folder, BackupManifest.FileName));
        return new BackupOutcome(manifest, files.Values.Sum(f => f.Size), null, false);
    }

    /// <summary>Sonae's version as built (the informational version: the release and its commit).</summary>
    public static string Version { get; } =
        typeof(TakeBackup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// SQLite's backup API, in one step: it reads one snapshot while the server goes on writing (write-ahead log), so
    /// the copy is the database at one instant. The copy is then switched out of WAL mode, so that it is one file
    /// (Sonae switches it back when it opens it), and counted.
    /// </summary>
    private async Task<(string File, long Incidents, long Events, string? Failed)> CopySqlite(string folder, CancellationToken cancellationToken)
    {
        var target = Path.Combine(folder, SqliteFile);
        PrivateFiles.CreateFile(target);
        await using var source = new SqliteConnection(StorageRegistration.SqliteConnectionString(storage.Value));
        await source.OpenAsync(cancellationToken);
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await copy.OpenAsync(cancellationToken);
        source.BackupDatabase(copy);
        await using (var single = copy.CreateCommand())
        {
            single.CommandText = "PRAGMA journal_mode=DELETE;";
            await single.ExecuteNonQueryAsync(cancellationToken);
        }
        return (SqliteFile, await Count(copy, "Incidents", null, cancellationToken), await Count(copy, "IncidentEvents", null, cancellationToken), null);
    }

    /// <summary>
    /// pg_dump in the snapshot of a transaction held open here (<c>pg_export_snapshot</c>): the dump and the counts
    /// read in that transaction are the same instant of the database. A pg_dump that fails gives its exit code and
    /// error as <c>Failed</c>.
    /// </summary>
    private async Task<(string File, long Incidents, long Events, string? Failed)> DumpPostgres(string pgDump, string folder, CancellationToken cancellationToken)
    {
        var target = Path.Combine(folder, PostgresFile);
        PrivateFiles.CreateFile(target);
        var connectionString = storage.Value.ConnectionString!;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction))
            snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        var incidents = await Count(connection, "Incidents", transaction, cancellationToken);
        var events = await Count(connection, "IncidentEvents", transaction, cancellationToken);
        var (exit, error) = await PostgresTools.Run(pgDump, connectionString, ["--format=custom", "--snapshot=" + snapshot, "--file=" + target], cancellationToken);
        if (exit != 0)
            return (PostgresFile, incidents, events, string.Format(System.Globalization.CultureInfo.CurrentCulture, CliTexts.BackupPgDumpFailed, exit, error));
        await transaction.CommitAsync(cancellationToken);
        return (PostgresFile, incidents, events, null);
    }

    private static async Task<long> Count(System.Data.Common.DbConnection connection, string table, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
