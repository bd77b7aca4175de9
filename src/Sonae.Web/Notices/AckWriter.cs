using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Web.Audit;
using Sonae.Web.Hosting;

namespace Sonae.Web.Notices;

/// <summary>
/// Writes notices' acknowledgements in batches, one transaction a batch: when a ward's staff all tap their links at
/// once, thousands of single-row updates would each wait for the database's one writer (SQLite) and its flush to
/// disk; a batch waits once. Each acknowledgement keeps its own time, and only the first one of a person counts (the
/// update finds the row still unacknowledged). A page's acknowledgement is not written here: it also goes on the
/// incident's record, through the record writer. The request's audit entry is saved in the same transaction, as the
/// record writer saves a command's: one commit, and no acknowledgement without the entry that says who made it.
/// </summary>
public sealed class AckWriter : IAsyncDisposable
{
    public const int MaxWaiting = 20_000;
    public const int MaxBatch = 256;

    private readonly IServiceScopeFactory _scopes;
    private readonly BackgroundWriter<Item> _writer;

    public AckWriter(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _writer = new BackgroundWriter<Item>(MaxWaiting, MaxBatch, Write, (item, e) => item.Done.TrySetException(e));
    }

    /// <summary>Acknowledges for the recipient at <paramref name="at"/>: true when this was their first acknowledgement.</summary>
    /// <exception cref="InvalidOperationException">Too many acknowledgements wait already, or the server is stopping.</exception>
    public Task<bool> Mark(Guid recipientId, string via, DateTimeOffset at, RequestAudit? audit)
    {
        var item = new Item(recipientId, via, at, audit, audit?.ForChange(), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _writer.TryQueue(item) ? item.Done.Task : throw new InvalidOperationException("Too many acknowledgements are waiting to be written.");
    }

    private async Task Write(List<Item> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var answers = new bool[batch.Count];
        using (await db.EnterWriterAsync(CancellationToken.None))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await Acknowledge(db, batch, answers);
            AuditRecord[] entries = [.. batch.Select(i => i.Entry).OfType<AuditRecord>()];
            if (entries.Length > 0)
            {
                await AuditChains.Append(db, entries, CancellationToken.None);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is { Audit: { } audit, Entry: { } entry })
                audit.Saved(entry);
            batch[i].Done.TrySetResult(answers[i]);
        }
    }

    /// <summary>
    /// The batch's updates: on PostgreSQL one statement for all (a round trip each would make the batch, and every
    /// request waiting on it, as long as its size); on SQLite, in the same process, one statement each.
    /// </summary>
    private static async Task Acknowledge(SonaeDbContext db, List<Item> batch, bool[] answers)
    {
        if (db is PostgresSonaeDbContext)
        {
            // A person twice in one batch (two taps at once): their first tap is the acknowledgement, the second finds it done.
            var firsts = batch.DistinctBy(i => i.RecipientId).ToList();
            Guid[] ids = [.. firsts.Select(i => i.RecipientId)];
            DateTimeOffset[] times = [.. firsts.Select(i => i.At.ToUniversalTime())];
            string[] vias = [.. firsts.Select(i => i.Via)];
            var first = (await db.Database.SqlQuery<Guid>($"""
                UPDATE "NoticeRecipients" AS r SET "AcknowledgedAt" = v.at, "AcknowledgedVia" = v.via
                FROM unnest({ids}, {times}, {vias}) AS v(id, at, via)
                WHERE r."Id" = v.id AND r."AcknowledgedAt" IS NULL
                RETURNING r."Id" AS "Value"
                """).ToListAsync()).ToHashSet();
            for (var i = 0; i < batch.Count; i++)
                answers[i] = first.Remove(batch[i].RecipientId);
            return;
        }
        var recipients = db.NoticeRecipients.IgnoreQueryFilters([SonaeDbContext.TenantFilter]);
        for (var i = 0; i < batch.Count; i++)
        {
            var (id, via, at, _, _, _) = batch[i];
            answers[i] = await recipients.Where(r => r.Id == id && r.AcknowledgedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.AcknowledgedAt, at).SetProperty(r => r.AcknowledgedVia, via)) == 1;
        }
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private sealed record Item(Guid RecipientId, string Via, DateTimeOffset At, RequestAudit? Audit, AuditRecord? Entry, TaskCompletionSource<bool> Done);
}
