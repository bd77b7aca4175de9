using System.Globalization;
using Sonae.Core;

namespace Sonae.Web.Localization;

/// <summary>
/// How dates are written on the pages: 西暦 by default, 和暦 when a person chooses it (remembered in a cookie).
/// 和暦 comes from .NET's <see cref="JapaneseCalendar"/>, so a new era needs no change here. Times are always JST.
/// </summary>
public static class DateStyles
{
    public const string CookieName = "sonae-date";
    public const string Seireki = "seireki";
    public const string Wareki = "wareki";

    private static readonly CultureInfo JapaneseEras = JapanTime.Eras;

    public static bool PrefersWareki(HttpContext? context) =>
        string.Equals(context?.Request.Cookies[CookieName], Wareki, StringComparison.Ordinal);

    /// <summary>"2026年11月24日 14:03", "令和8年11月24日 14:03", or "24 Nov 2026 14:03 JST".</summary>
    public static string DateTime(DateTimeOffset time, bool wareki)
    {
        var jst = time.ToJst();
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
            return jst.ToString("d MMM yyyy HH:mm 'JST'", CultureInfo.InvariantCulture);
        return wareki
            ? jst.DateTime.ToString("ggy'年'M'月'd'日'", JapaneseEras) + " " + jst.ToString("HH:mm", CultureInfo.InvariantCulture)
            : jst.ToString("yyyy'年'M'月'd'日' HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>"2026年12月24日", "令和8年12月24日", or "24 Dec 2026".</summary>
    public static string Date(DateOnly day, bool wareki)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
            return day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        return wareki
            ? day.ToDateTime(TimeOnly.MinValue).ToString("ggy'年'M'月'd'日'", JapaneseEras)
            : day.ToString("yyyy'年'M'月'd'日'", CultureInfo.InvariantCulture);
    }

    /// <summary>"14:03" in JST.</summary>
    public static string Time(DateTimeOffset time) => time.ToJst().ToString("HH:mm", CultureInfo.InvariantCulture);
}
