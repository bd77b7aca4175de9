using Sonae.Core.Aftercare.Drills;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Aftercare.Drills;

public class InjectScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static readonly DrillScenario Scenario = new("s", new("訓練", "Drill"), new("概要", "Summary"), [new("目標", "Objective")], [new StepId("1-1")],
    [
        new("a", 0, InjectKind.Report, new("病棟", "Ward"), new("あ", "A")),
        new("b", 10, InjectKind.Alert, new("監視", "Monitor"), new("い", "B")),
        new("c", 30, InjectKind.Fact, null, new("う", "C")),
    ]);

    private static readonly HashSet<string> None = [];

    private static IReadOnlyList<string> Due(DrillClock clock, DateTimeOffset now, IReadOnlySet<string>? delivered = null, IReadOnlySet<string>? skipped = null) =>
        [.. InjectSchedule.Due(Scenario, clock, delivered ?? None, skipped ?? None, now).Select(i => i.Id)];

    [Fact]
    public void Due_AtStart_OnlyTheOffsetZeroInject()
    {
        Assert.Equal(["a"], Due(new DrillClock(Start, 1, TimeSpan.Zero, null), Start));
    }

    [Fact]
    public void Due_OffsetReachedExactly_IsDue()
    {
        Assert.Equal(["a", "b"], Due(new DrillClock(Start, 1, TimeSpan.Zero, null), Start.AddMinutes(10)));
        Assert.Equal(["a"], Due(new DrillClock(Start, 1, TimeSpan.Zero, null), Start.AddMinutes(10).AddTicks(-1)));
    }

    [Fact]
    public void Due_TenTimesSpeed_ThirtyScenarioMinutesInThree()
    {
        var clock = new DrillClock(Start, 10, TimeSpan.Zero, null);

        Assert.Equal(["a", "b", "c"], Due(clock, Start.AddMinutes(3)));
        Assert.Equal(Start.AddMinutes(1), clock.DueAt(10, Start));
        Assert.Equal(TimeSpan.FromMinutes(30), clock.Elapsed(Start.AddMinutes(3)));
    }

    [Fact]
    public void Due_DeliveredAndSkipped_NotDueAgain()
    {
        Assert.Equal(["c"], Due(new DrillClock(Start, 1, TimeSpan.Zero, null), Start.AddHours(1), new HashSet<string> { "a" }, new HashSet<string> { "b" }));
    }

    [Fact]
    public void Due_WhilePaused_TimeStandsStill()
    {
        var paused = new DrillClock(Start, 1, TimeSpan.Zero, null).Pause(Start.AddMinutes(5));

        Assert.True(paused.Paused);
        Assert.Equal(["a"], Due(paused, Start.AddHours(2)));
        Assert.Equal(TimeSpan.FromMinutes(5), paused.Elapsed(Start.AddHours(2)));
        // While paused the due times move on with the pause: b is due 5 minutes after a resume now.
        Assert.Equal(Start.AddHours(2).AddMinutes(5), paused.DueAt(10, Start.AddHours(2)));
    }

    [Fact]
    public void Resume_PauseLength_ShiftsEveryLaterInject()
    {
        var resumed = new DrillClock(Start, 1, TimeSpan.Zero, null).Pause(Start.AddMinutes(5)).Resume(Start.AddMinutes(25));

        Assert.False(resumed.Paused);
        Assert.Equal(TimeSpan.FromMinutes(20), resumed.PausedBefore);
        Assert.Equal(Start.AddMinutes(30), resumed.DueAt(10, Start.AddMinutes(25)));
        Assert.Equal(["a"], Due(resumed, Start.AddMinutes(30).AddTicks(-1)));
        Assert.Equal(["a", "b"], Due(resumed, Start.AddMinutes(30)));
    }

    [Fact]
    public void Plan_States_InOrderWithDueTimes()
    {
        var plan = InjectSchedule.Plan(Scenario, new DrillClock(Start, 2, TimeSpan.Zero, null), new HashSet<string> { "a" }, None, Start.AddMinutes(5));

        Assert.Equal([InjectState.Delivered, InjectState.Due, InjectState.Upcoming], plan.Select(p => p.State));
        Assert.Equal([Start, Start.AddMinutes(5), Start.AddMinutes(15)], plan.Select(p => p.DueAt));
    }

    [Fact]
    public void Elapsed_BeforeStart_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, new DrillClock(Start, 1, TimeSpan.Zero, null).Elapsed(Start.AddMinutes(-3)));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(61)]
    [InlineData(double.NaN)]
    public void Constructor_SpeedOutOfRange_NamesSpeed(double speed)
    {
        Assert.Equal("speed", Assert.Throws<ArgumentOutOfRangeException>(() => new DrillClock(Start, speed, TimeSpan.Zero, null)).ParamName);
    }
}
