namespace Sonae.Core.Tests;

public sealed class JapanTimeTests
{
    [Theory]
    [InlineData("2026-11-24T08:45", "2026-11-24T08:45:00+09:00")]
    [InlineData("2026-11-24T08:45:30.5", "2026-11-24T08:45:30.5000000+09:00")]
    [InlineData("2026-11-24T08:45:00Z", "2026-11-24T08:45:00+00:00")]
    [InlineData("2026-11-24T08:45:00+01:00", "2026-11-24T08:45:00+01:00")]
    public void TryParseIso_WithoutAnOffset_IsReadAsJst(string text, string expected)
    {
        Assert.True(JapanTime.TryParseIso(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, time.Offset);
    }

    [Theory]
    [InlineData("11/24/2026 08:45")]
    [InlineData("2026-11-24")]
    [InlineData("2026-13-24T08:45")]
    [InlineData("")]
    public void TryParseIso_NotAnIsoTime_IsRefused(string text) => Assert.False(JapanTime.TryParseIso(text, out _));

    [Fact]
    public void AFormsMinute_IsJapanTime_BothWays()
    {
        Assert.True(JapanTime.TryParseFormMinute("2026-11-24T08:45", out var time));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 23, 45, 0, TimeSpan.Zero), time);
        Assert.Equal(JapanTime.Offset, time.Offset);
        Assert.Equal("2026-11-24T08:45", new DateTimeOffset(2026, 11, 23, 23, 45, 30, TimeSpan.Zero).FormMinute());
    }

    [Theory]
    [InlineData("2026-11-24T08:45:00")]
    [InlineData("2026-11-24T08:45+09:00")]
    [InlineData("2026-11-24")]
    [InlineData("")]
    [InlineData(null)]
    public void AFormsMinute_AnythingElse_IsRefused(string? text) => Assert.False(JapanTime.TryParseFormMinute(text, out _));
}
