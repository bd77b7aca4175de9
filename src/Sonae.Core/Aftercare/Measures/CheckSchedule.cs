namespace Sonae.Core.Aftercare.Measures;

/// <summary>
/// When a contractor's compliance with an instruction (4-8) is checked: every so many months from the day the
/// instruction was issued, or on a fixed list of days. Exactly one of the two.
/// </summary>
public sealed record CheckSchedule
{
    /// <summary>The longest period between two checks, in months.</summary>
    public const int MaxMonths = 24;

    /// <summary>The most days a fixed list holds.</summary>
    public const int MaxDates = 24;

    private CheckSchedule(int? everyMonths, IReadOnlyList<DateOnly> dates)
    {
        EveryMonths = everyMonths;
        Dates = dates;
    }

    /// <summary>The period in months, or null for a fixed list.</summary>
    public int? EveryMonths { get; }

    /// <summary>The fixed days, earliest first, without repeats; empty for a period.</summary>
    public IReadOnlyList<DateOnly> Dates { get; }

    /// <summary>A check every <paramref name="months"/> months (1 to <see cref="MaxMonths"/>).</summary>
    public static CheckSchedule Every(int months) => months is >= 1 and <= MaxMonths
        ? new(months, [])
        : throw new ArgumentOutOfRangeException(nameof(months), months, $"A period is 1 to {MaxMonths} months.");

    /// <summary>A check on each of <paramref name="dates"/> (1 to <see cref="MaxDates"/> days; repeats are dropped, the order does not matter).</summary>
    public static CheckSchedule On(IEnumerable<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        DateOnly[] sorted = [.. dates.Distinct().Order()];
        return sorted.Length is >= 1 and <= MaxDates
            ? new(null, sorted)
            : throw new ArgumentOutOfRangeException(nameof(dates), sorted.Length, $"A list holds 1 to {MaxDates} days.");
    }

    /// <summary>
    /// The days checks are due, in order, for an instruction issued on <paramref name="issuedOn"/>: a fixed list as
    /// it is; a period as the issue day plus k periods (k = 1, 2, …), always counted from the issue day, so that the
    /// 31st stays the month's last day (31 Jan → 28 Feb → 31 Mar), never drifting to the 28th. Endless for a period.
    /// </summary>
    public IEnumerable<DateOnly> DueDays(DateOnly issuedOn)
    {
        if (EveryMonths is not { } months)
        {
            foreach (var day in Dates)
                yield return day;
            yield break;
        }
        for (var k = 1; k <= 12 * 1000 / months; k++)
            yield return issuedOn.AddMonths(k * months);
    }

    /// <summary>
    /// The next day a check is due, or null when a fixed list has been checked through. The last check counts for the
    /// scheduled day nearest to it (the issue day counting as the first; the earlier day on a tie): a few days early
    /// or late, it is that day's check; the next check is due on the scheduled day after that one. With no check yet,
    /// the first scheduled day.
    /// </summary>
    /// <param name="issuedOn">The day the instruction was issued.</param>
    /// <param name="checks">The days checks were made (any order; results do not matter here: a check found wanting was still made).</param>
    public DateOnly? NextDue(DateOnly issuedOn, IEnumerable<DateOnly> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        DateOnly? last = checks.Select(c => (DateOnly?)c).Max();
        var counted = issuedOn;
        foreach (var day in DueDays(issuedOn))
        {
            if (last is not { } check || check.DayNumber - counted.DayNumber <= day.DayNumber - check.DayNumber)
                return day;
            counted = day;
        }
        return null;
    }

    /// <summary>Whether a check is overdue on <paramref name="today"/>: its due day has passed (the due day itself is not late).</summary>
    public bool IsOverdue(DateOnly issuedOn, IEnumerable<DateOnly> checks, DateOnly today) => NextDue(issuedOn, checks) is { } due && today > due;

    /// <summary>
    /// The next day a check is due for an instruction that may have been ended: none once it is ended
    /// (<paramref name="ended"/>), whatever was due or overdue before; otherwise as <see cref="NextDue(DateOnly, IEnumerable{DateOnly})"/>.
    /// </summary>
    /// <param name="issuedOn">The day the instruction was issued.</param>
    /// <param name="checks">The days checks were made.</param>
    /// <param name="ended">Whether the hospital has ended the instruction: nothing is asked of the contractor any more.</param>
    public DateOnly? NextDue(DateOnly issuedOn, IEnumerable<DateOnly> checks, bool ended) => ended ? null : NextDue(issuedOn, checks);

    /// <summary>Whether a check is overdue on <paramref name="today"/>; never for an ended instruction (<paramref name="ended"/>).</summary>
    public bool IsOverdue(DateOnly issuedOn, IEnumerable<DateOnly> checks, DateOnly today, bool ended) => !ended && IsOverdue(issuedOn, checks, today);
}
