using System.Globalization;

namespace Sonae.Core.Playbooks;

/// <summary>A text that people read, in Japanese (always first) and in English.</summary>
public sealed record LocalizedText
{
    public LocalizedText(string ja, string en)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ja);
        ArgumentException.ThrowIfNullOrWhiteSpace(en);
        Ja = ja;
        En = en;
    }

    public string Ja { get; }

    public string En { get; }

    /// <summary>English for an English culture, Japanese for every other.</summary>
    public string For(CultureInfo culture) =>
        string.Equals(culture.TwoLetterISOLanguageName, "en", StringComparison.Ordinal) ? En : Ja;

    public override string ToString() => Ja;
}
