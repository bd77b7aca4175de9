using Sonae.Core.Aftercare.Metrics;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Tests.Incidents;

namespace Sonae.Core.Tests.Aftercare.Metrics;

/// <summary>
/// One incident's times, on a small playbook whose milestones are bound to steps named A…D (so nothing in C# can
/// lean on the guideline's numbers). The driver advances its clock 3 minutes before each command, from 05:00 UTC.
/// </summary>
public sealed class IncidentMetricsTests
{
    internal const string Yaml = """
        id: metrics
        title: { ja: 計測, en: Metrics }
        phases:
          - id: 1
            title: { ja: 対応, en: Response }
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
            target: 1h
            asks: [real]
            actions:
              - { id: check, role: security-officer, ja: 確かめる, en: Check }
          - id: B
            phase: 1
            guideline: ours
            title: { ja: 封じ込め, en: Contain }
            target: 5m
            after: [A]
            applies-when: { fact: real, is: "yes" }
            actions:
              - { id: isolate, role: security-officer, ja: 切り離す, en: Isolate }
          - id: C
            phase: 1
            guideline: ours
            title: { ja: 報告, en: Inform }
            target: 30m
            after: [B]
            applies-when: { fact: real, is: "yes" }
            actions:
              - { id: tell, role: security-officer, ja: 伝える, en: Tell }
          - id: D
            phase: 1
            guideline: ours
            title: { ja: 復旧確認, en: Recovered }
            after: [C]
            applies-when: { fact: real, is: "yes" }
            actions:
              - { id: check-back, role: security-officer, ja: 確かめる, en: Check }
        bindings:
          confirmation-step: A
          milestones:
            confirmed: A
            contained: B
            management-informed: C
            recovered: D
        """;

    internal static readonly Playbook Playbook = PlaybookLoader.Load(Yaml).Playbook!;

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    internal static IncidentDriver Reported(bool drill = false) =>
        new(new NewIncident("電子カルテ端末の異常", IncidentSource.Alert, Drill: drill), IncidentDriver.Officer, Playbook);

    internal static IncidentMetrics Metrics(IncidentDriver incident, params PageRecord[] pages) =>
        IncidentMetrics.Of(incident.Playbook, [.. incident.Record.Select(r => EventChain.Parse(r.Body))], pages, Limit);

    [Fact]
    public void Of_EveryStepDone_MeasuresEachMilestoneFromTheFirstReport()
    {
        var incident = Reported();
        var reported = incident.OpenedAt;
        incident.Complete(IncidentDriver.Officer, "A", "real", "yes");   // fact at +3, A done at +6
        incident.Complete(IncidentDriver.Officer, "B");                  // +9
        incident.Complete(IncidentDriver.Officer, "C");                  // +12
        incident.Complete(IncidentDriver.Officer, "D");                  // +15

        var metrics = Metrics(incident);

        Assert.Equal(reported, metrics.Incident.ReportedAt);
        Assert.Equal(
            [(Milestones.Confirmed, 6), (Milestones.Contained, 9), (Milestones.ManagementInformed, 12), (Milestones.Recovered, 15)],
            metrics.Milestones.Select(m => (m.Milestone, (int)m.FromReport!.Value.TotalMinutes)));
        Assert.All(metrics.Milestones, m => Assert.Equal(MilestoneState.Reached, m.State));
        Assert.Equal(new StepId("B"), metrics.Milestone(Milestones.Contained)!.Step);
    }

    [Fact]
    public void Of_Steps_TakeFromWhenTheyOpened_AgainstTheirTargets_AndTheConfirmationLimitFromTheReport()
    {
        var incident = Reported();
        incident.Fact(IncidentDriver.Officer, "real", "yes");                              // +3
        incident.Clock.Advance(TimeSpan.FromMinutes(9));
        incident.Do(IncidentDriver.Officer, new CompleteStep(new StepId("A")));            // +15: over the 10-minute limit
        incident.Complete(IncidentDriver.Officer, "B");                                    // +18: 3 minutes, under 5

        var steps = Metrics(incident).Steps.ToDictionary(s => s.Step.Value);

        Assert.Equal(TimeSpan.FromMinutes(15), steps["A"].Took);
        Assert.Equal(Limit, steps["A"].Target);
        Assert.True(steps["A"].OverTarget);
        Assert.Equal(incident.OpenedAt + TimeSpan.FromMinutes(15), steps["B"].OpenSince);
        Assert.Equal(TimeSpan.FromMinutes(3), steps["B"].Took);
        Assert.Equal(TimeSpan.FromMinutes(5), steps["B"].Target);
        Assert.False(steps["B"].OverTarget);
        Assert.Equal(IncidentDriver.Officer.Name, steps["B"].SettledBy);
    }

    [Fact]
    public void Of_NotYetConfirmed_NoMilestoneIsReached_AndTheConfirmationStepIsNeverDone()
    {
        var incident = Reported();

        var metrics = Metrics(incident);

        var confirmed = metrics.Milestone(Milestones.Confirmed)!;
        Assert.Equal(MilestoneState.NotReached, confirmed.State);
        Assert.Null(confirmed.ReachedAt);
        Assert.Null(confirmed.FromReport);
        var step = Assert.Single(metrics.Steps, s => s.Step.Value == "A");
        Assert.True(step.NeverDone);
        Assert.Null(step.Took);
        Assert.False(step.OverTarget);
        // The later steps may still apply (the answer is pending): listed as never done, not left out.
        Assert.All(metrics.Steps, s => Assert.True(s.NeverDone));
    }

    [Fact]
    public void Of_SkippedStep_IsListedWithItsReason_AndItsMilestoneIsNotReached()
    {
        var incident = Reported();
        incident.Complete(IncidentDriver.Officer, "A", "real", "yes");
        incident.Do(IncidentDriver.Officer, new SkipStep(new StepId("B"), "院外のため切離し不要"));
        incident.Complete(IncidentDriver.Officer, "C");

        var metrics = Metrics(incident);

        var skipped = Assert.Single(metrics.Steps, s => s.State == StepState.Skipped);
        Assert.Equal("B", skipped.Step.Value);
        Assert.Equal("院外のため切離し不要", skipped.SkipReason);
        Assert.Equal(MilestoneState.Skipped, metrics.Milestone(Milestones.Contained)!.State);
        Assert.Null(metrics.Milestone(Milestones.Contained)!.FromReport);
        Assert.Equal(MilestoneState.Reached, metrics.Milestone(Milestones.ManagementInformed)!.State);
        Assert.Equal(TimeSpan.FromMinutes(12), metrics.Milestone(Milestones.ManagementInformed)!.FromReport);
        Assert.True(Assert.Single(metrics.Steps, s => s.Step.Value == "D").NeverDone);
    }

    [Fact]
    public void Of_FalseAlarm_LeavesOutStepsThatDoNotApply_AndTheirMilestonesAreNotApplicable()
    {
        var incident = Reported();
        incident.Complete(IncidentDriver.Officer, "A", "real", "no");

        var metrics = Metrics(incident);

        Assert.Equal(["A"], metrics.Steps.Select(s => s.Step.Value));
        Assert.Equal(
            [MilestoneState.Reached, MilestoneState.NotApplicable, MilestoneState.NotApplicable, MilestoneState.NotApplicable],
            metrics.Milestones.Select(m => m.State));
    }

    [Fact]
    public void Of_OpenedByHand_TheConfirmationStepKeepsItsOwnTarget()
    {
        var incident = new IncidentDriver(new NewIncident("手動", IncidentSource.Manual), playbook: Playbook);
        incident.Complete(IncidentDriver.Officer, "A", "real", "yes");

        var step = Assert.Single(Metrics(incident).Steps, s => s.Step.Value == "A");

        Assert.Equal(TimeSpan.FromHours(1), step.Target);
        Assert.Equal(TimeSpan.FromMinutes(6), step.Took);
    }

    [Fact]
    public void Of_Pages_TimeToTheFirstAcknowledgementByTier_AndWhoNeverAcknowledged()
    {
        var incident = Reported();
        var sent = incident.OpenedAt;
        var answered = new PageRecord(1, "報告の確認", sent,
        [
            new PagedPerson("田中", "security-officer", 0, sent, null),
            new PagedPerson("山本", "security-officer", 1, sent + TimeSpan.FromMinutes(10), sent + TimeSpan.FromMinutes(14)),
            new PagedPerson("鈴木", "management", 2, null, null),
        ]);
        var unanswered = new PageRecord(2, "被害拡大防止", sent + TimeSpan.FromMinutes(30),
            [new PagedPerson("田中", "security-officer", 0, sent + TimeSpan.FromMinutes(30), null)]);

        var pages = Metrics(incident, unanswered, answered).Pages;

        Assert.Equal([1, 2], pages.Select(p => p.Number));
        var first = pages[0];
        Assert.Equal(TimeSpan.FromMinutes(14), first.ToFirstAcknowledgement);
        Assert.Equal(1, first.AcknowledgedTier);
        Assert.Equal([0, 1, 2], first.Tiers.Select(t => t.Tier));
        Assert.Null(first.Tiers[0].ToFirstAcknowledgement);
        Assert.Equal(TimeSpan.FromMinutes(4), first.Tiers[1].ToFirstAcknowledgement);
        Assert.Null(first.Tiers[2].NotifiedAt);
        // Tier 2 was never paged: its manager was not "unreachable", only 田中 was.
        Assert.Equal(["田中"], first.NeverAcknowledged.Select(p => p.Name));
        Assert.Null(pages[1].FirstAcknowledgedAt);
        Assert.Null(pages[1].ToFirstAcknowledgement);
        Assert.Equal(["田中"], pages[1].NeverAcknowledged.Select(p => p.Name));
    }

    [Fact]
    public void Of_RecordNotBeginningWithTheOpening_IsRefused()
    {
        var incident = Reported();
        var events = incident.Record.Select(r => EventChain.Parse(r.Body)).ToList();
        incident.Fact(IncidentDriver.Officer, "real", "yes");
        var later = incident.Record.Skip(events.Count).Select(r => EventChain.Parse(r.Body)).ToList();

        Assert.Throws<ArgumentException>("events", () => IncidentMetrics.Of(Playbook, later, [], Limit));
        Assert.Throws<ArgumentException>("events", () => IncidentMetrics.Of(Playbook, [], [], Limit));
    }

    [Fact]
    public void BuiltInPlaybook_NamesTheGuidelinesMilestoneSteps()
    {
        var milestones = BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings.Milestones;

        Assert.Equal(
            [(Milestones.Confirmed, "1-4"), (Milestones.Contained, "2-6"), (Milestones.ManagementInformed, "2-7"), (Milestones.Recovered, "3-4")],
            Milestones.All.Select(m => (m, milestones[m].Value)));
    }

    [Fact]
    public void Loader_UnknownMilestoneOrStep_IsAProblemNamingIt()
    {
        var result = PlaybookLoader.Load(Yaml.Replace("    recovered: D", "    recovered: Z\n    repaired: D", StringComparison.Ordinal));

        Assert.Null(result.Playbook);
        Assert.Contains(result.Problems, p => p.Message.En.Contains("repaired", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Message.En.Contains('Z', StringComparison.Ordinal));
    }
}
