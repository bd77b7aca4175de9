using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Web.Access;

namespace Sonae.Web.Checkpoints;

/// <summary>
/// Makes a checkpoint of each organization whose records moved since its latest, at start and then every
/// <see cref="CheckpointOptions.EveryMinutes"/> minutes, on one server of several on one database (the one holding
/// the lease <see cref="Cluster.ClusterLeases.Checkpoints"/>); should two ever make one at once, numbers stay unique
/// per organization.
/// </summary>
public sealed partial class CheckpointSchedule(IServiceScopeFactory scopes, IOptions<CheckpointOptions> options, TimeProvider clock, Cluster.ClusterLeases leases, ILogger<CheckpointSchedule> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.EveryMinutes <= 0
        ? Task.CompletedTask
        : leases.EveryWhileHeld(Cluster.ClusterLeases.Checkpoints, TimeSpan.FromMinutes(options.Value.EveryMinutes), clock, atOnce: true, MakeAll, stoppingToken);

    private async Task MakeAll(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<OrganizationName> organizations;
            await using (var scope = scopes.CreateAsyncScope())
                organizations = await scope.ServiceProvider.GetRequiredService<LoadOrganizations>().All(cancellationToken);
            foreach (var organization in organizations.Select(o => o.Id))
            {
                var made = await MakeCheckpoint.ForOrganization(scopes, organization, onlyIfMoved: true, cancellationToken);
                if (made.New)
                    LogMade(logger, organization, made.Checkpoint.Checkpoint.Number, made.Digest, made.File);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed round is logged; the next round tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (StorageFailures.IsFull(e))
                return;
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint {Number} of organization {Organization}: {Digest} ({File})")]
    private static partial void LogMade(ILogger logger, Guid organization, long number, string digest, string? file);

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduled checkpoint could not be made")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
