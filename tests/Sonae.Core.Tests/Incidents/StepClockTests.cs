using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Incidents;

public sealed class StepClockTests
{
    private const string Yaml = """
        id: clocks
        title: { ja: 時計, en: Clocks }
        phases:
          - id: 1
            title: { ja: 検知, en: Detection }
        facts:
          - id: real
            kind: choice
            title: { ja: 本物, en: Real }
            question: { ja: 本物ですか?, en: Is it real? }
            values:
              - { id: "yes", ja: はい, en: "Yes" }
              - { id: "no", ja: いいえ, en: "No" }
        steps:
          - id: A
            phase: 1
            guideline: ours
            title: { ja: 確認, en: Confirm }
            target: 15m
            asks: [real]
            actions:
              - { id: check, role: security-officer, ja: 確かめる, en: Check }
          - id: B
            phase: 1
            guideline: ours
            title: { ja: 封じ込め, en: Contain }
            target: 1h
            after: [A]
            applies-when: { fact: real, is: "yes" }
            actions:
              - { id: act, role: security-officer, ja: 止める, en: Stop }
          - id: C
            phase: 1
            guideline: ours
            title: { ja: 記録, en: Write up }
            after: [A]
            actions:
              - { id: write, role: security-officer, ja: 書く, en: Write }
        """;

    private static readonly Playbook Playbook = PlaybookLoader.Load(Yaml).Playbook!;

    private static IncidentDriver Open() => new(new NewIncident("時計", IncidentSource.Manual), playbook: Playbook);

    [Fact]
    public void OpenStep_CountsFromTheIncidentsOpening_AndIsOverduePastItsTarget()
    {
        var incident = Open();
        var opened = incident.Clock.GetUtcNow();

        var clock = Assert.Single(StepClocks.Of(incident.Snapshot, opened));

        Assert.Equal(new StepId("A"), clock.Step);
        Assert.Equal(opened, clock.OpenSince);
        Assert.Equal(opened.AddMinutes(15), clock.Due);
        Assert.False(clock.IsOverdue(opened.AddMinutes(15)));
        Assert.True(clock.IsOverdue(opened.AddMinutes(16)));
        Assert.Equal(TimeSpan.FromMinutes(16), clock.Waited(opened.AddMinutes(16)));
    }

    [Fact]
    public void LaterStep_CountsFromWhenItOpened_NotFromTheIncident()
    {
        var incident = Open();
        var opened = incident.Clock.GetUtcNow();
        incident.Clock.Advance(TimeSpan.FromHours(5));
        incident.Complete(IncidentDriver.Officer, "A", "real", "yes");
        var completedAt = incident.Clock.GetUtcNow();

        var clocks = StepClocks.Of(incident.Snapshot, opened);

        var contain = Assert.Single(clocks, c => c.Step == new StepId("B"));
        Assert.Equal(completedAt, contain.OpenSince);
        Assert.Equal(completedAt.AddHours(1), contain.Due);
        Assert.False(contain.IsOverdue(completedAt.AddMinutes(59)));
        var writeUp = Assert.Single(clocks, c => c.Step == new StepId("C"));
        Assert.Null(writeUp.Due);
        Assert.False(writeUp.IsOverdue(completedAt.AddDays(20)));
    }

    [Fact]
    public void SettledAndLockedSteps_HaveNoClock_NorDoesAClosedIncident()
    {
        var incident = Open();
        var opened = incident.Clock.GetUtcNow();
        incident.Complete(IncidentDriver.Officer, "A", "real", "no");

        Assert.Equal([new StepId("C")], StepClocks.Of(incident.Snapshot, opened).Select(c => c.Step));

        incident.Do(IncidentDriver.Officer, new CompleteStep(new StepId("C")));
        incident.Do(IncidentDriver.Officer, new CloseIncident());

        Assert.Empty(StepClocks.Of(incident.Snapshot, opened));
    }
}
