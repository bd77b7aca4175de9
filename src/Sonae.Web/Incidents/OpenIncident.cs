using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>
/// Opens an incident on the latest version of a playbook (the organization's default unless named): its number,
/// its first events, and its projection, in one transaction of the <see cref="RecordWriter"/>.
/// </summary>
public sealed class OpenIncident(RecordWriter writer, PlaybookCache playbooks, TimeProvider clock)
{
    public sealed record UnknownPlaybook(string PlaybookId) : CommandOutcome;

    /// <param name="alongside">Rows saved in the same transaction as the opening (a drill's run), made from the new incident.</param>
    public Task<CommandOutcome> Run(Caller caller, NewIncident request, string? playbookId, string? requestId, CancellationToken cancellationToken, Func<Incident, object>? alongside = null)
    {
        var (organizationId, actor) = (caller.OrganizationId, caller.Actor);
        var key = IdempotencyKeys.For(requestId, "open", null, actor, new OpenRequest(request, playbookId));
        return writer.Submit(caller, async (db, ct) =>
        {
            if (key is not null && await IdempotencyKeys.Replay(db, playbooks, key, ct) is { } replay)
                return replay;
            // What every incident opened in one batch shares is read once for the batch: the organization (locked while
            // it numbers them), its playbook's latest version, the highest number saved and the reporting rules.
            var organization = await db.ReadOnceAsync("numbering", organizationId, () => db.OrganizationForNumbering(organizationId).SingleAsync(ct));
            var id = playbookId ?? organization.DefaultPlaybookId;
            var version = await db.ReadOnceAsync("latest-playbook", id, () => db.PlaybookVersions.AsNoTracking()
                .Where(v => v.PlaybookId == id)
                .OrderByDescending(v => v.Version)
                .FirstOrDefaultAsync(ct));
            if (version is null)
                return new UnknownPlaybook(id);
            var playbook = playbooks.Get(version);
            // Incidents opened earlier in the same batch are not saved yet: count them too. Numbers count every
            // incident of the hospital, also those an outside caller (a vendor reporting what they saw) cannot see.
            var number = Math.Max(
                await db.ReadOnceAsync("highest-number", organizationId, () => db.Incidents.IgnoreQueryFilters([SonaeDbContext.InvitedFilter]).MaxAsync(i => (int?)i.Number, ct)) ?? 0,
                db.Tracked<Incident>().Select(i => i.Number).DefaultIfEmpty().Max()) + 1;
            var now = Timestamps.Normalize(clock.GetUtcNow());
            // The profile's reporting rules are fixed on the opening: a later change of the profile moves no running clock.
            var reporting = await db.ReadOnceAsync("reporting-rules", organizationId, () => Reporting.ProfileRules.Current(db, ct));

            var decision = IncidentRules.Open(playbook, new PlaybookRef(version.PlaybookId, version.Version, version.Sha256), number, actor, request, now, reporting);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook);

            var incident = new Incident
            {
                Id = Guid.CreateVersion7(now),
                OrganizationId = organizationId,
                Number = number,
                Title = request.Title.Trim(),
                Source = request.Source,
                Drill = request.Drill,
                PlaybookVersionId = version.Id,
                Status = IncidentStatus.Open,
                OpenedAt = now,
                UpdatedAt = now,
                HeadHash = EventChain.GenesisPrev,
                Progress = IncidentRecordWriter.WriteProgress(IncidentProgress.Empty),
            };
            db.Incidents.Add(incident);
            if (alongside is not null)
                db.Add(alongside(incident));
            var (rows, progress) = db.Append(incident, IncidentProgress.Empty, EventChain.Append(incident.Head, decision.Events, now), key);
            return CommandOutcome.Appended.Of(incident, rows, progress, playbook);
        }, cancellationToken);
    }

    private sealed record OpenRequest(NewIncident Incident, string? Playbook);
}
