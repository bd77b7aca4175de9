using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>
/// The use case behind every command on an open incident (complete an action or a step, skip, record a fact,
/// note, close, …): load the projection, ask the rules, append what they decide, in one transaction of the
/// <see cref="RecordWriter"/>.
/// </summary>
public sealed class ApplyIncidentCommand(RecordWriter writer, PlaybookCache playbooks, TimeProvider clock)
{
    /// <param name="audit">The audit entry to save with the command when it does not come with a request (a live page).</param>
    public Task<CommandOutcome> Run(Caller caller, Guid incidentId, IncidentCommand command, string? requestId, CancellationToken cancellationToken, AuditRecord? audit = null) =>
        Submit(caller, incidentId, [command], IdempotencyKeys.For(requestId, "command", incidentId, caller.Actor, command), cancellationToken, audit);

    /// <summary>
    /// Several commands as one (a page form that answers all of a step's questions): all are recorded, in one
    /// transaction, or none is. A refusal names the command it was about.
    /// </summary>
    public Task<CommandOutcome> RunTogether(Caller caller, Guid incidentId, IReadOnlyList<IncidentCommand> commands, CancellationToken cancellationToken) =>
        Submit(caller, incidentId, commands, key: null, cancellationToken);

    private Task<CommandOutcome> Submit(Caller caller, Guid incidentId, IReadOnlyList<IncidentCommand> commands, RequestKey? key, CancellationToken cancellationToken, AuditRecord? audit = null) =>
        writer.Submit(caller, async (db, ct) =>
        {
            if (key is not null && await IdempotencyKeys.Replay(db, playbooks, key, ct) is { } replay)
                return replay;
            var incident = await db.IncidentForAppendAsync(incidentId, ct);
            if (incident is null)
                return new CommandOutcome.NotFound();
            var playbook = await playbooks.Get(db, incident.PlaybookVersionId, ct);
            var progress = incident.ReadProgress();
            var now = clock.GetUtcNow();

            var decision = IncidentRules.DecideTogether(playbook, progress, caller.Actor, commands, now, incident.OpenedAt, out var refusedAt);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook, commands[refusedAt]);
            if (decision.Events.Count == 0)
                return CommandOutcome.Appended.Of(incident, [], progress, playbook);

            var (rows, after) = db.Append(incident, progress, EventChain.Append(incident.Head, decision.Events, now), key);
            return CommandOutcome.Appended.Of(incident, rows, after, playbook);
        }, cancellationToken, audit, incidentId);
}
