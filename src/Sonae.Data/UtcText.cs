using System.Globalization;
using System.Text;

namespace Sonae.Data;

/// <summary>
/// How SQLite stores a time (<see cref="UtcTextConverter"/>: fixed-width UTC text), and its reading from UTF-8 bytes, as the
/// converter reads it: the fixed form digit by digit, anything else through the converter's own parse. For the
/// millions of rows <c>sonae verify</c> reads without EF Core.
/// </summary>
public static class UtcText
{
    private const int Length = 33; // 2026-11-24 05:12:33.1230000+00:00

    /// <summary>The instant the text stands for; a <see cref="FormatException"/> for what the converter cannot read either.</summary>
    public static DateTimeOffset Parse(ReadOnlySpan<byte> utf8) =>
        TryParseFixed(utf8, out var value) ? value : Parse(Encoding.UTF8.GetString(utf8));

    /// <summary>How a time is stored: UTC, to the tick, fixed width.</summary>
    internal const string Pattern = "yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'fffffff'+00:00'";

    /// <summary>The stored text of an instant.</summary>
    internal static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>The instant a stored text stands for (also a text stored in another form, read as UTC unless it says otherwise).</summary>
    internal static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    private static bool TryParseFixed(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || !text[27..].SequenceEqual("+00:00"u8))
            return false;
        if (!Number(text[..4], out var year) || !Number(text[5..7], out var month) || !Number(text[8..10], out var day)
            || !Number(text[11..13], out var hour) || !Number(text[14..16], out var minute) || !Number(text[17..19], out var second)
            || !Number(text[20..27], out var ticks))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks), TimeSpan.Zero);
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
                return false;
            value = (value * 10) + (digit - '0');
        }
        return true;
    }
}

/// <summary>Stores a time as UTC text of fixed width (<c>2026-11-24 05:12:33.1230000+00:00</c>): readable, sortable.</summary>
public sealed class UtcTextConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, string>(
    v => UtcText.Format(v), v => UtcText.Parse(v));
