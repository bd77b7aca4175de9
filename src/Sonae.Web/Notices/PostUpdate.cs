using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Playbooks;

using Sonae.Web.Notices.Delivery;

namespace Sonae.Web.Notices;

/// <summary>
/// Posts a status update and sends it to the people waiting for it, in one transaction: the <c>status-posted</c>
/// event, a notice of kind <c>status-update</c> with its recipients and their messages, and the <c>notice-sent</c> event
/// (so a crash loses neither, and a refused update sends nothing). By default it goes to management, the department
/// heads of the people record and the vendors invited to the incident (<see cref="DefaultAudience"/>); the poster may
/// choose otherwise, or send it to nobody. An audience that reaches nobody (a hospital without a people record yet)
/// posts the update alone.
/// </summary>
public sealed class PostUpdate(
    RecordWriter writer, PlaybookCache playbooks, NoticeAudiences audiences, NoticeStore store, NoticeChannelSettings channels, OutboxSignal outbox,
    SonaeDbContext reads, TimeProvider clock)
{
    /// <summary>What became of it: the command's outcome, and the notice sent with it (null when none was).</summary>
    public sealed record Posted(CommandOutcome Outcome, int? Notice, int Recipients);

    /// <summary>
    /// Who an update goes to unless the poster says: management, the department heads of the people record, and the
    /// vendors invited to the incident (their accounts); the page's form leaves any of the three out.
    /// </summary>
    public async Task<Audience> DefaultAudience(Guid incidentId, AudienceSource source, CancellationToken cancellationToken,
        bool management = true, bool departmentHeads = true, bool vendors = true)
    {
        var heads = departmentHeads ? source.People.People.Where(p => p.DepartmentHead).Select(Audiences.KeyOf) : [];
        var members = source.Accounts.Select(a => a.Id).ToHashSet();
        var invited = !vendors ? [] : (await reads.IncidentAccess.AsNoTracking().Where(a => a.IncidentId == incidentId && a.RevokedAt == null).Select(a => a.ActorId).ToListAsync(cancellationToken))
            .Select(Caller.AccountId).OfType<Guid>()
            .Where(members.Contains)
            .Select(id => Audiences.AccountPrefix + id.ToString("N"));
        return new Audience(false, [], management ? [Role.Management] : [], [.. heads.Concat(invited).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The people an audience reaches (to say how many an update will go to).</summary>
    public async Task<AudienceSource> Source(CancellationToken cancellationToken) => await audiences.Load(cancellationToken);

    /// <param name="audience">Whom to send it to; null for <see cref="DefaultAudience"/>.</param>
    /// <param name="send">False to post it without telling anyone.</param>
    public async Task<Posted> Run(Caller caller, Guid incidentId, PostStatusUpdate command, Audience? audience, bool send, string? requestId, CancellationToken cancellationToken)
    {
        var source = await audiences.Load(cancellationToken);
        var to = audience ?? await DefaultAudience(incidentId, source, cancellationToken);
        if (audience?.IsEmpty == true)
            send = false;
        var recipients = send ? Audiences.Resolve(to, source.People, source.Accounts) : [];
        // A drill's update reaches its participants alone (Aftercare.Drills.DrillMarks), marked as a drill.
        if (await Aftercare.Drills.DrillMarks.Participants(reads, incidentId, cancellationToken) is { } participants)
            recipients = [.. recipients.Where(r => Aftercare.Drills.DrillMarks.Takes(participants, r))];
        var settings = await channels.Current(cancellationToken);
        var key = IdempotencyKeys.For(requestId, "status-update", incidentId, caller.Actor, new { command, to, send });
        int? number = null;
        var outcome = await writer.Submit(caller, async (db, ct) =>
        {
            if (key is not null && await IdempotencyKeys.Replay(db, playbooks, key, ct) is { } replay)
                return replay;
            var incident = await db.IncidentForAppendAsync(incidentId, ct);
            if (incident is null)
                return new CommandOutcome.NotFound();
            var playbook = await playbooks.Get(db, incident.PlaybookVersionId, ct);
            var progress = incident.ReadProgress();
            var now = clock.GetUtcNow();
            var decision = IncidentRules.Decide(playbook, progress, caller.Actor, command, now, incident.OpenedAt);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook, command);
            var events = decision.Events.ToList();
            if (recipients.Count > 0)
            {
                var (posting, posted) = decision.Events[0];
                var after = progress.Apply(posted, posting, incident.LastSeq + 1, now);
                var update = (StatusPosted)posted;
                var notice = new NewNotice(NoticeKind.StatusUpdate, Title(incident), incident.Drill ? Aftercare.Drills.DrillMarks.Body(Body(update)) : Body(update), to, [.. recipients.Select(r => (r, 0))], incidentId,
                    caller.Actor.Id, caller.Actor.Name, SendNotice.LinksValidFor);
                var (row, rows) = await store.Add(db, caller.OrganizationId, notice, settings, ct);
                if (!incident.Drill)
                    db.OutboxMessages.AddRange(store.Webhooks(row, settings));
                var record = new RecordNotice(row.Id, row.Number, NoticeKind.StatusUpdate, row.Title, rows.Count);
                var recorded = IncidentRules.Decide(playbook, after, caller.Actor, record, now);
                if (recorded.Refusal is { } notRecorded)
                    return new CommandOutcome.Refused(notRecorded, playbook, record);
                events.AddRange(recorded.Events);
                number = row.Number;
            }
            var (appended, state) = db.Append(incident, progress, EventChain.Append(incident.Head, events, now), key);
            return CommandOutcome.Appended.Of(incident, appended, state, playbook);
        }, cancellationToken, appendsTo: incidentId);
        if (number is not null && outcome is CommandOutcome.Appended)
            outbox.Wake();
        return new Posted(outcome, number, number is null ? 0 : recipients.Count);
    }

    /// <summary>The notice's title, in both languages (its readers' language is not known).</summary>
    private static string Title(Incident incident) => incident.Drill ? Aftercare.Drills.DrillMarks.Title(TitleOf(incident)) : TitleOf(incident);

    private static string TitleOf(Incident incident) =>
        Clip($"状況報告: インシデント {incident.Number} {incident.Title} / Status update: incident {incident.Number}", TextLimits.ShortText);

    /// <summary>The notice's text: what is known, what is being done, when the next update comes (JST).</summary>
    private static string Body(StatusPosted update)
    {
        var lines = new List<string> { "分かっていること / What is known:", update.Known };
        if (update.Doing is { } doing)
            lines.AddRange(["", "対応中のこと / Being done:", doing]);
        lines.Add("");
        lines.Add(update.NextAt is { } next
            ? $"次の報告 / Next update: {next.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} JST"
            : "次の報告の予定はありません(最終報告) / No further update is planned (final).");
        return string.Join('\n', lines);
    }

    private static string Clip(string text, int length) => TextRules.Shorten(text, length, "…");
}
