using Microsoft.EntityFrameworkCore;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Notices;

namespace Sonae.Web.Notices.Delivery;

/// <summary>How one channel is doing, from its messages in the outbox.</summary>
/// <param name="Channel"><c>email</c> or <c>webhook</c>.</param>
/// <param name="WebhookId">The webhook's id; null for e-mail.</param>
/// <param name="Name">The webhook's name; null for e-mail, or for a webhook no longer in the settings.</param>
/// <param name="Waiting">Messages not yet sent and not given up.</param>
/// <param name="OldestWaitingSince">When the oldest of them was queued.</param>
/// <param name="LastSentAt">When a message last went through.</param>
/// <param name="LastFailedAt">When an attempt last failed.</param>
/// <param name="LastError">Why, as the outbox keeps it (<see cref="DeliveryFailure.Describe(string?)"/> says it in words).</param>
/// <param name="GivenUp">Messages Sonae gave up on.</param>
public sealed record ChannelState(string Channel, string? WebhookId, string? Name, int Waiting, DateTimeOffset? OldestWaitingSince,
    DateTimeOffset? LastSentAt, DateTimeOffset? LastFailedAt, string? LastError, int GivenUp)
{
    /// <summary>Failing: its last attempt failed (a failure since the last success).</summary>
    public bool Failing => LastFailedAt is { } failed && (LastSentAt is not { } sent || failed > sent);
}

/// <summary>
/// The state of the calling hospital's channels for the settings page and the API: the mail server and each webhook
/// (and any webhook no longer set up that still has messages waiting), with what waits, since when, the last success
/// and the last failure with its reason.
/// </summary>
public sealed class LoadChannelState(SonaeDbContext db)
{
    public async Task<IReadOnlyList<ChannelState>> For(ChannelSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var waiting = await db.OutboxMessages.AsNoTracking().Waiting()
            .GroupBy(m => new { m.Channel, Target = m.Channel == Lane.Webhook ? m.Target : "" })
            .Select(g => new { g.Key.Channel, g.Key.Target, Count = g.Count(), Oldest = g.Min(m => m.CreatedAt) })
            .ToListAsync(cancellationToken);
        var lanes = new List<(string Channel, string Target, string? Name)> { (Lane.Email, "", null) };
        lanes.AddRange(settings.Webhooks.Select(w => (Lane.Webhook, w.Id, (string?)w.Name)));
        lanes.AddRange(waiting.Where(w => w.Channel == Lane.Webhook && settings.WebhookById(w.Target) is null).Select(w => (w.Channel, w.Target, (string?)null)));
        var states = new List<ChannelState>();
        foreach (var (channel, target, name) in lanes)
        {
            var messages = InLane(channel, target);
            var lastSent = await messages.Where(m => m.SentAt != null).OrderByDescending(m => m.SentAt).Select(m => m.SentAt).FirstOrDefaultAsync(cancellationToken);
            // The row keeps no time of its failure: it is when the message became due again less the wait its failures gave it.
            var failed = await messages.Where(m => m.Attempts > 0).OrderByDescending(m => m.DueAt).Take(20)
                .Select(m => new { m.Attempts, m.DueAt, m.GaveUpAt, m.LastError }).ToListAsync(cancellationToken);
            var last = failed.Select(f => (At: f.GaveUpAt ?? DeliverySchedule.LastFailedAt(f.Attempts, f.DueAt), f.LastError)).OrderByDescending(f => f.At).FirstOrDefault();
            var givenUp = await messages.CountAsync(m => m.GaveUpAt != null, cancellationToken);
            var wait = waiting.FirstOrDefault(w => w.Channel == channel && w.Target == target);
            states.Add(new ChannelState(channel, channel == Lane.Email ? null : target, name, wait?.Count ?? 0, wait?.Oldest, lastSent,
                failed.Count > 0 ? last.At : null, failed.Count > 0 ? last.LastError : null, givenUp));
        }
        return states;
    }

    private IQueryable<OutboxMessageRow> InLane(string channel, string target) => channel == Lane.Email
        ? db.OutboxMessages.AsNoTracking().Where(m => m.Channel == channel)
        : db.OutboxMessages.AsNoTracking().Where(m => m.Channel == channel && m.Target == target);
}
