using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>
/// An incident's events of a few types (its reporting, its decisions), read by the (incident, type) index alone, so
/// that a record of a million notes costs what a record of ten does.
/// </summary>
public static class EventsByType
{
    /// <summary>
    /// The events of <paramref name="types"/> in an incident's record, in the record's order. Put in order here, not by
    /// the database: asked for them in order, SQLite walks the incident's whole record by its (incident, sequence) key
    /// rather than sort the few rows the index finds.
    /// </summary>
    public static async Task<List<IncidentEvent>> OfTypes(this IQueryable<IncidentEventRow> events, Guid incidentId, IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        var bodies = await events.Where(e => e.IncidentId == incidentId && types.Contains(e.Type)).Select(e => e.Body).ToListAsync(cancellationToken);
        return [.. bodies.Select(EventChain.Parse).OrderBy(e => e.Seq)];
    }

    /// <summary>The same for several incidents in one query: each incident's events of <paramref name="types"/>, in its record's order.</summary>
    public static async Task<ILookup<Guid, IncidentEvent>> OfTypes(this IQueryable<IncidentEventRow> events, IReadOnlyCollection<Guid> incidentIds, IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        var bodies = await events.Where(e => incidentIds.Contains(e.IncidentId) && types.Contains(e.Type)).Select(e => e.Body).ToListAsync(cancellationToken);
        return bodies.Select(EventChain.Parse).OrderBy(e => e.Seq).ToLookup(e => e.IncidentId);
    }
}
