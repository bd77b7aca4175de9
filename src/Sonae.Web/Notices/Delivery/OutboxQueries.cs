using Sonae.Data.Notices;

namespace Sonae.Web.Notices.Delivery;

/// <summary>Queries of the outbox that more than the dispatcher asks (readiness, metrics, the channels page).</summary>
public static class OutboxQueries
{
    /// <summary>Messages still waiting: neither sent nor given up on (whatever filters <paramref name="messages"/> keeps).</summary>
    public static IQueryable<OutboxMessageRow> Waiting(this IQueryable<OutboxMessageRow> messages) =>
        messages.Where(m => m.SentAt == null && m.GaveUpAt == null);
}
