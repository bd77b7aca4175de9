using System.Globalization;
using Sonae.Web.Backups;

namespace Sonae.Web.Tests.Backups;

/// <summary>
/// The banner every page of a standby copy shows: the copy's age in whole minutes, hours or days (one of each in the
/// singular) and the time of the last sync in JST, in the viewer's language, with nothing a nurse would not follow.
/// </summary>
public sealed class StandbyBannerTests
{
    // 09:00 JST.
    private static readonly DateTimeOffset LastSync = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["ja"] = "予備のサーバーです（見るだけで、記録はできません）。{0}（2026-12-07 09:00）時点の内容です。急ぎの報告は電話か紙で行ってください。",
        ["en"] = "This is Sonae's backup copy (view only, nothing can be recorded). It shows the record as of {0} (2026-12-07 09:00). Report anything urgent by phone or on paper.",
    };

    [Theory]
    [InlineData("ja", 0, "0 分前")]
    [InlineData("ja", 1, "1 分前")]
    [InlineData("ja", 59, "59 分前")]
    [InlineData("ja", 60, "1 時間前")]
    [InlineData("ja", 3 * 60 + 20, "3 時間前")]
    [InlineData("ja", 24 * 60, "1 日前")]
    [InlineData("ja", 2 * 24 * 60 + 5 * 60, "2 日前")]
    [InlineData("en", 0, "0 minutes ago")]
    [InlineData("en", 1, "1 minute ago")]
    [InlineData("en", 59, "59 minutes ago")]
    [InlineData("en", 60, "1 hour ago")]
    [InlineData("en", 3 * 60 + 20, "3 hours ago")]
    [InlineData("en", 24 * 60, "1 day ago")]
    [InlineData("en", 2 * 24 * 60 + 5 * 60, "2 days ago")]
    public void Banner_SaysTheAgeAndTheTime_InTheSingularForOne(string language, int minutes, string age)
    {
        var banner = In(language, () => StandbyMode.Banner(LastSync, LastSync.AddMinutes(minutes)));

        Assert.Equal(string.Format(CultureInfo.InvariantCulture, Expected[language], age), banner);
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public void Banner_NeverSaysHowToPromote(string language)
    {
        var banner = In(language, () => StandbyMode.Banner(LastSync, LastSync.AddMinutes(5)));

        Assert.DoesNotContain("promote", banner, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("主機", banner, StringComparison.Ordinal);
        Assert.DoesNotContain("同期", banner, StringComparison.Ordinal);
    }

    [Fact]
    public void Banner_ClockBehindTheLastSync_SaysNoAgeBelowZero()
    {
        var banner = In("en", () => StandbyMode.Banner(LastSync, LastSync.AddMinutes(-3)));

        Assert.Contains("as of 0 minutes ago", banner, StringComparison.Ordinal);
    }

    private static string In(string language, Func<string> text)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return text();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
