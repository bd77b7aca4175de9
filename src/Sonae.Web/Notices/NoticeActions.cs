using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Notices;
using Sonae.Web.Access;

using Sonae.Web.Notices.Delivery;

namespace Sonae.Web.Notices;

/// <summary>What the sender did to a notice, and to how many people it went.</summary>
public sealed record NoticeActionResult(int Number, string Action, int People);

/// <summary>
/// What the sender does with a notice after sending it: remind those who have not acknowledged, tell their heads of
/// department who they are, or stop it (a page no longer needed, a notice withdrawn).
/// </summary>
public sealed class NoticeActions(SonaeDbContext db, NoticeMessages messages, NoticeChannelSettings channels, NoticeAudiences audiences, OutboxSignal outbox, TimeProvider clock)
{
    /// <summary>Sends the notice again to everyone it reached who has not acknowledged it.</summary>
    public async Task<NoticeActionResult?> Remind(string id, CancellationToken cancellationToken)
    {
        var notice = await NoticeQueries.Find(db, id, cancellationToken);
        if (notice is null)
            return null;
        var settings = await channels.Current(cancellationToken);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var waiting = await db.NoticeRecipients.Where(r => r.NoticeId == notice.Id && r.NotifiedAt != null && r.AcknowledgedAt == null).ToListAsync(cancellationToken);
        if (notice.StoppedAt is null)
        {
            ExtendLinks(notice, now);
            foreach (var recipient in waiting)
            {
                recipient.RemindedAt = now;
                recipient.Reminders++;
            }
            db.OutboxMessages.AddRange(messages.Mails(notice, waiting, settings, "【再送】まだ確認されていません。/ Reminder: you have not acknowledged this yet."));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return new NoticeActionResult(notice.Number, "remind", notice.StoppedAt is null ? waiting.Count : 0);
    }

    /// <summary>
    /// Tells the head of each department with people who have not acknowledged who they are (the people record's
    /// heads of department), and adds the heads as recipients: they see it in the application and by e-mail.
    /// </summary>
    public async Task<NoticeActionResult?> EscalateToHeads(string id, CancellationToken cancellationToken)
    {
        var notice = await NoticeQueries.Find(db, id, cancellationToken);
        if (notice is null)
            return null;
        var source = await audiences.Load(cancellationToken);
        var settings = await channels.Current(cancellationToken);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recipients = await db.NoticeRecipients.Where(r => r.NoticeId == notice.Id).ToListAsync(cancellationToken);
        var told = 0;
        // A page has its own chain; heads of department are for the notices staff must act on.
        if (notice.StoppedAt is null && notice.Kind != Core.Notices.NoticeKinds.Id(Core.Notices.NoticeKind.Page))
        {
            ExtendLinks(notice, now);
            foreach (var department in recipients.Where(r => r.NotifiedAt != null && r.AcknowledgedAt == null && r.Department != null).GroupBy(r => r.Department!))
            {
                var names = string.Join("、", department.Select(r => r.Name));
                foreach (var head in source.People.People.Where(p => p.DepartmentHead && p.Department == department.Key))
                {
                    var key = Core.Notices.Audiences.KeyOf(head);
                    var row = recipients.FirstOrDefault(r => r.Key == key);
                    if (row is null)
                    {
                        var recipient = Core.Notices.Audiences.Of(head, Core.Notices.Audiences.AccountOf(head, source.Accounts));
                        row = new NoticeRecipientRow
                        {
                            Id = Guid.CreateVersion7(now), OrganizationId = notice.OrganizationId, NoticeId = notice.Id, Key = key, Name = recipient.Name,
                            Department = recipient.Department, Email = recipient.Email, AccountId = recipient.AccountId, Tier = 1, NotifiedAt = now,
                        };
                        db.NoticeRecipients.Add(row);
                        recipients.Add(row);
                    }
                    db.OutboxMessages.AddRange(messages.Mails(notice, [row], settings,
                        $"{department.Key}で、まだ確認していない人がいます:{names}\nPeople of {department.Key} who have not acknowledged this yet: {names}"));
                    told++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return new NoticeActionResult(notice.Number, "escalate", told);
    }

    /// <summary>
    /// Links sent now work for a week at least: a reminder a month after the notice must not carry links that only
    /// say they have expired. (The notice was read without tracking; its new end is written here.)
    /// </summary>
    private void ExtendLinks(NoticeRow notice, DateTimeOffset now)
    {
        var end = now + TimeSpan.FromDays(7);
        if (notice.ExpiresAt >= end)
            return;
        notice.ExpiresAt = end;
        db.Notices.Attach(notice).Property(n => n.ExpiresAt).IsModified = true;
    }

    /// <summary>Stops the notice: its links no longer acknowledge, a page calls nobody more.</summary>
    public async Task<NoticeActionResult?> Stop(string id, CancellationToken cancellationToken)
    {
        var notice = await NoticeQueries.Find(db, id, cancellationToken);
        if (notice is null)
            return null;
        var now = Timestamps.Normalize(clock.GetUtcNow());
        await db.Notices.Where(n => n.Id == notice.Id && n.StoppedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.StoppedAt, now).SetProperty(n => n.EscalateAt, (DateTimeOffset?)null), cancellationToken);
        // What has not gone out yet (a mail server down) never goes: a withdrawn notice must not arrive hours later.
        await db.OutboxMessages.Waiting().Where(m => m.NoticeId == notice.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.GaveUpAt, now).SetProperty(m => m.LastError, "notice-stopped")
                .SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), cancellationToken);
        return new NoticeActionResult(notice.Number, "stop", 0);
    }
}
