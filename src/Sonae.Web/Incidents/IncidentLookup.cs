using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Data.Incidents;

namespace Sonae.Web.Incidents;

/// <summary>Finds an incident by the name a caller gave it (its id or its number), always through the caller's access filter.</summary>
public static class IncidentLookup
{
    /// <summary>
    /// The id of an incident the caller may see, named by its id or by its number ("12"); null when there is no such
    /// incident or the caller may not see it (another hospital's; for a vendor, one they are not invited to). Always
    /// a query through the caller's access filter, whatever form the name takes: for whatever happens before the
    /// record writer (a file stored, a view read). A command by id leaves the lookup to the writer, which makes it
    /// through the same filters (<see cref="CommandContext"/>).
    /// </summary>
    public static Task<Guid?> ResolveId(SonaeDbContext db, string id, CancellationToken cancellationToken) =>
        Named(db, id) is { } query
            ? query.Select(i => (Guid?)i.Id).SingleOrDefaultAsync(cancellationToken)
            : Task.FromResult<Guid?>(null);

    /// <summary>Finds an incident the caller may see by its id, or by its number ("12").</summary>
    public static Task<Incident?> Find(SonaeDbContext db, string id, CancellationToken cancellationToken) =>
        Named(db, id) is { } query
            ? query.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            : Task.FromResult<Incident?>(null);

    /// <summary>The incidents (none or one) a name points to, through the context's filters; null for a name that cannot be one.</summary>
    private static IQueryable<Incident>? Named(SonaeDbContext db, string id)
    {
        if (Guid.TryParse(id, out var guid))
            return db.Incidents.Where(i => i.Id == guid);
        if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return db.Incidents.Where(i => i.Number == number);
        return null;
    }
}
