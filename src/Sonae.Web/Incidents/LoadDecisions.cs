using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>A decision of management in force on an open incident, as every home page tells staff.</summary>
/// <param name="Incident">The incident it belongs to.</param>
/// <param name="Fact">The decision's fact (its title names it).</param>
/// <param name="Notice">What staff are told, in both languages.</param>
/// <param name="Taken">Who decided and when (the current value of the fact).</param>
public sealed record DecisionNotice(Incident Incident, FactDefinition Fact, LocalizedText Notice, RecordedFact Taken);

/// <summary>
/// Management's operational decisions (the playbook's <c>bindings › operational-decisions</c>): those in force on
/// the open incidents, for the home page's notices, and the whole standing of each decision of one incident, with
/// its history and reasons, for the decisions page and the situation sheet.
/// </summary>
public sealed class LoadDecisions(SonaeDbContext db, OpenWork work)
{
    private static readonly string[] SourceTypes = [.. OperationalDecisions.EventTypes.Select(t => t.WireName())];

    /// <summary>The decisions in force on the open incidents the caller may see, newest incident first. Read from the projections alone.</summary>
    public async Task<IReadOnlyList<DecisionNotice>> InForce(CancellationToken cancellationToken) =>
        [.. (await work.OpenIncidents(cancellationToken)).SelectMany(view =>
            OperationalDecisions.InForce(view.Playbook.Playbook, view.Snapshot.Progress)
                .Select(d => new DecisionNotice(view.Incident, view.Playbook.Playbook.Fact(d.Decision.Fact), d.Notice, d.Taken)))];

    /// <summary>Each decision the incident's playbook binds, with everything the record says of it (only its fact events are read).</summary>
    public async Task<IReadOnlyList<DecisionStanding>> Standing(Incident incident, IncidentSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.Playbook.Bindings.Decisions.Count == 0)
            return [];
        var events = await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, SourceTypes, cancellationToken);
        return OperationalDecisions.Standing(snapshot, OperationalDecisions.History(snapshot.Playbook, events));
    }
}
