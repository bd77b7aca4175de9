using Sonae.Core.Aftercare.Metrics;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Tests.Incidents;

namespace Sonae.Core.Tests.Aftercare.Metrics;

public sealed class MetricsSummaryTests
{
    private static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);

    [Fact]
    public void Distribution_OddCount_MedianIsTheMiddle_P90ByNearestRank()
    {
        var distribution = Distribution.Of([Minutes(9), Minutes(1), Minutes(5)]);

        Assert.Equal(new Distribution(3, Minutes(5), Minutes(9)), distribution);
    }

    [Fact]
    public void Distribution_EvenCount_MedianIsTheMeanOfTheMiddleTwo()
    {
        var distribution = Distribution.Of([.. Enumerable.Range(1, 10).Select(i => Minutes(i))]);

        Assert.Equal(Minutes(5.5), distribution.Median);
        Assert.Equal(Minutes(9), distribution.P90);
    }

    [Fact]
    public void Distribution_None_HasNoFigures()
    {
        Assert.Equal(new Distribution(0, null, null), Distribution.Of([]));
    }

    [Fact]
    public void Report_DrillsAreNeverCountedWithRealIncidents()
    {
        var fast = IncidentMetricsTests.Reported();
        fast.Complete(IncidentDriver.Officer, "A", "real", "yes");          // confirmed at 6 minutes
        var slow = IncidentMetricsTests.Reported();
        slow.Fact(IncidentDriver.Officer, "real", "yes");
        slow.Clock.Advance(Minutes(30));
        slow.Do(IncidentDriver.Officer, new CompleteStep(new StepId("A"))); // confirmed at 36 minutes
        var unconfirmed = IncidentMetricsTests.Reported();
        var drill = IncidentMetricsTests.Reported(drill: true);
        drill.Clock.Advance(Minutes(120));
        drill.Complete(IncidentDriver.Officer, "A", "real", "yes");         // confirmed at 126 minutes
        var page = new PageRecord(1, "報告の確認", drill.OpenedAt, [new PagedPerson("田中", null, 0, drill.OpenedAt, null)]);

        var report = MetricsReport.Of([
            IncidentMetricsTests.Metrics(drill, page),
            IncidentMetricsTests.Metrics(slow),
            IncidentMetricsTests.Metrics(fast),
            IncidentMetricsTests.Metrics(unconfirmed),
        ]);

        Assert.Equal(3, report.RealSummary.Incidents);
        Assert.All(report.Real, i => Assert.False(i.Incident.Drill));
        var confirmed = report.RealSummary.Milestones.Single(m => m.Milestone == Milestones.Confirmed);
        Assert.Equal(new Distribution(2, Minutes(21), Minutes(36)), confirmed.Times);
        Assert.Equal(1, confirmed.NotReached);
        Assert.Equal(0, report.RealSummary.PagesNeverAcknowledged);
        Assert.Equal(1, report.RealSummary.StepsOverTarget);             // the slow confirmation, past 10 minutes

        var drills = Assert.Single(report.Drills);
        Assert.True(drills.Incident.Drill);
        Assert.Equal(1, report.DrillSummary.Incidents);
        Assert.Equal(Minutes(126), report.DrillSummary.Milestones.Single(m => m.Milestone == Milestones.Confirmed).Times.Median);
        Assert.Equal(1, report.DrillSummary.PagesNeverAcknowledged);
    }

    [Fact]
    public void Report_NoIncidents_HasEmptySummaries()
    {
        var report = MetricsReport.Of([]);

        Assert.Equal(0, report.RealSummary.Incidents);
        Assert.Empty(report.RealSummary.Milestones);
        Assert.Equal(0, report.DrillSummary.Paging.Count);
    }
}
