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
        // A drill is no real open work: its participants reach it from its notice, its facilitator from /drills.
        var incidents = await db.Incidents.AsNoTracking()
            .RealIncidents().Where(i => i.Status == IncidentStatus.Open)
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
    /// What a person can do now, most urgent first: incidents where staff saw signs of infection, then the
    /// earliest phase (detection and containment before reports), then the newest incident. Someone who may act
    /// on behalf of others (the security officer, management) also sees the steps of others that hold theirs up.
    /// </summary>
    /// <remarks>
    /// Staff items of the detection phase (the phase of the playbook's intake step) are left out: they are about
    /// the device of whoever reported, who got them on the report's own page. Listed on every nurse's home they
    /// would read as "pull your cable", which is management's call, not the reporter's.
    /// </remarks>
    public static IReadOnlyList<WorkItem> For(IEnumerable<OpenIncidentView> incidents, Actor actor) =>
        incidents
            .SelectMany(view => Roles.All.Where(actor.Holds).SelectMany(role => Items(view, actor, role).Select(item => new WorkItem(view, role, item))))
            .DistinctBy(w => (w.Incident.Incident.Id, w.Item))
            .OrderByDescending(w => w.Incident.InfectionSuspected)
            .ThenBy(w => w.Incident.Playbook.Playbook.Step(w.Item.Step).Phase)
            .ThenByDescending(w => w.Incident.Incident.OpenedAt)
            .ToList();

    private static IEnumerable<NextItem> Items(OpenIncidentView view, Actor actor, Role role)
    {
        var own = view.Snapshot.NextFor(role).Where(item => !IsReportersOwn(view.Playbook.Playbook, role, item));
        return !actor.May(Operation.RunResponse) ? own : own.Concat(view.Snapshot.HoldingUp(role));
    }

    private static bool IsReportersOwn(Playbook playbook, Role role, NextItem item) =>
        role == Role.Staff && playbook.Intake is { } intake && playbook.Step(item.Step).Phase == playbook.Step(intake.Step).Phase;
}
