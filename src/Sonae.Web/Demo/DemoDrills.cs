using Sonae.Core.Aftercare.Drills;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Aftercare.Drills;
using Sonae.Web.Incidents;
using Sonae.Web.Notices;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Demo;

/// <summary>
/// The demo hospital's past drill: the ransomware scenario run live some three weeks ago with the officer, the
/// director and the ward's head nurse, every inject delivered (one skipped), the first steps answered, and ended —
/// so its record, the drills list and the preparedness record's drills section show a drill held.
/// </summary>
public static class DemoDrills
{
    public static async Task Run(IServiceProvider root, Caller officer, DateTimeOffset startAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(officer);
        await using var scope = root.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(officer.OrganizationId);
        var services = scope.ServiceProvider;
        var clock = new StepClock(startAt);
        var db = services.GetRequiredService<SonaeDbContext>();
        var load = new LoadDrills(db, clock);
        var open = ActivatorUtilities.CreateInstance<OpenIncident>(services, clock);
        var start = new StartDrill(open, services.GetRequiredService<NoticeAudiences>(), services.GetRequiredService<SendNotice>(), load);
        var participants = DemoPreparedness.People.People.Take(4).Select(Audiences.KeyOf).ToList();
        var started = await start.Run(officer, new StartDrillRequest("ransomware-vendor-vpn", "live", participants, 1), null, cancellationToken, tell: false) as StartDrill.Started
            ?? throw new InvalidOperationException("The demo's drill did not start.");
        var record = new DrillRecord(services.GetRequiredService<RecordWriter>(), services.GetRequiredService<PlaybookCache>(), clock);
        var deliver = new DeliverInject(record);
        var apply = ActivatorUtilities.CreateInstance<ApplyIncidentCommand>(services, clock);
        var incident = started.Drill.Drill.Id;
        var run = await load.OfIncident(incident, cancellationToken) ?? throw new InvalidOperationException("The demo's drill has no run.");
        foreach (var inject in run.Scenario.Injects)
        {
            clock.Set(startAt.AddMinutes(inject.AtMinutes));
            if (inject.Id == "r7")
                await deliver.Skip(officer, run, inject.Id, cancellationToken);
            else
                await deliver.Deliver(officer, run, inject.Id, null, cancellationToken);
            clock.Set(startAt.AddMinutes(inject.AtMinutes + 3));
            // The officer's answers as the drill went: the first steps, on the record like any incident's.
            IncidentCommand[] answers = inject.Id switch
            {
                "r1" => [new RecordFact(new FactId("infection-signs"), "yes"), new CompleteStep(new StepId("1-1"))],
                "r3" => [new CompleteStep(new StepId("1-3"))],
                "r4" => [new RecordFact(new FactId("anomaly-confirmed"), "yes"), new CompleteStep(new StepId("1-4"))],
                _ => [],
            };
            foreach (var answer in answers)
                await apply.Run(officer, incident, answer, null, cancellationToken);
        }
        clock.Set(startAt.AddMinutes(95));
        var end = new EndDrill(record, new LoadPreparedness(db, clock), new SavePreparednessSection(db, clock), services.GetRequiredService<ILogger<EndDrill>>());
        await end.Run(officer, (await load.OfIncident(incident, cancellationToken))!, cancellationToken);
    }

    /// <summary>The demo drill's clock, set to each moment of the drill in turn.</summary>
    private sealed class StepClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Set(DateTimeOffset at) => _now = at;
    }
}
