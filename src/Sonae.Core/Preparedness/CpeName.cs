using System.Text.RegularExpressions;

namespace Sonae.Core.Preparedness;

/// <summary>
/// Whether a text is a CPE name an advisory can be matched against exactly: the CPE 2.3 formatted string
/// (<c>cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*</c>, 13 components separated by colons, a colon inside a value
/// escaped with a backslash) or the older URI form (<c>cpe:/o:fortinet:fortios:6.0.4</c>) that JVN still writes.
/// </summary>
public static partial class CpeName
{
    /// <summary>The components of a CPE 2.3 formatted string, counting the leading <c>cpe</c> and <c>2.3</c>.</summary>
    public const int Components = 13;

    /// <summary>True when the text is a well-formed CPE 2.3 formatted string or CPE URI.</summary>
    public static bool IsWellFormed(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return false;
        if (text.StartsWith("cpe:/", StringComparison.Ordinal))
            return Uri().IsMatch(text);
        if (!text.StartsWith("cpe:2.3:", StringComparison.Ordinal))
            return false;
        var parts = UnescapedColon().Split(text);
        return parts.Length == Components
            && parts[2] is "a" or "o" or "h" or "*" or "-"
            && parts.Skip(3).All(p => Value().IsMatch(p));
    }

    /// <summary>
    /// One attribute value of the formatted string: <c>*</c> (any), <c>-</c> (not applicable), or letters, digits,
    /// <c>_ - .</c> and backslash-escaped punctuation, with <c>*</c> or <c>?</c> wildcards only at either end.
    /// </summary>
    [GeneratedRegex(@"^(\*|-|(\*|\?+)?([A-Za-z0-9._-]|\\[!-/:-@\[-`{-~])+(\*|\?+)?)$")]
    private static partial Regex Value();

    [GeneratedRegex(@"(?<!\\):")]
    private static partial Regex UnescapedColon();

    /// <summary>The URI form: a part letter and at most six further components of URI-safe characters.</summary>
    [GeneratedRegex(@"^cpe:/[aoh](:[A-Za-z0-9._~%!-]*){0,6}$")]
    private static partial Regex Uri();
}
