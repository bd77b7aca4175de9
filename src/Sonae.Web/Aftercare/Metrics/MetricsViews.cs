using Sonae.Core.Aftercare.Metrics;
using Sonae.Core.Incidents;
using Sonae.Web.Incidents;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>The API's shapes of the metrics: durations in minutes (one decimal), states and ids by their wire names.</summary>
public static class MetricsViews
{
    public sealed record MilestoneJson(string Milestone, string Step, string State, DateTimeOffset? ReachedAt, double? Minutes);

    public sealed record StepJson(string Step, string Title, string State, DateTimeOffset? OpenSince, DateTimeOffset? SettledAt, double? Minutes,
        double? TargetMinutes, bool OverTarget, string? SettledBy, string? SkipReason);

    public sealed record TierJson(int Tier, int People, DateTimeOffset? NotifiedAt, DateTimeOffset? FirstAcknowledgedAt, double? Minutes);

    public sealed record PageJson(int Number, string Title, DateTimeOffset SentAt, DateTimeOffset? FirstAcknowledgedAt, double? Minutes, int? AcknowledgedTier,
        IReadOnlyList<TierJson> Tiers, IReadOnlyList<string> NeverAcknowledged);

    public sealed record IncidentJson(int Number, string Title, bool Drill, DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt,
        IReadOnlyList<MilestoneJson> Milestones, IReadOnlyList<StepJson> Steps, IReadOnlyList<PageJson> Pages);

    public sealed record DistributionJson(int Count, double? MedianMinutes, double? P90Minutes);

    public sealed record MilestoneSummaryJson(string Milestone, int Count, double? MedianMinutes, double? P90Minutes, int NotReached);

    public sealed record SummaryJson(int Incidents, IReadOnlyList<MilestoneSummaryJson> Milestones, DistributionJson Paging, int PagesNeverAcknowledged,
        int StepsOverTarget, int StepsSkipped);

    public sealed record GroupJson(SummaryJson Summary, IReadOnlyList<IncidentJson> Incidents);

    /// <summary>The metrics of a period: real incidents and drills apart.</summary>
    public sealed record MetricsJson(DateOnly From, DateOnly To, GroupJson Real, GroupJson Drills);

    public sealed record TimelineJson(long Seq, DateTimeOffset At, string Type, string Text);

    /// <summary>An incident's after-action report.</summary>
    public sealed record AfterActionJson(IncidentJson Incident, IReadOnlyList<TimelineJson> Timeline, IReadOnlyList<FindingView> Findings);

    public static double? Minutes(TimeSpan? duration) => duration is { } d ? Math.Round(d.TotalMinutes, 1) : null;

    public static MetricsJson Json(MetricsPeriod period, MetricsReport report) =>
        new(period.From, period.To, new GroupJson(Json(report.RealSummary), [.. report.Real.Select(Json)]), new GroupJson(Json(report.DrillSummary), [.. report.Drills.Select(Json)]));

    public static SummaryJson Json(MetricsSummary summary) => new(
        summary.Incidents,
        [.. summary.Milestones.Select(m => new MilestoneSummaryJson(m.Milestone, m.Times.Count, Minutes(m.Times.Median), Minutes(m.Times.P90), m.NotReached))],
        new DistributionJson(summary.Paging.Count, Minutes(summary.Paging.Median), Minutes(summary.Paging.P90)),
        summary.PagesNeverAcknowledged,
        summary.StepsOverTarget,
        summary.StepsSkipped);

    public static IncidentJson Json(IncidentMetrics metrics) => new(
        metrics.Incident.Number,
        metrics.Incident.Title,
        metrics.Incident.Drill,
        metrics.Incident.ReportedAt,
        metrics.Incident.ClosedAt,
        [.. metrics.Milestones.Select(m => new MilestoneJson(m.Milestone, m.Step.Value, State(m.State), m.ReachedAt, Minutes(m.FromReport)))],
        [.. metrics.Steps.Select(s => new StepJson(s.Step.Value, s.Title.For(System.Globalization.CultureInfo.CurrentUICulture), s.State.Id(), s.OpenSince, s.SettledAt, Minutes(s.Took), Minutes(s.Target), s.OverTarget, s.SettledBy, s.SkipReason))],
        [.. metrics.Pages.Select(p => new PageJson(p.Number, p.Title, p.SentAt, p.FirstAcknowledgedAt, Minutes(p.ToFirstAcknowledgement), p.AcknowledgedTier,
            [.. p.Tiers.Select(t => new TierJson(t.Tier, t.People, t.NotifiedAt, t.FirstAcknowledgedAt, Minutes(t.ToFirstAcknowledgement)))],
            [.. p.NeverAcknowledged.Select(n => n.Name)]))]);

    public static AfterActionJson Json(AfterActionView view)
    {
        var texts = new EventTexts(view.Playbook.Playbook);
        return new(Json(view.Metrics), [.. view.Timeline.Select(e => new TimelineJson(e.Seq, e.At, e.Data.Type.WireName(), texts.Describe(e)))], view.Findings);
    }

    /// <summary>A milestone state's wire name.</summary>
    public static string State(MilestoneState state) => state switch
    {
        MilestoneState.Reached => "reached",
        MilestoneState.Skipped => "skipped",
        MilestoneState.NotReached => "not-reached",
        MilestoneState.NotApplicable => "not-applicable",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a milestone state."),
    };
}
