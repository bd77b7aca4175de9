using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Reporting;

public sealed class LegalClockTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static DateTimeOffset At(int year, int month, int day, int hour = 10, int minute = 0) => new(year, month, day, hour, minute, 0, Jst);

    private static readonly IReadOnlySet<ReportingCategory> Sensitive = new HashSet<ReportingCategory> { ReportingCategory.SensitiveData };

    private static readonly IReadOnlySet<ReportingCategory> Unlawful = new HashSet<ReportingCategory> { ReportingCategory.SensitiveData, ReportingCategory.UnlawfulPurpose };

    [Fact]
    public void For_AwareOnThe24th_PreliminaryDueAtTheEndOfThe27thAndFinalAfter30Days()
    {
        var deadlines = LegalClock.For(At(2026, 11, 24), Sensitive, ReportingRules.Default);

        Assert.Equal(At(2026, 11, 28, 0), deadlines.PreliminaryDue);
        Assert.Equal(At(2026, 12, 25, 0), deadlines.FinalDue);
        Assert.Equal(30, deadlines.FinalDays);
    }

    [Fact]
    public void For_UnlawfulPurpose_GivesSixtyDaysForTheFinalReport()
    {
        var deadlines = LegalClock.For(At(2026, 11, 24), Unlawful, ReportingRules.Default);

        Assert.Equal(60, deadlines.FinalDays);
        Assert.Equal(At(2027, 1, 24, 0), deadlines.FinalDue);
        Assert.Equal(At(2026, 11, 28, 0), deadlines.PreliminaryDue);
    }

    [Theory]
    [InlineData(2026, 12, 30, 2027, 1, 3, 2027, 1, 30)]
    [InlineData(2027, 1, 30, 2027, 2, 3, 2027, 3, 2)]
    [InlineData(2028, 2, 27, 2028, 3, 2, 2028, 3, 29)]
    public void For_AcrossMonthAndYearEnds_CountsCalendarDays(int y, int m, int d, int py, int pm, int pd, int fy, int fm, int fd)
    {
        var deadlines = LegalClock.For(At(y, m, d), Sensitive, ReportingRules.Default);

        Assert.Equal(At(py, pm, pd, 0), deadlines.PreliminaryDue);
        Assert.Equal(At(fy, fm, fd, 0), deadlines.FinalDue);
    }

    /// <summary>
    /// 民法第140条ただし書: a period that begins at midnight counts its first day, so both deadlines come a day earlier
    /// than for any later moment of the same day — at month, year and leap-year ends alike.
    /// </summary>
    [Theory]
    [InlineData(2027, 1, 31, 2027, 2, 3, 2027, 3, 2)]
    [InlineData(2026, 12, 31, 2027, 1, 3, 2027, 1, 30)]
    [InlineData(2028, 2, 28, 2028, 3, 2, 2028, 3, 29)]
    [InlineData(2028, 2, 29, 2028, 3, 3, 2028, 3, 30)]
    public void For_AwareAtMidnightExactly_CountsTheFirstDay(int y, int m, int d, int py, int pm, int pd, int fy, int fm, int fd)
    {
        var midnight = LegalClock.For(At(y, m, d, 0, 0), Sensitive, ReportingRules.Default);
        var aMinuteLater = LegalClock.For(At(y, m, d, 0, 1), Sensitive, ReportingRules.Default);

        Assert.Equal(At(py, pm, pd, 0), midnight.PreliminaryDue);
        Assert.Equal(At(fy, fm, fd, 0), midnight.FinalDue);
        Assert.Equal(midnight.PreliminaryDue.AddDays(1), aMinuteLater.PreliminaryDue);
        Assert.Equal(midnight.FinalDue.AddDays(1), aMinuteLater.FinalDue);
    }

    [Fact]
    public void For_MidnightInUtc_IsNotMidnightInJapan()
    {
        // 00:00 UTC is 09:00 in Japan: the first day does not count.
        var deadlines = LegalClock.For(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), Sensitive, ReportingRules.Default);

        Assert.Equal(At(2026, 12, 5, 0), deadlines.PreliminaryDue);
    }

    [Fact]
    public void For_MidnightWhenTheOrganizationCountsTheFirstDay_IsTheSame()
    {
        var rules = new ReportingRules(3, DayCount.IncludingFirstDay);

        Assert.Equal(LegalClock.For(At(2026, 12, 1, 0, 0), Sensitive, rules).PreliminaryDue, LegalClock.For(At(2026, 12, 1, 10, 0), Sensitive, rules).PreliminaryDue);
        Assert.Equal(At(2026, 12, 4, 0), LegalClock.For(At(2026, 12, 1, 0, 0), Sensitive, rules).PreliminaryDue);
    }

    [Fact]
    public void For_AwareLateAtNightUtc_CountsTheJapaneseDay()
    {
        // 2026-11-24 16:30 UTC is already the 25th in Japan.
        var deadlines = LegalClock.For(new DateTimeOffset(2026, 11, 24, 16, 30, 0, TimeSpan.Zero), Sensitive, ReportingRules.Default);

        Assert.Equal(At(2026, 11, 29, 0), deadlines.PreliminaryDue);
    }

    [Fact]
    public void For_AwarenessRevisedEarlier_MovesBothDeadlinesWithIt()
    {
        var first = LegalClock.For(At(2026, 11, 24), Sensitive, ReportingRules.Default);
        var revised = LegalClock.For(At(2026, 11, 20, 23, 50), Sensitive, ReportingRules.Default);

        Assert.Equal(first.PreliminaryDue.AddDays(-4), revised.PreliminaryDue);
        Assert.Equal(first.FinalDue.AddDays(-4), revised.FinalDue);
    }

    [Fact]
    public void For_RulesOfTheOrganization_ChangeTheCount()
    {
        var five = LegalClock.For(At(2026, 11, 24), Sensitive, new ReportingRules(5));
        var inclusive = LegalClock.For(At(2026, 11, 24), Sensitive, new ReportingRules(3, DayCount.IncludingFirstDay));

        Assert.Equal(At(2026, 11, 30, 0), five.PreliminaryDue);
        Assert.Equal(At(2026, 11, 27, 0), inclusive.PreliminaryDue);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportingRules(6));
    }

    [Theory]
    [InlineData(72, ClockState.Running)]
    [InlineData(48, ClockState.Within48Hours)]
    [InlineData(25, ClockState.Within48Hours)]
    [InlineData(24, ClockState.Within24Hours)]
    [InlineData(1, ClockState.Within24Hours)]
    [InlineData(0, ClockState.Overdue)]
    [InlineData(-100, ClockState.Overdue)]
    public void State_CountsDownWarnsAt48And24HoursAndStaysOverdue(int hoursLeft, ClockState expected)
    {
        var due = At(2026, 11, 28, 0);

        Assert.Equal(expected, LegalClock.State(due, due.AddHours(-hoursLeft), doneAt: null));
    }

    [Fact]
    public void State_Done_SaysWhetherItWasLate()
    {
        var due = At(2026, 11, 28, 0);

        Assert.Equal(ClockState.Done, LegalClock.State(due, due.AddDays(10), due.AddMinutes(-1)));
        Assert.Equal(ClockState.DoneLate, LegalClock.State(due, due.AddDays(10), due));
    }
}
