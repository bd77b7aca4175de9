using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using Sonae.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// A real streaming replica of the test PostgreSQL: <c>pg_basebackup -R</c> from the primary into a folder of its
/// own, started on a free loopback port with the primary's own binaries, and named as the server's
/// <c>ConnectionStrings:SonaeReplica</c> (a replica 2 s behind is degraded). Stopped, and its folder removed, at the end.
/// </summary>
public sealed class StreamingReplicaFactory : PostgresFactory
{
    public const int MaxLagSeconds = 2;

    private readonly string _folder;
    private readonly string _binaries;
    private readonly int _port = ServerProcess.FreePort();

    public StreamingReplicaFactory()
    {
        var primary = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("SONAE_TEST_POSTGRES"));
        // A standby refuses to start with fewer of these than its primary has (test.sh gives the primary 200 connections).
        var settings = new[] { "max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions", "max_locks_per_transaction" }
            .Select(name => $"-c {name}={Show(name)}");
        _binaries = $"/usr/lib/postgresql/{int.Parse(Show("server_version_num"), CultureInfo.InvariantCulture) / 10000}/bin";
        _folder = Directory.CreateTempSubdirectory("sonae-replica-").FullName;
        try
        {
            Run("chmod", "755", _folder);
            if (Environment.UserName == "root")
                Run("chown", "postgres:postgres", _folder);
            Postgres("pg_basebackup", "-h", primary.Host!, "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", primary.Username!,
                "-D", Data, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync");
            Postgres("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "replica.log"), "-w", "-t", "60",
                "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off {string.Join(' ', settings)}", "start");
        }
        catch
        {
            Remove();
            throw;
        }

        string Show(string name)
        {
            using var connection = new NpgsqlConnection(primary.ConnectionString);
            connection.Open();
            using var show = new NpgsqlCommand($"SHOW {name}", connection);
            return (string)show.ExecuteScalar()!;
        }
    }

    /// <summary>The replica's connection to this test's database.</summary>
    public string ReplicaConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Port = _port, Host = "127.0.0.1" }.ToString();

    public override IReadOnlyList<string> StorageArguments =>
        [.. base.StorageArguments, $"--ConnectionStrings:SonaeReplica={ReplicaConnectionString}", $"--Sonae:Health:ReplicaMaxLagSeconds={MaxLagSeconds}"];

    private string Data => Path.Combine(_folder, "data");

    /// <summary>Runs a statement on the replica (pausing or resuming its replay).</summary>
    public async Task OnReplica(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ReplicaConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            Remove();
    }

    private void Remove()
    {
        if (!Directory.Exists(_folder))
            return;
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            Postgres("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A PostgreSQL program as the postgres user when the tests run as root (PostgreSQL refuses root).</summary>
    private void Postgres(string program, params string[] arguments)
    {
        var path = Path.Combine(_binaries, program);
        if (Environment.UserName == "root")
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else
            Run(path, arguments);
    }

    private static void Run(string program, params string[] arguments)
    {
        var (exit, output, error) = CommandLine.Run(program, arguments).GetAwaiter().GetResult();
        if (exit != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exit}: {output}{error}");
    }
}

/// <summary>
/// The open-incident picker really reads the replica: with the replica's replay paused, an incident just opened on
/// the primary is in the API's answer (the primary) but not on the report page's picker (the replica) until replay
/// resumes; <c>/health/ready</c> reports the replica caught up, then behind while paused.
/// </summary>
public sealed class PostgresReplicaReadsTests(StreamingReplicaFactory factory, ITestOutputHelper output) : IClassFixture<StreamingReplicaFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OpenIncidentPicker_ReadsTheReplica_AndReadinessReportsItsLag()
    {
        var hospital = await factory.AddHospital("複製病院 " + Guid.NewGuid().ToString("N")[..6]);
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Sonae.Core.Access.Role.SecurityOfficer]);
        var first = "replica-first-" + Guid.NewGuid().ToString("N")[..8];
        await Open(hospital, first);
        Assert.True(await Until(async () => (await Picker(officer)).Contains(first, StringComparison.Ordinal)), "the replica never showed an incident opened before its replay was paused");
        var caughtUp = await Until(async () => await ReplicaLag() is ("ok", _));
        output.WriteLine($"caught up: {await ReplicaLag()}");
        Assert.True(caughtUp, $"the replica caught up but /health/ready says {await ReplicaLag()}");

        await factory.OnReplica("SELECT pg_wal_replay_pause()");
        try
        {
            Assert.True(await Until(async () => await ReplayState() == "paused"), "the replica's replay did not pause");
            var second = "replica-paused-" + Guid.NewGuid().ToString("N")[..8];
            var id = await Open(hospital, second);

            var onPrimary = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}")).Json(HttpStatusCode.OK);
            Assert.Equal(second, onPrimary.GetProperty("incident").GetProperty("title").GetString());
            var picker = await Picker(officer);
            Assert.Contains(first, picker, StringComparison.Ordinal);
            Assert.DoesNotContain(second, picker, StringComparison.Ordinal);

            // Nothing replays while paused: once the threshold has passed since the last transaction it replayed, readiness says how far behind.
            var behind = await Until(async () => await ReplicaLag() is ("degraded", _));
            output.WriteLine($"paused: {await ReplicaLag()}");
            Assert.True(behind, $"the replica's replay is paused yet /health/ready says {await ReplicaLag()}");
            Assert.EndsWith("s behind.", (await ReplicaLag()).Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(second, await Picker(officer), StringComparison.Ordinal);

            await factory.OnReplica("SELECT pg_wal_replay_resume()");
            Assert.True(await Until(async () => (await Picker(officer)).Contains(second, StringComparison.Ordinal)), "the incident never reached the replica after its replay resumed");
            Assert.True(await Until(async () => await ReplicaLag() is ("ok", _)), $"the replica caught up again but /health/ready says {await ReplicaLag()}");
        }
        finally
        {
            await factory.OnReplica("SELECT pg_wal_replay_resume()");
        }
    }

    private static async Task<string> Open(Hospital hospital, string title) =>
        (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title, source = "alert" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!;

    /// <summary>The report page's "join an open incident" choices, read through the replica.</summary>
    private static async Task<string> Picker(PageSession session)
    {
        using var page = await session.Get("/report");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private async Task<(string Status, string Detail)> ReplicaLag()
    {
        var answer = await (await factory.Client(null).GetAsync("/health/ready")).Json(HttpStatusCode.OK);
        var check = answer.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "replica-lag");
        return (check.GetProperty("status").GetString()!, check.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()! : "");
    }

    private async Task<string> ReplayState()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(factory.ReplicaConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_get_wal_replay_pause_state()", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static Task<bool> Until(Func<Task<bool>> condition) => Waiting.Until(condition, Patience, TimeSpan.FromMilliseconds(250));
}
