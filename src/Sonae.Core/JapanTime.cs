namespace Sonae.Core;

/// <summary>Japan Standard Time: how every time is shown. Japan keeps no daylight saving, so the offset is fixed.</summary>
public static partial class JapanTime
{
    /// <summary>Japan Standard Time is UTC+9, all year (no daylight saving).</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The same instant, in JST.</summary>
    public static DateTimeOffset ToJst(this DateTimeOffset time) => time.ToOffset(Offset);

    /// <summary>
    /// Reads a time a caller wrote in ISO 8601 (<c>2026-11-24T08:45</c>, with seconds and fractions, and an offset
    /// or <c>Z</c>). One written without an offset is read as JST, the time on the hospital's clocks: never as the
    /// server's own zone, which is often UTC and would move it nine hours.
    /// </summary>
    public static bool TryParseIso(string? text, out DateTimeOffset time)
    {
        time = default;
        var match = text is null ? null : IsoTime().Match(text);
        if (match is not { Success: true })
            return false;
        if (match.Groups["offset"].Success)
            return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out time);
        if (!DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
            return false;
        time = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Offset);
        return true;
    }

    /// <summary>What a page's <c>datetime-local</c> field holds: Japan time, to the minute (<c>2026-11-24T08:45</c>).</summary>
    private const string FormMinuteFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>Reads what a page's <c>datetime-local</c> field sent: Japan time, to the minute; false for anything else.</summary>
    public static bool TryParseFormMinute(string? text, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(text, FormMinuteFormat, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
            return false;
        time = new DateTimeOffset(local, Offset);
        return true;
    }

    /// <summary>The time as a page's <c>datetime-local</c> field holds it: Japan time, to the minute.</summary>
    public static string FormMinute(this DateTimeOffset time) => time.ToJst().ToString(FormMinuteFormat, System.Globalization.CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex IsoTime();

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

    /// <summary>A day as data is written (2026-04-01).</summary>
    public static string Iso(this DateOnly day) => ((DateOnly?)day).Iso();
}
