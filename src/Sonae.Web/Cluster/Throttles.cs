using Sonae.Data;
using Sonae.Data.Cluster;

namespace Sonae.Web.Cluster;

/// <summary>A hit counted under a key: how many in its window, and how long until that window ends.</summary>
public readonly record struct ThrottleCount(int Count, TimeSpan Left);

/// <summary>
/// Counts in fixed windows, in the database (<see cref="ThrottleRow"/>), so that limits hold across every server on
/// it: a client sent to another server by the load balancer finds the same count. One round trip a hit.
/// </summary>
public sealed class Throttles(SonaeDbContext db, TimeProvider clock)
{
    /// <summary>Counts a hit; the answer includes it.</summary>
    public async Task<ThrottleCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var (start, count) = await SharedStateCommands.HitAsync(db, key, now, (long)window.TotalMilliseconds, cancellationToken);
        return new ThrottleCount(count, Left(start, now, window));
    }

    /// <summary>The hits under a key in a window that has not ended yet; null when there are none.</summary>
    public async Task<ThrottleCount?> CountAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await SharedStateCommands.CountAsync(db, key, now, (long)window.TotalMilliseconds, cancellationToken) is var (start, count)
            ? new ThrottleCount(count, Left(start, now, window))
            : null;
    }

    private static TimeSpan Left(long start, long now, TimeSpan window) => TimeSpan.FromMilliseconds(start - now) + window;
}
