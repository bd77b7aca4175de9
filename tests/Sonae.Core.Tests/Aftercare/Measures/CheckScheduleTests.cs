using Sonae.Core.Aftercare.Measures;

namespace Sonae.Core.Tests.Aftercare.Measures;

/// <summary>When a contractor's next check is due: periods counted from the issue day (month-end safe), fixed lists, early and late checks.</summary>
public sealed class CheckScheduleTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void NextDue_NoCheckYet_IsOnePeriodAfterIssue()
    {
        Assert.Equal(D(2027, 4, 15), CheckSchedule.Every(3).NextDue(D(2027, 1, 15), []));
        Assert.Equal(D(2027, 4, 1), CheckSchedule.On([D(2027, 10, 1), D(2027, 4, 1)]).NextDue(D(2027, 1, 15), []));
    }

    [Fact]
    public void DueDays_FromTheMonthsLastDay_StayOnEachMonthsLastDay()
    {
        var days = CheckSchedule.Every(1).DueDays(D(2027, 1, 31)).Take(4).ToList();
        // 2028 is a leap year: 29 February; the count is always from the issue day, so March is the 31st again.
        Assert.Equal([D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30), D(2027, 5, 31)], days);
        Assert.Equal(D(2028, 2, 29), CheckSchedule.Every(1).DueDays(D(2028, 1, 31)).First());
    }

    [Fact]
    public void NextDue_CheckInThePeriod_MovesToTheNextPeriod()
    {
        var every = CheckSchedule.Every(1);
        // Checked early (before 28 February), on the due day, a day late: each is February's check.
        Assert.Equal(D(2027, 3, 31), every.NextDue(D(2027, 1, 31), [D(2027, 2, 20)]));
        Assert.Equal(D(2027, 3, 31), every.NextDue(D(2027, 1, 31), [D(2027, 2, 28)]));
        Assert.Equal(D(2027, 3, 31), every.NextDue(D(2027, 1, 31), [D(2027, 2, 28), D(2027, 3, 1)]));
        // Nearer to 31 March than to 28 February: March's.
        Assert.Equal(D(2027, 4, 30), every.NextDue(D(2027, 1, 31), [D(2027, 3, 20)]));
    }

    [Fact]
    public void NextDue_LateCheck_CountsForTheNearestDay_AndTheScheduleStays()
    {
        // Monthly from 31 January; nothing until 5 April: that is March's check (late), and April's is due on the 30th.
        Assert.Equal(D(2027, 4, 30), CheckSchedule.Every(1).NextDue(D(2027, 1, 31), [D(2027, 4, 5)]));
        // 15 February is 14 days from both 1 February and 1 March: a tie counts for the earlier day.
        var list = CheckSchedule.On([D(2027, 1, 1), D(2027, 2, 1), D(2027, 3, 1)]);
        Assert.Equal(D(2027, 3, 1), list.NextDue(D(2026, 12, 1), [D(2027, 2, 15)]));
        Assert.Null(list.NextDue(D(2026, 12, 1), [D(2027, 2, 16)]));
    }

    [Fact]
    public void NextDue_CheckBeforeTheIssueDay_CountsForNothing() =>
        Assert.Equal(D(2027, 7, 1), CheckSchedule.Every(6).NextDue(D(2027, 1, 1), [D(2026, 12, 1)]));

    [Fact]
    public void NextDue_FixedList_CheckedThrough_IsNull()
    {
        var list = CheckSchedule.On([D(2027, 4, 1), D(2027, 10, 1)]);
        Assert.Equal(D(2027, 10, 1), list.NextDue(D(2027, 1, 15), [D(2027, 3, 30)]));
        Assert.Null(list.NextDue(D(2027, 1, 15), [D(2027, 3, 30), D(2027, 10, 2)]));
        Assert.False(list.IsOverdue(D(2027, 1, 15), [D(2027, 10, 2)], D(2030, 1, 1)));
    }

    [Fact]
    public void IsOverdue_TheDayAfterTheDueDay_NotOnIt()
    {
        var every = CheckSchedule.Every(3);
        Assert.False(every.IsOverdue(D(2027, 1, 15), [], D(2027, 4, 15)));
        Assert.True(every.IsOverdue(D(2027, 1, 15), [], D(2027, 4, 16)));
        Assert.False(every.IsOverdue(D(2027, 1, 15), [D(2027, 4, 16)], D(2027, 4, 16)));
    }

    [Fact]
    public void Constructors_RefuseImpossibleSchedules_NamingTheArgument()
    {
        Assert.Equal("months", Assert.Throws<ArgumentOutOfRangeException>(() => CheckSchedule.Every(0)).ParamName);
        Assert.Equal("months", Assert.Throws<ArgumentOutOfRangeException>(() => CheckSchedule.Every(CheckSchedule.MaxMonths + 1)).ParamName);
        Assert.Equal("dates", Assert.Throws<ArgumentOutOfRangeException>(() => CheckSchedule.On([])).ParamName);
        Assert.Equal([D(2027, 1, 1), D(2027, 2, 1)], CheckSchedule.On([D(2027, 2, 1), D(2027, 1, 1), D(2027, 2, 1)]).Dates);
    }

    [Fact]
    public void NextDue_Ended_IsNone_AndNothingIsOverdue_WhateverWasDue()
    {
        var every = CheckSchedule.Every(1);
        // Issued 31 January, never checked: 28 February was due and is overdue on 1 April while it runs.
        Assert.Equal(D(2027, 2, 28), every.NextDue(D(2027, 1, 31), [], ended: false));
        Assert.True(every.IsOverdue(D(2027, 1, 31), [], D(2027, 4, 1), ended: false));
        Assert.Null(every.NextDue(D(2027, 1, 31), [], ended: true));
        Assert.False(every.IsOverdue(D(2027, 1, 31), [], D(2027, 4, 1), ended: true));
        Assert.Null(CheckSchedule.On([D(2027, 3, 1)]).NextDue(D(2027, 1, 31), [], ended: true));
    }
}
