namespace Sonae.Core.Reporting;

/// <summary>
/// The four situations in which a leak must be reported to the privacy commission and the people told
/// (個人情報保護法施行規則 第7条). Management answers each, with its reasons; Sonae never guesses.
/// </summary>
public enum ReportingCategory
{
    /// <summary>1号: 要配慮個人情報 (a medical record is one): one person is enough.</summary>
    SensitiveData,

    /// <summary>2号: data whose misuse may cause financial harm (card numbers, bank credentials).</summary>
    FinancialHarm,

    /// <summary>3号: a leak that may have been done for an unlawful purpose (unauthorized access, ransomware).</summary>
    UnlawfulPurpose,

    /// <summary>4号: more people than the threshold (1,000 for private businesses).</summary>
    OverThreshold,
}

/// <summary>How the days of a legal period are counted from the moment of awareness.</summary>
public enum DayCount
{
    /// <summary>
    /// The civil code's rule (民法第140条, 初日不算入): the day of awareness does not count, and the period ends at
    /// the end of its last day, Japan time. Aware on the 24th, three days: due at the end of the 27th. Its proviso
    /// (ただし書): a period that begins at midnight (aware at 00:00 JST exactly) counts that first day — aware at 00:00
    /// on the 24th, three days: due at the end of the 26th.
    /// </summary>
    FromNextDay,

    /// <summary>The day of awareness is day 1: aware on the 24th, three days: due at the end of the 26th.</summary>
    IncludingFirstDay,
}

/// <summary>
/// The rules for the privacy commission's clocks (施行規則 第8条; 通則ガイドライン 3-5-3-3, 3-5-3-4): the preliminary
/// report 「速やかに」, which the guideline reads as about 3 to 5 days; the final report within 30 days, or 60 when an
/// unlawful purpose is suspected (category 3). The organization's profile holds its choice; each incident fixes the
/// profile's rules on its opening and keeps them (only management changes them after, with a reason, on the record).
/// </summary>
public sealed record ReportingRules
{
    /// <summary>The organization's rules; throws when <paramref name="preliminaryDays"/> is not 1 to 5.</summary>
    public ReportingRules(int preliminaryDays = 3, DayCount count = DayCount.FromNextDay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(preliminaryDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preliminaryDays, 5);
        PreliminaryDays = preliminaryDays;
        Count = count;
    }

    /// <summary>The shortest preliminary period a hospital may choose: the guideline's 「概ね3〜5日以内」.</summary>
    public const int ShortestPreliminaryDays = 3;

    /// <summary>The longest preliminary period a hospital may choose.</summary>
    public const int LongestPreliminaryDays = 5;

    /// <summary>Days for the final report (施行規則 第8条第2項).</summary>
    public const int FinalDays = 30;

    /// <summary>Days for the final report when an unlawful purpose is suspected (category 3).</summary>
    public const int FinalDaysUnlawfulPurpose = 60;

    /// <summary>Days for the preliminary report: 3 by default, at most 5 (the guideline's 「概ね3〜5日以内」).</summary>
    public int PreliminaryDays { get; }

    /// <summary>How the days are counted from the moment of awareness.</summary>
    public DayCount Count { get; }

    /// <summary>Three days for the preliminary report, counted by the civil code's rule.</summary>
    public static ReportingRules Default { get; } = new();
}

/// <summary>When the two reports to the privacy commission are due.</summary>
/// <param name="AwareAt">The moment of awareness the periods count from.</param>
/// <param name="PreliminaryDue">The first moment the preliminary report is late (the midnight after its last day, JST).</param>
/// <param name="FinalDue">The first moment the final report is late.</param>
/// <param name="FinalDays">The final report's period in days: 30, or 60 for category 3.</param>
public sealed record Deadlines(DateTimeOffset AwareAt, DateTimeOffset PreliminaryDue, DateTimeOffset FinalDue, int FinalDays);

/// <summary>Where a legal clock stands.</summary>
public enum ClockState
{
    /// <summary>More than 48 hours left.</summary>
    Running,

    /// <summary>48 hours or less left.</summary>
    Within48Hours,

    /// <summary>24 hours or less left.</summary>
    Within24Hours,

    /// <summary>Past due and not done: the reason for lateness must be recorded with it.</summary>
    Overdue,

    /// <summary>Done in time.</summary>
    Done,

    /// <summary>Done, but after its deadline.</summary>
    DoneLate,

    /// <summary>
    /// Not needed, as far as the record shows: nothing on it says personal data is at risk, or management answered that
    /// none of the four situations applies. The deadline is kept, but the clock does not run and is never overdue.
    /// </summary>
    NotNeeded,
}

/// <summary>The legal clocks of a leak: pure arithmetic over the awareness time, the categories and the rules.</summary>
public static class LegalClock
{
    /// <summary>The deadlines for a moment of awareness, the situations that apply and the organization's rules.</summary>
    public static Deadlines For(DateTimeOffset awareAt, IReadOnlySet<ReportingCategory> categories, ReportingRules rules)
    {
        var finalDays = categories.Contains(ReportingCategory.UnlawfulPurpose) ? ReportingRules.FinalDaysUnlawfulPurpose : ReportingRules.FinalDays;
        return new Deadlines(awareAt, End(awareAt, rules.PreliminaryDays, rules.Count), End(awareAt, finalDays, rules.Count), finalDays);
    }

    /// <summary>Where a clock stands at <paramref name="now"/>: counting down, in its last 48 or 24 hours, overdue, or done.</summary>
    public static ClockState State(DateTimeOffset due, DateTimeOffset now, DateTimeOffset? doneAt)
    {
        if (doneAt is { } done)
            return done < due ? ClockState.Done : ClockState.DoneLate;
        var left = due - now;
        return left <= TimeSpan.Zero ? ClockState.Overdue
            : left <= TimeSpan.FromHours(24) ? ClockState.Within24Hours
            : left <= TimeSpan.FromHours(48) ? ClockState.Within48Hours
            : ClockState.Running;
    }

    /// <summary>The midnight (JST) that ends a period of <paramref name="days"/> days counted from awareness.</summary>
    private static DateTimeOffset End(DateTimeOffset awareAt, int days, DayCount count)
    {
        var jst = awareAt.ToJst();
        var awareDay = DateOnly.FromDateTime(jst.DateTime);
        // 民法第140条: the first day does not count, unless the period begins at midnight (ただし書).
        var firstDayCounts = count == DayCount.IncludingFirstDay || jst.TimeOfDay == TimeSpan.Zero;
        var lastDay = awareDay.AddDays(firstDayCounts ? days - 1 : days);
        return new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
    }
}
