using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>
/// What of an incident's record a person may read: all of it for those who may read the reports' contents; for the
/// rest of the hospital (staff, a ward terminal), all but the events that carry what a report says (drafts, issued
/// fields: the officer's mobile number is in them); for vendors, who are outside the hospital, everything but its
/// reporting (management's answers and reasons, figures, drafts and issued reports).
/// </summary>
public static class VisibleEvents
{
    private static readonly string[] InsideOnlyTypes = [.. ReportingState.InsideOnly.Select(t => t.WireName())];
    private static readonly string[] ContentTypes = [.. ReportingState.Contents.Select(t => t.WireName())];

    public static IQueryable<IncidentEventRow> VisibleTo(this IQueryable<IncidentEventRow> events, Actor actor) =>
        !Permissions.SeesEveryIncident(actor) ? events.Where(e => !InsideOnlyTypes.Contains(e.Type))
        : actor.May(Operation.ReadReportContents) ? events
        : events.Where(e => !ContentTypes.Contains(e.Type));
}
