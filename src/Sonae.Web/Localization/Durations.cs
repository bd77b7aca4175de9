using System.Globalization;
using Sonae.Web.Resources;

namespace Sonae.Web.Localization;

/// <summary>How long something has waited or may take, to the minute: 「45分」「1時間20分」「3日4時間」.</summary>
public static class Durations
{
    public static string Of(TimeSpan span)
    {
        var culture = CultureInfo.CurrentUICulture;
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        return span.TotalDays >= 1 ? string.Format(culture, UiTexts.DurationDays, (int)span.TotalDays, span.Hours)
            : span.TotalHours >= 1 ? string.Format(culture, UiTexts.DurationHours, (int)span.TotalHours, span.Minutes)
            : string.Format(culture, UiTexts.DurationMinutes, (int)span.TotalMinutes);
    }

    /// <summary>
    /// How long something took, as <see cref="Of"/> says it, except that under a minute is 「1分未満」 rather than
    /// 「0分」 (a milestone reached within the first minute did take time).
    /// </summary>
    public static string Took(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? UiTexts.DurationUnderMinute : Of(span);

    /// <summary>A target as the playbook wrote it, in words: 「15分」「2時間」「1日」.</summary>
    public static string Target(TimeSpan target)
    {
        var culture = CultureInfo.CurrentUICulture;
        return target.TotalMinutes % (24 * 60) == 0 ? string.Format(culture, UiTexts.DurationWholeDays, (int)target.TotalDays)
            : target.TotalMinutes % 60 == 0 ? string.Format(culture, UiTexts.DurationWholeHours, (int)target.TotalHours)
            : string.Format(culture, UiTexts.DurationMinutes, (int)target.TotalMinutes);
    }
}
