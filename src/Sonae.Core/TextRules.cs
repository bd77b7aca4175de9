using Sonae.Core.Incidents;

namespace Sonae.Core;

/// <summary>
/// What every text Sonae keeps from a caller must be, wherever it comes in (the API, a page form, a spreadsheet, the
/// console): no control character other than line breaks and tabs (U+0000 above all, which PostgreSQL cannot store
/// and many readers take for the end of the text), no U+FFFE or U+FFFF (no XML, so no Word file, can hold them), and
/// no half of a surrogate pair; so that every text can be hashed, stored on either database and shown as written.
/// </summary>
public static class TextRules
{
    /// <summary>Whether <paramref name="value"/> holds a character that no kept text may hold (null and empty hold none).</summary>
    public static bool HasUnfitCharacters(string? value)
    {
        if (value is null)
            return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var brokenSurrogate = char.IsHighSurrogate(c) ? i + 1 >= value.Length || !char.IsLowSurrogate(value[++i]) : char.IsLowSurrogate(c);
            if ((char.IsControl(c) && c is not '\n' and not '\r' and not '\t') || c is '\uFFFE' or '\uFFFF' || brokenSurrogate)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Checks a text field: required or not (blank counts as missing), its length in characters, and its characters
    /// (<see cref="HasUnfitCharacters"/>). <paramref name="field"/> names it in the refusal, as the request does.
    /// </summary>
    public static FieldRefused? Check(string field, string? value, int limit, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            return required ? new FieldRefused(field, FieldProblem.Required) : null;
        if (value.Length > limit)
            return new FieldRefused(field, FieldProblem.TooLong, limit);
        return HasUnfitCharacters(value) ? new FieldRefused(field, FieldProblem.ControlCharacters) : null;
    }

    /// <summary>
    /// <paramref name="text"/> at most <paramref name="limit"/> characters long: cut, with <paramref name="ellipsis"/> at
    /// the end when it was, and never between the two halves of a surrogate pair (which no kept text may hold).
    /// </summary>
    public static string Shorten(string text, int limit, string ellipsis = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ellipsis);
        if (text.Length <= limit)
            return text;
        var cut = limit - ellipsis.Length;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            cut--;
        return text[..Math.Max(cut, 0)] + ellipsis;
    }
}
