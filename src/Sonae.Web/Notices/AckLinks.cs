using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Sonae.Web.Notices;

/// <summary>What an acknowledgement link turned out to be.</summary>
public enum AckLinkState
{
    Valid,

    /// <summary>Sonae made it, but its time is over.</summary>
    Expired,

    /// <summary>Not a link Sonae made (mistyped, cut short, forged).</summary>
    Invalid,
}

/// <summary>
/// The personal links that acknowledge a notice without signing in: signed and encrypted with the installation's
/// data protection keys (kept in the database, so every server reads every link), single-purpose (the purpose string
/// names this use alone, so no other protected text of Sonae opens one), and expiring (the time is inside the signed
/// text). A link names one recipient of one notice and can do nothing else.
/// </summary>
public sealed class AckLinks(IDataProtectionProvider provider, TimeProvider clock)
{
    public const string Path = "/ack/";

    private readonly IDataProtector _protector = provider.CreateProtector("Sonae.Notices.Acknowledge.v1");

    /// <summary>The token of <paramref name="recipientId"/>'s link, valid until <paramref name="expires"/>.</summary>
    public string Token(Guid recipientId, DateTimeOffset expires) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{recipientId:N}.{expires.ToUnixTimeSeconds()}"));

    public static string Url(string baseUrl, string token) => baseUrl.TrimEnd('/') + Path + token;

    /// <summary>Reads a token: the recipient it names when it is valid.</summary>
    public AckLinkState Read(string? token, out Guid recipientId)
    {
        recipientId = Guid.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > 400)
            return AckLinkState.Invalid;
        string text;
        try
        {
            text = _protector.Unprotect(token);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return AckLinkState.Invalid;
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !Guid.TryParseExact(text[..dot], "N", out recipientId)
            || !long.TryParse(text[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return AckLinkState.Invalid;
        return clock.GetUtcNow().ToUnixTimeSeconds() > expires ? AckLinkState.Expired : AckLinkState.Valid;
    }
}
