using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

/// <summary>A report waits for the security officer's confirmation, and is overdue past the hospital's limit.</summary>
public sealed class ConfirmationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private static IncidentDriver Reported() => new(
        new NewIncident("3階西病棟 PC-3W-01", IncidentSource.AnomalyReport, Report: new AnomalyReport(
            "3階西病棟", null, "PC-3W-01", [AnomalySign.RansomNote], null, null, "看護師 佐藤", "PHS 3021")),
        Nurse);

    private static ConfirmationWatch? Watch(IncidentDriver incident, DateTimeOffset openedAt, IncidentSource source = IncidentSource.AnomalyReport) =>
        ConfirmationWatch.Of(incident.Snapshot, source, openedAt, Limit, incident.Clock.GetUtcNow());

    [Fact]
    public void BuiltInPlaybook_ConfirmsAtTheOfficersCheck() =>
        Assert.Equal(new StepId("1-4"), BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings.ConfirmationStep);

    [Fact]
    public void Report_WaitsUntilTheLimit_ThenIsOverdue()
    {
        var incident = Reported();
        var openedAt = incident.Clock.GetUtcNow();

        incident.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(new ConfirmationWatch(ConfirmationState.Waiting, openedAt + Limit, Limit), Watch(incident, openedAt));

        incident.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ConfirmationState.Waiting, Watch(incident, openedAt)!.State);

        incident.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ConfirmationState.Overdue, Watch(incident, openedAt)!.State);
    }

    [Fact]
    public void StaffActingBeforeTheOfficer_DoesNotConfirm()
    {
        var incident = Reported();
        var openedAt = incident.Clock.GetUtcNow();

        StaffDoTheirPart(incident);
        incident.Clock.Advance(Limit);

        Assert.Equal(ConfirmationState.Overdue, Watch(incident, openedAt)!.State);
    }

    [Fact]
    public void AnythingDoneAtTheConfirmationStep_Confirms()
    {
        var incident = Reported();
        var openedAt = incident.Clock.GetUtcNow();
        StaffDoTheirPart(incident);
        incident.Clock.Advance(TimeSpan.FromHours(1));

        incident.Do(Officer, new CompleteAction(new StepId("1-4"), "confirm"));

        Assert.Equal(ConfirmationState.Confirmed, Watch(incident, openedAt)!.State);
        Assert.False(Watch(incident, openedAt)!.Unconfirmed);
    }

    [Fact]
    public void ConfirmationStepsClock_IsDueAtTheReportsLimit_NotThePlaybooksTarget_UntilConfirmed()
    {
        var incident = Reported();
        var openedAt = incident.Clock.GetUtcNow();
        StaffDoTheirPart(incident);
        var confirmation = new StepId("1-4");

        var waiting = StepClocks.Of(incident.Snapshot, openedAt, Watch(incident, openedAt)).Single(c => c.Step == confirmation);
        Assert.Equal(openedAt + Limit, waiting.Due);
        Assert.Equal(Limit, waiting.Target);

        incident.Do(Officer, new CompleteAction(confirmation, "confirm"));
        var confirmed = StepClocks.Of(incident.Snapshot, openedAt, Watch(incident, openedAt)).Single(c => c.Step == confirmation);
        Assert.Null(confirmed.Due);
    }

    [Fact]
    public void ClosedIncident_IsNotWaiting()
    {
        var incident = Reported();
        var openedAt = incident.Clock.GetUtcNow();

        incident.Do(Officer, new CloseIncident("誤報: 端末の再起動で解消"));
        incident.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ConfirmationState.Confirmed, Watch(incident, openedAt)!.State);
    }

    [Fact]
    public void IncidentOpenedByHand_IsNotWatched()
    {
        var incident = OpenedByHand();

        Assert.Null(Watch(incident, incident.Clock.GetUtcNow(), IncidentSource.Manual));
    }

    [Fact]
    public void PlaybookThatBindsNoConfirmation_WatchesNothing()
    {
        var playbook = PlaybookLoader.Load(DocumentedPlaybookWithout("confirmation-step")).Playbook!;
        var incident = new IncidentDriver(new NewIncident("受付", IncidentSource.AnomalyReport, Report: new AnomalyReport(
            "受付", null, null, [AnomalySign.SlowOrFrozen], null, null, null, null)), Nurse, playbook);

        Assert.Null(Watch(incident, incident.Clock.GetUtcNow()));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(240, true)]
    [InlineData(241, false)]
    public void Profile_LimitIsOneToFourHours(int minutes, bool valid)
    {
        var profile = new OrganizationProfile("さくら病院", FacilityKind.Hospital, 199, Operator.Private, false, ConfirmWithinMinutes: minutes);

        var problems = SectionValidation.Check(profile);

        Assert.Equal(valid, !problems.Any(p => p.Path == "confirmWithinMinutes"));
    }

    [Fact]
    public void Profile_WithoutALimit_AllowsTenMinutes() =>
        Assert.Equal(TimeSpan.FromMinutes(10), new OrganizationProfile("さくら病院", FacilityKind.Clinic, 19, Operator.Private, false).ConfirmationLimit);

    private static void StaffDoTheirPart(IncidentDriver incident)
    {
        incident.Do(Nurse, new CompleteAction(new StepId("1-2"), "unplug"));
        incident.Complete(Nurse, "1-2", "disconnected-devices", "PC-3W-01(LAN ケーブルを抜いた)");
        incident.Do(Nurse, new CompleteAction(new StepId("1-3"), "call-officer"));
        incident.Complete(Nurse, "1-3");
    }

    private static string DocumentedPlaybookWithout(string key) =>
        string.Join('\n', Playbooks.DocumentedPlaybook.Yaml.Split('\n').Where(line => !line.TrimStart().StartsWith(key + ":", StringComparison.Ordinal)));
}
