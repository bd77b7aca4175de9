using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>
/// The use case behind every command on an open incident (complete an action or a step, skip, record a fact,
/// note, close, …): load the projection, ask the rules, append what they decide, save, in one transaction.
/// </summary>
public sealed partial class ApplyIncidentCommand(SonaeDbContext db, PlaybookCache playbooks, TimeProvider clock, ILogger<ApplyIncidentCommand> logger)
{
    public async Task<CommandOutcome> Run(Guid incidentId, Actor actor, IncidentCommand command, string? requestId, CancellationToken cancellationToken)
    {
        var outcome = await RecordTransaction.Run(db, async ct =>
        {
            if (requestId is not null && await IncidentReplays.Find(db, playbooks, requestId, ct) is { } replay)
                return replay;
            var incident = await db.IncidentForAppend(incidentId).SingleOrDefaultAsync(ct);
            if (incident is null)
                return new CommandOutcome.NotFound();
            var playbook = await playbooks.Get(db, incident.PlaybookVersionId, ct);
            var progress = incident.ReadProgress();
            var now = clock.GetUtcNow();

            var decision = IncidentRules.Decide(playbook, progress, actor, command, now);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook);
            if (decision.Events.Count == 0)
                return new CommandOutcome.Appended(incident, [], playbook);

            var appended = EventChain.Append(incident.Head, decision.Events, now);
            var rows = db.Append(incident, progress, appended, requestId);
            await db.SaveChangesAsync(ct);
            return (CommandOutcome)new CommandOutcome.Appended(incident, rows, playbook);
        }, cancellationToken);

        if (outcome is null)
            LogContended(logger, incidentId);
        return outcome ?? new CommandOutcome.Contended();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: every attempt lost a race with another writer")]
    private static partial void LogContended(ILogger logger, Guid incidentId);
}

/// <summary>Finds what a request with the same Idempotency-Key already recorded, so that a retry records nothing new.</summary>
internal static class IncidentReplays
{
    public static async Task<CommandOutcome.Appended?> Find(SonaeDbContext db, PlaybookCache playbooks, string requestId, CancellationToken cancellationToken)
    {
        var first = await db.IncidentEvents.AsNoTracking().SingleOrDefaultAsync(e => e.RequestId == requestId, cancellationToken);
        if (first is null)
            return null;
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == first.IncidentId, cancellationToken);
        return new CommandOutcome.Appended(incident, [first], await playbooks.Get(db, incident.PlaybookVersionId, cancellationToken), Replayed: true);
    }
}
