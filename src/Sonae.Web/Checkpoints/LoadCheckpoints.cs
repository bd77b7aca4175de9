using Microsoft.EntityFrameworkCore;
using Sonae.Core.Checkpoints;
using Sonae.Data;

namespace Sonae.Web.Checkpoints;

/// <summary>Reads the organization's signed checkpoints, as kept.</summary>
public sealed class LoadCheckpoints(SonaeDbContext db)
{
    /// <summary>The most checkpoints a list shows.</summary>
    public const int Listed = 200;

    /// <summary>The newest checkpoints, newest first.</summary>
    public async Task<IReadOnlyList<SignedCheckpoint>> Recent(CancellationToken cancellationToken) =>
        [.. (await db.Checkpoints.AsNoTracking().OrderByDescending(c => c.Number).Take(Listed).Select(c => c.Document).ToListAsync(cancellationToken))
            .Select(SignedCheckpoint.Parse)];

    /// <summary>Checkpoint <paramref name="number"/>'s signed document exactly as kept, or null when there is none.</summary>
    public Task<string?> Document(long number, CancellationToken cancellationToken) =>
        db.Checkpoints.AsNoTracking().Where(c => c.Number == number).Select(c => c.Document).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The organization's latest checkpoint (the binder prints it), or null before the first.</summary>
    public async Task<SignedCheckpoint?> Latest(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Checkpoints.AsNoTracking().Where(c => c.OrganizationId == organizationId).OrderByDescending(c => c.Number)
            .Select(c => c.Document).FirstOrDefaultAsync(cancellationToken) is { } document ? SignedCheckpoint.Parse(document) : null;
}
