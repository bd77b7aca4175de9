using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Data.Cluster;

namespace Sonae.Web.Cluster;

/// <summary>
/// Which background work this server runs, when several run on one PostgreSQL database: each piece (paging,
/// reminders, checkpoints, feeds, scheduled backups) under a lease in the <c>Leases</c> table that one server holds at a time. A job
/// asks <see cref="HoldsAsync"/> before each round and skips the round when another server holds it. The keeper
/// (a hosted service) renews what this server holds and tries to take what has run out, every third of
/// <see cref="ClusterOptions.LeaseSeconds"/>; at shutdown it lets its leases go so that another server takes them at
/// once. On SQLite (one process) every lease is held without asking the database.
/// </summary>
public sealed partial class ClusterLeases(IServiceScopeFactory scopes, IOptions<StorageOptions> storage, ServerIdentity server, IOptions<ClusterOptions> options, ILogger<ClusterLeases> logger)
    : BackgroundService
{
    public const string Paging = "paging";
    public const string UpdateReminders = "update-reminders";
    public const string Checkpoints = "checkpoints";
    public const string ThreatFeeds = "threat-feeds";
    public const string Backups = "backups";

    private readonly ConcurrentDictionary<string, Held> _leases = new(StringComparer.Ordinal);
    private readonly TimeSpan _lease = options.Value.Lease;
    private readonly bool _shared = storage.Value.SeveralServers;

    /// <summary>Whether this server runs the named work now; the first ask of a name tries to take it.</summary>
    public async Task<bool> HoldsAsync(string name, CancellationToken cancellationToken)
    {
        if (!_shared)
            return true;
        if (_leases.TryGetValue(name, out var known))
            return known.Until > TimeProvider.System.GetUtcNow();
        _leases.TryAdd(name, new Held(DateTimeOffset.MinValue));
        return await TryTake(name, cancellationToken);
    }

    /// <summary>
    /// The loop of a piece of background work: a round every <paramref name="every"/> on <paramref name="clock"/>
    /// (and one at once first when <paramref name="atOnce"/>), each only while this server holds
    /// <paramref name="name"/>, until the host stops. A round logs its own failures and is tried again at the next tick.
    /// </summary>
    /// <remarks>
    /// A round that only looks at what is due keeps the wall clock's rhythm (<see cref="TimeProvider.System"/>) and reads
    /// the record's clock inside: a record's clock moved forty days at once (a test's) would otherwise fire every tick
    /// of those days, each a round over every hospital.
    /// </remarks>
    public async Task EveryWhileHeld(string name, TimeSpan every, TimeProvider clock, bool atOnce, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        using var timer = new PeriodicTimer(every, clock);
        try
        {
            if (atOnce && await HoldsAsync(name, stoppingToken))
                await round(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (await HoldsAsync(name, stoppingToken))
                    await round(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_shared)
            return;
        using var timer = new PeriodicTimer(_lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var name in _leases.Keys)
                    await TryTake(name, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_shared)
            return;
        foreach (var (name, held) in _leases)
        {
            if (held.Until <= TimeProvider.System.GetUtcNow())
                continue;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await Leases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<SonaeDbContext>(), name, server.Id, TimeProvider.System.GetUtcNow(), cancellationToken);
                LogReleased(logger, name);
            }
            catch (ObjectDisposedException)
            {
                // The host is being torn down without a stop: the lease runs out by itself.
                return;
            }
#pragma warning disable CA1031 // Not let go, it runs out by itself.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e, name);
            }
        }
    }

    private async Task<bool> TryTake(string name, CancellationToken cancellationToken)
    {
        // The wall clock, not the record's (which tests shift): leases are between servers' clocks, kept in step by NTP.
        var now = TimeProvider.System.GetUtcNow();
        bool holds;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            holds = await Leases.TryTakeAsync(scope.ServiceProvider.GetRequiredService<SonaeDbContext>(), name, server.Id, now, now + _lease, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // The database away: this server holds nothing until it answers again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e, name);
            holds = false;
        }
        // Held a little less long than the database says, so that two servers never both believe they hold it.
        var until = holds ? now + _lease - (_lease / 6) : DateTimeOffset.MinValue;
        var before = _leases.TryGetValue(name, out var was) && was.Until > now;
        _leases[name] = new Held(until);
        if (holds && !before)
            LogTaken(logger, name, server.Id);
        else if (!holds && before)
            LogLost(logger, name);
        return holds;
    }

    private sealed record Held(DateTimeOffset Until);

    [LoggerMessage(Level = LogLevel.Information, Message = "This server ({Server}) now runs {Name}")]
    private static partial void LogTaken(ILogger logger, string name, string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This server no longer runs {Name}: another server holds its lease")]
    private static partial void LogLost(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Let go of {Name} at shutdown")]
    private static partial void LogReleased(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of {Name} could not be taken or renewed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
