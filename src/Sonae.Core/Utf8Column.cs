namespace Sonae.Core;

/// <summary>
/// A text column as the database holds it, UTF-8, or SQL NULL (<c>default</c>): read without making a string, for
/// the chains <c>sonae verify</c> checks by the million. Valid only as long as the row it was read from.
/// </summary>
public readonly ref struct Utf8Column
{
    private readonly bool _present;

    /// <summary>A value (possibly empty).</summary>
    public Utf8Column(ReadOnlySpan<byte> value)
    {
        Value = value;
        _present = true;
    }

    /// <summary>The text's UTF-8 bytes; empty when <see cref="IsNull"/>.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Whether the column is SQL NULL.</summary>
    public bool IsNull => !_present;
}
