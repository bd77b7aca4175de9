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
}
