using Microsoft.EntityFrameworkCore;
using Sonae.Data;

namespace Sonae.Web.Access;

/// <summary>An organization (a hospital) by its id and name.</summary>
public sealed record OrganizationName(Guid Id, string Name);

/// <summary>Reads the organizations this Sonae holds, and what the rest of the code asks of one.</summary>
public sealed class LoadOrganizations(SonaeDbContext db)
{
    /// <summary>Every organization, by name (the console's choice of one, the checkpoint schedule's round).</summary>
    public async Task<IReadOnlyList<OrganizationName>> All(CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new OrganizationName(o.Id, o.Name)).ToListAsync(cancellationToken);

    /// <summary>Whether any organization exists yet (first-run setup is for a Sonae with none).</summary>
    public Task<bool> Any(CancellationToken cancellationToken) => db.Organizations.AnyAsync(cancellationToken);

    /// <summary>
    /// Whether this installation holds several hospitals (however many servers run it): then what is the
    /// installation's (its backups, their schedule and folder) is shown and given to none of them.
    /// </summary>
    /// <remarks>Stops at the second hospital rather than counting them all; ordered so the row limit is well defined (EF warns otherwise).</remarks>
    public Task<bool> HoldsSeveralHospitals(CancellationToken cancellationToken) =>
        db.Organizations.OrderBy(o => o.Id).Skip(1).AnyAsync(cancellationToken);

    public Task<string> Name(Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(cancellationToken);

    /// <summary>Whether management relaxed the rule that the powerful roles sign in with a second factor.</summary>
    public Task<bool> SecondFactorRelaxed(Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.MfaRelaxed).SingleAsync(cancellationToken);
}
