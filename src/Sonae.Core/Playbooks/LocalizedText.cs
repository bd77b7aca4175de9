using System.Globalization;

namespace Sonae.Core.Playbooks;

/// <summary>A text that people read, in Japanese (always first) and in English.</summary>
public sealed record LocalizedText
{
    /// <summary>A text in both languages; neither may be blank.</summary>
    public LocalizedText(string ja, string en)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ja);
        ArgumentException.ThrowIfNullOrWhiteSpace(en);
        Ja = ja;
        En = en;
    }

    /// <summary>The Japanese text.</summary>
    public string Ja { get; }

    /// <summary>The English text.</summary>
    public string En { get; }

    /// <summary>English for an English culture, Japanese for every other.</summary>
    public string For(CultureInfo culture) =>
        string.Equals(culture.TwoLetterISOLanguageName, "en", StringComparison.Ordinal) ? En : Ja;

    /// <summary>The Japanese text.</summary>
    public override string ToString() => Ja;
}
