using Sonae.Data;
using Sonae.Data.Cluster;

namespace Sonae.Web.Cluster;

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
