using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;
using Sonae.Core.Notices;
using Sonae.Data.Notices;

namespace Sonae.Web.Notices.Delivery;

/// <summary>What sends the messages of one lane, one at a time, keeping what it can between them (a connection).</summary>
public interface IChannelSession : IAsyncDisposable
{
    /// <summary>Sends one message; null when the receiver accepted it, else why not.</summary>
    Task<DeliveryFailure?> Send(OutboxMessageRow message, CancellationToken cancellationToken);
}

/// <summary>
/// E-mail through the hospital's mail server with MailKit: one SMTP connection for a run of messages (connected at
/// the first, signed in once, dropped after a failure that may have broken it, closed at the end of the run), each
/// message plain text in UTF-8 (subject and body in Japanese arrive readable), with a <c>Message-ID</c> made from
/// the outbox row (<see cref="DeliveryIds"/>) so that a repeat after a crash can be recognised. Every step is bounded
/// by the send timeout, so a server that accepts the connection and then says nothing fails the message instead of
/// holding the lane.
/// </summary>
public sealed class MailSession(MailServer? server, string? password, TimeSpan timeout, TimeProvider clock) : IChannelSession
{
    private SmtpClient? _client;

    private string Where => server is null ? "" : $"{server.Host}:{server.Port.ToString(CultureInfo.InvariantCulture)}";

    public Task<DeliveryFailure?> Send(OutboxMessageRow message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Send(message, DeliveryIds.MessageId(message), cancellationToken);
    }

    /// <summary>Sends <paramref name="message"/> with this <c>Message-ID</c> (the test button's message has no outbox row).</summary>
    public async Task<DeliveryFailure?> Send(OutboxMessageRow message, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (server is null)
            return DeliveryFailure.NoMailServer;
        if (!ChannelRules.IsMailAddress(message.Target))
            return DeliveryFailure.BadAddress(message.Target);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            var client = await Connected(server, bounded.Token);
            await client.SendAsync(Compose(server, message, messageId), bounded.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Drop();
            return DeliveryFailure.Timeout(Where, timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server refusing one message or recipient leaves the connection good for the next; anything else may not.
            if (e is not SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted })
                await Drop();
            return DeliveryFailure.From(e, Where);
        }
    }

    private async Task<SmtpClient> Connected(MailServer mail, CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } open)
            return open;
        await Drop();
        _client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        var security = mail.Security switch
        {
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        await _client.ConnectAsync(mail.Host, mail.Port, security, cancellationToken);
        if (mail.User is { } user)
            await _client.AuthenticateAsync(user, password ?? "", cancellationToken);
        return _client;
    }

    private MimeMessage Compose(MailServer mail, OutboxMessageRow row, string messageId)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(mail.FromName ?? "", mail.FromAddress));
        message.To.Add(MailboxAddress.Parse(row.Target.Trim()));
        message.Subject = row.Subject;
        message.MessageId = messageId;
        message.Date = clock.GetUtcNow();
        message.Headers.Add("X-Sonae-Delivery", messageId[..messageId.IndexOf('@', StringComparison.Ordinal)]);
        // UTF-8 text; MailKit picks the transfer encoding the server can carry (8bit where it says 8BITMIME, else base64).
        message.Body = new TextPart(TextFormat.Plain) { Text = row.Body };
        return message;
    }

    private async Task Drop()
    {
        if (_client is not { } client)
            return;
        _client = null;
        try
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(quit: true, quick.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SmtpProtocolException or SmtpCommandException or System.Net.Sockets.SocketException)
        {
            // Closing a connection that already broke: nothing to tell.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await Drop();
}
