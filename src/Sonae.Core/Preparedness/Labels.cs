using System.Globalization;
using System.Text.Json;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Preparedness;

/// <summary>
/// The names people read for the preparedness enums (asset kinds, channel kinds, party kinds…), and the reverse: a
/// spreadsheet cell in Japanese, English or the API's kebab-case id back to the value.
/// </summary>
public static class Labels
{
    /// <summary>The value's name in both languages.</summary>
    public static LocalizedText Of<T>(T value) where T : struct, Enum =>
        value is Access.Role role ? Access.Roles.ShortName(role) : Bilingual.Format(PreparednessTexts.ResourceManager, $"{typeof(T).Name}_{value}");

    /// <summary>The API's id of a value: <c>NetworkDevice</c> is <c>network-device</c>.</summary>
    public static string Id<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Reads a value from its Japanese or English name or its id, ignoring case and surrounding spaces.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var wanted = text?.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            var label = Of(candidate);
            if (string.Equals(wanted, label.Ja, StringComparison.Ordinal)
                || string.Equals(wanted, label.En, StringComparison.OrdinalIgnoreCase)
                || string.Equals(wanted, Id(candidate), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The names a reader may use, for an error message: 「サーバ、端末、…」.</summary>
    public static string Choices<T>(CultureInfo culture) where T : struct, Enum =>
        string.Join(culture.TwoLetterISOLanguageName == "en" ? ", " : "、", Enum.GetValues<T>().Select(v => Of(v).For(culture)));
}
