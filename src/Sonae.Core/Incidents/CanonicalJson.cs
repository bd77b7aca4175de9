using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sonae.Core.Incidents;

/// <summary>
/// Writes JSON in the canonical form that the incident record hashes (docs/record-format.md): object members
/// sorted by key (ordinal, UTF-16 code units), no whitespace, strings escaped as ECMAScript's JSON.stringify does
/// (only <c>"</c>, <c>\</c> and control characters; everything else as UTF-8), integers only, nulls left out.
/// </summary>
/// <remarks>
/// This is RFC 8785 (JCS) restricted to integers, and equal to Python's
/// <c>json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)</c> for the ASCII keys Sonae
/// uses, so an examiner can re-check a record without Sonae.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>The node's canonical text.</summary>
    public static string Write(JsonNode node)
    {
        var builder = new StringBuilder(256);
        Write(node, builder);
        return builder.ToString();
    }

    private static void Write(JsonNode node, StringBuilder builder)
    {
        switch (node.GetValueKind())
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in ((JsonObject)node).Where(p => p.Value is not null && p.Value.GetValueKind() != JsonValueKind.Null).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                        builder.Append(',');
                    first = false;
                    WriteString(key, builder);
                    builder.Append(':');
                    Write(value!, builder);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var firstItem = true;
                foreach (var item in (JsonArray)node)
                {
                    if (!firstItem)
                        builder.Append(',');
                    firstItem = false;
                    if (item is null)
                        throw new ArgumentException("The record does not hold null array items.", nameof(node));
                    Write(item, builder);
                }
                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(node.GetValue<string>(), builder);
                break;
            case JsonValueKind.Number:
                var number = node.ToJsonString();
                if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    throw new ArgumentException($"The record holds integers only, not {number}.", nameof(node));
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
            default:
                throw new ArgumentException("Nulls are left out of the record.", nameof(node));
        }
    }

    /// <summary>
    /// The canonical text of a flat object whose members are given in key order, each a string, an integer or null
    /// (left out): what <see cref="Write(JsonNode)"/> makes of the same object, without building the node first — for
    /// texts written or checked a million times over (the audit log).
    /// </summary>
    public sealed class FlatObject
    {
        private readonly StringBuilder _builder = new StringBuilder(256).Append('{');
        private string? _lastKey;

        /// <summary>Adds a member; a null value is left out.</summary>
        public FlatObject Add(string key, string? value)
        {
            if (value is not null)
                WriteString(value, Key(key));
            return this;
        }

        /// <summary>Adds an integer member.</summary>
        public FlatObject Add(string key, long value)
        {
            Key(key).Append(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        /// <summary>The object's canonical text.</summary>
        public override string ToString() => _builder.ToString() + "}";

        private StringBuilder Key(string key)
        {
            if (_lastKey is not null && string.CompareOrdinal(_lastKey, key) >= 0)
                throw new ArgumentException($"Members go in key order: {key} after {_lastKey}.", nameof(key));
            if (_lastKey is not null)
                _builder.Append(',');
            _lastKey = key;
            WriteString(key, _builder);
            return _builder.Append(':');
        }
    }

    /// <summary>
    /// <see cref="FlatObject"/> for values given as UTF-8 (columns read as the database holds them), written into a
    /// buffer kept from one object to the next: the same text, byte for byte, without a string on the way. The values
    /// must be valid UTF-8 (<see cref="System.Text.Unicode.Utf8.IsValid"/>); the keys are ASCII.
    /// </summary>
    public sealed class Utf8FlatObject
    {
        private byte[] _buffer = new byte[512];
        private int _length;
        // Where the last key is in the text: the next must sort after it.
        private int _lastKeyStart;
        private int _lastKeyLength = -1;

        /// <summary>The object's canonical text so far; after <see cref="End"/>, the whole text.</summary>
        private ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        /// <summary>Starts a new object, forgetting the last one.</summary>
        public Utf8FlatObject Start()
        {
            _length = 0;
            _lastKeyLength = -1;
            Append((byte)'{');
            return this;
        }

        /// <summary>Adds a string member.</summary>
        public Utf8FlatObject Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            Key(key);
            Append((byte)'"');
            while (!value.IsEmpty)
            {
                var plain = value.IndexOfAny(Escaped);
                if (plain < 0)
                    plain = value.Length;
                Append(value[..plain]);
                if (plain == value.Length)
                    break;
                AppendEscaped(value[plain]);
                value = value[(plain + 1)..];
            }
            Append((byte)'"');
            return this;
        }

        /// <summary>Adds a string member, or nothing when <paramref name="value"/> is null.</summary>
        public Utf8FlatObject Add(ReadOnlySpan<byte> key, Utf8Column value) => value.IsNull ? this : Add(key, value.Value);

        /// <summary>Adds an integer member.</summary>
        public Utf8FlatObject Add(ReadOnlySpan<byte> key, long value)
        {
            Key(key);
            Reserve(20);
            value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
            _length += written;
            return this;
        }

        /// <summary>Ends the object and gives its canonical text.</summary>
        public ReadOnlySpan<byte> End()
        {
            Append((byte)'}');
            return Written;
        }

        private void Key(ReadOnlySpan<byte> key)
        {
            if (key.ContainsAnyExcept(KeyBytes))
                throw new ArgumentException("Keys are plain ASCII.", nameof(key));
            if (_lastKeyLength >= 0)
            {
                if (key.SequenceCompareTo(_buffer.AsSpan(_lastKeyStart, _lastKeyLength)) <= 0)
                    throw new ArgumentException($"Members go in key order: {Encoding.ASCII.GetString(key)} after {Encoding.ASCII.GetString(_buffer, _lastKeyStart, _lastKeyLength)}.", nameof(key));
                Append((byte)',');
            }
            Append((byte)'"');
            _lastKeyStart = _length;
            _lastKeyLength = key.Length;
            Append(key);
            Append("\":"u8);
        }

        private void AppendEscaped(byte b)
        {
            switch (b)
            {
                case (byte)'"': Append("\\\""u8); break;
                case (byte)'\\': Append("\\\\"u8); break;
                case (byte)'\b': Append("\\b"u8); break;
                case (byte)'\f': Append("\\f"u8); break;
                case (byte)'\n': Append("\\n"u8); break;
                case (byte)'\r': Append("\\r"u8); break;
                case (byte)'\t': Append("\\t"u8); break;
                default:
                    Reserve(6);
                    "\\u00"u8.CopyTo(_buffer.AsSpan(_length));
                    _buffer[_length + 4] = (byte)"0123456789abcdef"[b >> 4];
                    _buffer[_length + 5] = (byte)"0123456789abcdef"[b & 0xF];
                    _length += 6;
                    break;
            }
        }

        private void Append(byte b)
        {
            Reserve(1);
            _buffer[_length++] = b;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            Reserve(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        private void Reserve(int more)
        {
            if (_length + more > _buffer.Length)
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }

        /// <summary>What JSON.stringify escapes: the quote, the backslash and the control characters.</summary>
        private static readonly System.Buffers.SearchValues<byte> Escaped = System.Buffers.SearchValues.Create(
            [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

        /// <summary>What a key may hold: printable ASCII but the quote and the backslash.</summary>
        private static readonly System.Buffers.SearchValues<byte> KeyBytes = System.Buffers.SearchValues.Create(
            [.. Enumerable.Range(0x20, 0x7f - 0x20).Select(b => (byte)b).Where(b => b is not (byte)'"' and not (byte)'\\')]);
    }

    private static void WriteString(string value, StringBuilder builder)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
                        throw new ArgumentException("The text holds a broken UTF-16 surrogate.", nameof(value));
                    if (char.IsHighSurrogate(c))
                    {
                        builder.Append(c).Append(value[i + 1]);
                        i++;
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }
}
