using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Data.Notices;

using Sonae.Web.Notices.Delivery;

namespace Sonae.Web.Notices;

/// <summary>
/// Pages and escalates, every <see cref="Every"/>: an incident opened without its page gets
/// one (the security officer's chain: on duty, deputy, next, then management; a live drill's, its participants of
/// that chain), and a page nobody acknowledged in its
/// tier's time calls the next tier. Of several servers on one database, the one holding the lease
/// <see cref="Cluster.ClusterLeases.Paging"/> runs the rounds; should two ever run one at once (a lease handed over
/// mid-round), a trigger still pages once per incident (a unique index), and a tier is moved on by the one server
/// whose update still finds it where it was.
/// </summary>
public sealed partial class PagingWatch(IServiceScopeFactory scopes, OutboxSignal outbox, TimeProvider clock, Cluster.ClusterLeases leases, ILogger<PagingWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    /// <summary>An incident older than this when Sonae first sees it unpaged is not paged (a server upgraded mid-incident).</summary>
    public static readonly TimeSpan OpeningPageWithin = TimeSpan.FromHours(1);

    public const string OpenedTrigger = "incident-opened";

    /// <summary>Steps past their target and legal clocks on their last day are looked at every this many rounds.</summary>
    public const int LateWorkEvery = 6;

    private int _rounds;

    // Rounds keep the wall clock's time (the record's clock is only read inside a round).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.EveryWhileHeld(Cluster.ClusterLeases.Paging, Every, TimeProvider.System, atOnce: true, Round, stoppingToken);

    /// <summary>One round over every organization; what fails is logged and tried again next round.</summary>
    public async Task Round(CancellationToken cancellationToken)
    {
        try
        {
            var sent = await PageOpenedIncidents(cancellationToken) + await Escalate(cancellationToken);
            // Steps and clocks are read once a minute: they need each open incident's whole state.
            if (_rounds++ % LateWorkEvery == 0)
                sent += await PageLateWork(cancellationToken);
            if (sent > 0)
                outbox.Wake();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed round is logged; the next one tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
        }
    }

    private async Task<int> PageOpenedIncidents(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now - OpeningPageWithin;
        List<(Guid Id, Guid OrganizationId, int Number, string Title)> unpaged;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            // A live drill is paged like an incident, to its participants alone (Page); a tabletop one pages nobody.
            var live = Core.Aftercare.Drills.DrillNames.Id(Core.Aftercare.Drills.DrillMode.Live);
            unpaged = [.. (await db.Incidents.IgnoreQueryFilters().AsNoTracking()
                .Where(i => i.Status == IncidentStatus.Open && i.OpenedAt >= since
                    && (!i.Drill || db.DrillRuns.IgnoreQueryFilters().Any(r => r.IncidentId == i.Id && r.Mode == live))
                    && !db.Notices.IgnoreQueryFilters().Any(n => n.IncidentId == i.Id && n.Trigger == OpenedTrigger))
                .Select(i => new { i.Id, i.OrganizationId, i.Number, i.Title }).ToListAsync(cancellationToken))
                .Select(i => (i.Id, i.OrganizationId, i.Number, i.Title))];
        }
        var paged = 0;
        foreach (var incident in unpaged)
        {
            var title = $"インシデント {incident.Number}: {incident.Title} / Incident {incident.Number}";
            var body = $"インシデント {incident.Number}「{incident.Title}」が開かれました。確認して対応を始めてください。\nIncident {incident.Number} \"{incident.Title}\" was opened. Acknowledge and start the response.";
            if (await Page(incident.OrganizationId, incident.Id, Role.SecurityOfficer, OpenedTrigger, title, body, cancellationToken))
                paged++;
        }
        return paged;
    }

    /// <summary>
    /// Pages for what the open incidents of every organization call for now: a step past its target time, a legal
    /// clock on its last day (<see cref="PageTriggers"/>), each once.
    /// </summary>
    public async Task<int> PageLateWork(CancellationToken cancellationToken)
    {
        IReadOnlyList<Access.OrganizationName> organizations;
        await using (var scope = scopes.CreateAsyncScope())
            organizations = await scope.ServiceProvider.GetRequiredService<Access.LoadOrganizations>().All(cancellationToken);
        var paged = 0;
        foreach (var organization in organizations)
        {
            List<(Guid Incident, PageTrigger Trigger)> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organization.Id);
                var open = await scope.ServiceProvider.GetRequiredService<Incidents.OpenWork>().OpenIncidents(cancellationToken); // real incidents only
                if (open.Count == 0)
                    continue;
                var clocks = (await scope.ServiceProvider.GetRequiredService<Reporting.LoadReporting>().Running(cancellationToken))
                    .ToDictionary(v => v.Incident.Id, v => v.Clocks);
                var now = clock.GetUtcNow();
                var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
                var ids = open.Select(v => (Guid?)v.Incident.Id).ToList();
                var done = (await db.Notices.AsNoTracking().Where(n => n.Trigger != null && ids.Contains(n.IncidentId))
                    .Select(n => new { n.IncidentId, n.Trigger }).ToListAsync(cancellationToken))
                    .Select(n => (n.IncidentId!.Value, n.Trigger!)).ToHashSet();
                due = [.. open.SelectMany(v => PageTriggers.Due(v.Playbook.Playbook, v.Incident.Number,
                        StepClocks.Of(v.Snapshot, v.Incident.OpenedAt), clocks.GetValueOrDefault(v.Incident.Id), now)
                    .Select(t => (v.Incident.Id, t)))
                    .Where(x => !done.Contains((x.Item1, x.t.Trigger)))];
            }
            foreach (var (incident, trigger) in due)
            {
                var body = $"{trigger.Title.Ja}。確認して対応してください。\n{trigger.Title.En}. Acknowledge and act.";
                if (await Page(organization.Id, incident, trigger.Role, trigger.Trigger, $"{trigger.Title.Ja} / {trigger.Title.En}", body, cancellationToken))
                    paged++;
            }
        }
        return paged;
    }

    /// <summary>
    /// Pages <paramref name="role"/>'s chain about an incident, once per trigger; false when it was paged already or
    /// nobody can be. A drill's page calls the chain's participants alone, in the chain's order (one tier each),
    /// marked as a drill and posted to no webhook: the drill practises the call tree without waking anyone else.
    /// </summary>
    public async Task<bool> Page(Guid organizationId, Guid incidentId, Role role, string trigger, string title, string body, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organizationId);
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var source = await scope.ServiceProvider.GetRequiredService<NoticeAudiences>().Load(cancellationToken);
        var chain = Paging.Chain(role, source.People);
        var settings = await scope.ServiceProvider.GetRequiredService<NoticeChannelSettings>().Current(cancellationToken);
        var store = scope.ServiceProvider.GetRequiredService<NoticeStore>();
        var wait = Paging.EscalateAfter(role, source.Profile);
        var participants = await Aftercare.Drills.DrillMarks.Participants(db, incidentId, cancellationToken);
        bool Takes(Recipient r) => participants is null || Aftercare.Drills.DrillMarks.Takes(participants, r);
        var recipients = chain.Select(person => Audiences.Of(person, Audiences.AccountOf(person, source.Accounts)))
            .Where(Takes).Select((recipient, tier) => (recipient, tier)).ToList();
        if (recipients.Count == 0)
        {
            // Nobody to page: the management accounts, if any, are the last resort.
            recipients = [.. source.Accounts.Where(a => a.Roles.Contains(role) || a.Roles.Contains(Role.Management))
                .Select(a => new Recipient(Audiences.KeyOf(a), a.Name, null, a.Id, a.Email, [], [.. Roles.All.Where(a.Roles.Contains)]))
                .Where(Takes).Select(r => (r, 0))];
        }
        if (recipients.Count == 0)
            return false;
        if (participants is not null)
            (title, body) = (Aftercare.Drills.DrillMarks.Title(title), Aftercare.Drills.DrillMarks.Body(body));
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Notices.AnyAsync(n => n.IncidentId == incidentId && n.Trigger == trigger, cancellationToken))
            return false;
        var notice = new NewNotice(NoticeKind.Page, title, body, Audience.OfRoles(role), recipients, incidentId, "sonae", "Sonae", TimeSpan.FromDays(1), trigger, role);
        var (row, _) = await store.Add(db, organizationId, notice, settings, cancellationToken);
        var tiers = recipients.Max(r => r.Item2) + 1;
        row.EscalateAt = Paging.EscalateAt(0, tiers, row.SentAt, wait);
        if (participants is null)
            db.OutboxMessages.AddRange(store.Webhooks(row, settings));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StorageRegistration.IsUniqueViolation(e))
        {
            // Another server paged it first (the trigger's unique index).
            return false;
        }
        LogPaged(logger, organizationId, row.Number, trigger);
        return true;
    }

    /// <summary>
    /// Calls the next tier of every page whose tier's time ran out unacknowledged, while its incident is open: a page
    /// about an incident closed (or joined to another) in the meantime calls nobody more.
    /// </summary>
    private async Task<int> Escalate(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<NoticeRow> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            due = await db.Notices.IgnoreQueryFilters().AsNoTracking()
                .Where(n => n.EscalateAt != null && n.EscalateAt <= now && n.AcknowledgedAt == null && n.StoppedAt == null
                    && db.Incidents.IgnoreQueryFilters().Any(i => i.Id == n.IncidentId && i.Status == IncidentStatus.Open))
                .OrderBy(n => n.EscalateAt).Take(100).ToListAsync(cancellationToken);
        }
        var escalated = 0;
        foreach (var page in due)
        {
            if (await Escalate(page, cancellationToken))
                escalated++;
        }
        return escalated;
    }

    private async Task<bool> Escalate(NoticeRow page, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(page.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var source = await scope.ServiceProvider.GetRequiredService<NoticeAudiences>().Load(cancellationToken);
        var settings = await scope.ServiceProvider.GetRequiredService<NoticeChannelSettings>().Current(cancellationToken);
        var messages = scope.ServiceProvider.GetRequiredService<NoticeMessages>();
        var role = NoticeStore.AudienceOf(page).Roles.FirstOrDefault(Role.SecurityOfficer);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tiers = await db.NoticeRecipients.Where(r => r.NoticeId == page.Id).MaxAsync(r => (int?)r.Tier, cancellationToken) ?? 0;
        var next = page.Tier + 1;
        var escalateAt = Paging.EscalateAt(next, tiers + 1, now, Paging.EscalateAfter(role, source.Profile));
        var moved = next <= tiers && await db.Notices
            .Where(n => n.Id == page.Id && n.Tier == page.Tier && n.AcknowledgedAt == null && n.StoppedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Tier, next).SetProperty(n => n.EscalateAt, escalateAt), cancellationToken) == 1;
        if (!moved)
        {
            // The last tier's time ran out: nobody more to call; the page stays unacknowledged for all to see.
            await db.Notices.Where(n => n.Id == page.Id && n.Tier == page.Tier && n.AcknowledgedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.EscalateAt, (DateTimeOffset?)null), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return false;
        }
        var called = await db.NoticeRecipients.Where(r => r.NoticeId == page.Id && r.Tier == next).ToListAsync(cancellationToken);
        foreach (var recipient in called)
            recipient.NotifiedAt = now;
        var names = string.Join("、", called.Select(r => r.Name));
        db.OutboxMessages.AddRange(messages.Mails(page, called, settings,
            $"応答がないため、あなたを呼び出しています。/ Nobody answered: you are paged next."));
        // A drill's page is kept to its participants: no webhook hears of its escalation either.
        if (!await db.Incidents.AnyAsync(i => i.Id == page.IncidentId && i.Drill, cancellationToken))
            db.OutboxMessages.AddRange(messages.Webhooks(page, settings, $"応答がないため {names} を呼び出しています。/ Nobody answered: paging {names}."));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogEscalated(logger, page.OrganizationId, page.Number, next);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Number} of organization {Organization} sent ({Trigger})")]
    private static partial void LogPaged(ILogger logger, Guid organization, int number, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Number} of organization {Organization} escalated to tier {Tier}")]
    private static partial void LogEscalated(ILogger logger, Guid organization, int number, int tier);

    [LoggerMessage(Level = LogLevel.Error, Message = "A paging round failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
