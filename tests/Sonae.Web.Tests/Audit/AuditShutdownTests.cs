using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Audit;

/// <summary>
/// A server stopped while its audit queue is full of entries (an update, a restart at night) saves them all before
/// it lets go of the database: the log loses nothing on an orderly shutdown.
/// </summary>
public sealed class AuditShutdownTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sonae-audit-").FullName;

    [Fact]
    public async Task Shutdown_SavesEverythingStillQueued_InOneUnbrokenChain()
    {
        const int Queued = 3000;
        Guid organization;
        await using (var server = SqliteFactory.In(_directory))
        {
            organization = (await server.AddHospital("停止病院")).Id;
            var log = server.Services.GetRequiredService<AuditLog>();
            for (var i = 0; i < Queued; i++)
                log.Record(new AuditRecord(organization, DateTimeOffset.UtcNow, "test", "停止前", "test-entry", $"/entry/{i}", 200, null));
            // No Flush: the server is stopped and disposed with the entries still waiting.
        }

        await using var restarted = SqliteFactory.In(_directory);
        var rows = await restarted.Database(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganizationId == organization).OrderBy(e => e.Seq).ToListAsync());
        Assert.Equal(Enumerable.Range(0, Queued).Select(i => $"/entry/{i}"), rows.Where(r => r.Action == "test-entry").Select(r => r.Target));
        Assert.Null(Sonae.Core.Audit.AuditVerifier.Check(organization, rows.Select(r => (r.ToEntry(), r.Hash))));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
