using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>
/// The JSON conventions of the incident record and its projection: camelCase members, kebab-case enum values
/// (<c>security-officer</c>, <c>ransom-note</c>), nulls left out, times in UTC to the millisecond.
/// </summary>
public static class RecordJson
{
    /// <summary>The options every event's data is written and read with: camelCase members, enums in kebab-case, nulls left out, unknown members refused, times as <see cref="Timestamps"/> writes them.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutEventType } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new IdConverter<StepId>(StepId.IsValid, v => new StepId(v), id => id.Value));
        options.Converters.Add(new IdConverter<FactId>(FactId.IsValid, v => new FactId(v), id => id.Value));
        options.Converters.Add(new UtcMillisecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>An event's type belongs to the envelope (<c>"type"</c> beside <c>"data"</c>), not to its data.</summary>
    private static void LeaveOutEventType(JsonTypeInfo typeInfo)
    {
        if (!typeof(EventData).IsAssignableFrom(typeInfo.Type) || typeInfo.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].AttributeProvider is System.Reflection.PropertyInfo { Name: nameof(EventData.Type) })
                typeInfo.Properties.RemoveAt(i);
        }
    }

    /// <summary>Writes an id as its string, as a value and as a dictionary key, and refuses a malformed one.</summary>
    private sealed class IdConverter<T>(Func<string?, bool> isValid, Func<string, T> create, Func<T, string> value) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, T id, JsonSerializerOptions options) => writer.WriteStringValue(value(id));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T id, JsonSerializerOptions options) => writer.WritePropertyName(value(id));

        private T Parse(string? text) =>
            isValid(text) ? create(text!) : throw new JsonException($"'{text}' is not a valid {typeof(T).Name}.");
    }

    private sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Timestamps.Parse(reader.GetString() ?? throw new JsonException("A time is missing."));

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Timestamps.Format(value));
    }
}

/// <summary>How the record writes times: UTC, to the millisecond, as <c>2026-11-24T05:12:33.123Z</c>.</summary>
public static class Timestamps
{
    private const string Pattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    /// <summary>The same instant in UTC, cut to the millisecond (what every database here can store exactly).</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>The instant as the record writes it.</summary>
    public static string Format(DateTimeOffset value) => Normalize(value).ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>How many bytes <see cref="FormatUtf8"/> writes.</summary>
    public const int Utf8Length = 24;

    /// <summary>
    /// Writes the instant as the record writes it (<see cref="Format"/>), as UTF-8, into the first
    /// <see cref="Utf8Length"/> bytes of <paramref name="destination"/>: the same text without making a string, for
    /// the millions of times <c>sonae verify</c> compares one.
    /// </summary>
    public static void FormatUtf8(DateTimeOffset value, Span<byte> destination)
    {
        var utc = Normalize(value).UtcDateTime;
        var text = destination[..Utf8Length];
        Digits(text[..4], utc.Year);
        text[4] = (byte)'-';
        Digits(text[5..7], utc.Month);
        text[7] = (byte)'-';
        Digits(text[8..10], utc.Day);
        text[10] = (byte)'T';
        Digits(text[11..13], utc.Hour);
        text[13] = (byte)':';
        Digits(text[14..16], utc.Minute);
        text[16] = (byte)':';
        Digits(text[17..19], utc.Second);
        text[19] = (byte)'.';
        Digits(text[20..23], utc.Millisecond);
        text[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>An instant the record wrote; anything else is a <see cref="FormatException"/>.</summary>
    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new FormatException($"'{text}' is not a record time (yyyy-MM-ddTHH:mm:ss.fffZ).");
}
