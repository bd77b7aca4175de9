using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Sonae.Core.Backups;
using Sonae.Data;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Backups;

/// <summary>
/// <c>sonae backup</c>, <c>sonae backup verify</c> and <c>sonae restore</c> run as the operator runs them, beside a
/// server that goes on appending: the backup is one instant of the database with every evidence file it names, its
/// manifest's counts are the restored copy's, <c>sonae verify</c> passes on the copy; an existing database, a
/// non-empty folder and an altered file are refused with nothing touched.
/// </summary>
public abstract class BackupCommandTests(SonaeFactory factory) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sonae-backup-test-").FullName;

    /// <summary>Settings of a fresh data location (a new SQLite folder, or a new PostgreSQL database with its own evidence folder).</summary>
    protected abstract Task<IReadOnlyList<string>> FreshLocation(string folder);

    /// <summary>
    /// A fresh location whose evidence folder (<paramref name="folder"/>/evidence) takes files but whose database
    /// cannot be made, and how the operator then fixes it (the settings to run the restore again with).
    /// </summary>
    protected abstract Task<(IReadOnlyList<string> Failing, Func<Task<IReadOnlyList<string>>> Fix)> LocationWhoseDatabaseFails(string folder);

    [Fact]
    public async Task Restore_ThatFailsAtTheDatabase_SaysWhy_TakesTheEvidenceFolderBack_AndRunsAgainOnceFixed()
    {
        var hospital = await factory.AddHospital("復元失敗 " + Guid.NewGuid().ToString("N")[..6]);
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "復元をやり直す" })).Json(HttpStatusCode.Created);
        await Upload(hospital.Officer, opened.GetProperty("incidentId").GetString()!, "戻される証拠");
        var backup = Path.Combine(_folder, "backup");
        var made = await CommandLine.Sonae(factory, "backup", "--out", backup);
        Assert.True(made.Exit == 0, made.Out + made.Error);

        var target = Path.Combine(_folder, "restored");
        var (failing, fix) = await LocationWhoseDatabaseFails(target);
        var refused = await Sonae(failing, "restore", backup);

        Assert.Equal(1, refused.Exit);
        Assert.Contains("証拠フォルダは空に戻し", refused.Error, StringComparison.Ordinal);
        Assert.Contains("もう一度実行してください", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error, StringComparison.Ordinal);
        var evidence = Path.Combine(target, "evidence");
        Assert.True(!Directory.Exists(evidence) || Directory.GetFileSystemEntries(evidence).Length == 0, "evidence files left behind");

        var fixedLocation = await fix();
        var restored = await Sonae(fixedLocation, "restore", backup);
        Assert.True(restored.Exit == 0, restored.Out + restored.Error);
        var verify = await Sonae(fixedLocation, "verify");
        Assert.True(verify.Exit == 0, verify.Out + verify.Error);
        Assert.Single(Directory.GetFiles(evidence, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Backup_UnderAppendLoad_RestoresOnAFreshFolder_ThatVerifiesWithEqualCounts()
    {
        var hospital = await factory.AddHospital("バックアップ病院 " + Guid.NewGuid().ToString("N")[..6]);
        var incidents = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = $"バックアップ {i}" })).Json(HttpStatusCode.Created);
            incidents.Add(opened.GetProperty("incidentId").GetString()!);
            await Upload(hospital.Officer, incidents[^1], $"初めの証拠 {i}");
        }
        var before = await Events();

        // Appends (notes and evidence files) from four clients for as long as the backup runs.
        using var stop = new CancellationTokenSource();
        var appended = 0;
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var incident = incidents[(worker + n) % incidents.Count];
                if (n % 3 == 0)
                    await Upload(hospital.Officer, incident, $"負荷中の証拠 {worker}-{n}");
                else
                    await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = $"負荷 {worker}-{n}" })).Json(HttpStatusCode.OK);
                Interlocked.Increment(ref appended);
            }
        })).ToList();
        while (Volatile.Read(ref appended) < 20)
            await Task.Delay(20);
        var backup = Path.Combine(_folder, "backup");
        var made = await CommandLine.Sonae(factory, "backup", "--out", backup);
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(made.Exit == 0, made.Out + made.Error);
        Assert.Contains("バックアップを", made.Out, StringComparison.Ordinal);

        var manifest = BackupManifest.Parse(await File.ReadAllTextAsync(Path.Combine(backup, BackupManifest.FileName)));
        var after = await Events();
        Assert.InRange(manifest.Counts.Events, before + 1, after);
        Assert.Equal(3, manifest.Counts.Incidents);
        Assert.True(manifest.Counts.EvidenceFiles >= 3);
        Assert.Single(manifest.Checkpoints);
        Assert.Contains(manifest.Files, f => f.Path == manifest.Database);
        AssertPrivate(backup);

        var verified = await CommandLine.Sonae(factory, "backup", "verify", backup);
        Assert.True(verified.Exit == 0, verified.Out + verified.Error);
        Assert.Contains("マニフェストどおりです", verified.Out, StringComparison.Ordinal);
        if (factory.Provider == StorageProvider.Sqlite)
            Assert.Contains($"{manifest.Counts.Incidents} 件のインシデント、{manifest.Counts.Events} 件のイベントを検証しました", verified.Out, StringComparison.Ordinal);

        var fresh = await FreshLocation(Path.Combine(_folder, "restored"));
        var restored = await Sonae(fresh, "restore", backup);
        Assert.True(restored.Exit == 0, restored.Out + restored.Error);
        var verify = await Sonae(fresh, "verify");
        Assert.True(verify.Exit == 0, verify.Out + verify.Error);
        Assert.Contains($"{manifest.Counts.Incidents} 件のインシデント、{manifest.Counts.Events} 件のイベントを検証しました", verify.Out, StringComparison.Ordinal);
        // Every evidence file the restored record names is there and intact (verify checks each against the record).
        Assert.DoesNotContain("証拠", verify.Out, StringComparison.Ordinal);
        var checkpoint = Directory.GetFiles(Path.Combine(backup, "checkpoints")).Single();
        var againstCheckpoint = await Sonae(fresh, "verify", "--checkpoint", checkpoint);
        Assert.True(againstCheckpoint.Exit == 0, againstCheckpoint.Out + againstCheckpoint.Error);
    }

    [Fact]
    public async Task Restore_OverAnExistingDatabase_IsRefused_AndTouchesNothing()
    {
        var hospital = await factory.AddHospital("上書き拒否 " + Guid.NewGuid().ToString("N")[..6]);
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "残すべき記録" })).Json(HttpStatusCode.Created);
        var backup = Path.Combine(_folder, "backup");
        var made = await CommandLine.Sonae(factory, "backup", "--out", backup);
        Assert.True(made.Exit == 0, made.Out + made.Error);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{opened.GetProperty("incidentId").GetString()}/notes", new { text = "バックアップの後" })).Json(HttpStatusCode.OK);
        var events = await Events();

        var refused = await CommandLine.Sonae(factory, "restore", backup);

        Assert.Equal(1, refused.Exit);
        Assert.Contains("すでにあります。上書きはしません", refused.Error, StringComparison.Ordinal);
        Assert.Equal(events, await Events());
    }

    [Fact]
    public async Task Backup_IntoANonEmptyFolder_IsRefused()
    {
        await factory.AddHospital("空でない " + Guid.NewGuid().ToString("N")[..6]);
        var backup = Path.Combine(_folder, "used");
        Directory.CreateDirectory(backup);
        await File.WriteAllTextAsync(Path.Combine(backup, "keep.txt"), "前のもの");

        var refused = await CommandLine.Sonae(factory, "backup", "--out", backup);

        Assert.Equal(2, refused.Exit);
        Assert.Contains("空ではありません", refused.Error, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(backup).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Backup_ThatFailsPartWay_SaysWhy_AndLeavesTheFolderAsItWas_SoItCanBeRunAgain()
    {
        await factory.AddHospital("途中で失敗 " + Guid.NewGuid().ToString("N")[..6]);
        var evidence = factory is PostgresFactory postgres ? postgres.EvidencePath
            : Path.Combine(Path.GetDirectoryName(((SqliteFactory)factory).DatabasePath)!, "evidence");
        // A stored file that cannot be read (a link to nothing): the locker's copy fails after the database's.
        var shard = Path.Combine(evidence, "ab");
        Directory.CreateDirectory(shard);
        File.CreateSymbolicLink(Path.Combine(shard, "ab" + new string('0', 62)), Path.Combine(_folder, "nothing-here"));
        var made = Path.Combine(_folder, "made");
        var empty = Path.Combine(_folder, "empty");
        Directory.CreateDirectory(empty);

        var failed = await CommandLine.Sonae(factory, "backup", "--out", made);
        var failedAgain = await CommandLine.Sonae(factory, "backup", "--out", empty);

        Assert.Equal(1, failed.Exit);
        Assert.Contains("バックアップを作れませんでした", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Sonae.", failed.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(made));
        Assert.Equal(1, failedAgain.Exit);
        Assert.Empty(Directory.GetFileSystemEntries(empty));

        Directory.Delete(shard, recursive: true);
        var retried = await CommandLine.Sonae(factory, "backup", "--out", empty);
        Assert.True(retried.Exit == 0, retried.Out + retried.Error);
    }

    [Fact]
    public async Task AnAlteredEvidenceFile_FailsBackupVerify_AndIsNotRestored()
    {
        var hospital = await factory.AddHospital("改ざんされたバックアップ " + Guid.NewGuid().ToString("N")[..6]);
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "証拠あり" })).Json(HttpStatusCode.Created);
        await Upload(hospital.Officer, opened.GetProperty("incidentId").GetString()!, "元の証拠");
        var backup = Path.Combine(_folder, "backup");
        Assert.Equal(0, (await CommandLine.Sonae(factory, "backup", "--out", backup)).Exit);
        var evidence = Directory.GetFiles(Path.Combine(backup, "evidence"), "*", SearchOption.AllDirectories).First();
        await File.AppendAllTextAsync(evidence, "x");

        var verified = await CommandLine.Sonae(factory, "backup", "verify", backup);
        Assert.Equal(1, verified.Exit);
        Assert.Contains("マニフェストのハッシュと合いません: evidence/", verified.Out, StringComparison.Ordinal);

        var fresh = await FreshLocation(Path.Combine(_folder, "restored"));
        var refused = await Sonae(fresh, "restore", backup);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("マニフェストと合いません", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "restored", "evidence")));
    }

    /// <summary>The verb on another data location than the factory's.</summary>
    private static Task<(int Exit, string Out, string Error)> Sonae(IReadOnlyList<string> location, params string[] args) =>
        CommandLine.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), .. args, .. location]);

    private Task<long> Events() => factory.Database(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.IncidentEvents)));

    private static async Task Upload(HttpClient client, string incident, string text)
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes($"{text} {Guid.NewGuid()}"));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await (await client.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=log.txt&kind=log&collectedBy=test", body)).Json(HttpStatusCode.Created);
    }

    /// <summary>Every folder of the backup is 0700 and every file 0600, whatever the umask.</summary>
    private static void AssertPrivate(string backup)
    {
        if (OperatingSystem.IsWindows())
            return;
        foreach (var folder in Directory.GetDirectories(backup, "*", SearchOption.AllDirectories).Append(backup))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (var file in Directory.GetFiles(backup, "*", SearchOption.AllDirectories))
            Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), file);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (disposing && Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}

public sealed class SqliteBackupCommandTests : BackupCommandTests
{
    private readonly SqliteFactory _factory;

    public SqliteBackupCommandTests()
        : this(new SqliteFactory())
    {
    }

    private SqliteBackupCommandTests(SqliteFactory factory)
        : base(factory) => _factory = factory;

    protected override Task<IReadOnlyList<string>> FreshLocation(string folder) =>
        Task.FromResult<IReadOnlyList<string>>(["--Sonae:Storage:Provider=Sqlite", $"--Sonae:Storage:SqlitePath={Path.Combine(folder, "sonae.db")}"]);

    /// <summary>The database's folder is a file (a mistyped path, a mount that is not there): no folder can be made.</summary>
    protected override Task<(IReadOnlyList<string> Failing, Func<Task<IReadOnlyList<string>>> Fix)> LocationWhoseDatabaseFails(string folder)
    {
        Directory.CreateDirectory(folder);
        var blocker = Path.Combine(folder, "data");
        File.WriteAllText(blocker, "");
        IReadOnlyList<string> settings = ["--Sonae:Storage:Provider=Sqlite", $"--Sonae:Storage:SqlitePath={Path.Combine(blocker, "sonae.db")}",
            $"--Sonae:Evidence:Path={Path.Combine(folder, "evidence")}"];
        return Task.FromResult<(IReadOnlyList<string>, Func<Task<IReadOnlyList<string>>>)>((settings, () =>
        {
            File.Delete(blocker);
            return Task.FromResult(settings);
        }));
    }

    protected override void Dispose(bool disposing)
    {
        _factory.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>On PostgreSQL: pg_dump and pg_restore (postgresql-client), restored into a new, empty database.</summary>
public sealed class PostgresBackupCommandTests : BackupCommandTests
{
    private readonly PostgresFactory _factory;
    private readonly List<string> _databases = [];
    private readonly List<string> _roles = [];

    public PostgresBackupCommandTests()
        : this(new PostgresFactory())
    {
    }

    private PostgresBackupCommandTests(PostgresFactory factory)
        : base(factory) => _factory = factory;

    protected override async Task<IReadOnlyList<string>> FreshLocation(string folder)
    {
        var name = "sonae_restore_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        _databases.Add(name);
        return ["--Sonae:Storage:Provider=Postgres", $"--ConnectionStrings:Sonae={new NpgsqlConnectionStringBuilder(Server) { Database = name }}",
            $"--Sonae:Evidence:Path={Path.Combine(folder, "evidence")}"];
    }

    /// <summary>
    /// The restore connects as a role that may not create tables in the new database (a login meant for reading):
    /// pg_restore fails at its first table. Fixed by connecting as the database's owner.
    /// </summary>
    protected override async Task<(IReadOnlyList<string> Failing, Func<Task<IReadOnlyList<string>>> Fix)> LocationWhoseDatabaseFails(string folder)
    {
        var owner = await FreshLocation(folder);
        var database = new NpgsqlConnectionStringBuilder(Connection(owner)).Database!;
        var role = "sonae_reader_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = database }.ToString()))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC", connection);
            await create.ExecuteNonQueryAsync();
        }
        _roles.Add(role);
        var reader = new NpgsqlConnectionStringBuilder(Connection(owner)) { Username = role }.ToString();
        IReadOnlyList<string> failing = [.. owner.Select(s => s.StartsWith("--ConnectionStrings:Sonae=", StringComparison.Ordinal) ? $"--ConnectionStrings:Sonae={reader}" : s)];
        return (failing, () => Task.FromResult(owner));
    }

    private static string Connection(IReadOnlyList<string> settings) =>
        settings.Single(s => s.StartsWith("--ConnectionStrings:Sonae=", StringComparison.Ordinal))["--ConnectionStrings:Sonae=".Length..];

    private static string Server => Environment.GetEnvironmentVariable("SONAE_TEST_POSTGRES")!;

    protected override void Dispose(bool disposing)
    {
        _factory.Dispose();
        NpgsqlConnection.ClearAllPools();
        using (var connection = new NpgsqlConnection(Server))
        {
            connection.Open();
            foreach (var name in _databases)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
            foreach (var role in _roles)
            {
                using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", connection);
                drop.ExecuteNonQuery();
            }
        }
        base.Dispose(disposing);
    }
}
