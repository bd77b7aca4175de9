namespace Sonae.Core.Incidents;

/// <summary>
/// What a time a caller gives (since when a problem was seen, the moment of awareness, when evidence was collected)
/// may be: not ahead of the server's clock by more than a terminal's drift, and not further back than a year. A
/// typo (0001, 1900) would otherwise become the moment of awareness and put every legal deadline in the past. The
/// bound is the server's clock, not the day the hospital registered: a problem may have begun before Sonae did.
/// </summary>
public static class CallerTimes
{
    /// <summary>The furthest back a caller's time may be.</summary>
    public static readonly TimeSpan LongestAgo = TimeSpan.FromDays(366);

    /// <summary>The refusal of <paramref name="at"/> for <paramref name="field"/>, or null when it may stand (or is not given).</summary>
    /// <param name="skew">How far ahead of <paramref name="now"/> a clock may run.</param>
    /// <param name="field">The field's name in the request, for the refusal.</param>
    /// <param name="at">The time the caller gave, if any.</param>
    /// <param name="now">The clock.</param>
    public static FieldRefused? Check(string field, DateTimeOffset? at, DateTimeOffset now, TimeSpan skew)
    {
        if (at is not { } time)
            return null;
        if (time > now + skew)
            return new FieldRefused(field, FieldProblem.InTheFuture);
        return time < now - LongestAgo ? new FieldRefused(field, FieldProblem.TooLongAgo, (int)LongestAgo.TotalDays) : null;
    }
}
