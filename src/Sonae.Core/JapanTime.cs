namespace Sonae.Core;

/// <summary>Japan Standard Time: how every time is shown. Japan keeps no daylight saving, so the offset is fixed.</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateTimeOffset ToJst(this DateTimeOffset time) => time.ToOffset(Offset);

    /// <summary>Japanese with the era calendar (令和8年), from .NET's <see cref="System.Globalization.JapaneseCalendar"/>: a new era needs no change here.</summary>
    public static System.Globalization.CultureInfo Eras { get; } = CreateEras();

    private static System.Globalization.CultureInfo CreateEras()
    {
        var culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new System.Globalization.JapaneseCalendar();
        return culture;
    }

    /// <summary>A day as data is written (2026-04-01), in files and messages that are read back; "-" for none.</summary>
    public static string Iso(this DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    public static string Iso(this DateOnly day) => ((DateOnly?)day).Iso();
}
