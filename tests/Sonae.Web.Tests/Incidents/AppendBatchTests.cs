using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// The record writer runs the commands waiting for one hospital as one transaction, and reads the incidents they append
/// to in one query (<see cref="SonaeDbContext.HoldIncidentsAsync"/>), through the caller's filters: another hospital's
/// incident, one a vendor is not invited to, and one that does not exist stay unread, and each command still gets its
/// own answer from its own read. On PostgreSQL the held rows stay locked until the transaction ends.
/// </summary>
public abstract class AppendBatchTests(SonaeFactory factory, RecordReads reads)
{
    /// <summary>A new hospital with <paramref name="count"/> incidents opened by its officer: their ids.</summary>
    protected async Task<(Hospital Hospital, Guid[] Ids)> HospitalWith(int count)
    {
        var hospital = await factory.AddHospital("一括病院 " + Guid.NewGuid().ToString("N")[..6]);
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = $"端末の異常 {i}", source = "alert" })).Json(HttpStatusCode.Created);
            ids[i] = Guid.Parse(created.GetProperty("incidentId").GetString()!);
        }
        return (hospital, ids);
    }

    /// <summary>A writer's unit of work inside <paramref name="organization"/>'s scope, its transaction begun.</summary>
    protected static async Task<(SonaeDbContext Db, IAsyncDisposable Done)> WriterIn(IServiceProvider services, Guid organization, IReadOnlyCollection<Guid>? visible = null)
    {
        var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var gate = await db.EnterWriterAsync(CancellationToken.None);
        var transaction = await db.Database.BeginTransactionAsync();
        db.Scope.Enter(organization, visible);
        return (db, new Done(async () =>
        {
            await transaction.DisposeAsync();
            gate.Dispose();
            await scope.DisposeAsync();
        }));
    }

    [Fact]
    public async Task ABatchsIncidents_AreReadInOneQuery_AndEachCommandFindsItsOwnHeld()
    {
        var (hospital, ids) = await HospitalWith(3);
        var (_, elsewhere) = await HospitalWith(1);
        var (db, done) = await WriterIn(factory.Services, hospital.Id);
        await using (done)
        {
            var found = new List<Incident?>();
            var read = await reads.During(async () =>
            {
                await db.HoldIncidentsAsync([ids[2], elsewhere[0], Guid.CreateVersion7(), ids[0], ids[1]], CancellationToken.None);
                foreach (var id in ids)
                    found.Add(await db.IncidentForAppendAsync(id, CancellationToken.None));
            });

            Assert.Equal(ids.Cast<Guid?>(), found.Select(incident => incident?.Id));
            // One query, by the ids alone: the hospital's three and the other hospital's one (let go), then no more.
            Assert.Equal(ids.Length + 2, Assert.Single(read).Reads);
            Assert.Null(await db.IncidentForAppendAsync(elsewhere[0], CancellationToken.None));
        }
    }

    [Fact]
    public async Task AVendorsBatch_HoldsOnlyTheIncidentsTheyAreInvitedTo()
    {
        var (hospital, ids) = await HospitalWith(2);
        var (db, done) = await WriterIn(factory.Services, hospital.Id, [ids[0]]);
        await using (done)
        {
            await db.HoldIncidentsAsync(ids, CancellationToken.None);

            Assert.Equal(ids[0], (await db.IncidentForAppendAsync(ids[0], CancellationToken.None))?.Id);
            Assert.Null(await db.IncidentForAppendAsync(ids[1], CancellationToken.None));
        }
    }

    [Fact]
    public async Task AHeldIncident_IsNotHandedToACallerWhoMayNotSeeIt()
    {
        var (hospital, ids) = await HospitalWith(2);
        var (db, done) = await WriterIn(factory.Services, hospital.Id);
        await using (done)
        {
            await db.HoldIncidentsAsync(ids, CancellationToken.None);
            db.Scope.LimitIncidentsTo([ids[0]]);

            Assert.Equal(ids[0], (await db.IncidentForAppendAsync(ids[0], CancellationToken.None))?.Id);
            Assert.Null(await db.IncidentForAppendAsync(ids[1], CancellationToken.None));
        }
    }

    [Fact]
    public async Task NotesOnManyIncidentsAtOnce_AreAllRecorded_InUnbrokenChains()
    {
        var (hospital, ids) = await HospitalWith(8);
        const int Each = 6;
        var posts = Enumerable.Range(0, ids.Length * Each).Select(async i =>
            (await hospital.Officer.PostJson($"/api/v1/incidents/{ids[i % ids.Length]}/notes", new { text = $"同時のメモ {i}" })).StatusCode);

        Assert.All(await Task.WhenAll(posts), status => Assert.Equal(HttpStatusCode.OK, status));
        foreach (var id in ids)
        {
            var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}/events")).Json(HttpStatusCode.OK);
            var seqs = events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).Order().ToList();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(s => (long)s), seqs);
            Assert.Equal(Each, events.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "note-added"));
        }
    }

    private sealed class Done(Func<Task> done) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await done();
    }
}

public sealed class SqliteAppendBatchTests(RecordReadingSqliteFactory factory) : AppendBatchTests(factory, factory.Reads), IClassFixture<RecordReadingSqliteFactory>
{
    private readonly RecordReadingSqliteFactory _factory = factory;

    /// <summary>
    /// SQLite's planner, given the organization's filter beside a list of ids, walks the organization's index (every
    /// incident it ever had) rather than looking the ids up; the batch's read must look them up by the primary key.
    /// </summary>
    [Fact]
    public async Task ABatchsRead_LooksTheIncidentsUpByTheirKeys_NotByTheHospitalsIndex()
    {
        var (hospital, ids) = await HospitalWith(3);
        var (db, done) = await WriterIn(_factory.Services, hospital.Id);
        await using (done)
        {
            var read = Assert.Single(await _factory.Reads.During(() => db.HoldIncidentsAsync(ids, CancellationToken.None)));

            var plan = string.Join("\n", _factory.Plan(read));
            Assert.Contains("sqlite_autoindex_Incidents_1 (Id=?)", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("OrganizationId", plan, StringComparison.Ordinal);
        }
    }
}

public sealed class PostgresAppendBatchTests(RecordReadingPostgresFactory factory) : AppendBatchTests(factory, factory.Reads), IClassFixture<RecordReadingPostgresFactory>
{
    private readonly RecordReadingPostgresFactory _factory = factory;

    [Fact]
    public async Task HeldIncidents_StayLocked_UntilTheBatchsTransactionEnds()
    {
        var (hospital, ids) = await HospitalWith(2);
        var (db, done) = await WriterIn(_factory.Services, hospital.Id);
        await using (done)
        {
            await db.HoldIncidentsAsync(ids, CancellationToken.None);

            await using var other = new NpgsqlConnection(_factory.ConnectionString);
            await other.OpenAsync();
            foreach (var id in ids)
            {
                await using var tryLock = new NpgsqlCommand("SELECT 1 FROM \"Incidents\" WHERE \"Id\" = @id FOR UPDATE NOWAIT", other);
                tryLock.Parameters.AddWithValue("id", id);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => tryLock.ExecuteScalarAsync());
                Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
            }
        }
        await using var after = new NpgsqlConnection(_factory.ConnectionString);
        await after.OpenAsync();
        await using var locked = new NpgsqlCommand("SELECT count(*) FROM (SELECT 1 FROM \"Incidents\" WHERE \"Id\" = ANY(@ids) FOR UPDATE NOWAIT) AS free", after);
        locked.Parameters.AddWithValue("ids", ids);
        Assert.Equal(2L, await locked.ExecuteScalarAsync());
    }
}
