using System.Text;

namespace Sonae.Core.Preparedness;

/// <summary>
/// Which numbers a phone can dial from a link. A number from outside the hospital is dialable (090-1234-5678,
/// 03-1234-5678, 0120-000-005, +81 3 1234 5678, 110); an extension or a PHS number (「院内PHS 2100」, 2100) rings
/// only on the hospital's own switchboard, so a <c>tel:</c> link to it would dial a wrong number from a mobile:
/// it stays text.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>
    /// The <c>tel:</c> address of a dialable number (<c>tel:09012345678</c>, <c>tel:+81312345678</c>), or null when
    /// the text is not one: anything but digits, spaces, hyphens, brackets and dots (full-width ones too), a leading
    /// <c>+</c> with 7 to 15 digits, a Japanese number starting with 0 of its length (11 digits for mobiles, 10 for fixed lines), or a three-digit service
    /// number starting with 1 (110, 119).
    /// </summary>
    public static string? TelUri(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var plain = text.Normalize(NormalizationForm.FormKC).Trim();
        var international = plain.StartsWith('+');
        var digits = new StringBuilder();
        foreach (var c in international ? plain[1..] : plain)
        {
            if (c is >= '0' and <= '9')
                digits.Append(c);
            else if (!IsSeparator(c))
                return null;
        }
        var number = digits.ToString();
        var dialable = international
            ? number.Length is >= 7 and <= 15
            : (number.StartsWith('0') && number.Length == DomesticLength(number)) || (number.Length == 3 && number[0] == '1');
        return dialable ? "tel:" + (international ? "+" : "") + number : null;
    }

    /// <summary>The digits of a Japanese number: 11 for mobiles, IP phones and 0800 (050, 070, 080, 090), else 10.</summary>
    private static int DomesticLength(string number) =>
        number.StartsWith("0800", StringComparison.Ordinal) || (number.Length > 2 && number[2] == '0' && number[1] is '5' or '7' or '8' or '9') ? 11 : 10;

    /// <summary>What people write between the digits of a number.</summary>
    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c is '-' or '‐' or '‑' or '–' or '—' or '−' or 'ー' or '(' or ')' or '.';
}
