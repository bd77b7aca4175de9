namespace Sonae.Core.Notices;

/// <summary>What happens to a message after a failed attempt: tried again at <see cref="RetryAt"/>, or given up.</summary>
/// <param name="RetryAt">When to try again; null when Sonae gives up.</param>
public sealed record DeliveryRetry(DateTimeOffset? RetryAt)
{
    /// <summary>Whether Sonae stops trying.</summary>
    public bool GivesUp => RetryAt is null;
}

/// <summary>
/// When a message that could not be sent is tried again: soon at first (a mail server restarting, a network blip),
/// then less and less often, so that a channel that is down for hours is asked every half hour rather than hammered,
/// and never later than half an hour, so that the message still arrives soon after the channel comes back. After a
/// day of failures Sonae gives up on the message: a page a day late is no longer a page, and the notice's page shows
/// it as failed.
/// </summary>
public static class DeliverySchedule
{
    /// <summary>How long after a message was queued the last attempt may be.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    /// <summary>The wait after the 1st, 2nd … failure; every later failure waits as long as the last one.</summary>
    private static readonly TimeSpan[] Waits =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
    ];

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (zero before any).</summary>
    public static TimeSpan Wait(int failures) =>
        failures <= 0 ? TimeSpan.Zero : Waits[Math.Min(failures, Waits.Length) - 1];

    /// <summary>
    /// What follows a failure at <paramref name="now"/>, the <paramref name="failures"/>-th (this one included) of a
    /// message queued at <paramref name="queuedAt"/>: another attempt after <see cref="Wait"/>, or, once a day has
    /// passed since it was queued, none.
    /// </summary>
    public static DeliveryRetry AfterFailure(int failures, DateTimeOffset queuedAt, DateTimeOffset now) =>
        now - queuedAt >= GiveUpAfter ? new DeliveryRetry(null) : new DeliveryRetry(now + Wait(failures));

    /// <summary>
    /// When the last failure of a message happened, from what its row keeps: the time it is due again less the wait
    /// its failures gave it (the row keeps no time of its own for the failure).
    /// </summary>
    public static DateTimeOffset LastFailedAt(int failures, DateTimeOffset dueAt) => dueAt - Wait(failures);
}
