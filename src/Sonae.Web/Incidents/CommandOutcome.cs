using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data.Incidents;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Incidents;

/// <summary>What became of a command: events appended, refused by the rules, no such incident, or lost races.</summary>
public abstract record CommandOutcome
{
    /// <summary>Where the incident's record stood right after this command (later commands may have moved it on since).</summary>
    /// <param name="Progress">The incident's state right after this command.</param>
    /// <param name="Replayed">The same Idempotency-Key was used before: nothing new was recorded.</param>
    public sealed record Appended(Guid IncidentId, int Number, long LastSeq, string HeadHash, IReadOnlyList<IncidentEventRow> Events, IncidentProgress Progress, Playbook Playbook, bool Replayed = false) : CommandOutcome
    {
        /// <summary>Other incidents the same transaction appended to (the merged one of a merge), for the open pages to hear of.</summary>
        public IReadOnlyList<IncidentChanged> AlsoChanged { get; init; } = [];

        public static Appended Of(Incident incident, IReadOnlyList<IncidentEventRow> events, IncidentProgress progress, Playbook playbook, bool replayed = false) =>
            new(incident.Id, incident.Number, incident.LastSeq, incident.HeadHash, events, progress, playbook, replayed);
    }

    /// <param name="Command">The command refused, when the outcome is of one command out of several.</param>
    public sealed record Refused(Refusal Refusal, Playbook Playbook, object? Command = null) : CommandOutcome;

    public sealed record NotFound : CommandOutcome;

    public sealed record Contended : CommandOutcome;

    /// <summary>The Idempotency-Key was used before for a different request: nothing was recorded.</summary>
    public sealed record KeyReused : CommandOutcome;

    /// <summary>More commands are waiting than the writer accepts: nothing was recorded; try again shortly.</summary>
    public sealed record Overloaded : CommandOutcome;
}

/// <summary>The problem an outcome that appended nothing answers with, the same on the API and on page forms.</summary>
public static class CommandProblems
{
    /// <summary>The problem for an outcome that appended nothing.</summary>
    public static ProblemHttpResult Problem(CommandOutcome outcome, string id) => outcome switch
    {
        CommandOutcome.Refused r => ProblemResults.For(r.Refusal, r.Playbook),
        CommandOutcome.NotFound => ProblemResults.IncidentNotFound(id),
        CommandOutcome.Contended => ProblemResults.Create(StatusCodes.Status409Conflict, "contended", ProblemTexts.Contended),
        CommandOutcome.KeyReused => ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", ProblemTexts.IdempotencyKeyReused),
        CommandOutcome.Overloaded => ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, "overloaded", ProblemTexts.Overloaded),
        OpenIncident.UnknownPlaybook u => ProblemResults.Create(StatusCodes.Status404NotFound, "playbook-not-found", ProblemResults.Format(ProblemTexts.PlaybookNotFound, u.PlaybookId)),
        _ => throw new ArgumentException($"Outcome {outcome.GetType().Name} is not a problem.", nameof(outcome)),
    };
}
