using Microsoft.EntityFrameworkCore;

namespace Sonae.Data.Cluster;

/// <summary>
/// A piece of background work that only one server of several on one database runs at a time (paging, reminders,
/// checkpoints, feeds): who holds it, and until when. A holder that stops renewing loses it when it runs out.
/// </summary>
public sealed class LeaseRow
{
    /// <summary>The work's name, e.g. <c>paging</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The server holding it (its cluster id).</summary>
    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>Takes and renews leases, each in one statement, so that two servers asking at once never both hold one.</summary>
public static class Leases
{
    /// <summary>
    /// Takes the lease for <paramref name="holder"/> until <paramref name="until"/> when it has run out or is already
    /// theirs (one <c>UPDATE … WHERE ExpiresAt &lt; now OR Holder = me</c>); creates it when nobody ever held it.
    /// Returns whether <paramref name="holder"/> holds it now.
    /// </summary>
    public static async Task<bool> TryTakeAsync(SonaeDbContext db, string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var taken = await db.Leases.Where(l => l.Name == name && (l.ExpiresAt < now || l.Holder == holder))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
            return true;
        if (await db.Leases.AsNoTracking().AnyAsync(l => l.Name == name, cancellationToken))
            return false;
        db.Leases.Add(new LeaseRow { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another server created it first: theirs until it runs out.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Lets go of the lease if <paramref name="holder"/> holds it, so that another server takes it at its next try.</summary>
    public static Task ReleaseAsync(SonaeDbContext db, string name, string holder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Leases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, now), cancellationToken);
    }
}
