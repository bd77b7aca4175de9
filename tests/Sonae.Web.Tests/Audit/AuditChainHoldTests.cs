using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sonae.Data;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Audit;

/// <summary>
/// On PostgreSQL several servers may share one database: a writer appending to an organization's audit chain holds it
/// until its transaction ends, and the next one reads the end the first left (the hold and the read are one round
/// trip). Without the hold, both would read the same end and the second commit would fail on the entry's number.
/// </summary>
public sealed class PostgresAuditChainHoldTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [Fact]
    public async Task ASecondWriter_WaitsForTheFirstsCommit_AndContinuesTheChainFromItsEnd()
    {
        var organization = (await factory.AddHospital("共有病院")).Id;
        AuditRecord Entry(string target) => new(organization, DateTimeOffset.UtcNow, "test", "保持", "test-entry", target, 200, null);

        await using var first = factory.Services.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<SonaeDbContext>();
        await using var firstTransaction = await firstDb.Database.BeginTransactionAsync();
        await AuditChains.Append(firstDb, [Entry("/first")], CancellationToken.None);
        await firstDb.SaveChangesAsync();

        var second = Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await AuditChains.Append(db, [Entry("/second")], CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });
        await WaitUntilABackendWaitsForAnAdvisoryLock();
        Assert.False(second.IsCompleted);
        await firstTransaction.CommitAsync();
        await second;

        var rows = await factory.Database(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganizationId == organization).OrderBy(e => e.Seq).ToListAsync());
        Assert.Equal(["/first", "/second"], rows.Where(r => r.Action == "test-entry").Select(r => r.Target));
        Assert.Null(Sonae.Core.Audit.AuditVerifier.Check(organization, rows.Select(r => (r.ToEntry(), r.Hash))));
    }

    private async Task WaitUntilABackendWaitsForAnAdvisoryLock()
    {
        var connectionString = await factory.Database(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        for (var look = 0; look < 600; look++)
        {
            if ((long)(await waiting.ExecuteScalarAsync())! > 0)
                return;
            await Task.Delay(50);
        }
        Assert.Fail("The second writer never waited for the chain.");
    }
}
