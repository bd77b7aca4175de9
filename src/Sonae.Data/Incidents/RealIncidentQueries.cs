namespace Sonae.Data.Incidents;

/// <summary>What a drill is left out of, decided in one place for every list, clock and watch of the real incidents.</summary>
public static class RealIncidentQueries
{
    /// <summary>
    /// The real incidents: drills (<see cref="Incident.Drill"/>) left out. A drill is never in the incident lists and
    /// pickers, the open work, the legal clocks, the matches of a new report, paging or the status-update reminders;
    /// it is listed under /drills and counted apart in the metrics.
    /// </summary>
    public static IQueryable<Incident> RealIncidents(this IQueryable<Incident> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        return incidents.Where(i => !i.Drill);
    }
}
