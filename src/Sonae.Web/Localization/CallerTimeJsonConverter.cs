using System.Text.Json;
using System.Text.Json.Serialization;
using Sonae.Core;

namespace Sonae.Web.Localization;

/// <summary>
/// A time in a request, read as <see cref="JapanTime.TryParseIso"/> reads it: ISO 8601, and without an offset, JST
/// (System.Text.Json alone would take the server's own zone, often UTC: nine hours off).
/// </summary>
public sealed class CallerTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && JapanTime.TryParseIso(reader.GetString(), out var time)
            ? time
            : throw new JsonException("Not an ISO 8601 time such as 2026-11-24T08:45:00+09:00 (without an offset, JST).");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
