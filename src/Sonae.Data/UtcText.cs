using System.Globalization;
using System.Text;

namespace Sonae.Data;

/// <summary>
/// Reads a time SQLite stores (<see cref="UtcTextConverter"/>'s fixed-width UTC text) from its UTF-8 bytes, as the
/// converter reads it: the fixed form digit by digit, anything else through the converter's own parse. For the
/// millions of rows <c>sonae verify</c> reads without EF Core.
/// </summary>
public static class UtcText
{
    private const int Length = 33; // 2026-11-24 05:12:33.1230000+00:00

    /// <summary>The instant the text stands for; a <see cref="FormatException"/> for what the converter cannot read either.</summary>
    public static DateTimeOffset Parse(ReadOnlySpan<byte> utf8) =>
        TryParseFixed(utf8, out var value) ? value : Converter(Encoding.UTF8.GetString(utf8));

    /// <summary>What <see cref="UtcTextConverter"/> makes of a stored text.</summary>
    internal static DateTimeOffset Converter(string text) =>
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
