using Sonae.Core;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Notices;

namespace Sonae.Web.Notices;

/// <summary>A notice to write: what it says and whom it reaches, tier by tier for a page.</summary>
public sealed record NewNotice(
    NoticeKind Kind, string Title, string Body, Audience Audience, IReadOnlyList<(Recipient Recipient, int Tier)> Recipients,
    Guid? IncidentId, string SentBy, string SentByName, TimeSpan ValidFor, string? Trigger = null, Core.Access.Role? PagedRole = null);

/// <summary>
/// Adds a notice, its recipients and the messages of its first tier to a unit of work (the caller's transaction), so
/// that a notice is saved with its messages or not at all. Numbers are per organization, taken under the
/// organization's lock (PostgreSQL) or the single writer (SQLite).
/// </summary>
public sealed class NoticeStore(NoticeMessages messages, TimeProvider clock)
{
    public async Task<(NoticeRow Notice, IReadOnlyList<NoticeRecipientRow> Recipients)> Add(
        SonaeDbContext db, Guid organizationId, NewNotice notice, NoticeChannels channels, CancellationToken cancellationToken)
    {
        await db.OrganizationForNumbering(organizationId).SingleAsync(cancellationToken);
        var number = (await db.Notices.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(n => n.OrganizationId == organizationId)
            .MaxAsync(n => (int?)n.Number, cancellationToken) ?? 0) + 1;
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var row = new NoticeRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organizationId, Number = number, IncidentId = notice.IncidentId,
            Kind = notice.Kind.Id(), Title = notice.Title, Body = notice.Body,
            Audience = JsonSerializer.Serialize(notice.Audience, RecordJson.Options), Trigger = notice.Trigger,
            SentBy = notice.SentBy, SentByName = notice.SentByName, SentAt = now, ExpiresAt = now + notice.ValidFor,
        };
        db.Notices.Add(row);
        var recipients = notice.Recipients.Select(r => new NoticeRecipientRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organizationId, NoticeId = row.Id, Key = Clip(r.Recipient.Key, 200)!,
            Name = Clip(r.Recipient.Name, 200)!, Department = Clip(r.Recipient.Department, 200),
            // An address longer than any mail server takes is no address.
            Email = r.Recipient.Email is { Length: <= 320 } email ? email : null, AccountId = r.Recipient.AccountId,
            Tier = r.Tier, Role = r.Recipient.ActingRole(notice.PagedRole)?.Id(),
            NotifiedAt = r.Tier == 0 ? now : null,
        }).ToList();
        db.NoticeRecipients.AddRange(recipients);
        db.OutboxMessages.AddRange(messages.Mails(row, recipients.Where(r => r.Tier == 0), channels));
        return (row, recipients);
    }

    /// <summary>What the people record says, cut to what a recipient's row keeps (the record itself has no limit).</summary>
    private static string? Clip(string? text, int length) => text is null ? null : TextRules.Shorten(text, length, "…");

    /// <summary>The notice's messages to the hospital's webhooks.</summary>
    public IEnumerable<OutboxMessageRow> Webhooks(NoticeRow notice, NoticeChannels channels) =>
        messages.Webhooks(notice, channels, notice.Body);

    /// <summary>The audience a notice was addressed to, as stored.</summary>
    public static Audience AudienceOf(NoticeRow notice) =>
        JsonSerializer.Deserialize<Audience>(notice.Audience, RecordJson.Options) ?? Audience.OfPeople();
}
