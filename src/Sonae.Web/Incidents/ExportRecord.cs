using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>One line of an exported record: an event's canonical text, byte for byte as hashed, and its hash.</summary>
public sealed record ExportedEvent(string Body, string Hash);

/// <summary>
/// The operator's export of an incident's record (<c>sonae export</c>). The operator is nobody's caller, so it reads
/// across organizations, as <see cref="VerifyRecords"/> does; a number is one per organization, so with several
/// organizations it needs the organization too. Streams the events, so memory stays flat however long a record is.
/// </summary>
public sealed class ExportRecord(SonaeDbContext db)
{
    private IQueryable<Incident> AllIncidents => db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking();

    /// <summary>The incidents named <paramref name="id"/> (an id, or a number within <paramref name="organizationId"/> when given): one, none, or several when a number is ambiguous.</summary>
    public async Task<IReadOnlyList<Incident>> Named(string id, Guid? organizationId, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid)
            ? await AllIncidents.Where(i => i.Id == guid).ToListAsync(cancellationToken)
            : int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? await AllIncidents.Where(i => i.Number == number && (organizationId == null || i.OrganizationId == organizationId)).ToListAsync(cancellationToken)
                : [];

    /// <summary>The incident's events in order.</summary>
    public IAsyncEnumerable<ExportedEvent> Events(Incident incident) =>
        db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(e => e.IncidentId == incident.Id).OrderBy(e => e.Seq).Select(e => new ExportedEvent(e.Body, e.Hash)).AsAsyncEnumerable();
}
