using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Web.Demo;
using Sonae.Web.Access;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Hosting;

/// <summary>
/// Before Sonae serves: clears what a crash of an earlier run left (its Chromium processes, partial uploads),
/// applies the database migrations, brings each organization the playbook shipped with this version, loads the demo
/// hospital when asked, and opens first-run setup (printing its code) when there is no organization yet. What only
/// reports (<see cref="StoredPlaybookCheck"/>) runs once the server listens.
/// </summary>
public sealed partial class SonaeStartup(IServiceProvider services, IOptions<StorageOptions> storage, SetupCode setupCode, IConfiguration configuration, ILogger<SonaeStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Documents.ChromiumProcesses.ReapStale() is > 0 and var reaped)
            LogReaped(logger, reaped);
        if (services.GetRequiredService<Evidence.EvidenceLocker>().RemovePartialUploads() is > 0 and var partial)
            LogPartialUploads(logger, partial);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        await StorageRegistration.MigrateAsync(db, storage.Value, cancellationToken);
        LogStorage(logger, storage.Value.Provider, storage.Value.Provider == StorageProvider.Sqlite ? storage.Value.SqliteFullPath : "(connection string)");
        if (services.GetRequiredService<TimeProvider>() is ShiftedClock)
            LogShiftedClock(logger, ShiftedClock.Variable);

        var organizations = await db.Organizations.Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var organization in organizations)
        {
            await using var organizationScope = services.CreateAsyncScope();
            organizationScope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organization);
            await organizationScope.ServiceProvider.GetRequiredService<AddPlaybookVersion>().EnsureBuiltIn(organization, cancellationToken);
        }

        if (DemoHospital.IsOn(configuration))
        {
            await scope.ServiceProvider.GetRequiredService<DemoHospital>().EnsureLoaded(cancellationToken);
            return;
        }
        if (organizations.Count == 0)
            setupCode.Issue();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended {Count} Chromium processes that a Sonae no longer running had left behind")]
    private static partial void LogReaped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} partial evidence uploads that a crash had cut short (never named by the record)")]
    private static partial void LogPartialUploads(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Provider} {Where}")]
    private static partial void LogStorage(ILogger logger, StorageProvider provider, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The clock is shifted for testing ({Variable} is set): deadlines and the record's times are not real. Never set it in production.")]
    private static partial void LogShiftedClock(ILogger logger, string variable);
}
