using System.Text;

namespace Sonae.Core.Threats;

/// <summary>
/// Makers' and products' names as compared: full-width and half-width alike (NFKC), case ignored, punctuation and
/// spaces ignored, and a company's legal form dropped (<c>Inc.</c>, <c>Co., Ltd.</c>, <c>株式会社</c>, <c>(株)</c>), so
/// that 「ＦｏｒｔｉＯＳ」, <c>fortios</c> and <c>Forti-OS</c> are one name and 「フォーティネット株式会社」 is 「フォーティネット」.
/// </summary>
public static class Names
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "gmbh", "ag", "sa", "plc", "kk",
        "株式会社", "有限会社", "合同会社", "合資会社", "株", "有",
    };

    /// <summary>Words that say nothing about which product it is, left out when products are compared word by word.</summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "and", "or", "the", "for", "of", "multiple", "product", "products", "device", "devices", "software", "series", "相当", "製品",
    };

    /// <summary>The name's words, as compared: NFKC, lower case, split at spaces and punctuation, legal forms dropped.</summary>
    public static IReadOnlyList<string> Words(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return [];
        var text = name.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        // Japanese legal forms are written without a space before or after the name (フォーティネット株式会社).
        foreach (var form in (string[])["株式会社", "有限会社", "合同会社", "合資会社"])
            text = text.Replace(form, " ", StringComparison.Ordinal);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }
            if (word.Length > 0)
                words.Add(word.ToString());
            word.Clear();
        }
        if (word.Length > 0)
            words.Add(word.ToString());
        return [.. words.Where(w => !LegalForms.Contains(w))];
    }

    /// <summary>The name as one key: its words run together (<c>Forti OS</c> and <c>FortiOS</c> are one).</summary>
    public static string Key(string? name) => string.Concat(Words(name));

    /// <summary>The words that tell products apart (no "and", "multiple", "products").</summary>
    public static IReadOnlyList<string> Significant(string? name) => [.. Words(name).Where(w => !Filler.Contains(w))];
}
