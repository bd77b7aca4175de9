using Sonae.Core.Backups;

namespace Sonae.Core.Tests.Backups;

public sealed class BackupScheduleTests
{
    private static readonly TimeOnly TwoAm = new(2, 0);

    private static DateTimeOffset Jst(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, JapanTime.Offset);

    [Fact]
    public void NextRun_NeverRun_BeforeTheTime_IsToday()
    {
        Assert.Equal(Jst(7, 2), BackupSchedule.NextRun(TwoAm, lastRun: null, now: Jst(7, 1, 30)));
    }

    [Fact]
    public void NextRun_NeverRun_AfterTheTime_IsTomorrow()
    {
        Assert.Equal(Jst(8, 2), BackupSchedule.NextRun(TwoAm, lastRun: null, now: Jst(7, 9)));
    }

    [Fact]
    public void NextRun_NeverRun_AtTheTime_IsNow()
    {
        Assert.Equal(Jst(7, 2), BackupSchedule.NextRun(TwoAm, lastRun: null, now: Jst(7, 2)));
    }

    [Fact]
    public void NextRun_RanAtTheTime_IsTheNextDay()
    {
        Assert.Equal(Jst(8, 2), BackupSchedule.NextRun(TwoAm, lastRun: Jst(7, 2), now: Jst(7, 2, 5)));
    }

    [Fact]
    public void NextRun_DaysMissedWhileOff_IsDueAtOnce_NotSkipped()
    {
        var next = BackupSchedule.NextRun(TwoAm, lastRun: Jst(3, 2), now: Jst(7, 9));
        Assert.Equal(Jst(4, 2), next);
        Assert.True(next < Jst(7, 9));
    }

    [Fact]
    public void NextRun_IsInJapanTime_WhateverTheOffsetGiven()
    {
        // 17:30 UTC on the 6th is 02:30 JST on the 7th: today's 02:00 has passed in Japan.
        var now = new DateTimeOffset(2026, 12, 6, 17, 30, 0, TimeSpan.Zero);
        Assert.Equal(Jst(8, 2), BackupSchedule.NextRun(TwoAm, lastRun: null, now));
    }

    [Fact]
    public void ToRemove_KeepsTheNewest_RemovesTheOldestFirst()
    {
        var made = new[] { Jst(5, 2), Jst(7, 2), Jst(3, 2), Jst(6, 2), Jst(4, 2) };
        Assert.Equal([Jst(3, 2), Jst(4, 2)], BackupSchedule.ToRemove(made, m => m, keep: 3));
    }

    [Fact]
    public void ToRemove_FewerThanKept_RemovesNothing()
    {
        Assert.Empty(BackupSchedule.ToRemove(new[] { Jst(5, 2), Jst(6, 2) }, m => m, keep: 7));
    }

    [Fact]
    public void ToRemove_KeepZero_StillKeepsTheNewest()
    {
        Assert.Equal([Jst(5, 2)], BackupSchedule.ToRemove(new[] { Jst(5, 2), Jst(6, 2) }, m => m, keep: 0));
    }

    [Theory]
    [InlineData(false, null, false, BackupState.NotConfigured)]
    [InlineData(true, null, false, BackupState.Stale)]
    [InlineData(true, 25, false, BackupState.Recent)]
    [InlineData(true, 27, false, BackupState.Stale)]
    [InlineData(true, 1, true, BackupState.Failed)]
    public void State_SaysWhatNeedsTheAdministrator(bool configured, int? hoursAgo, bool lastFailed, BackupState expected)
    {
        var now = Jst(7, 12);
        Assert.Equal(expected, BackupSchedule.State(configured, hoursAgo is { } h ? now.AddHours(-h) : null, lastFailed, now));
    }
}
