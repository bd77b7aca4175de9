using Microsoft.EntityFrameworkCore;
using Sonae.Data;

namespace Sonae.Web.Audit;

/// <summary>What the audit log is told: who did what to which address, with what result, from where.</summary>
public sealed record AuditRecord(Guid Organization, DateTimeOffset At, string? ActorId, string? ActorName, string Action, string Target, int Status, string? Address);

/// <summary>
/// Writes the audit log's entries that are not part of another transaction: refusals, sign-ins, audited reads, and
/// changes outside the incident record. Entries queue here; one writer saves whatever is waiting in one transaction
/// (group commit), and whoever waits on an entry (<see cref="Save"/>: the request, before its answer starts) learns
/// when it is in the database. A change of an incident record has its entry saved with its events instead
/// (<see cref="RecordWriter"/>). On a shutdown the queue is emptied into the database after the server has stopped
/// taking requests (<see cref="Hosting.BackgroundWriter{T}"/>, as the record writer does). What is lost when the
/// process dies is only what is queued and not waited on: entries of requests whose answer had not started yet (see
/// docs/security.md).
/// </summary>
public sealed partial class AuditLog(IServiceScopeFactory scopes, Health.StorageHealth storage, ILogger<AuditLog> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The most entries saved in one transaction.</summary>
    public const int MaxBatch = 500;

    /// <summary>Entries that may wait at once; beyond that one is refused at once (and logged), never silently dropped.</summary>
    public const int MaxWaiting = 100_000;

    private Hosting.BackgroundWriter<(AuditRecord? Record, TaskCompletionSource? Done)>? _queue;

    // A batch that failed since the last flush was answered: the next flush must say so, even when the batch it
    // arrives in is empty or saved (the writer may wake between a record and the flush that follows it). Only the
    // writer's loop touches these.
    private Exception? _unsaved;
    private int _unsavedCount;

    /// <summary>The queue and its loop, made on first use (its handlers are this log's own methods).</summary>
    private Hosting.BackgroundWriter<(AuditRecord? Record, TaskCompletionSource? Done)> Queue =>
        LazyInitializer.EnsureInitialized(ref _queue, () => new(MaxWaiting, MaxBatch, Write, (item, e) => item.Done?.TrySetException(new AuditNotSavedException(1, e))));

    /// <summary>Entries queued and not written yet.</summary>
    public int Waiting => _queue?.Waiting ?? 0;

    /// <summary>Queues an entry without waiting for it (the console's verbs flush before they exit).</summary>
    public void Record(AuditRecord record)
    {
        if (!Queue.TryQueue((record, null)))
            LogDropped(logger, record.Action, TargetKind(record.Target));
    }

    /// <summary>Queues an entry; completes when it is in the database, or fails with <see cref="AuditNotSavedException"/>.</summary>
    public Task Save(AuditRecord record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Queue.TryQueue((record, done)))
            return done.Task;
        LogDropped(logger, record.Action, TargetKind(record.Target));
        return Task.FromException(new AuditNotSavedException(1, new InvalidOperationException("The audit queue is full or shut.")));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Queue.Start();
        return Task.CompletedTask;
    }

    /// <summary>Saves what is queued; the host calls it after the server has stopped, while the database is still there.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Queue.StopAsync(cancellationToken);

    /// <summary>Completes when everything recorded before it is saved (tests, and the CLI before it exits).</summary>
    public Task Flush()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Queue.TryQueue((null, done)) ? done.Task : Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => Queue.DisposeAsync();

    /// <summary>Saves a batch's entries and answers whoever waits on them, and on a flush in it.</summary>
    private async Task Write(List<(AuditRecord? Record, TaskCompletionSource? Done)> items)
    {
        var batch = items.Where(i => i.Record is not null).Select(i => i.Record!).ToList();
        var failure = batch.Count > 0 ? await SaveBatch(batch) : null;
        if (failure is not null)
        {
            _unsaved ??= failure;
            _unsavedCount += batch.Count;
        }
        foreach (var (_, waiting) in items.Where(i => i.Record is not null && i.Done is not null))
        {
            if (failure is null)
                waiting!.TrySetResult();
            else
                waiting!.TrySetException(new AuditNotSavedException(1, failure));
        }
        var flushed = items.Where(i => i.Record is null).Select(i => i.Done!).ToList();
        if (flushed.Count == 0)
            return;
        // Whoever waits on a flush (the command line before it exits) learns that entries were not kept.
        foreach (var done in flushed)
        {
            if (_unsaved is null)
                done.TrySetResult();
            else
                done.TrySetException(new AuditNotSavedException(_unsavedCount, _unsaved));
        }
        _unsaved = null;
        _unsavedCount = 0;
    }

    /// <summary>Saves the batch in one transaction; gives the error when it could not, after logging it.</summary>
    private async Task<Exception?> SaveBatch(List<AuditRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
                using var writer = await db.EnterWriterAsync(CancellationToken.None);
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await AuditChains.Append(db, batch, CancellationToken.None);
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                storage.Wrote(Health.StoragePlace.Database);
                return null;
            }
            catch (DbUpdateException e) when (attempt < 5 && StorageRegistration.IsUniqueViolation(e))
            {
                // Another process appended to one of these chains without holding it (the console on SQLite): again.
                LogRetry(logger, attempt, e.Message);
            }
#pragma warning disable CA1031 // Whatever went wrong is logged and told to whoever waits; the writer goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (StorageFailures.IsFull(e))
                    storage.Refused(e);
                else
                    LogFailed(logger, batch.Count, e);
                return e;
            }
        }
    }

    /// <summary>What kind of thing the target is (<c>account</c> of <c>account:NAME</c>): a log never names a person.</summary>
    private static string TargetKind(string target) => target.Split(':', 2)[0];

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit queue is full or shut: an entry for {Action} on {TargetKind} was dropped.")]
    private static partial void LogDropped(ILogger logger, string action, string targetKind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entries lost a race (attempt {Attempt}): {Message}")]
    private static partial void LogRetry(ILogger logger, int attempt, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries could not be saved.")]
    private static partial void LogFailed(ILogger logger, int count, Exception exception);
}

/// <summary>Entries given to the audit log could not be saved (a flush says so to whoever waits on it).</summary>
public sealed class AuditNotSavedException(int count, Exception cause)
    : Exception($"{count} audit entries could not be saved: {cause.Message}", cause);

/// <summary>Marks a read endpoint whose use is audited (downloads of evidence, reports, manifests, exports).</summary>
public sealed class AuditedRead;
