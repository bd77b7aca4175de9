using System.Text.RegularExpressions;

namespace Sonae.Core;

/// <summary>
/// Personal data kept out of what Sonae writes for operators (logs above all): a reason a channel gave keeps its
/// sense without the person it may name.
/// </summary>
public static partial class PersonalData
{
    /// <summary>
    /// <paramref name="text"/> with e-mail addresses and phone numbers (seven or more digits, with or without dashes,
    /// spaces or brackets) replaced by <c>[address]</c> and <c>[number]</c>: what a mail server or a webhook answered
    /// may quote the recipient (<c>550 5.1.1 &lt;nurse@hospital.jp&gt;: user unknown</c>), and a log keeps the reason
    /// without the person. Null reads as empty.
    /// </summary>
    public static string Masked(string? text) =>
        PhoneNumber().Replace(MailAddress().Replace(text ?? "", "[address]"), "[number]");

    [GeneratedRegex(@"[^\s<>""'@,;:]+@[^\s<>""'@,;:]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MailAddress();

    [GeneratedRegex(@"\+?\d[\d\-\s()]{5,}\d", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PhoneNumber();
}
