using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>
/// What of an incident's record a person may read: all of it inside the hospital; for vendors, who are outside it,
/// everything but its reporting (management's answers and reasons, figures, drafts and issued reports).
/// </summary>
public static class VisibleEvents
{
    private static readonly string[] InsideOnlyTypes = [.. ReportingState.InsideOnly.Select(t => t.WireName())];

    public static IQueryable<IncidentEventRow> VisibleTo(this IQueryable<IncidentEventRow> events, Actor actor) =>
        Permissions.SeesEveryIncident(actor) ? events : events.Where(e => !InsideOnlyTypes.Contains(e.Type));
}
