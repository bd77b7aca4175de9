using System.Text.Json;
using Sonae.Data;
using Sonae.Data.Shared;

namespace Sonae.Web.Hosting;

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

/// <summary>
/// Values a page keeps for a few minutes between a refused post and the page it redirects to, in the database
/// (<see cref="KeptValueRow"/>) so that the redirect may land on another server. Keys name the organization: one
/// hospital never reads another's.
/// </summary>
public sealed class KeptValues(SonaeDbContext db, TimeProvider clock)
{
    /// <summary>How long a kept value is read.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    public Task KeepAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        SharedStateCommands.KeepAsync(db, key, JsonSerializer.Serialize(value), (clock.GetUtcNow() + KeptFor).ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>The value kept under a key, or default when there is none, it expired, or it no longer reads as a <typeparamref name="T"/>.</summary>
    public async Task<T?> KeptAsync<T>(string key, CancellationToken cancellationToken)
    {
        if (await SharedStateCommands.KeptAsync(db, key, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken) is not { } json)
            return default;
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            // Kept by another version of Sonae during an upgrade: the page shows the form empty, as after ten minutes.
            return default;
        }
    }
}

/// <summary>Deletes ended counts and expired kept values every few minutes (every server does; the deletes are idempotent).</summary>
public sealed partial class SharedStatePruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SharedStatePruning> logger) : BackgroundService
{
    /// <summary>How often, and how long after its window a count is kept (the longest window Sonae counts in is a minute).</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                LogPruneFailed(logger, e.GetType().Name);
            }
        }
    }

    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var now = clock.GetUtcNow();
        await SharedStateCommands.PruneAsync(db, (now - Every).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning ended throttle counts and kept values failed ({Error}); tried again in five minutes.")]
    private static partial void LogPruneFailed(ILogger logger, string error);
}
