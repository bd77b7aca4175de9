namespace Sonae.Core.Incidents;

/// <summary>An event whose time is earlier than the event before it in the same incident's record.</summary>
public sealed record BackwardsTime(long Seq, DateTimeOffset At, long PreviousSeq, DateTimeOffset PreviousAt);

/// <summary>
/// The order of an incident's times. Sonae writes them never running backwards (<see cref="EventChain.Append"/>);
/// a record whose times do was written by an older Sonae on servers whose clocks differed, or changed by hand.
/// </summary>
public static class EventTimes
{
    /// <summary>
    /// The first event, in the order given (the record's: by sequence), whose time is earlier than the one before
    /// it; null when none is. Equal times are in order (a decision's events share one time).
    /// </summary>
    public static BackwardsTime? FirstBackwards(IEnumerable<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        StoredEvent? previous = null;
        foreach (var stored in events)
        {
            if (previous is { } before && Between(before, stored) is { } backwards)
                return backwards;
            previous = stored;
        }
        return null;
    }

    /// <summary>The backwards time between an event and the one after it, or null when they are in order.</summary>
    public static BackwardsTime? Between(StoredEvent before, StoredEvent next) => Between(before.Seq, before.At, next.Seq, next.At);

    /// <summary>The backwards time between event <paramref name="beforeSeq"/> and event <paramref name="seq"/> after it, or null when they are in order.</summary>
    public static BackwardsTime? Between(long beforeSeq, DateTimeOffset beforeAt, long seq, DateTimeOffset at) =>
        at < beforeAt ? new BackwardsTime(seq, at, beforeSeq, beforeAt) : null;
}
