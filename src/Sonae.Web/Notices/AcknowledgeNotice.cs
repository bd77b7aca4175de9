using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Data.Notices;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Notices;

/// <summary>What became of an acknowledgement.</summary>
public enum AckOutcome
{
    Acknowledged,

    /// <summary>They had acknowledged it before: nothing changes, and they are told when.</summary>
    AlreadyAcknowledged,

    /// <summary>The sender stopped the notice (withdrawn, or a page no longer needed).</summary>
    Stopped,

    Expired,

    /// <summary>Not a link Sonae made, or a notice the person was not sent.</summary>
    NotFound,
}

/// <summary>A notice as its recipient sees it on the acknowledgement page.</summary>
/// <param name="Hospital">The hospital's name, so that a link opened at home says whose notice it is.</param>
public sealed record AckView(
    string Hospital, int Number, NoticeKind Kind, string Title, string Body, string SentBy, DateTimeOffset SentAt, string Name,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? StoppedAt, DateTimeOffset ExpiresAt);

public sealed record AckResult(AckOutcome Outcome, AckView? View);

/// <summary>
/// A recipient acknowledges a notice: through their personal link (no sign-in), or signed in. The first
/// acknowledgement of a page stops its escalation and goes on the incident's record (<c>page-acknowledged</c>) in the
/// same transaction; a notice's acknowledgements are kept with the notice alone, one row each.
/// </summary>
public sealed class AcknowledgeNotice(
    AckLinks links, SonaeDbContext db, RecordWriter writer, AckWriter acks, PlaybookCache playbooks, IHttpContextAccessor http, TimeProvider clock, Health.SonaeMetrics metrics)
{
    /// <summary>The notice a link names, for its page, without changing anything (a mail scanner opening it acknowledges nothing).</summary>
    public async Task<AckResult> Show(string token, CancellationToken cancellationToken)
    {
        var state = links.Read(token, out var recipientId);
        if (state == AckLinkState.Invalid || await Load(recipientId, cancellationToken) is not var (recipient, notice))
            return new AckResult(AckOutcome.NotFound, null);
        var view = await View(recipient, notice, cancellationToken);
        return new AckResult(state == AckLinkState.Expired ? AckOutcome.Expired : recipient.AcknowledgedAt is null ? AckOutcome.Acknowledged : AckOutcome.AlreadyAcknowledged, view);
    }

    public async Task<AckResult> ByLink(string token, CancellationToken cancellationToken)
    {
        var state = links.Read(token, out var recipientId);
        if (state == AckLinkState.Invalid || await Load(recipientId, cancellationToken) is not var (recipient, notice))
            return new AckResult(AckOutcome.NotFound, null);
        // The audit log names the person the link is theirs, in their hospital's chain, not an anonymous caller.
        // (Someone signed in who uses another's link — a sender passing it on — stays who they are in the log.)
        if (http.HttpContext is { } context && context.User.Identity?.IsAuthenticated != true)
            context.Items[Audit.AuditMiddleware.WhoItem] = CallerOf(recipient, notice);
        if (state == AckLinkState.Expired && recipient.AcknowledgedAt is null)
            return new AckResult(AckOutcome.Expired, await View(recipient, notice, cancellationToken));
        return await Acknowledge(recipient, notice, "link", cancellationToken);
    }

    /// <summary>The signed-in caller acknowledges a notice sent to their account, named by its number or id.</summary>
    public async Task<AckResult> ByAccount(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (NoticeQueries.AccountOf(caller) is not { } account)
            return new AckResult(AckOutcome.NotFound, null);
        var notice = await NoticeQueries.Find(db, id, cancellationToken);
        var recipient = notice is null ? null
            : await db.NoticeRecipients.AsNoTracking().Where(r => r.NoticeId == notice.Id && r.AccountId == account && r.NotifiedAt != null).FirstOrDefaultAsync(cancellationToken);
        if (notice is null || recipient is null)
            return new AckResult(AckOutcome.NotFound, null);
        return await Acknowledge(recipient, notice, "app", cancellationToken);
    }

    /// <summary>
    /// The call sheet reached a person by phone: the incident's pages that call them (in any tier, called yet or not:
    /// someone of the chain answered) count as acknowledged by them, by phone. How many were.
    /// </summary>
    public async Task<int> ByPhone(Guid incidentId, string personKey, CancellationToken cancellationToken)
    {
        var page = NoticeKind.Page.Id();
        var waiting = await db.NoticeRecipients.AsNoTracking()
            .Where(r => r.Key == personKey && r.AcknowledgedAt == null)
            .Join(db.Notices.AsNoTracking().Where(n => n.IncidentId == incidentId && n.Kind == page && n.StoppedAt == null && n.AcknowledgedAt == null),
                r => r.NoticeId, n => n.Id, (r, n) => new { r, n })
            .ToListAsync(cancellationToken);
        var acknowledged = 0;
        foreach (var found in waiting)
        {
            if ((await Acknowledge(found.r, found.n, "phone", cancellationToken)).Outcome == AckOutcome.Acknowledged)
                acknowledged++;
        }
        return acknowledged;
    }

    private async Task<AckResult> Acknowledge(NoticeRecipientRow recipient, NoticeRow notice, string via, CancellationToken cancellationToken)
    {
        if (recipient.AcknowledgedAt is not null)
            return new AckResult(AckOutcome.AlreadyAcknowledged, await View(recipient, notice, cancellationToken));
        if (notice.StoppedAt is not null)
            return new AckResult(AckOutcome.Stopped, await View(recipient, notice, cancellationToken));
        var now = Timestamps.Normalize(clock.GetUtcNow());
        bool changed;
        if (notice.Kind == NoticeKind.Page.Id() && notice.IncidentId is { } incidentId)
            changed = await AcknowledgePage(recipient, notice, incidentId, via, now, cancellationToken);
        else
            changed = await acks.Mark(recipient.Id, via, now, Audit.RequestAudit.Of(http.HttpContext));
        recipient.AcknowledgedAt ??= changed ? now : await db.NoticeRecipients.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(r => r.Id == recipient.Id).Select(r => r.AcknowledgedAt).FirstOrDefaultAsync(cancellationToken);
        return new AckResult(changed ? AckOutcome.Acknowledged : AckOutcome.AlreadyAcknowledged, await View(recipient, notice, cancellationToken));
    }

    /// <summary>
    /// A page's acknowledgement: the recipient's row, the page's (which stops the escalation) and, for the first one,
    /// the incident's record, in one transaction of the record writer.
    /// </summary>
    private async Task<bool> AcknowledgePage(NoticeRecipientRow recipient, NoticeRow notice, Guid incidentId, string via, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var caller = CallerOf(recipient, notice);
        var changed = false;
        var first = false;
        var outcome = await writer.Submit(caller, async (unit, ct) =>
        {
            // The incident first, as every writer of the record holds it first: two servers never wait on each other in a circle.
            var incident = await unit.IncidentForAppendAsync(incidentId, ct);
            if (incident is null)
                return new CommandOutcome.NotFound();
            changed = await Mark(unit, recipient.Id, via, now, ct);
            first = changed && await unit.Notices.Where(n => n.Id == notice.Id && n.AcknowledgedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.AcknowledgedAt, now).SetProperty(n => n.EscalateAt, (DateTimeOffset?)null), ct) == 1;
            var playbook = await playbooks.Get(unit, incident.PlaybookVersionId, ct);
            var progress = incident.ReadProgress();
            if (!first)
                return CommandOutcome.Appended.Of(incident, [], progress, playbook);
            var command = new AcknowledgePage(notice.Id, notice.Number, notice.Title, notice.SentAt, recipient.Tier, via);
            var decision = IncidentRules.Decide(playbook, progress, caller.Actor, command, now);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook, command);
            var (events, after) = unit.Append(incident, progress, EventChain.Append(incident.Head, decision.Events, now), null);
            return CommandOutcome.Appended.Of(incident, events, after, playbook);
        }, cancellationToken, appendsTo: incidentId);
        // Not written (the record writer overloaded, the incident gone): the person must not be told it was.
        if (outcome is not CommandOutcome.Appended)
            throw new InvalidOperationException($"The acknowledgement of page {notice.Number} was not written ({outcome.GetType().Name}).");
        if (first)
            metrics.PageAcknowledged(now - notice.SentAt);
        return changed;
    }

    /// <summary>The recipient as the record and the audit log name them: their account if they have one, in the role the notice found them in.</summary>
    private static Caller CallerOf(NoticeRecipientRow recipient, NoticeRow notice)
    {
        var role = Roles.TryParse(recipient.Role, out var held) ? held : Role.Staff;
        var actorId = recipient.AccountId is { } account ? Caller.AccountActor(account) : recipient.Key;
        return new Caller(notice.OrganizationId, new Actor(actorId, recipient.Name, new HashSet<Role> { role }));
    }

    private static async Task<bool> Mark(SonaeDbContext unit, Guid recipientId, string via, DateTimeOffset now, CancellationToken cancellationToken) =>
        await unit.NoticeRecipients.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(r => r.Id == recipientId && r.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AcknowledgedAt, now).SetProperty(r => r.AcknowledgedVia, via), cancellationToken) == 1;

    private async Task<(NoticeRecipientRow, NoticeRow)?> Load(Guid recipientId, CancellationToken cancellationToken)
    {
        // One query for all the page needs: the recipient, the notice and the hospital's name.
        var found = await db.NoticeRecipients.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(r => r.Id == recipientId)
            .Join(db.Notices.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking(), r => r.NoticeId, n => n.Id, (r, n) => new { r, n })
            .Join(db.Organizations.AsNoTracking(), x => x.n.OrganizationId, o => o.Id, (x, o) => new { x.r, x.n, o.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
            return null;
        _hospital = found.Name;
        return (found.r, found.n);
    }

    /// <summary>The hospital's name, when <see cref="Load"/> read it with the notice.</summary>
    private string? _hospital;

    private async Task<AckView> View(NoticeRecipientRow recipient, NoticeRow notice, CancellationToken cancellationToken)
    {
        var hospital = _hospital ?? await db.Organizations.AsNoTracking().Where(o => o.Id == notice.OrganizationId).Select(o => o.Name).FirstAsync(cancellationToken);
        return View(recipient, notice, hospital);
    }

    private static AckView View(NoticeRecipientRow recipient, NoticeRow notice, string hospital)
    {
        return new AckView(hospital, notice.Number, NoticeKinds.Parse(notice.Kind), notice.Title, notice.Body, notice.SentByName, notice.SentAt,
            recipient.Name, recipient.AcknowledgedAt, notice.StoppedAt, notice.ExpiresAt);
    }
}
