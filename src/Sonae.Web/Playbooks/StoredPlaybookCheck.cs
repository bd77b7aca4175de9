using Microsoft.EntityFrameworkCore;
using Sonae.Data;

namespace Sonae.Web.Playbooks;

/// <summary>
/// Loads every stored playbook version of every organization once, so that one this version of Sonae can no longer
/// read is reported (with its id) in the log of the start rather than as an error on the day an incident needs it.
/// </summary>
/// <remarks>
/// It only reports, so it runs once the server listens, not before: reading and parsing every version held the first
/// answer back by most of a second (issue 19). Nothing waits on it; an incident on a version it has not reached yet
/// loads that version itself, as it always did.
/// </remarks>
public sealed partial class StoredPlaybookCheck(IServiceScopeFactory scopes, PlaybookCache cache, IHostApplicationLifetime lifetime, ILogger<StoredPlaybookCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
            await started.Task;
        await CheckAll(stoppingToken);
    }

    /// <summary>Loads each organization's stored versions; returns how many do not load.</summary>
    public async Task<int> CheckAll(CancellationToken cancellationToken)
    {
        var unreadable = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        // Every organization's versions in one read: the check belongs to no organization, and loads only.
        var versions = await db.PlaybookVersions.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking().ToListAsync(cancellationToken);
        foreach (var version in versions)
        {
            try
            {
                cache.Load(version);
            }
            catch (InvalidOperationException)
            {
                unreadable++;
                LogUnreadablePlaybook(logger, version.PlaybookId, version.Version, version.Id);
            }
        }
        return unreadable;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored playbook {PlaybookId} version {Version} ({VersionId}) does not load in this version of Sonae: incidents on it cannot be changed until it is fixed")]
    private static partial void LogUnreadablePlaybook(ILogger logger, string playbookId, int version, Guid versionId);
}
