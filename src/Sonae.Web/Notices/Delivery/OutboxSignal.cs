namespace Sonae.Web.Notices;

/// <summary>
/// Tells this server's dispatcher that messages were queued, so it sends them now instead of at its next poll.
/// Whoever queues <see cref="Data.Notices.OutboxMessageRow"/>s does it in the transaction of what caused them and
/// calls <see cref="Wake"/> after the commit; a server that never hears it (another one queued) finds them by polling.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _queued = new(0, 1);

    public void Wake()
    {
        try
        {
            _queued.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the dispatcher reads everything that is due when it wakes.
        }
    }

    public void Dispose() => _queued.Dispose();

    /// <summary>Completes when woken, or after <paramref name="poll"/>.</summary>
    public Task<bool> Wait(TimeSpan poll, CancellationToken cancellationToken) => _queued.WaitAsync(poll, cancellationToken);
}
