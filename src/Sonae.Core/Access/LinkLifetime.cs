namespace Sonae.Core.Access;

/// <summary>
/// How long one kind of secret link works (a vendor's link to a contractor instruction, to a checklist form): the days
/// it lasts when its maker does not say, and the most they may choose. Where the link stands is
/// <see cref="SignInRules.Invitation"/>'s, as for an incident invitation.
/// </summary>
public sealed record LinkLifetime
{
    /// <param name="defaultDays">The days a link lasts when its maker does not say (1 to <paramref name="maxDays"/>).</param>
    /// <param name="maxDays">The most days a maker may choose (1 or more).</param>
    public LinkLifetime(int defaultDays, int maxDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultDays, maxDays);
        DefaultDays = defaultDays;
        MaxDays = maxDays;
    }

    /// <summary>The days a link lasts when its maker does not say.</summary>
    public int DefaultDays { get; }

    /// <summary>The most days a maker may choose.</summary>
    public int MaxDays { get; }

    /// <summary>Whether a maker may choose <paramref name="days"/> (1 to <see cref="MaxDays"/>, both inclusive).</summary>
    public bool Allows(int days) => days >= 1 && days <= MaxDays;

    /// <summary>When a link made at <paramref name="now"/> for <paramref name="days"/> (the default when null) stops working.</summary>
    public DateTimeOffset End(DateTimeOffset now, int? days) => now.AddDays(days ?? DefaultDays);
}
