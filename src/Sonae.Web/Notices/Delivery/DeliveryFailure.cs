using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Sonae.Web.Resources;

namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// Why a message could not be sent: a code that says it in words in either language (<see cref="Describe"/>) and the
/// channel's own words (the mail server's reply, the webhook's status), kept on the outbox row as
/// <c>code: detail</c> so that the notice pages and the settings page say it in the reader's language.
/// <see cref="Permanent"/> failures are given up at once: no retry will make an address valid.
/// </summary>
public sealed record DeliveryFailure(string Code, string Detail, bool Permanent = false)
{
    private const int MaxDetail = 300;

    /// <summary>As the outbox row keeps it (<c>LastError</c>), short.</summary>
    public string Stored => Detail.Length == 0 ? Code : $"{Code}: {Short(Detail)}";

    /// <summary>This failure in words, in the current language.</summary>
    public string Describe() => Describe(Code, Detail);

    /// <summary>A kept <c>LastError</c> in words, in the current language.</summary>
    public static string Describe(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
            return "";
        var at = stored.IndexOf(": ", StringComparison.Ordinal);
        return at < 0 ? Describe(stored, "") : Describe(stored[..at], stored[(at + 2)..]);
    }

    private static string Describe(string code, string detail)
    {
        var template = UiTexts.ResourceManager.GetString("DeliveryError_" + code.Replace('-', '_'), CultureInfo.CurrentUICulture);
        return template is null ? $"{code}: {detail}" : string.Format(CultureInfo.CurrentCulture, template, detail);
    }

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxDetail ? line : line[..MaxDetail] + "…";
    }

    /// <summary>The e-mail address is not one.</summary>
    public static DeliveryFailure BadAddress(string address) => new("bad-address", address, Permanent: true);

    /// <summary>The hospital has no mail server set up (yet: the message waits for it).</summary>
    public static DeliveryFailure NoMailServer { get; } = new("no-mail-server", "");

    /// <summary>The webhook the message names is no longer in the settings.</summary>
    public static DeliveryFailure WebhookRemoved(string id) => new("webhook-removed", id, Permanent: true);

    /// <summary>A channel Sonae does not know.</summary>
    public static DeliveryFailure UnknownChannel(string channel) => new("unknown-channel", channel, Permanent: true);

    /// <summary>The webhook answered with something else than 2xx.</summary>
    public static DeliveryFailure HttpStatus(int status, string? reason, string body) =>
        new("http-status", $"{status.ToString(CultureInfo.InvariantCulture)} {reason} {body}".Trim());

    /// <summary>No answer within the time a send may take.</summary>
    public static DeliveryFailure Timeout(string where, TimeSpan limit) =>
        new("timeout", $"{where}, {limit.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");

    /// <summary>What an exception of a send means, in the channel's own words, for the server at <paramref name="where"/>.</summary>
    public static DeliveryFailure From(Exception exception, string where)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new("connection-refused", where),
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => new("host-not-found", where),
            SocketException { SocketErrorCode: SocketError.TimedOut } => new("timeout", where),
            HttpRequestException { InnerException: SocketException socket } => From(socket, where),
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => new("host-not-found", where),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => new("tls-failed", $"{where}: {exception.Message}"),
            SslHandshakeException => new("tls-failed", $"{where}: {exception.Message}"),
            System.Security.Authentication.AuthenticationException => new("tls-failed", $"{where}: {exception.Message}"),
            MailKit.Security.AuthenticationException => new("sign-in-refused", exception.Message),
            SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command when (int)command.StatusCode >= 500 =>
                new("recipient-refused", $"{(int)command.StatusCode} {command.Mailbox?.Address}: {command.Message}", Permanent: true),
            SmtpCommandException command => new("server-refused", $"{(int)command.StatusCode} {command.Message}"),
            SmtpProtocolException or ServiceNotConnectedException => new("connection-lost", $"{where}: {exception.Message}"),
            NotSupportedException when exception.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) => new("no-starttls", where),
            NotSupportedException when exception.Message.Contains("authentication", StringComparison.OrdinalIgnoreCase) => new("no-sign-in", where),
            IOException or SocketException or HttpRequestException => new("network", $"{where}: {exception.Message}"),
            _ => new("failed", $"{where}: {exception.GetType().Name}: {exception.Message}"),
        };
    }
}
