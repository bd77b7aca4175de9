namespace Sonae.Core.Aftercare.Drills;

/// <summary>
/// A drill's clock: scenario time runs <see cref="Speed"/> times faster than the wall clock from
/// <see cref="StartedAt"/>, and stands still while the facilitator has paused the drill.
/// </summary>
public sealed record DrillClock
{
    /// <summary>The fastest compression allowed: an hour of scenario in a minute.</summary>
    public const double MaxSpeed = 60;

    /// <param name="startedAt">When the drill started.</param>
    /// <param name="speed">Scenario minutes per wall-clock minute, from 1 (real time) to <see cref="MaxSpeed"/>.</param>
    /// <param name="pausedBefore">How long the drill stood paused before <paramref name="pausedSince"/> (or now).</param>
    /// <param name="pausedSince">When the current pause began; null while it runs.</param>
    public DrillClock(DateTimeOffset startedAt, double speed, TimeSpan pausedBefore, DateTimeOffset? pausedSince)
    {
        if (!(speed >= 1 && speed <= MaxSpeed))
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"The speed is from 1 to {MaxSpeed}.");
        if (pausedBefore < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(pausedBefore), pausedBefore, "A pause cannot be negative.");
        (StartedAt, Speed, PausedBefore, PausedSince) = (startedAt, speed, pausedBefore, pausedSince);
    }

    /// <summary>When the drill started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Scenario minutes per wall-clock minute.</summary>
    public double Speed { get; }

    /// <summary>Time spent paused in earlier pauses.</summary>
    public TimeSpan PausedBefore { get; }

    /// <summary>When the current pause began; null while running.</summary>
    public DateTimeOffset? PausedSince { get; }

    /// <summary>Whether the drill is paused.</summary>
    public bool Paused => PausedSince is not null;

    /// <summary>Scenario time elapsed at <paramref name="now"/> (never negative; frozen during a pause).</summary>
    public TimeSpan Elapsed(DateTimeOffset now)
    {
        var running = (PausedSince ?? now) - StartedAt - PausedBefore;
        return running <= TimeSpan.Zero ? TimeSpan.Zero : running * Speed;
    }

    /// <summary>
    /// The wall-clock moment scenario time reaches <paramref name="atMinutes"/> if the drill runs on without another
    /// pause; during a pause, as if it resumed at <paramref name="now"/>.
    /// </summary>
    public DateTimeOffset DueAt(int atMinutes, DateTimeOffset now)
    {
        var current = PausedSince is { } since && now > since ? now - since : TimeSpan.Zero;
        return StartedAt + PausedBefore + current + TimeSpan.FromMinutes(atMinutes / Speed);
    }

    /// <summary>The clock paused at <paramref name="now"/> (unchanged when already paused).</summary>
    public DrillClock Pause(DateTimeOffset now) => Paused ? this : new(StartedAt, Speed, PausedBefore, now);

    /// <summary>The clock running again from <paramref name="now"/> (unchanged when running).</summary>
    public DrillClock Resume(DateTimeOffset now) =>
        PausedSince is { } since ? new(StartedAt, Speed, PausedBefore + (now > since ? now - since : TimeSpan.Zero), null) : this;
}

/// <summary>Where one inject stands in a running drill.</summary>
public enum InjectState
{
    /// <summary>Its time has not come.</summary>
    Upcoming,

    /// <summary>Its time has come and it was not delivered yet (the next round delivers it).</summary>
    Due,

    /// <summary>It is in the drill's record.</summary>
    Delivered,

    /// <summary>The facilitator left it out.</summary>
    Skipped,
}

/// <summary>One inject with where it stands and when it is (or was) due on the wall clock.</summary>
/// <param name="Inject">The inject.</param>
/// <param name="State">Where it stands.</param>
/// <param name="DueAt">When scenario time reaches it (if the drill runs on without a pause).</param>
public sealed record ScheduledInject(ScenarioInject Inject, InjectState State, DateTimeOffset DueAt);

/// <summary>Which injects of a scenario are due, given the drill's clock and what was already delivered or skipped.</summary>
public static class InjectSchedule
{
    /// <summary>
    /// Every inject of <paramref name="scenario"/> in order with its state at <paramref name="now"/>. An inject is due
    /// once scenario time reaches its offset (inclusive: offset 0 is due at the start); nothing becomes due while the
    /// drill is paused; delivered and skipped ones stay so.
    /// </summary>
    public static IReadOnlyList<ScheduledInject> Plan(DrillScenario scenario, DrillClock clock, IReadOnlySet<string> delivered, IReadOnlySet<string> skipped, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(delivered);
        ArgumentNullException.ThrowIfNull(skipped);
        var elapsed = clock.Elapsed(now);
        return [.. scenario.Injects.Select(inject => new ScheduledInject(
            inject,
            delivered.Contains(inject.Id) ? InjectState.Delivered
                : skipped.Contains(inject.Id) ? InjectState.Skipped
                : TimeSpan.FromMinutes(inject.AtMinutes) <= elapsed ? InjectState.Due
                : InjectState.Upcoming,
            clock.DueAt(inject.AtMinutes, now)))];
    }

    /// <summary>The injects to deliver now, in order.</summary>
    public static IReadOnlyList<ScenarioInject> Due(DrillScenario scenario, DrillClock clock, IReadOnlySet<string> delivered, IReadOnlySet<string> skipped, DateTimeOffset now) =>
        [.. Plan(scenario, clock, delivered, skipped, now).Where(s => s.State == InjectState.Due).Select(s => s.Inject)];
}
