using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// What <c>sonae verify</c> and <c>sonae export</c> read below EF Core is what EF Core reads: every column of every
/// event and audit entry, and the incidents' state columns; on SQLite (its own statements, its column functions
/// called straight) and on PostgreSQL (each text as bytes).
/// </summary>
public abstract class RecordReaderTests(SonaeFactory factory)
{
    private RecordReader Open() => RecordReader.Open(factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value);

    [Fact]
    public async Task EveryRow_ReadsAsEfCoreReadsIt()
    {
        var hospital = await factory.AddHospital("読み出し病院 " + Guid.NewGuid().ToString("N")[..6]);
        var reported = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", device = "PC-3W-01", signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);
        var open = reported.GetProperty("incident").GetProperty("incidentId").GetString()!;
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{open}/notes", new { text = "引用符 \" 逆斜線 \\ 改行\n 絵文字 🏥" })).Json(HttpStatusCode.OK);
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "閉じる" })).Json(HttpStatusCode.Created);
        var closed = opened.GetProperty("incidentId").GetString()!;
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{closed}/close", new { reason = "誤報" })).Json(HttpStatusCode.OK);
        // A wrong key: an entry of no organization, who unknown.
        await (await factory.Client("sonae_not-a-real-key").GetAsync("/api/v1/incidents")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await factory.Services.GetRequiredService<AuditLog>().Flush();

        var incidents = await factory.Database(db => db.Incidents.IgnoreQueryFilters().AsNoTracking().Where(i => i.OrganizationId == hospital.Id).ToListAsync());
        var events = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.OrganizationId == hospital.Id)
            .OrderBy(e => e.IncidentId).ThenBy(e => e.Seq).ToListAsync());
        var entries = await factory.Database(db => db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == hospital.Id || e.OrganizationId == Guid.Empty)
            .OrderBy(e => e.OrganizationId == Guid.Empty).ThenBy(e => e.Seq).ToListAsync());
        Assert.Contains(incidents, i => i.Outcome is not null && i.ClosedAt is not null);
        Assert.Contains(entries, e => e.ActorId is null);
        Assert.Contains(entries, e => e.ActorId is not null);

        using var reader = Open();
        var read = (await reader.IncidentsAsync(CancellationToken.None)).Where(i => i.OrganizationId == hospital.Id).ToList();
        Assert.Equal(
            incidents.OrderBy(i => i.Number).Select(i => (i.Id, i.Number, i.LastSeq, i.HeadHash, i.Progress, i.Status, i.Outcome, i.ClosedAt)),
            read.Select(i => (i.Id, i.Number, i.LastSeq, i.HeadHash, i.Progress, i.Status, i.Outcome, i.ClosedAt)));
        Assert.All(read, i => Assert.StartsWith("読み出し病院", i.OrganizationName, StringComparison.Ordinal));

        var rows = new List<(Guid, long, string, DateTimeOffset, string, string, Guid)>();
        foreach (var incident in incidents.OrderBy(i => i.Id))
        {
            using var eventRows = reader.Events(incident.Id);
            while (eventRows.Read())
            {
                var row = eventRows.Current;
                rows.Add((incident.Id, row.Seq, Encoding.UTF8.GetString(row.Type), row.At, Encoding.UTF8.GetString(row.Body), Encoding.UTF8.GetString(row.Hash), row.OrganizationId));
            }
        }
        Assert.Equal(events.Select(e => (e.IncidentId, e.Seq, e.Type, e.At, e.Body, e.Hash, e.OrganizationId)), rows);

        var auditRows = new List<(Guid, long, DateTimeOffset, string?, string?, string, string, int, string?, string, string)>();
        foreach (var organization in new[] { hospital.Id, Guid.Empty })
        {
            using var entryRows = reader.AuditEntries(organization);
            while (entryRows.Read())
            {
                var row = entryRows.Current;
                auditRows.Add((row.Organization, row.Seq, row.At, Text(row.ActorId), Text(row.ActorName), Encoding.UTF8.GetString(row.Action),
                    Encoding.UTF8.GetString(row.Target), row.Status, Text(row.Address), Encoding.UTF8.GetString(row.Prev), Encoding.UTF8.GetString(row.Hash)));
            }
        }
        Assert.Equal(entries.Select(e => (e.OrganizationId, e.Seq, e.At, e.ActorId, e.ActorName, e.Action, e.Target, e.Status, e.Address, e.Prev, e.Hash)), auditRows);
        var (chains, names) = await reader.AuditChainsAsync(CancellationToken.None);
        Assert.Contains((hospital.Id, entries.Where(e => e.OrganizationId == hospital.Id).Max(e => e.Seq)), chains);
        Assert.StartsWith("読み出し病院", names[hospital.Id], StringComparison.Ordinal);
    }

    private static string? Text(Core.Utf8Column column) => column.IsNull ? null : Encoding.UTF8.GetString(column.Value);

    [Fact]
    public async Task AMigrationNotApplied_IsSeen_WithoutTheModel()
    {
        using var reader = Open();
        Assert.True(await reader.HasEveryMigrationAsync(CancellationToken.None));
        var last = await factory.Database(db => db.Database.SqlQueryRaw<string>("""SELECT "MigrationId" AS "Value" FROM "__MigrationsHistory" """).ToListAsync());
        var latest = last.Max(StringComparer.Ordinal)!;
        var version = await factory.Database(db => db.Database.SqlQuery<string>($"""SELECT "ProductVersion" AS "Value" FROM "__MigrationsHistory" WHERE "MigrationId" = {latest}""").SingleAsync());

        await factory.Database(db => db.Database.ExecuteSqlAsync($"""DELETE FROM "__MigrationsHistory" WHERE "MigrationId" = {latest}"""));
        try
        {
            Assert.False(await reader.HasEveryMigrationAsync(CancellationToken.None));
        }
        finally
        {
            await factory.Database(db => db.Database.ExecuteSqlAsync($"""INSERT INTO "__MigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({latest}, {version})"""));
        }
        Assert.True(await reader.HasEveryMigrationAsync(CancellationToken.None));
    }
}

public sealed class SqliteRecordReaderTests(SqliteFactory factory) : RecordReaderTests(factory), IClassFixture<SqliteFactory>
{
    [Fact]
    public void AStoredTime_ReadsAsTheConverterReadsIt()
    {
        var converter = new UtcTextConverter();
        var random = new Random(16);
        var texts = Enumerable.Range(0, 2000)
            .Select(_ => (string)converter.ConvertToProvider(new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero))!)
            .Concat(["0001-01-01 00:00:00.0000000+00:00", "9999-12-31 23:59:59.9999999+00:00", "2028-02-29 12:00:00.0000001+00:00",
                "2026-11-24T05:12:33.123Z", "2026-11-24 05:12:33+09:00", "2026-11-24 05:12:33.1230000+09:00", "2026-11-24 05:12:33.123"]);

        foreach (var text in texts)
            Assert.Equal((DateTimeOffset)converter.ConvertFromProvider(text)!, UtcText.Parse(Encoding.UTF8.GetBytes(text)));
        foreach (var text in new[] { "2026-02-30 05:12:33.1230000+00:00", "2026-11-24 24:00:00.0000000+00:00", "yesterday", "" })
        {
            var expected = Record.Exception(() => converter.ConvertFromProvider(text));
            Assert.IsType(expected!.GetType(), Record.Exception(() => UtcText.Parse(Encoding.UTF8.GetBytes(text))));
        }
    }
}

public sealed class PostgresRecordReaderTests(PostgresFactory factory) : RecordReaderTests(factory), IClassFixture<PostgresFactory>;
