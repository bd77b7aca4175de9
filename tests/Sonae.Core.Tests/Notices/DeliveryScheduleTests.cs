using Sonae.Core.Notices;

namespace Sonae.Core.Tests.Notices;

public sealed class DeliveryScheduleTests
{
    private static readonly DateTimeOffset Queued = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 300)]
    [InlineData(5, 600)]
    [InlineData(6, 1800)]
    [InlineData(7, 1800)]
    [InlineData(40, 1800)]
    public void EachFailure_WaitsLongerUpToHalfAnHour(int failures, int seconds)
    {
        var now = Queued.AddMinutes(3);
        Assert.Equal(now.AddSeconds(seconds), DeliverySchedule.AfterFailure(failures, Queued, now).RetryAt);
    }

    [Fact]
    public void ADayAfterItWasQueued_SonaeGivesUp()
    {
        Assert.False(DeliverySchedule.AfterFailure(50, Queued, Queued.AddHours(24).AddSeconds(-1)).GivesUp);
        Assert.True(DeliverySchedule.AfterFailure(50, Queued, Queued.AddHours(24)).GivesUp);
        Assert.Null(DeliverySchedule.AfterFailure(51, Queued, Queued.AddHours(25)).RetryAt);
    }

    [Fact]
    public void TheLastFailure_IsReadBackFromWhenTheMessageIsDueAgain()
    {
        var failedAt = Queued.AddMinutes(7);
        foreach (var failures in new[] { 1, 4, 9 })
        {
            var due = DeliverySchedule.AfterFailure(failures, Queued, failedAt).RetryAt!.Value;
            Assert.Equal(failedAt, DeliverySchedule.LastFailedAt(failures, due));
        }
    }
}
