using System.CommandLine;
using Sonae.Core.Backups;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Web.Backups;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Cli;

/// <summary>
/// <c>sonae backup --out DIR</c> (an online, consistent copy with its manifest), <c>sonae backup verify DIR</c> (the
/// manifest's hashes and, for SQLite, every chain of the copy, without restoring it) and <c>sonae restore DIR</c>
/// (into a fresh data location, refusing to overwrite).
/// </summary>
public static partial class SonaeCommandLine
{
    private static IEnumerable<Command> BackupCommands()
    {
        var output = new Option<DirectoryInfo?>("--out") { Description = CliTexts.BackupOutOption };
        var backup = new Command("backup", CliTexts.BackupDescription) { output };
        backup.TreatUnmatchedTokensAsErrors = false;
        backup.SetAction(async (result, ct) =>
        {
            if (result.GetValue(output) is not { } folder)
            {
                await Console.Error.WriteLineAsync(CliTexts.BackupNeedsOut);
                return 2;
            }
            return await WithServices(result, services => Backup(services, folder.FullName, ct), createDatabase: false);
        });

        var checkedFolder = new Argument<DirectoryInfo>("folder") { Description = CliTexts.BackupFolderArgument };
        var verify = new Command("verify", CliTexts.BackupVerifyDescription) { checkedFolder };
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction((result, ct) => VerifyBackup(result, result.GetValue(checkedFolder)!.FullName, ct));
        backup.Subcommands.Add(verify);
        yield return backup;

        var restoredFolder = new Argument<DirectoryInfo>("folder") { Description = CliTexts.BackupFolderArgument };
        var restore = new Command("restore", CliTexts.RestoreDescription) { restoredFolder };
        restore.TreatUnmatchedTokensAsErrors = false;
        restore.SetAction((result, ct) => WithServices(result, services => Restore(services, result.GetValue(restoredFolder)!.FullName, ct), createDatabase: false, restoring: true));
        yield return restore;
    }

    private static async Task<int> Backup(IServiceProvider services, string folder, CancellationToken cancellationToken)
    {
        var outcome = await services.GetRequiredService<TakeBackup>().Run(folder, cancellationToken);
        if (outcome.Manifest is not { } manifest)
        {
            // A failure part way has already put the folder back: the same command can be run again.
            await Console.Error.WriteLineAsync(outcome.Failed ? Format(CliTexts.BackupFailed, folder, outcome.Reason) : outcome.Reason);
            return outcome.Failed ? 1 : 2;
        }
        await Console.Out.WriteLineAsync(Format(CliTexts.BackupMade, folder, manifest.Counts.Incidents, manifest.Counts.Events, manifest.Counts.EvidenceFiles,
            manifest.Files.Count, BackupFiles.Kilobytes(outcome.Bytes)));
        foreach (var checkpoint in manifest.Checkpoints)
            await Console.Out.WriteLineAsync(Format(CliTexts.BackupCheckpoint, checkpoint.OrganizationName, checkpoint.Number, checkpoint.Digest));
        return 0;
    }

    /// <summary>
    /// The manifest's hashes; then, for a SQLite backup, <c>verify</c> on a temporary copy of its database (opening the
    /// backup's own file would add SQLite's journal files to the folder) with the backup's evidence and checkpoints.
    /// </summary>
    private static async Task<int> VerifyBackup(ParseResult result, string folder, CancellationToken cancellationToken)
    {
        var backup = await CheckedBackup.Read(folder, cancellationToken);
        if (!await ReportBackup(backup))
            return 1;
        var manifest = backup.Manifest!;
        if (!BackupFiles.MadeOn(manifest, StorageProvider.Sqlite))
        {
            await Console.Out.WriteLineAsync(CliTexts.BackupVerifyPostgres);
            return 0;
        }
        var scratch = Directory.CreateTempSubdirectory("sonae-backup-verify-").FullName;
        try
        {
            var database = Path.Combine(scratch, TakeBackup.SqliteFile);
            await BackupFiles.Copy(Path.Combine(folder, manifest.Database), database, cancellationToken);
            var checkpoints = Directory.Exists(Path.Combine(folder, BackupManifest.CheckpointsFolder))
                ? Directory.GetFiles(Path.Combine(folder, BackupManifest.CheckpointsFolder)).Order(StringComparer.Ordinal).Select(f => new FileInfo(f)).ToArray()
                : [];
            return await WithServices(result, services => Verify(services, checkpoints, null, cancellationToken), createDatabase: false, onlyReads: true,
                overrides: ["--Sonae:Storage:Provider=Sqlite", $"--Sonae:Storage:SqlitePath={database}", $"--Sonae:Evidence:Path={Path.Combine(folder, BackupManifest.EvidenceFolder)}"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Says whether the folder holds its manifest, each file that does not; true when all do.</summary>
    private static async Task<bool> ReportBackup(CheckedBackup backup)
    {
        if (backup.Unreadable is { } unreadable)
        {
            await Console.Error.WriteLineAsync(unreadable);
            return false;
        }
        foreach (var finding in backup.Findings)
            await Console.Out.WriteLineAsync(Format(finding.Kind switch
            {
                BackupFindingKind.Missing => CliTexts.BackupFileMissing,
                BackupFindingKind.Altered => CliTexts.BackupFileAltered,
                BackupFindingKind.Unlisted => CliTexts.BackupFileUnlisted,
            }, finding.Path));
        var manifest = backup.Manifest!;
        await Console.Out.WriteLineAsync(backup.Holds
            ? Format(CliTexts.BackupManifestHolds, manifest.Files.Count, Timestamps.Format(manifest.MadeAt), manifest.SonaeVersion,
                manifest.Counts.Incidents, manifest.Counts.Events, manifest.Counts.EvidenceFiles)
            : Format(CliTexts.BackupManifestBroken, backup.Findings.Count));
        return backup.Holds;
    }

    private static async Task<int> Restore(IServiceProvider services, string folder, CancellationToken cancellationToken)
    {
        var (restored, refusal) = await services.GetRequiredService<RestoreBackup>().Run(folder, cancellationToken);
        if (restored is null)
        {
            await Console.Error.WriteLineAsync(refusal);
            return 1;
        }
        var storage = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        await Console.Out.WriteLineAsync(Format(CliTexts.RestoreDone, Timestamps.Format(restored.MadeAt),
            storage.Provider == StorageProvider.Sqlite ? storage.SqliteFullPath : new Npgsql.NpgsqlConnectionStringBuilder(storage.ConnectionString).Database,
            restored.Counts.Incidents, restored.Counts.Events, restored.Counts.EvidenceFiles));
        return 0;
    }
}
