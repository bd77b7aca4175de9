namespace Sonae.Core.Aftercare.Metrics;

/// <summary>One page about an incident, as the notices keep it: when it went out and to whom.</summary>
/// <param name="Number">The page's number in the hospital.</param>
/// <param name="Title">What it was for, as Sonae wrote it.</param>
/// <param name="SentAt">When its first tier was paged.</param>
/// <param name="People">Everyone on it, of every tier (those whose tier never came have no notification time).</param>
public sealed record PageRecord(int Number, string Title, DateTimeOffset SentAt, IReadOnlyList<PagedPerson> People);

/// <summary>One person on a page.</summary>
/// <param name="Name">Their name, as the page recorded it.</param>
/// <param name="Role">The role they were paged in, when the page names one.</param>
/// <param name="Tier">The tier of the escalation they belong to (0: the first called).</param>
/// <param name="NotifiedAt">When they were paged; null when their tier never came.</param>
/// <param name="AcknowledgedAt">When they acknowledged; null when they never did.</param>
public sealed record PagedPerson(string Name, string? Role, int Tier, DateTimeOffset? NotifiedAt, DateTimeOffset? AcknowledgedAt);

/// <summary>How one tier of a page answered.</summary>
/// <param name="Tier">The tier (0: the first called).</param>
/// <param name="People">How many people it has.</param>
/// <param name="NotifiedAt">When the tier was paged (its first person's notification); null when it never was.</param>
/// <param name="FirstAcknowledgedAt">The first acknowledgement by someone of the tier; null when none.</param>
/// <param name="ToFirstAcknowledgement">From the tier being paged to that acknowledgement; null when either is missing.</param>
public sealed record TierTime(int Tier, int People, DateTimeOffset? NotifiedAt, DateTimeOffset? FirstAcknowledgedAt, TimeSpan? ToFirstAcknowledgement);

/// <summary>How long a page took to be answered, by tier, and who was paged and never answered.</summary>
/// <param name="Number">The page's number.</param>
/// <param name="Title">What it was for.</param>
/// <param name="SentAt">When it went out.</param>
/// <param name="FirstAcknowledgedAt">The first acknowledgement by anyone; null when nobody acknowledged.</param>
/// <param name="ToFirstAcknowledgement">From <paramref name="SentAt"/> to that acknowledgement.</param>
/// <param name="AcknowledgedTier">The tier of whoever acknowledged first; null when nobody did.</param>
/// <param name="Tiers">Each tier, from the first called.</param>
/// <param name="NeverAcknowledged">People who were paged (their tier came) and never acknowledged, in tier order.</param>
public sealed record PageTime(
    int Number,
    string Title,
    DateTimeOffset SentAt,
    DateTimeOffset? FirstAcknowledgedAt,
    TimeSpan? ToFirstAcknowledgement,
    int? AcknowledgedTier,
    IReadOnlyList<TierTime> Tiers,
    IReadOnlyList<PagedPerson> NeverAcknowledged)
{
    /// <summary>The times of one page.</summary>
    /// <remarks>
    /// An acknowledgement earlier than the page (clocks of two servers apart) counts as at once, never negative. A
    /// person acknowledged without being notified (someone answered for a tier not yet paged) counts as acknowledged.
    /// </remarks>
    public static PageTime Of(PageRecord page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var first = page.People.Where(p => p.AcknowledgedAt is not null).MinBy(p => p.AcknowledgedAt);
        var tiers = page.People.GroupBy(p => p.Tier).OrderBy(g => g.Key).Select(g =>
        {
            var notified = g.Min(p => p.NotifiedAt);
            var acknowledged = g.Min(p => p.AcknowledgedAt);
            return new TierTime(g.Key, g.Count(), notified, acknowledged, Durations.Between(notified, acknowledged));
        }).ToList();
        var never = page.People.Where(p => p.NotifiedAt is not null && p.AcknowledgedAt is null).OrderBy(p => p.Tier).ToList();
        return new PageTime(page.Number, page.Title, page.SentAt, first?.AcknowledgedAt, Durations.Between(page.SentAt, first?.AcknowledgedAt), first?.Tier, tiers, never);
    }
}
