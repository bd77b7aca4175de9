using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sonae.Core;
using Sonae.Core.Incidents;

namespace Sonae.Web.Localization;

/// <summary>
/// Every time of the API, registered once for all its JSON (<see cref="Register"/>). A time in a request is read as
/// <see cref="JapanTime.TryParseIso"/> reads it: ISO 8601 with any offset (<c>+09:00</c>, <c>Z</c>), and without an
/// offset, JST (System.Text.Json alone would take the server's own zone, often UTC: nine hours off). A time in an
/// answer is always written one way, in Japan time to the millisecond: <c>2026-11-24T14:03:07.123+09:00</c>. Japan
/// time because that is what the hospital reads and what the legal deadlines are (midnight JST); one way because the
/// same moment otherwise came out as <c>+09:00</c> from one value and <c>Z</c> or <c>+00:00</c> from another, and with
/// seven decimals from SQLite but six from PostgreSQL. The record's own canonical text (an event's <c>body</c>) keeps
/// its UTC form: it is what was hashed.
/// </summary>
public sealed class CallerTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Pattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffzzz";

    /// <summary>Makes every <see cref="DateTimeOffset"/> of these options read and written as the API's times.</summary>
    public static void Register(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new CallerTimeJsonConverter());
    }

    /// <summary>A moment as the API writes it: JST, to the millisecond.</summary>
    public static string Format(DateTimeOffset value) =>
        Timestamps.Normalize(value).ToJst().ToString(Pattern, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && JapanTime.TryParseIso(reader.GetString(), out var time)
            ? time
            : throw new JsonException("Not an ISO 8601 time such as 2026-11-24T08:45:00+09:00 (without an offset, JST).");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }
}
