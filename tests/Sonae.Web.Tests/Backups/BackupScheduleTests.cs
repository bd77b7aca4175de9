using System.Net;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Backups;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Backups;

/// <summary>
/// The scheduled backup's settings on the API (leaders only, bad input named by field), a run into its folder that
/// keeps the newest backups and removes the rest, and its result on the readiness page: not set, failed, fine.
/// </summary>
public abstract class BackupScheduleTests(SonaeFactory factory) : IDisposable
{
    private const string BackupPage = Sonae.Web.Backups.Pages.BackupPage.Path;

    private readonly string _folder = Directory.CreateTempSubdirectory("sonae-schedule-test-").FullName;

    [Fact]
    public async Task Schedule_NotSet_IsAReadinessFinding_ThenRunsKeepingTheNewest_ThenAFailureIsReported()
    {
        var hospital = await factory.AddHospital("定期バックアップ " + Guid.NewGuid().ToString("N")[..6]);
        Assert.Contains("sonae-backup-not-configured", await Kinds(hospital));
        await (await hospital.Staff.GetAsync("/api/v1/backup/schedule")).Problem(HttpStatusCode.Forbidden, "role-required");
        var badTime = await (await hospital.Officer.PutJson("/api/v1/backup/schedule", new { folder = _folder, timeOfDay = "25:00", keep = 2 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.True(badTime.GetProperty("errors").TryGetProperty("timeOfDay", out _));
        await (await hospital.Officer.PutJson("/api/v1/backup/schedule", new { folder = "relative/path", timeOfDay = "02:00", keep = 2 })).Problem(HttpStatusCode.BadRequest, "invalid-field");

        var saved = await (await hospital.Management.PutJson("/api/v1/backup/schedule", new { folder = _folder, timeOfDay = "02:30", keep = 2 })).Json(HttpStatusCode.OK);
        Assert.Equal("02:30", saved.GetProperty("timeOfDay").GetString());
        Assert.Equal("stale", saved.GetProperty("state").GetString());
        Assert.Contains("sonae-backup-stale", await Kinds(hospital));

        // A backup a killed server left without its manifest two days ago: removed by the next run's pruning.
        var abandoned = Path.Combine(_folder, "sonae-20000101-020000");
        Directory.CreateDirectory(abandoned);
        await File.WriteAllTextAsync(Path.Combine(abandoned, "sonae.db"), "途中");
        Directory.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-2));

        for (var run = 0; run < 3; run++)
        {
            var ran = await (await hospital.Officer.PostJson("/api/v1/backup/schedule/run", null)).Json(HttpStatusCode.OK);
            Assert.True(ran.GetProperty("lastOk").GetBoolean(), ran.GetProperty("lastResult").GetString());
            Assert.True(ran.GetProperty("lastBytes").GetInt64() > 0);
            await Task.Delay(1100); // one folder per second of Japan time
        }
        var kept = Directory.GetDirectories(_folder).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, kept.Count);
        Assert.All(kept, k => Assert.True(File.Exists(Path.Combine(k, BackupManifest.FileName))));
        Assert.DoesNotContain(await Kinds(hospital), k => k.StartsWith("sonae-backup-", StringComparison.Ordinal));
        var verified = await CommandLine.Sonae(factory, "backup", "verify", kept[^1]);
        Assert.True(verified.Exit == 0, verified.Out + verified.Error);

        // A folder the server cannot write: the run fails, says why, and the readiness page says so.
        var file = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(file, "");
        await (await hospital.Officer.PutJson("/api/v1/backup/schedule", new { folder = Path.Combine(file, "below"), timeOfDay = "02:30", keep = 2 })).Json(HttpStatusCode.OK);
        var failed = await (await hospital.Officer.PostJson("/api/v1/backup/schedule/run", null)).Json(HttpStatusCode.OK);
        Assert.False(failed.GetProperty("lastOk").GetBoolean());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("sonae-backup-failed", await Kinds(hospital));
        Assert.Equal(2, Directory.GetDirectories(_folder).Length);
    }

    [Fact]
    public async Task OnAServerOfSeveralHospitals_TheScheduleIsNotShownRunOrAFinding()
    {
        var first = await factory.AddHospital("共用の一 " + Guid.NewGuid().ToString("N")[..6]);
        var second = await factory.AddHospital("共用の二 " + Guid.NewGuid().ToString("N")[..6]);

        await (await first.Officer.GetAsync("/api/v1/backup/schedule")).Problem(HttpStatusCode.Conflict, "backup-installation-shared");
        await (await second.Management.PostJson("/api/v1/backup/schedule/run", null)).Problem(HttpStatusCode.Conflict, "backup-installation-shared");
        await (await second.Management.PutJson("/api/v1/backup/schedule", new { folder = _folder, timeOfDay = "02:00", keep = 2 })).Problem(HttpStatusCode.Conflict, "backup-installation-shared");
        Assert.DoesNotContain(await Kinds(first), k => k.StartsWith("sonae-backup-", StringComparison.Ordinal));
        Assert.DoesNotContain(await Kinds(second), k => k.StartsWith("sonae-backup-", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Download_OnAServerOfSeveralHospitals_IsAConflict_AndMakesNothing()
    {
        var first = await factory.AddHospital("共用の取得 " + Guid.NewGuid().ToString("N")[..6]);
        await factory.AddHospital("共用の取得二 " + Guid.NewGuid().ToString("N")[..6]);
        var checkpoints = await Checkpoints();

        await (await first.Management.GetAsync("/api/v1/backup")).Problem(HttpStatusCode.Conflict, "backup-installation-shared");
        Assert.Equal(checkpoints, await Checkpoints());
    }

    [Fact]
    public async Task PageForm_OnAServerOfSeveralHospitals_SavesAndRunsNothing_AndThePageSaysWhy()
    {
        var first = await factory.AddHospital("共用の画面 " + Guid.NewGuid().ToString("N")[..6]);
        var officer = await PageSession.SignedIn(factory, first.Keys[Role.SecurityOfficer]);
        // The page was opened (its form and token with it) while this was the only hospital.
        var token = await officer.Token(BackupPage);
        await factory.AddHospital("共用の画面二 " + Guid.NewGuid().ToString("N")[..6]);
        var schedules = await factory.Database(db => db.BackupSchedules.CountAsync());

        foreach (var fields in new Dictionary<string, string>[]
        {
            new() { ["action"] = "save", ["folder"] = _folder, ["timeOfDay"] = "02:00", ["keep"] = "2" },
            new() { ["action"] = "run" },
        })
        {
            var posted = await officer.Post(BackupPage + "/do", fields, token);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal(BackupPage, posted.Headers.Location?.OriginalString);
            var page = WebUtility.HtmlDecode(await (await officer.Get(BackupPage)).Content.ReadAsStringAsync());
            Assert.Contains("このサーバーには複数の病院があります", page, StringComparison.Ordinal);
        }
        Assert.Equal(schedules, await factory.Database(db => db.BackupSchedules.CountAsync()));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Download_ThatFails_IsAConflict_AndLeavesNoStagingFolder()
    {
        var hospital = await factory.AddHospital("取得失敗 " + Guid.NewGuid().ToString("N")[..6]);
        var evidence = factory is PostgresFactory postgres ? postgres.EvidencePath
            : Path.Combine(Path.GetDirectoryName(((SqliteFactory)factory).DatabasePath)!, "evidence");
        // Where the download stages its backup: the SQLite file's folder, or the one holding the evidence folder.
        var staging = Path.GetDirectoryName(evidence)!;
        var before = Staged(staging);
        // A stored file that cannot be read (a link to nothing): the locker's copy fails after the database's.
        var shard = Path.Combine(evidence, "ab");
        Directory.CreateDirectory(shard);
        File.CreateSymbolicLink(Path.Combine(shard, "ab" + new string('0', 62)), Path.Combine(_folder, "nothing-here"));

        await (await hospital.Management.GetAsync("/api/v1/backup")).Problem(HttpStatusCode.Conflict, "backup-failed");

        // On PostgreSQL the staging folder is the temporary folder other tests' downloads share: theirs come and go.
        var left = Staged(staging).Except(before).ToList();
        for (var wait = 0; left.Count > 0 && wait < 50; wait++)
        {
            await Task.Delay(200);
            left = [.. Staged(staging).Except(before)];
        }
        Assert.Empty(left);
    }

    private static HashSet<string> Staged(string folder) =>
        [.. Directory.EnumerateDirectories(folder, ".sonae-download-*")];

    [Fact]
    public async Task Download_GivesABackupArchive_ThatVerifies_ToLeadersOnly()
    {
        var hospital = await factory.AddHospital("予備機へ " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "写すもの" })).Json(HttpStatusCode.Created);
        await (await hospital.Staff.GetAsync("/api/v1/backup")).Problem(HttpStatusCode.Forbidden, "role-required");

        using var response = await hospital.Management.GetAsync("/api/v1/backup");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-tar", response.Content.Headers.ContentType?.MediaType);
        var extracted = Path.Combine(_folder, "downloaded");
        Directory.CreateDirectory(extracted);
        await System.Formats.Tar.TarFile.ExtractToDirectoryAsync(await response.Content.ReadAsStreamAsync(), extracted, overwriteFiles: false);

        var manifest = BackupManifest.Parse(await File.ReadAllTextAsync(Path.Combine(extracted, BackupManifest.FileName)));
        Assert.Equal(1, manifest.Counts.Incidents);
        var verified = await CommandLine.Sonae(factory, "backup", "verify", extracted);
        Assert.True(verified.Exit == 0, verified.Out + verified.Error);
    }

    private Task<int> Checkpoints() => factory.Database(db => db.Checkpoints.IgnoreQueryFilters().CountAsync());

    private static async Task<List<string>> Kinds(Hospital hospital) =>
        [.. (await (await hospital.Officer.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK)).GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("kind").GetString()!)];

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>On PostgreSQL: the scheduled backup and the download take pg_dump's copy (postgresql-client).</summary>
public sealed class PostgresBackupScheduleTests : BackupScheduleTests
{
    private readonly PostgresFactory _factory;

    public PostgresBackupScheduleTests()
        : this(new PostgresFactory())
    {
    }

    private PostgresBackupScheduleTests(PostgresFactory factory)
        : base(factory) => _factory = factory;

    protected override void Dispose(bool disposing)
    {
        _factory.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteBackupScheduleTests : BackupScheduleTests
{
    private readonly SqliteFactory _factory;

    public SqliteBackupScheduleTests()
        : this(new SqliteFactory())
    {
    }

    private SqliteBackupScheduleTests(SqliteFactory factory)
        : base(factory) => _factory = factory;

    protected override void Dispose(bool disposing)
    {
        _factory.Dispose();
        base.Dispose(disposing);
    }
}
