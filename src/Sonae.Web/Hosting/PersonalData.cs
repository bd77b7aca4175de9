using System.Text.RegularExpressions;

namespace Sonae.Web.Hosting;

/// <summary>
/// Keeps people out of the logs: what a mail server or a webhook answered may quote the recipient's address or
/// number (<c>550 5.1.1 &lt;nurse@hospital.jp&gt;: user unknown</c>); the log keeps the reason and loses the person.
/// </summary>
public static partial class PersonalData
{
    /// <summary>The text with e-mail addresses and phone numbers (seven or more digits, with or without dashes) replaced by <c>[address]</c> and <c>[number]</c>.</summary>
    public static string Masked(string text) =>
        PhoneNumber().Replace(MailAddress().Replace(text ?? "", "[address]"), "[number]");

    [GeneratedRegex(@"[^\s<>""'@,;:]+@[^\s<>""'@,;:]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MailAddress();

    [GeneratedRegex(@"\+?\d[\d\-\s()]{5,}\d", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PhoneNumber();
}
