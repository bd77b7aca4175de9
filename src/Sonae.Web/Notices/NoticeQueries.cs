using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Notices;
using Sonae.Web.Access;

namespace Sonae.Web.Notices;

/// <summary>A notice in a list: what, when, by whom, and how many have acknowledged it.</summary>
/// <param name="Kind">The kind's wire name.</param>
/// <param name="Incident">The number of the incident it is about, if any.</param>
/// <param name="Escalating">For a page: still calling the next person when nobody answers.</param>
public sealed record NoticeSummary(
    Guid Id, int Number, string Kind, string Title, DateTimeOffset SentAt, string SentBy, int Recipients, int Acknowledged,
    int? Incident, DateTimeOffset? AcknowledgedAt, DateTimeOffset? StoppedAt, bool Escalating)
{
    public static NoticeSummary Of(NoticeRow row, int recipients, int acknowledged, int? incident) =>
        new(row.Id, row.Number, row.Kind, row.Title, row.SentAt, row.SentByName, recipients, acknowledged, incident, row.AcknowledgedAt, row.StoppedAt, row.EscalateAt is not null);
}

/// <summary>One recipient of a notice as its sender sees them.</summary>
/// <param name="Tier">For a page, the tier of the escalation (0 first); 0 for a notice.</param>
/// <param name="NotifiedAt">When messages went out to them; null while a page has not reached their tier.</param>
/// <param name="Via"><c>link</c>, <c>app</c> or <c>phone</c>.</param>
/// <param name="Delivery">How their e-mail fared: <c>sent</c>, <c>waiting</c>, <c>failed</c>, or null when none went.</param>
/// <param name="Link">
/// Their personal acknowledgement link, for the sender to pass on by hand (a text message, a note) to someone
/// without e-mail; null while a page has not reached them.
/// </param>
public sealed record RecipientView(
    Guid Id, string Key, string Name, string? Department, int Tier, DateTimeOffset? NotifiedAt, DateTimeOffset? AcknowledgedAt, string? Via,
    DateTimeOffset? RemindedAt, int Reminders, bool HasAccount, bool HasEmail, string? Delivery, string? Link, bool Yours);

/// <summary>A notice with everyone it went to.</summary>
public sealed record NoticeDetail(NoticeSummary Notice, string Body, Audience Audience, DateTimeOffset ExpiresAt, int Tier, DateTimeOffset? EscalateAt,
    IReadOnlyList<RecipientView> Recipients, IReadOnlyList<ChannelCount> Channels);

/// <summary>How many of a notice's messages went out on a channel, wait, or failed for good.</summary>
public sealed record ChannelCount(string Channel, int Sent, int Waiting, int Failed, string? LastError);

/// <summary>A notice waiting for the signed-in person's acknowledgement.</summary>
public sealed record MyNotice(Guid RecipientId, int Number, string Kind, string Title, string Body, DateTimeOffset SentAt, string SentBy, int? Incident);

/// <summary>Reads notices: the sender's lists and details, and each person's own.</summary>
public sealed class NoticeQueries(SonaeDbContext db, NoticeMessages links)
{
    public const int ListLimit = 200;

    /// <summary>The organization's notices, newest first (those who may send them), or the ones sent to the caller.</summary>
    public async Task<IReadOnlyList<NoticeSummary>> List(Caller caller, CancellationToken cancellationToken)
    {
        var notices = db.Notices.AsNoTracking();
        if (!caller.Actor.May(Core.Access.Operation.SendNotices))
        {
            var account = AccountOf(caller);
            notices = notices.Where(n => db.NoticeRecipients.Any(r => r.NoticeId == n.Id && r.AccountId == account));
        }
        var rows = await notices.OrderByDescending(n => n.Number).Take(ListLimit)
            .Select(n => new
            {
                Notice = n,
                Recipients = db.NoticeRecipients.Count(r => r.NoticeId == n.Id && r.NotifiedAt != null),
                Acknowledged = db.NoticeRecipients.Count(r => r.NoticeId == n.Id && r.AcknowledgedAt != null),
                Incident = db.Incidents.Where(i => i.Id == n.IncidentId).Select(i => (int?)i.Number).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => NoticeSummary.Of(r.Notice, r.Recipients, r.Acknowledged, r.Incident))];
    }

    /// <summary>A notice by its number or id, with its recipients; null when there is none the caller may see.</summary>
    public async Task<NoticeDetail?> Detail(Caller caller, string id, CancellationToken cancellationToken)
    {
        var notice = await Find(id, cancellationToken);
        if (notice is null)
            return null;
        var recipients = await db.NoticeRecipients.AsNoTracking().Where(r => r.NoticeId == notice.Id)
            .OrderBy(r => r.Tier).ThenBy(r => r.Department).ThenBy(r => r.Name).ToListAsync(cancellationToken);
        var sender = caller.Actor.May(Operation.SendNotices);
        if (!sender && !recipients.Any(r => r.AccountId == AccountOf(caller)))
            return null;
        if (!sender)
            recipients = [.. recipients.Where(r => r.AccountId == AccountOf(caller))];
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => m.NoticeId == notice.Id)
            .Select(m => new { m.Channel, m.RecipientId, m.SentAt, m.GaveUpAt, m.LastError, m.Id }).ToListAsync(cancellationToken);
        var delivery = messages.Where(m => m.RecipientId is not null).GroupBy(m => m.RecipientId!.Value)
            .ToDictionary(g => g.Key, g => g.Any(m => m.SentAt is not null) ? "sent" : g.Any(m => m.GaveUpAt is null) ? "waiting" : "failed");
        var channels = messages.GroupBy(m => m.Channel).Select(g => new ChannelCount(g.Key,
            g.Count(m => m.SentAt is not null), g.Count(m => m.SentAt is null && m.GaveUpAt is null), g.Count(m => m.GaveUpAt is not null),
            g.OrderByDescending(m => m.Id).Select(m => m.LastError).FirstOrDefault(e => e is not null))).ToList();
        var incident = notice.IncidentId is { } incidentId
            ? await db.Incidents.Where(i => i.Id == incidentId).Select(i => (int?)i.Number).FirstOrDefaultAsync(cancellationToken)
            : null;
        var views = recipients.Select(r => new RecipientView(r.Id, r.Key, r.Name, r.Department, r.Tier, r.NotifiedAt, r.AcknowledgedAt, r.AcknowledgedVia,
            r.RemindedAt, r.Reminders, r.AccountId is not null, r.Email is not null, delivery.GetValueOrDefault(r.Id),
            sender && r.NotifiedAt is not null && notice.StoppedAt is null ? links.AckUrl(notice, r) : null,
            r.AccountId is not null && r.AccountId == AccountOf(caller))).ToList();
        var summary = NoticeSummary.Of(notice, recipients.Count(r => r.NotifiedAt is not null), recipients.Count(r => r.AcknowledgedAt is not null), incident);
        // How the channels fared is the sender's to see (a refused address names someone else's e-mail).
        return new NoticeDetail(summary, notice.Body, NoticeStore.AudienceOf(notice), notice.ExpiresAt, notice.Tier, notice.EscalateAt, views, sender ? channels : []);
    }

    /// <summary>What waits for the signed-in person's acknowledgement, newest first (the home page and the header badge).</summary>
    public async Task<IReadOnlyList<MyNotice>> Waiting(Caller caller, CancellationToken cancellationToken)
    {
        if (AccountOf(caller) is not { } account)
            return [];
        return await db.NoticeRecipients.AsNoTracking()
            .Where(r => r.AccountId == account && r.AcknowledgedAt == null && r.NotifiedAt != null)
            .Join(db.Notices.AsNoTracking().Where(n => n.StoppedAt == null), r => r.NoticeId, n => n.Id, (r, n) => new { r, n })
            .OrderByDescending(x => x.n.Number).Take(20)
            .Select(x => new MyNotice(x.r.Id, x.n.Number, x.n.Kind, x.n.Title, x.n.Body, x.n.SentAt, x.n.SentByName,
                db.Incidents.Where(i => i.Id == x.n.IncidentId).Select(i => (int?)i.Number).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many notices wait for the signed-in person's acknowledgement.</summary>
    public Task<int> WaitingCount(Caller caller, CancellationToken cancellationToken) =>
        AccountOf(caller) is { } account
            ? db.NoticeRecipients.AsNoTracking().CountAsync(r => r.AccountId == account && r.AcknowledgedAt == null && r.NotifiedAt != null
                && db.Notices.Any(n => n.Id == r.NoticeId && n.StoppedAt == null), cancellationToken)
            : Task.FromResult(0);

    /// <summary>A notice of the caller's organization by its number or id.</summary>
    public Task<NoticeRow?> Find(string id, CancellationToken cancellationToken) => Find(db, id, cancellationToken);

    /// <summary>A notice of the unit of work's organization by its number or id.</summary>
    public static Task<NoticeRow?> Find(SonaeDbContext db, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid) ? db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == guid, cancellationToken)
        : int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Number == number, cancellationToken)
            : Task.FromResult<NoticeRow?>(null);

    public static Guid? AccountOf(Caller caller) => Caller.AccountId(caller.Actor.Id);
}

/// <summary>The hospital's channels as the notices need them, read as the settings page reads them.</summary>
public sealed class NoticeChannelSettings(Delivery.ChannelSettingsStore store)
{
    public async Task<NoticeChannels> Current(CancellationToken cancellationToken) =>
        NoticeChannels.From((await store.Load(cancellationToken)).Settings);
}
