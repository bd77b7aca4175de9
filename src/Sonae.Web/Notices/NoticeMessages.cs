using System.Text;
using Microsoft.Extensions.Options;
using Sonae.Core.Notices;
using Sonae.Data.Notices;
using Sonae.Web.Documents;

namespace Sonae.Web.Notices;

/// <summary>A hospital's channels as the notices see them: whether mail goes out, and to which webhooks.</summary>
public sealed record NoticeChannels(bool Mail, IReadOnlyList<string> Webhooks)
{
    public static NoticeChannels None { get; } = new(false, []);

    public static NoticeChannels From(Core.Notices.ChannelSettings settings) =>
        new(settings.Mail is not null, [.. settings.Webhooks.Select(w => w.Id)]);
}

/// <summary>
/// Writes the messages of a notice into the outbox: one e-mail per recipient with an address (their personal
/// acknowledgement link in it), and one message per webhook for the notice (a link to its page: a shared channel
/// gets nobody's personal link). The application's own channel needs no message: the recipient rows are it.
/// </summary>
public sealed class NoticeMessages(AckLinks links, IOptions<DocumentOptions> options, TimeProvider clock)
{
    /// <summary>Where links in messages point: the configured public address, else Sonae's default.</summary>
    public string BaseUrl => (options.Value.PublicUrl is { Length: > 0 } configured ? configured : MakeBinder.DefaultUrl).TrimEnd('/');

    public string NoticePage(int number) => $"{BaseUrl}/notices/{number}";

    /// <summary>The personal acknowledgement link of a recipient.</summary>
    public string AckUrl(NoticeRow notice, NoticeRecipientRow recipient) => AckLinks.Url(BaseUrl, links.Token(recipient.Id, notice.ExpiresAt));

    /// <summary>The e-mails to <paramref name="recipients"/> (those with an address), when the hospital sends mail.</summary>
    public IEnumerable<OutboxMessageRow> Mails(NoticeRow notice, IEnumerable<NoticeRecipientRow> recipients, NoticeChannels channels, string? prefix = null)
    {
        if (!channels.Mail)
            yield break;
        var now = clock.GetUtcNow();
        var kind = NoticeKinds.Parse(notice.Kind).Name();
        foreach (var row in recipients)
        {
            if (row.Email is not { } email || string.IsNullOrWhiteSpace(email))
                continue;
            var link = AckUrl(notice, row);
            var body = new StringBuilder();
            if (prefix is not null)
                body.Append(prefix).Append("\n\n");
            body.Append(notice.Title).Append("\n\n").Append(notice.Body).Append("\n\n")
                .Append("確認したら、次のリンクを開いて「確認しました」を押してください(サインインは要りません)。\n")
                .Append("Open this link and press \"Acknowledge\" once you have read it (no sign-in needed).\n")
                .Append(link).Append("\n\n")
                .Append(notice.SentByName).Append(" / Sonae");
            yield return new OutboxMessageRow
            {
                OrganizationId = notice.OrganizationId, NoticeId = notice.Id, RecipientId = row.Id, Channel = "email", Target = email.Trim(),
                Subject = $"[{kind.Ja}] {notice.Title}", Body = body.ToString(), Link = link, CreatedAt = now, DueAt = now,
            };
        }
    }

    /// <summary>One message per webhook of the hospital, about the notice (or a line of its escalation).</summary>
    public IEnumerable<OutboxMessageRow> Webhooks(NoticeRow notice, NoticeChannels channels, string text)
    {
        var now = clock.GetUtcNow();
        var kind = NoticeKinds.Parse(notice.Kind).Name();
        return channels.Webhooks.Select(hook => new OutboxMessageRow
        {
            OrganizationId = notice.OrganizationId, NoticeId = notice.Id, Channel = "webhook", Target = hook,
            Subject = $"[{kind.Ja}] {notice.Title}", Body = text, Link = NoticePage(notice.Number), CreatedAt = now, DueAt = now,
        });
    }
}
