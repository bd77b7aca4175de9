using System.Threading.Channels;

namespace Sonae.Web.Hosting;

/// <summary>
/// Work that callers queue and one background loop writes in batches, one transaction a batch (group commit): the
/// record writer's commands and the audit log's entries. The loop starts with the first item (or the host).
/// </summary>
/// <remarks>
/// One shutdown rule, the same for every writer: once <see cref="StopAsync"/> (the host's, after the server has
/// stopped taking requests) or <see cref="DisposeAsync"/> begins, nothing more is taken (<see cref="TryQueue"/>
/// answers false, so the caller answers at once); everything taken before is written, batch by batch, to the end;
/// and every item's waiter is answered, with its result from <c>write</c> or with the failure that escaped it
/// (<c>fail</c>). A full queue refuses the same way, at once: nobody waits on an item that was dropped.
/// </remarks>
/// <param name="capacity">Items that may wait at once.</param>
/// <param name="maxBatch">The most items written in one batch.</param>
/// <param name="write">Writes a batch and answers the waiter of each of its items.</param>
/// <param name="fail">Answers an item's waiter with a failure that escaped <paramref name="write"/>.</param>
/// <param name="joins">Whether an item may be written in the same transaction as the batch so far (never empty); all may when null.</param>
public sealed class BackgroundWriter<T>(int capacity, int maxBatch, Func<List<T>, Task> write, Action<T, Exception> fail, Func<IReadOnlyList<T>, T, bool>? joins = null) : IAsyncDisposable
{
    private readonly Channel<T> _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _start = new();
    private Task? _loop;

    /// <summary>Queues an item; false when the queue is full or shut down (its waiter is then the caller's to answer).</summary>
    public bool TryQueue(T item)
    {
        Start();
        return _queue.Writer.TryWrite(item);
    }

    /// <summary>Items queued and not taken by the loop yet (for the metrics).</summary>
    public int Waiting => _queue.Reader.Count;

    public void Start()
    {
        if (_loop is not null)
            return;
        lock (_start)
        {
            // Not in the context of the request that happened to start it: its logging scope (an incident's number)
            // and its activity would otherwise follow every batch the loop ever writes.
            using (ExecutionContext.SuppressFlow())
                _loop ??= Task.Run(Loop);
        }
    }

    /// <summary>Stops taking work; completes once everything taken is written and answered (or the caller stops waiting).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
            await _loop.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task Loop()
    {
        var batch = new List<T>(maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < maxBatch && _queue.Reader.TryPeek(out var next) && (batch.Count == 0 || joins is null || joins(batch, next)) && _queue.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                await write(batch);
            }
#pragma warning disable CA1031 // Whatever escaped is each waiter's answer; the loop goes on with the next batch.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var item in batch)
                    fail(item, e);
            }
        }
    }
}
