using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Web.Demo;
using Sonae.Web.Organizations;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Hosting;

/// <summary>
/// Before Sonae serves: applies the database migrations, brings each organization the playbook shipped with this
/// version, loads the demo hospital when asked, and opens first-run setup (printing its code) when there is no
/// organization yet.
/// </summary>
public sealed partial class SonaeStartup(IServiceProvider services, IOptions<StorageOptions> storage, SetupCode setupCode, IConfiguration configuration, ILogger<SonaeStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        await StorageRegistration.MigrateAsync(db, storage.Value, cancellationToken);
        LogStorage(logger, storage.Value.Provider, storage.Value.Provider == StorageProvider.Sqlite ? storage.Value.SqliteFullPath : "(connection string)");

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Provider} {Where}")]
    private static partial void LogStorage(ILogger logger, StorageProvider provider, string where);
}
