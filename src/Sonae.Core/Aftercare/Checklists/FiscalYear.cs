namespace Sonae.Core.Aftercare.Checklists;

/// <summary>
/// A Japanese fiscal year (年度): 1 April to 31 March, named by the calendar year it starts in (2025 = 令和7年度,
/// 2025-04-01 … 2026-03-31). Days are Japan's days: an instant is placed in JST first.
/// </summary>
public readonly record struct FiscalYear
{
    /// <summary>The earliest and latest years accepted: a typo (20255, 1925) is refused, not stored.</summary>
    public const int Min = 2000, Max = 2100;

    /// <summary>The fiscal year starting on 1 April of <paramref name="startYear"/>.</summary>
    public FiscalYear(int startYear)
    {
        if (startYear is < Min or > Max)
            throw new ArgumentOutOfRangeException(nameof(startYear), startYear, $"A fiscal year between {Min} and {Max}.");
        StartYear = startYear;
    }

    /// <summary>The calendar year the fiscal year starts in.</summary>
    public int StartYear { get; }

    /// <summary>Its first day, 1 April (inclusive).</summary>
    public DateOnly First => new(StartYear, 4, 1);

    /// <summary>Its last day, 31 March of the next year (inclusive).</summary>
    public DateOnly Last => new(StartYear + 1, 3, 31);

    /// <summary>Whether <paramref name="day"/> falls within it (both ends included).</summary>
    public bool Contains(DateOnly day) => day >= First && day <= Last;

    /// <summary>The fiscal year <paramref name="day"/> falls in (a day in January–March belongs to the year before's).</summary>
    public static FiscalYear Of(DateOnly day) => new(day.Month >= 4 ? day.Year : day.Year - 1);

    /// <summary>The fiscal year of <paramref name="instant"/>, taken as a day in Japan.</summary>
    public static FiscalYear Of(DateTimeOffset instant) => Of(DateOnly.FromDateTime(instant.ToJst().DateTime));

    /// <summary>Reads a year as a path or a form writes it (<c>2025</c>); false for anything else or out of range.</summary>
    public static bool TryParse(string? text, out FiscalYear year)
    {
        year = default;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start) || start is < Min or > Max)
            return false;
        year = new FiscalYear(start);
        return true;
    }

    /// <summary>The year as 和暦 (<c>令和7年度</c>), through .NET's Japanese calendar.</summary>
    public string Wareki() => First.ToDateTime(TimeOnly.MinValue).ToString("ggy年度", JapanTime.Eras);

    /// <summary>The year as written in English (<c>FY2025</c>).</summary>
    public override string ToString() => $"FY{StartYear}";
}
