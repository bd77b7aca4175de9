using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Aftercare.Drills;
using Sonae.Data.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;
using Sonae.Web.Playbooks;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Drills;

/// <summary>What a drill command stages: the incident command to append (an ordinary event of the record), and what to change on the drill's rows once its events are numbered.</summary>
public sealed record DrillChange(IncidentCommand Command, Action<SonaeDbContext, DrillRunRow, long> Staged);

/// <summary>A drill command refused before anything was recorded: the drill ended, the inject was delivered already …</summary>
/// <param name="Code">The problem's code.</param>
/// <param name="Key">Its text in <see cref="UiTexts"/>, worded in the reader's language when answered (<see cref="Detail"/>).</param>
/// <param name="Args">The text's values.</param>
public sealed record DrillRefused(string Code, string Key, params object?[] Args) : CommandOutcome
{
    /// <summary>The refusal in the current language.</summary>
    public string Detail() => string.Format(System.Globalization.CultureInfo.CurrentCulture, UiTexts.ResourceManager.GetString(Key, System.Globalization.CultureInfo.CurrentUICulture)!, Args);
}

/// <summary>
/// Appends what a drill does to its incident's record through the <see cref="RecordWriter"/>: the drill's rows (an
/// inject delivered, a pause) are changed in the same transaction as the events, and the decision is taken again on
/// each retry from what is saved, so two servers delivering one inject record it once (the second finds it done).
/// </summary>
public sealed class DrillRecord(RecordWriter writer, PlaybookCache playbooks, TimeProvider clock)
{
    /// <param name="decide">From the drill's tracked row and its injects' rows, what to append; a refusal when nothing may be.</param>
    public Task<CommandOutcome> Run(Caller caller, DrillRunRow drill, Func<DrillRunRow, IReadOnlyList<DrillInjectRow>, DateTimeOffset, OneOf> decide, CancellationToken cancellationToken, AuditRecord? audit = null)
    {
        ArgumentNullException.ThrowIfNull(drill);
        var (drillId, incidentId) = (drill.Id, drill.IncidentId);
        // The incident is locked first (appendsTo), so the drill's rows are read after any other writer of it is done.
        return writer.Submit(caller, async (db, ct) =>
        {
            var run = await db.DrillRuns.SingleOrDefaultAsync(r => r.Id == drillId, ct);
            if (run is null)
                return new CommandOutcome.NotFound();
            var injects = await db.DrillInjects.AsNoTracking().Where(i => i.DrillId == drillId).ToListAsync(ct);
            var now = clock.GetUtcNow();
            var decided = decide(run, injects, now);
            if (decided.Refused is { } refused)
                return refused;
            var change = decided.Change!;
            var incident = await db.IncidentForAppendAsync(run.IncidentId, ct);
            if (incident is null)
                return new CommandOutcome.NotFound();
            var playbook = await playbooks.Get(db, incident.PlaybookVersionId, ct);
            var progress = incident.ReadProgress();
            var decision = IncidentRules.Decide(playbook, progress, caller.Actor, change.Command, now);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook, change.Command);
            var (rows, after) = db.Append(incident, progress, EventChain.Append(incident.Head, decision.Events, now), null);
            change.Staged(db, run, rows.Count > 0 ? rows[^1].Seq : incident.LastSeq);
            return CommandOutcome.Appended.Of(incident, rows, after, playbook);
        }, cancellationToken, audit, appendsTo: incidentId);
    }

    /// <summary>The decision of a drill command: a change, or a refusal.</summary>
    public sealed record OneOf(DrillChange? Change, DrillRefused? Refused)
    {
        public static implicit operator OneOf(DrillChange change) => new(change, null);

        public static implicit operator OneOf(DrillRefused refused) => new(null, refused);
    }

    /// <summary>The facilitator as the record names them when the round acts for them (no request behind it).</summary>
    public static Caller Facilitator(DrillRunRow run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var role = Roles.TryParse(run.FacilitatorRole, out var parsed) ? parsed : Role.SecurityOfficer;
        return new Caller(run.OrganizationId, new Actor(run.FacilitatorId, run.FacilitatorName, new HashSet<Role> { role }));
    }

    /// <summary>A text for the record in both languages, Japanese first.</summary>
    public static string Both(string key, params object?[] args)
    {
        var text = Bilingual.Format(UiTexts.ResourceManager, key, args);
        return text.Ja + "\n" + text.En;
    }

    /// <summary>A text for the record in both languages, each with its own values (a scenario's text in its language).</summary>
    public static string Both(string key, object?[] ja, object?[] en) =>
        Bilingual.Format(UiTexts.ResourceManager, key, ja).Ja + "\n" + Bilingual.Format(UiTexts.ResourceManager, key, en).En;
}
