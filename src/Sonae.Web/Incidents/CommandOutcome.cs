using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>What became of a command: events appended, refused by the rules, no such incident, or lost races.</summary>
public abstract record CommandOutcome
{
    /// <param name="Replayed">The same Idempotency-Key was used before: nothing new was recorded.</param>
    public sealed record Appended(Incident Incident, IReadOnlyList<IncidentEventRow> Events, Playbook Playbook, bool Replayed = false) : CommandOutcome;

    public sealed record Refused(Refusal Refusal, Playbook Playbook) : CommandOutcome;

    public sealed record NotFound : CommandOutcome;

    public sealed record Contended : CommandOutcome;
}
