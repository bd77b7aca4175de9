using Microsoft.Extensions.Options;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;

namespace Sonae.Web.Aftercare.Drills;

/// <summary><c>Sonae:Drills</c>: how often the round looks for injects that are due.</summary>
public sealed class DrillOptions
{
    public const string Section = "Sonae:Drills";

    /// <summary>Seconds between rounds; 0 stops the round (injects are then delivered by the facilitator alone).</summary>
    public int CheckEverySeconds { get; set; } = 10;
}

/// <summary>
/// Delivers the injects of running live drills when their time comes: one server of several runs the round
/// (<see cref="Cluster.ClusterLeases"/>), and each inject is settled once in the database whoever delivers it
/// (<see cref="DrillRecord"/>). Paused, ended and tabletop drills are left alone. The open workspaces hear of each
/// inject as of any event.
/// </summary>
public sealed partial class DrillRound(IServiceScopeFactory scopes, IOptions<DrillOptions> options, TimeProvider clock, Cluster.ClusterLeases leases, ILogger<DrillRound> logger) : BackgroundService
{
    /// <summary>The lease name of the round.</summary>
    public const string Lease = "drill-injects";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.CheckEverySeconds <= 0
        ? Task.CompletedTask
        : leases.EveryWhileHeld(Lease, TimeSpan.FromSeconds(options.Value.CheckEverySeconds), TimeProvider.System, atOnce: true, Round, stoppingToken);

    /// <summary>One round over every organization: each due inject of each running live drill, in order.</summary>
    public async Task Round(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<OrganizationName> organizations;
            await using (var scope = scopes.CreateAsyncScope())
                organizations = await scope.ServiceProvider.GetRequiredService<LoadOrganizations>().All(cancellationToken);
            foreach (var organization in organizations.Select(o => o.Id))
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<Data.OrganizationScope>().Enter(organization);
                var runs = await scope.ServiceProvider.GetRequiredService<LoadDrills>().Running(cancellationToken);
                var deliver = scope.ServiceProvider.GetRequiredService<DeliverInject>();
                foreach (var run in runs)
                {
                    var now = clock.GetUtcNow();
                    foreach (var inject in Core.Aftercare.Drills.InjectSchedule.Due(run.Scenario, run.Clock, run.DeliveredIds, run.SkippedIds, now))
                    {
                        var caller = DrillRecord.Facilitator(run.Row);
                        var audit = new AuditRecord(organization, now, caller.Actor.Id, caller.Actor.Name, $"DRILL inject {inject.Id}", $"/drills/{run.Row.Number}", 200, null);
                        var outcome = await deliver.DeliverDue(caller, run, inject.Id, cancellationToken, audit);
                        LogDelivered(logger, run.Row.IncidentId, inject.Id, outcome.GetType().Name);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed round is logged; the next round tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drill {Incident}: inject {Inject} delivered by the round ({Outcome})")]
    private static partial void LogDelivered(ILogger logger, Guid incident, string inject, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of drill injects failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
