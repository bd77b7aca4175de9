using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// The data folder on a small file system (a real tmpfs) that fills up: writes are refused with a clear problem in
/// the caller's language (507), <c>/health</c> says so, the log says it once (not a stack trace per request), nothing
/// that was answered is lost, no half-written file stays behind, and all works again once space is freed.
/// </summary>
public abstract class DiskFullTests : IAsyncLifetime
{
    private readonly string _mount = Directory.CreateTempSubdirectory("sonae-full-").FullName;

    protected string Mount => _mount;

    /// <summary>A server whose full disk holds the evidence locker, and for SQLite the database too.</summary>
    protected abstract SonaeFactory Server { get; }

    /// <summary>What the server logs at warning and above.</summary>
    protected RecordingLog Log { get; } = new();

    protected string Locker => Path.Combine(_mount, "evidence");

    /// <summary>Whether the database is on the full disk too (SQLite), or only the evidence locker (PostgreSQL).</summary>
    protected abstract bool DatabaseOnFullDisk { get; }

    public async Task InitializeAsync()
    {
        // A file system of its own, 24 MB: the database, the locker and a filler that takes the rest.
        var (exit, output) = await Run("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", _mount);
        Assert.True(exit == 0, $"mount tmpfs: {output} (the test runs as root, as test.sh does)");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Run("umount", _mount);
        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task FullDisk_RefusesWritesClearly_ReportsOnce_LosesNothing_AndRecovers()
    {
        var hospital = await Server.AddHospital("満杯病院");
        var incident = (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "ディスク満杯" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!;
        var kept = new List<(long Seq, string Hash)>();
        for (var i = 0; i < 5; i++)
            kept.Add(Appended(await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = $"満杯前 {i}" })).Json(HttpStatusCode.OK)));

        var filler = Fill();
        Log.Clear();

        // Writes until the slack is used up: each is kept or refused as a full disk (507), never a 500. With SQLite on
        // the full disk every write fills it; with PostgreSQL (its own disk) the locker's files do.
        var refused = 0;
        for (var i = 0; i < 400 && refused < 30; i++)
        {
            using var response = DatabaseOnFullDisk
                ? await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = $"満杯中 {i} " + new string('記', 200) })
                : await hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=log{i}.log&kind=log", new ByteArrayContent(Encoding.UTF8.GetBytes($"満杯中 {i} {Guid.NewGuid()}")));
            if ((int)response.StatusCode is >= 200 and < 300)
            {
                var result = await response.Json(response.StatusCode);
                kept.Add(Appended(result));
                continue;
            }
            var problem = await response.Problem(HttpStatusCode.InsufficientStorage, "storage-full");
            Assert.Contains("ディスクがいっぱい", problem.Detail(), StringComparison.Ordinal);
            refused++;
        }
        Assert.True(refused >= 30, $"only {refused} writes were refused: the disk did not fill");

        using var english = Server.Client(hospital.Keys[Core.Access.Role.SecurityOfficer], "en");
        var englishProblem = await (DatabaseOnFullDisk
            ? await english.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "full" })
            : await english.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=en.log&kind=log", new ByteArrayContent(Encoding.UTF8.GetBytes("full " + Guid.NewGuid())))).Problem(HttpStatusCode.InsufficientStorage, "storage-full");
        Assert.Contains("The disk is full", englishProblem.Detail(), StringComparison.Ordinal);
        var upload = await hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=big.log&kind=log", new ByteArrayContent(new byte[4 * 1024 * 1024]));
        await upload.Problem(HttpStatusCode.InsufficientStorage, "storage-full");
        var incoming = Path.Combine(Locker, "incoming");
        Assert.True(!Directory.Exists(incoming) || Directory.GetFiles(incoming).Length == 0, "a half-written upload stayed in the locker");

        var health = await Server.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("degraded", report.GetProperty("status").GetString());
        Assert.Contains(DatabaseOnFullDisk ? "database-disk-full" : "evidence-disk-full", report.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));

        // One line for the whole flood, without a stack trace; nothing else above information.
        var logged = Log.ToList();
        Assert.True(logged.Count(l => l.Message.StartsWith("The disk is full", StringComparison.Ordinal)) == 1, string.Join("\n", logged.Select(l => l.Message)));
        Assert.True(logged.All(l => l.Exception is null && l.Message.Length < 1000), string.Join("\n", logged.Select(l => $"{l.Category}: {l.Message[..Math.Min(200, l.Message.Length)]} {l.Exception?.GetType().Name}")));
        Assert.True(logged.Count <= 3, $"{logged.Count} log lines for one full disk:\n" + string.Join("\n", logged.Select(l => $"{l.Category}: {l.Message}")));

        // Room again: everything works, /health is ok, and every answered note is there, chained.
        File.Delete(filler);
        kept.Add(Appended(await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "空きができた" })).Json(HttpStatusCode.OK)));
        await (await hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=after.log&kind=log", new ByteArrayContent(Encoding.UTF8.GetBytes("after")))).Json(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await Server.CreateClient().GetAsync("/health")).StatusCode);
        var id = Guid.Parse(incident);
        var events = await Server.Database(db => db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == id).Select(e => new { e.Seq, e.Hash }).ToListAsync());
        Assert.All(kept, k => Assert.Contains(events, e => e.Seq == k.Seq && e.Hash == k.Hash));
        var (exit, output, error) = await CommandLine.Sonae(Server, "verify");
        Assert.True(exit == 0, output + error);
    }

    private static (long Seq, string Hash) Appended(JsonElement result) =>
        (result.GetProperty("lastSeq").GetInt64(), result.GetProperty("headHash").GetString()!);

    /// <summary>Takes every byte left on the file system with one file; returns its path.</summary>
    private string Fill()
    {
        var filler = Path.Combine(_mount, "filler");
        // Unbuffered: a refused write leaves nothing pending for the close to try again.
        using var file = new FileStream(filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[64 * 1024];
        foreach (var size in new[] { 64 * 1024, 4096, 512 })
        {
            try
            {
                while (true)
                {
                    file.Write(chunk, 0, size);
                }
            }
            catch (IOException)
            {
                // Full at this size: try smaller pieces, to leave nothing.
            }
        }
        return filler;
    }

    private static async Task<(int Exit, string Output)> Run(string program, params string[] args)
    {
        var (exit, output, error) = await CommandLine.Run(program, args);
        return (exit, output + error);
    }
}

/// <summary>The log lines a server wrote at warning and above.</summary>
public sealed class RecordingLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, string Message, Exception? Exception)> _entries = new();

    public void Clear() => _entries.Clear();

    public List<(string Category, string Message, Exception? Exception)> ToList() => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                log._entries.Enqueue((category, formatter(state, exception), exception));
        }
    }
}

public sealed class SqliteDiskFullTests : DiskFullTests
{
    private SqliteServer? _server;

    protected override SonaeFactory Server => _server ??= new SqliteServer(Mount, Log);

    protected override bool DatabaseOnFullDisk => true;

    /// <summary>The SQLite file and the locker (beside it) on the small file system.</summary>
    private sealed class SqliteServer(string mount, RecordingLog log) : SqliteFactory(mount, ownsDirectory: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The small disk is small by design: below 4 MB free is "low".
            builder.UseSetting("Sonae:Storage:MinFreeMegabytes", "4");
            builder.ConfigureLogging(logging => logging.AddProvider(log));
        }
    }
}

public sealed class PostgresDiskFullTests : DiskFullTests
{
    private PostgresServer? _server;

    protected override SonaeFactory Server => _server ??= new PostgresServer(Locker, Log);

    protected override bool DatabaseOnFullDisk => false;

    /// <summary>PostgreSQL keeps its own disk; the evidence locker is on the small file system (its files are what fills it).</summary>
    private sealed class PostgresServer(string locker, RecordingLog log) : PostgresFactory
    {
        public override IReadOnlyList<string> StorageArguments =>
            [.. base.StorageArguments.Where(a => !a.StartsWith("--Sonae:Evidence:Path=", StringComparison.Ordinal)), $"--Sonae:Evidence:Path={locker}"];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The small disk is small by design: below 4 MB free is "low".
            builder.UseSetting("Sonae:Storage:MinFreeMegabytes", "4");
            builder.ConfigureLogging(logging => logging.AddProvider(log));
        }
    }
}
