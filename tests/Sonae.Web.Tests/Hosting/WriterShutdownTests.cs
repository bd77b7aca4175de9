using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// A server stopped while its record writer and its audit log still hold queued work (an update, a restart at
/// night) shuts both down by the same rule: what they took is written before the database is let go, every waiter
/// is answered, and what comes after the stop is refused at once. A second server on the same database plays the
/// one that stops.
/// </summary>
public abstract class WriterShutdownTests(SonaeFactory factory)
{
    [Fact]
    public async Task Stop_RecordWriterAndAuditLog_WriteWhatTheyTook_AnswerEveryone_AndRefuseWhatComesAfter()
    {
        const int Queued = 200;
        var organization = (await factory.AddHospital("停止病院 " + Guid.NewGuid().ToString("N")[..6])).Id;
        var caller = new Caller(organization, new Actor("test", "停止前", new HashSet<Role> { Role.SecurityOfficer }));
        AuditRecord Entry(string action, int i) => new(organization, DateTimeOffset.UtcNow, "test", "停止前", action, $"/entry/{i}", 200, null);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var stopping = factory.Sibling(DateTimeOffset.UtcNow);
        var writer = stopping.Services.GetRequiredService<RecordWriter>();
        var log = stopping.Services.GetRequiredService<AuditLog>();
        // The first command holds the writer until the server is stopping; the others queue behind it.
        var commands = Enumerable.Range(0, Queued).Select(i => writer.Submit(caller, async (db, ct) =>
        {
            if (i == 0)
                await gate.Task;
            await AuditChains.Append(db, [Entry("queued-command", i)], ct);
            return new CommandOutcome.NotFound();
        }, CancellationToken.None)).ToList();
        for (var i = 0; i < Queued; i++)
            log.Record(Entry("queued-entry", i));
        var disposed = stopping.DisposeAsync().AsTask();
        gate.SetResult();
        await disposed;

        Assert.All(commands, c => Assert.True(c.IsCompletedSuccessfully));
        Assert.All(await Task.WhenAll(commands), outcome => Assert.IsType<CommandOutcome.NotFound>(outcome));
        Assert.IsType<CommandOutcome.Overloaded>(await writer.Submit(caller, (db, ct) => Task.FromResult<CommandOutcome>(new CommandOutcome.NotFound()), CancellationToken.None));
        await Assert.ThrowsAsync<AuditNotSavedException>(() => log.Save(Entry("after-stop", 0)));
        var rows = await factory.Database(db => db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organization).OrderBy(e => e.Seq).ToListAsync());
        Assert.Equal(Enumerable.Range(0, Queued).Select(i => $"/entry/{i}"), rows.Where(r => r.Action == "queued-command").Select(r => r.Target));
        Assert.Equal(Enumerable.Range(0, Queued).Select(i => $"/entry/{i}"), rows.Where(r => r.Action == "queued-entry").Select(r => r.Target));
        Assert.DoesNotContain(rows, r => r.Action == "after-stop");
        Assert.Null(Sonae.Core.Audit.AuditVerifier.Check(organization, rows.Select(r => (r.ToEntry(), r.Hash))));
    }
}

public sealed class SqliteWriterShutdownTests(SqliteFactory factory) : WriterShutdownTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresWriterShutdownTests(PostgresFactory factory) : WriterShutdownTests(factory), IClassFixture<PostgresFactory>;
