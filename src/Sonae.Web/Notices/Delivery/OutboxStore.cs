using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Data.Notices;

namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// One channel's stream of messages: a hospital's mail server (every e-mail of that hospital), or one of its
/// webhooks. Each is claimed and sent by a loop of its own, so a channel that is down or slow holds no other.
/// </summary>
/// <param name="OrganizationId">The hospital.</param>
/// <param name="Channel"><c>email</c>, <c>webhook</c> (or a name Sonae does not know, which is given up).</param>
/// <param name="Target">The webhook's id; empty for e-mail, whose targets share the mail server.</param>
public readonly record struct Lane(Guid OrganizationId, string Channel, string Target)
{
    public const string Email = "email";
    public const string Webhook = "webhook";
}

/// <summary>
/// The dispatcher's side of the outbox table, the same on SQLite and PostgreSQL: which lanes have messages due,
/// claiming some with a lease, renewing it, and marking each sent or failed only while the lease is still this
/// claim's. A claim is one statement: on PostgreSQL rows another server is claiming at that moment are skipped
/// (<c>FOR UPDATE SKIP LOCKED</c>) and a row it claimed just before is seen leased, so two servers never take one
/// message; SQLite runs one writing statement at a time, so its claims follow each other. Rows are never deleted:
/// a message stays for the record, its <c>LeasedBy</c> naming the server that sent it.
/// </summary>
public sealed class OutboxStore(SonaeDbContext db)
{
    private IQueryable<OutboxMessageRow> All => db.OutboxMessages.IgnoreQueryFilters([SonaeDbContext.TenantFilter]);

    /// <summary>Messages that may be claimed now: not sent, not given up, due, and not under a live lease.</summary>
    private IQueryable<OutboxMessageRow> Due(DateTimeOffset now) => All.Waiting().Where(m => m.DueAt <= now
        && (m.LeasedUntil == null || m.LeasedUntil <= now));

    /// <summary>The lanes with something to send now, across every hospital.</summary>
    public async Task<IReadOnlyList<Lane>> DueLanes(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lanes = await Due(now).AsNoTracking()
            .Select(m => new { m.OrganizationId, m.Channel, Target = m.Channel == Lane.Webhook ? m.Target : "" })
            .Distinct().OrderBy(l => l.OrganizationId).ThenBy(l => l.Channel).ThenBy(l => l.Target).Take(1000).ToListAsync(cancellationToken);
        return [.. lanes.Select(l => new Lane(l.OrganizationId, l.Channel, l.Target))];
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> of the lane's due messages, oldest due first, to <paramref name="claim"/>
    /// until <paramref name="until"/>, and returns them.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessageRow>> Claim(Lane lane, string claim, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        if (db is PostgresSonaeDbContext)
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "OutboxMessages" SET "LeasedBy" = {claim}, "LeasedUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutboxMessages"
                    WHERE "OrganizationId" = {lane.OrganizationId} AND "Channel" = {lane.Channel} AND ({lane.Target} = '' OR "Target" = {lane.Target})
                      AND "SentAt" IS NULL AND "GaveUpAt" IS NULL AND "DueAt" <= {now} AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= {now})
                    ORDER BY "DueAt", "Id" LIMIT {limit}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
        }
        else
        {
            var due = InLane(Due(now), lane).OrderBy(m => m.DueAt).ThenBy(m => m.Id).Select(m => m.Id).Take(limit);
            // The due conditions again on the rows themselves: whatever another claim took first stays its own.
            await InLane(Due(now), lane).Where(m => due.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedBy, claim).SetProperty(m => m.LeasedUntil, until), cancellationToken);
        }
        return await Held(claim, cancellationToken);
    }

    /// <summary>The unsent messages <paramref name="claim"/> still holds, oldest due first.</summary>
    public async Task<IReadOnlyList<OutboxMessageRow>> Held(string claim, CancellationToken cancellationToken) =>
        await All.Waiting().AsNoTracking().Where(m => m.LeasedBy == claim)
            .OrderBy(m => m.DueAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);

    /// <summary>Moves the lease of every unsent message <paramref name="claim"/> holds to <paramref name="until"/>; how many it still holds.</summary>
    public Task<int> Renew(string claim, DateTimeOffset until, CancellationToken cancellationToken) =>
        All.Waiting().Where(m => m.LeasedBy == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, until), cancellationToken);

    /// <summary>Marks the message sent if <paramref name="claim"/> still holds it; false when it lost the lease meanwhile.</summary>
    public async Task<bool> MarkSent(long id, string claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        await All.Where(m => m.Id == id && m.LeasedBy == claim && m.SentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, now).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), cancellationToken) == 1;

    /// <summary>
    /// Records a failed attempt if <paramref name="claim"/> still holds the message: its count of failures, why, and
    /// either when to try again or that Sonae gave up; the lease is let go.
    /// </summary>
    public async Task<bool> MarkFailed(long id, string claim, int failures, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mine = All.Where(m => m.Id == id && m.LeasedBy == claim && m.SentAt == null);
        var changed = retryAt is { } at
            ? await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, failures).SetProperty(m => m.LastError, error).SetProperty(m => m.DueAt, at)
                .SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), cancellationToken)
            : await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, failures).SetProperty(m => m.LastError, error).SetProperty(m => m.GaveUpAt, now)
                .SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), cancellationToken);
        return changed == 1;
    }

    /// <summary>Lets go of the unsent messages <paramref name="claim"/> holds (a server stopping), so another server or the next start takes them at once.</summary>
    public Task<int> Release(string claim, CancellationToken cancellationToken) =>
        All.Where(m => m.LeasedBy == claim && m.SentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>The hospital's name, for what a webhook is told.</summary>
    public async Task<string> OrganizationName(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "";

    /// <summary>The kind of each notice and the number of its incident, for what a webhook is told.</summary>
    public async Task<IReadOnlyDictionary<Guid, (string Kind, int? Incident)>> Notices(IReadOnlyCollection<Guid> noticeIds, CancellationToken cancellationToken)
    {
        if (noticeIds.Count == 0)
            return new Dictionary<Guid, (string, int?)>();
        var notices = await db.Notices.IgnoreQueryFilters().AsNoTracking().Where(n => noticeIds.Contains(n.Id))
            .Select(n => new { n.Id, n.Kind, Incident = db.Incidents.IgnoreQueryFilters().Where(i => i.Id == n.IncidentId).Select(i => (int?)i.Number).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return notices.ToDictionary(n => n.Id, n => (n.Kind, n.Incident));
    }

    private static IQueryable<OutboxMessageRow> InLane(IQueryable<OutboxMessageRow> messages, Lane lane)
    {
        var inLane = messages.Where(m => m.OrganizationId == lane.OrganizationId && m.Channel == lane.Channel);
        return lane.Target.Length == 0 ? inLane : inLane.Where(m => m.Target == lane.Target);
    }
}
