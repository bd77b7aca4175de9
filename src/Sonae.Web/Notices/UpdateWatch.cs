using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Preparedness;

using Sonae.Web.Notices.Delivery;

namespace Sonae.Web.Notices;

/// <summary>
/// Reminds whoever leads an incident that its status update is due, every <see cref="Every"/>: the commander, or the
/// security officers when nobody has command. One reminder per due time: its trigger names the time, and the notices'
/// unique (incident, trigger) index makes two servers that notice it at once send one. A due time further back than
/// <see cref="RemindWithin"/> is not reminded of (a server started long after it, an incident left open for weeks): the
/// pages say it is overdue all the same.
/// </summary>
public sealed partial class UpdateWatch(IServiceScopeFactory scopes, OutboxSignal outbox, TimeProvider clock, Cluster.ClusterLeases leases, ILogger<UpdateWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan RemindWithin = TimeSpan.FromHours(6);

    public const string TriggerPrefix = "update-due:";

    // One server of several reminds (Cluster.ClusterLeases); the unique trigger covers a hand-over mid-round. Rounds
    // keep the wall clock's time (the record's clock is only read inside a round).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.EveryWhileHeld(Cluster.ClusterLeases.UpdateReminders, Every, TimeProvider.System, atOnce: true, Round, stoppingToken);

    /// <summary>One round over every open incident; what fails is logged and tried again next round. Returns how many were reminded.</summary>
    public async Task<int> Round(CancellationToken cancellationToken)
    {
        try
        {
            var now = clock.GetUtcNow();
            List<Incident> open;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
                // A drill has no status rhythm to remind anyone of: its participants are told by the facilitator.
                open = await db.Incidents.IgnoreQueryFilters().AsNoTracking().RealIncidents().Where(i => i.Status == IncidentStatus.Open).ToListAsync(cancellationToken);
            }
            var reminded = 0;
            foreach (var hospital in open.GroupBy(i => i.OrganizationId))
            {
                var rhythm = await Rhythm(hospital.Key, cancellationToken);
                foreach (var incident in hospital)
                {
                    var progress = incident.ReadProgress();
                    if (StatusUpdates.NextDue(progress, incident.OpenedAt, rhythm) is { } due && due <= now && due >= now - RemindWithin
                        && await Remind(incident, progress, due, cancellationToken))
                        reminded++;
                }
            }
            if (reminded > 0)
                outbox.Wake();
            return reminded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
#pragma warning disable CA1031 // A failed round is logged; the next one tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
            return 0;
        }
    }

    private async Task<TimeSpan> Rhythm(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organizationId);
        return await scope.ServiceProvider.GetRequiredService<StatusUpdateQueries>().Rhythm(cancellationToken);
    }

    /// <summary>Sends the reminder of one due time, once; false when it was sent already or there is nobody to remind.</summary>
    private async Task<bool> Remind(Incident incident, IncidentProgress progress, DateTimeOffset due, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(incident.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var trigger = TriggerPrefix + Timestamps.Format(due);
        if (await db.Notices.AnyAsync(n => n.IncidentId == incident.Id && n.Trigger == trigger, cancellationToken))
            return false;
        var source = await scope.ServiceProvider.GetRequiredService<NoticeAudiences>().Load(cancellationToken);
        var (audience, recipients) = WhoLeads(progress, source);
        if (recipients.Count == 0)
            return false;
        var settings = await scope.ServiceProvider.GetRequiredService<NoticeChannelSettings>().Current(cancellationToken);
        var store = scope.ServiceProvider.GetRequiredService<NoticeStore>();
        var when = due.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var title = $"状況報告の予定時刻を過ぎています: インシデント {incident.Number} / Status update overdue: incident {incident.Number}";
        var body = $"インシデント {incident.Number}「{incident.Title}」の次の状況報告は {when} の予定でした。状況報告を書いてください: /incidents/{incident.Number}/updates\n"
            + $"The next status update on incident {incident.Number} \"{incident.Title}\" was due at {when} JST. Post it at /incidents/{incident.Number}/updates";
        var notice = new NewNotice(NoticeKind.StatusUpdate, title.Length > TextLimits.ShortText ? title[..TextLimits.ShortText] : title, body, audience,
            [.. recipients.Select(r => (r, 0))], incident.Id, "sonae", "Sonae", TimeSpan.FromDays(1), trigger);
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (row, _) = await store.Add(db, incident.OrganizationId, notice, settings, cancellationToken);
        db.OutboxMessages.AddRange(store.Webhooks(row, settings));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another server reminded first (the trigger's unique index).
            return false;
        }
        LogReminded(logger, incident.OrganizationId, incident.Number, trigger);
        return true;
    }

    /// <summary>Whom to remind: the commander (by the people record, else by their account), else every security officer.</summary>
    public static (Audience Audience, IReadOnlyList<Recipient> Recipients) WhoLeads(IncidentProgress progress, AudienceSource source)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(source);
        if (progress.Commander?.Person is { } commander)
        {
            if (source.People.Find(commander.Person) is { } person)
                return (Audience.OfPeople(Audiences.KeyOf(person)), [Audiences.Of(person, Audiences.AccountOf(person, source.Accounts))]);
            if (commander.Actor is { } actor && actor.StartsWith(Caller.AccountPrefix, StringComparison.Ordinal)
                && source.Accounts.FirstOrDefault(a => Caller.AccountActor(a.Id) == actor) is { } account)
            {
                var key = Audiences.KeyOf(account);
                var audience = Audience.OfPeople(key);
                return (audience, Audiences.Resolve(audience, source.People, source.Accounts));
            }
        }
        var officers = Audience.OfRoles(Role.SecurityOfficer);
        return (officers, Audiences.Resolve(officers, source.People, source.Accounts));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status update reminder for incident {Number} of organization {Organization} sent ({Trigger})")]
    private static partial void LogReminded(ILogger logger, Guid organization, int number, string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A status update reminder round failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
