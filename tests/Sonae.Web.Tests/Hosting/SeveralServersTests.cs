using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sonae.Core.Access;
using Sonae.Data.Cluster;
using Sonae.Web.Cluster;
using Sonae.Web.Incidents;
using Sonae.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Sonae.Web.Tests.Infrastructure.Waiting;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// Several Sonae servers on one PostgreSQL database, as a hospital group runs them behind a load balancer: this
/// test's in-process server (A) and real <c>sonae</c> processes (B, C) on the same database. A hears B's changes;
/// one server killed under load loses nothing it acknowledged.
/// </summary>
public sealed class PostgresSeveralServersTests(PostgresFactory factory, ITestOutputHelper output) : IClassFixture<PostgresFactory>
{
    private static readonly TimeSpan Often = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task AppendOnServerB_IsHeardByServerA()
    {
        var hospital = await factory.AddHospital("連携病院 " + Guid.NewGuid().ToString("N")[..6]);
        var signals = factory.Services.GetRequiredService<ClusterSignals>();
        await Until(() => signals.Listening, TimeSpan.FromSeconds(15), Often);
        Assert.True(signals.Listening, "server A never listened for the other servers' changes");
        var heard = new ConcurrentQueue<IncidentChanged>();
        var changes = factory.Services.GetRequiredService<IncidentChanges>();
        void Hear(IncidentChanged change) => heard.Enqueue(change);
        changes.Changed += Hear;
        try
        {
            await using var b = await ServerProcess.Start(factory);
            using var officerOnB = b.Client(hospital.Keys[Role.SecurityOfficer]);
            var incident = Guid.Parse((await (await officerOnB.PostJson("/api/v1/incidents", new { title = "B で開いた事案" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!);
            var note = await (await officerOnB.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "B で書いたメモ" })).Json(HttpStatusCode.OK);
            var seq = note.GetProperty("appended")[0].GetProperty("seq").GetInt64();

            await Until(() => heard.Any(c => c.IncidentId == incident && c.LastSeq >= seq), TimeSpan.FromSeconds(15), Often);
            Assert.Contains(heard, c => c.IncidentId == incident && c.OrganizationId == hospital.Id && c.LastSeq == seq);
        }
        finally
        {
            changes.Changed -= Hear;
        }
    }

    [Fact]
    public async Task KeyRevokedOnServerA_StopsOnServerB_AtOnce()
    {
        var hospital = await factory.AddHospital("失効連携病院 " + Guid.NewGuid().ToString("N")[..6]);
        var made = await (await hospital.Officer.PostJson("/api/v1/reporting-links", new { label = "連携の共用端末" })).Json(HttpStatusCode.Created);
        var secret = new Uri(made.GetProperty("url").GetString()!).Segments[^1];
        var signals = factory.Services.GetRequiredService<ClusterSignals>();
        await Until(() => signals.Listening, TimeSpan.FromSeconds(15), Often);
        await using var b = await ServerProcess.Start(factory);
        // B listens too (A's and B's connections wait on LISTEN), so what A forgets reaches it.
        Assert.True(await Until(async () => await Listeners() >= 2, TimeSpan.FromSeconds(15), Often), "server B never listened for the other servers' changes");
        using var terminalOnB = b.Client(secret);
        // B knows the link's key now (and would keep it 30 s): let in, though a reporting link reads no incidents.
        Assert.Equal(HttpStatusCode.Forbidden, (await terminalOnB.GetAsync("/api/v1/incidents")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Management.PostJson($"/api/v1/reporting-links/{made.GetProperty("id").GetString()}/revoke", null)).StatusCode);

        var refused = await Until(async () => (await terminalOnB.GetAsync("/api/v1/incidents")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        Assert.True(refused, "server B still let the key in 5 s after A revoked it: it waited for its cache to run out");
    }

    /// <summary>The servers listening on this test's database (each has one connection named sonae-cluster that ran LISTEN last).</summary>
    private async Task<long> Listeners()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sonae-cluster' AND query ILIKE 'LISTEN %'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ChangeOnServerA_IsNotHeardBackByA()
    {
        var hospital = await factory.AddHospital("自局病院 " + Guid.NewGuid().ToString("N")[..6]);
        var signals = factory.Services.GetRequiredService<ClusterSignals>();
        await Until(() => signals.Listening, TimeSpan.FromSeconds(15), Often);
        var before = signals.Heard;
        var incident = (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "A の事案" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString();
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "A のメモ" })).Json(HttpStatusCode.OK);
        // A second listener on the database sees A's notifications go out; A itself takes none of them as another's.
        await using var listener = new NpgsqlConnection(factory.ConnectionString);
        await listener.OpenAsync();
        var seen = new ConcurrentQueue<string>();
        listener.Notification += (_, n) => seen.Enqueue(n.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ClusterSignals.Channel}", listener))
            await listen.ExecuteNonQueryAsync();
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "A のメモ 2" })).Json(HttpStatusCode.OK);
        // Waiting on the connection is what delivers its notifications.
        await Until(async () =>
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(200));
            return !seen.IsEmpty;
        }, TimeSpan.FromSeconds(15), TimeSpan.Zero);
        Assert.Contains(seen, p => p.Contains(incident!.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Equal(before, signals.Heard);
    }

    [Fact]
    public async Task Lease_IsHeldByOneServerUntilItRunsOut()
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var lease = TimeSpan.FromSeconds(30);
        Assert.True(await factory.Database(db => Leases.TryTakeAsync(db, name, "A", now, now + lease, CancellationToken.None)));
        Assert.False(await factory.Database(db => Leases.TryTakeAsync(db, name, "B", now.AddSeconds(1), now.AddSeconds(1) + lease, CancellationToken.None)));
        Assert.True(await factory.Database(db => Leases.TryTakeAsync(db, name, "A", now.AddSeconds(10), now.AddSeconds(10) + lease, CancellationToken.None)));
        Assert.False(await factory.Database(db => Leases.TryTakeAsync(db, name, "B", now.AddSeconds(39), now.AddSeconds(39) + lease, CancellationToken.None)));
        Assert.True(await factory.Database(db => Leases.TryTakeAsync(db, name, "B", now.AddSeconds(41), now.AddSeconds(41) + lease, CancellationToken.None)));
        Assert.False(await factory.Database(db => Leases.TryTakeAsync(db, name, "A", now.AddSeconds(42), now.AddSeconds(42) + lease, CancellationToken.None)));
        await factory.Database(async db => { await Leases.ReleaseAsync(db, name, "B", now.AddSeconds(43), CancellationToken.None); return true; });
        Assert.True(await factory.Database(db => Leases.TryTakeAsync(db, name, "A", now.AddSeconds(44), now.AddSeconds(44) + lease, CancellationToken.None)));

        // Many servers asking at once for a lease nobody held: exactly one gets it.
        var fresh = "test-" + Guid.NewGuid().ToString("N")[..8];
        var takes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => factory.Database(db => Leases.TryTakeAsync(db, fresh, $"S{i}", now, now + lease, CancellationToken.None))));
        Assert.Single(takes, t => t);
    }

    [Fact]
    public async Task OneOfTwoServersKilledUnderLoad_LosesNothingAcknowledged()
    {
        var hospital = await factory.AddHospital("停電連携病院 " + Guid.NewGuid().ToString("N")[..6]);
        var key = hospital.Keys[Role.SecurityOfficer];
        var incidents = new List<Guid>();
        for (var i = 0; i < 3; i++)
            incidents.Add(Guid.Parse((await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = $"連携負荷 {i}" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!));

        var acknowledged = new ConcurrentBag<(string Server, Guid Incident, long Seq, string Hash)>();
        await using var b = await ServerProcess.Start(factory);
        await using var c = await ServerProcess.Start(factory);
        using var stop = new CancellationTokenSource();
        var load = new List<Task>();
        for (var worker = 0; worker < 6; worker++)
            load.Add(Notes(worker % 2 == 0 ? b : c, worker % 2 == 0 ? "B" : "C", key, incidents[worker % incidents.Count], $"w{worker}", acknowledged, stop.Token));
        await Until(() => acknowledged.Count(a => a.Server == "B") >= 40, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20));
        await Task.Delay(Random.Shared.Next(0, 300));
        await b.Kill();
        // C goes on taking appends after B is gone.
        var atKill = acknowledged.Count(a => a.Server == "C");
        await Until(() => acknowledged.Count(a => a.Server == "C") >= atKill + 40, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var kept = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => incidents.Contains(e.IncidentId)).Select(e => new { e.IncidentId, e.Seq, e.Hash }).ToListAsync());
        var byKey = kept.ToDictionary(e => (e.IncidentId, e.Seq), e => e.Hash);
        var lost = acknowledged.Count(a => !(byKey.TryGetValue((a.Incident, a.Seq), out var hash) && hash == a.Hash));
        output.WriteLine($"acknowledged {acknowledged.Count(a => a.Server == "B")} appends on B (killed) and {acknowledged.Count(a => a.Server == "C")} on C; " +
            $"{kept.Count} events of the load's incidents in the database; {lost} acknowledged appends missing");
        Assert.True(acknowledged.Count(a => a.Server == "B") >= 40, "B acknowledged too little before the kill: the load did not run");
        Assert.True(acknowledged.Count(a => a.Server == "C") >= atKill + 40, "C did not go on after B was killed");
        Assert.Equal(0, lost);
        var (exit, text, error) = await CommandLine.Sonae(factory, "verify");
        Assert.True(exit == 0, $"sonae verify after the kill:\n{text}\n{error}");
    }

    private static async Task Notes(ServerProcess server, string name, string key, Guid incident, string worker, ConcurrentBag<(string, Guid, long, string)> acknowledged, CancellationToken stop)
    {
        using var client = server.Client(key);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var response = await client.PostAsJsonAsync($"/api/v1/incidents/{incident}/notes", new { text = $"連携 {worker} {i}" }, stop);
                if (response.StatusCode != HttpStatusCode.OK)
                    continue;
                var appended = (await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("appended")[0];
                acknowledged.Add((name, incident, appended.GetProperty("seq").GetInt64(), appended.GetProperty("hash").GetString()!));
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
            {
                // The server died under this request (or the test stopped): never answered, nothing is owed.
                return;
            }
        }
    }
}

/// <summary>
/// Background work on two real servers on one database, with leases of 3 s: each piece runs on one server only, and
/// passes to the other when its holder is killed.
/// </summary>
public sealed class PostgresSeveralServersLeaseTests(PostgresFactory factory, ITestOutputHelper output) : IClassFixture<PostgresFactory>
{
    private static readonly string[] Settings = ["--Sonae:Cluster:LeaseSeconds=3"];

    [Fact]
    public async Task BackgroundWork_RunsOnOneServer_AndPassesOnWhenItsHolderDies()
    {
        // No in-process server here: the two processes are the only servers on the database.
        await using var first = await ServerProcess.Start(factory, Settings);
        await using var second = await ServerProcess.Start(factory, Settings);
        string[] work = [ClusterLeases.Paging, ClusterLeases.UpdateReminders, ClusterLeases.Checkpoints];
        Dictionary<string, string> holders = [];
        await Until(async () => work.All((holders = await Holders()).ContainsKey), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.All(work, name => Assert.True(holders.ContainsKey(name), $"nobody holds {name}"));
        // Every lease names one of the two servers; whichever took paging first keeps it while it lives.
        int[] pids = [first.Id, second.Id];
        var paging = PidOf(holders[ClusterLeases.Paging]);
        Assert.Contains(paging, pids);
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(holders[ClusterLeases.Paging], (await Holders())[ClusterLeases.Paging]);

        var (holder, other) = paging == first.Id ? (first, second) : (second, first);
        await holder.Kill();
        string? now = null;
        await Until(async () =>
        {
            // Between the kill and the hand-over, nobody holds it (the lease runs out first).
            now = (await Holders()).GetValueOrDefault(ClusterLeases.Paging);
            return now is not null && PidOf(now) == other.Id;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
        output.WriteLine($"paging held by {holders[ClusterLeases.Paging]}, then after the kill by {now}");
        Assert.Equal(other.Id, PidOf(now!));

        // The killed server's log says it ran paging; the survivor's says it took it over only after the kill.
        var log = await other.Stop();
        Assert.Single(log.Split('\n'), l => l.Contains("now runs paging", StringComparison.Ordinal));
    }

    private async Task<Dictionary<string, string>> Holders()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Name\", \"Holder\" FROM \"Leases\" WHERE \"ExpiresAt\" > now()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
            found[reader.GetString(0)] = reader.GetString(1);
        return found;
    }

    private static int PidOf(string holder) => int.Parse(holder.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
}
