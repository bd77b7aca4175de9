namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// How the rest of Sonae has something sent, the whole contract: add <c>OutboxMessageRow</c>s
/// (<c>Channel</c> <c>email</c> with <c>Target</c> the address, or <c>webhook</c> with <c>Target</c> the id of one of
/// the hospital's webhooks; <c>Subject</c>, <c>Body</c> as the recipient reads it, <c>Link</c> if any, <c>DueAt</c>
/// now or later, <c>CreatedAt</c> now) in the SAME transaction as whatever caused them, so that a crash loses none;
/// then, after the commit, call <see cref="Wake"/> so that <see cref="OutboxDispatcher"/> sends them at once instead
/// of at its next look at the table. Forgetting <see cref="Wake"/> only delays them by a few seconds; a message
/// queued by another server is found by that look too. Nothing else is needed: never send from a request.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Tells the dispatcher that there is something to send. Cheap, never blocks; wakes of a burst merge into one.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake is already waiting to be taken: this one adds nothing.
        }
    }

    /// <summary>Waits for a wake, at most <paramref name="timeout"/>.</summary>
    public void Dispose() => _wake.Dispose();

    internal Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
