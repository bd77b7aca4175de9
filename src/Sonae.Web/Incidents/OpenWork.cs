using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>An open incident with its playbook and every step's state.</summary>
public sealed record OpenIncidentView(Incident Incident, LoadedPlaybook Playbook, IncidentSnapshot Snapshot)
{
    /// <summary>Whether staff saw signs of infection (the playbook's intake fact has its "signs" value).</summary>
    public bool InfectionSuspected => Playbook.Playbook.Intake is { } intake
        && Snapshot.Progress.Facts.TryGetValue(intake.Fact, out var fact)
        && string.Equals(fact.Value, intake.SignsValue, StringComparison.Ordinal);
}

/// <summary>One thing a role can do now in one incident.</summary>
public sealed record WorkItem(OpenIncidentView Incident, Role Role, NextItem Item);

/// <summary>
/// What the people of an organization can do now, across its open incidents: the home page's "what to do now".
/// </summary>
public sealed class OpenWork(SonaeDbContext db, PlaybookCache playbooks)
{
    public async Task<IReadOnlyList<OpenIncidentView>> OpenIncidents(CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => i.Status == IncidentStatus.Open)
            .OrderByDescending(i => i.OpenedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        var views = new List<OpenIncidentView>(incidents.Count);
        foreach (var incident in incidents)
        {
            var playbook = await playbooks.Load(db, incident.PlaybookVersionId, cancellationToken);
            views.Add(new OpenIncidentView(incident, playbook, StepStates.Compute(playbook.Playbook, incident.ReadProgress())));
        }
        return views;
    }

    /// <summary>
    /// The items for the given roles, most urgent first: incidents where staff saw signs of infection, then the
    /// earliest phase (detection and containment before reports), then the newest incident.
    /// </summary>
    public static IReadOnlyList<WorkItem> For(IEnumerable<OpenIncidentView> incidents, IReadOnlySet<Role> roles) =>
        incidents
            .SelectMany(view => Roles.All.Where(roles.Contains).SelectMany(role => view.Snapshot.NextFor(role).Select(item => new WorkItem(view, role, item))))
            .OrderByDescending(w => w.Incident.InfectionSuspected)
            .ThenBy(w => w.Incident.Playbook.Playbook.Step(w.Item.Step).Phase)
            .ThenByDescending(w => w.Incident.Incident.OpenedAt)
            .ToList();
}
