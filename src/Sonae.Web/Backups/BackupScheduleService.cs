using Microsoft.Extensions.Options;

namespace Sonae.Web.Backups;

/// <summary>
/// Runs the scheduled backup once a day at its time (Japan time), checking every
/// <see cref="BackupOptions.CheckEverySeconds"/>; a day missed while the server was off runs at the next check.
/// </summary>
public sealed partial class BackupScheduleService(IServiceScopeFactory scopes, IOptions<BackupOptions> options, Cluster.ClusterLeases leases, TimeProvider clock, ILogger<BackupScheduleService> logger) : BackgroundService
{
    // With several servers on one database, one of them takes the installation's backup.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.CheckEverySeconds <= 0
        ? Task.CompletedTask
        : leases.EveryWhileHeld(Cluster.ClusterLeases.Backups, TimeSpan.FromSeconds(options.Value.CheckEverySeconds), TimeProvider.System, atOnce: false, Round, stoppingToken);

    private async Task Round(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var view = await scope.ServiceProvider.GetRequiredService<BackupScheduleSettings>().Load(cancellationToken);
            if (view.NextRunAt is not { } next || next > clock.GetUtcNow())
                return;
            var (ok, _) = await scope.ServiceProvider.GetRequiredService<RunScheduledBackup>().Run(cancellationToken);
            LogRan(logger, ok);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed check is logged; the next one tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled backup ran: ok={Ok}")]
    private static partial void LogRan(ILogger logger, bool ok);

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled backup could not be checked or run")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
