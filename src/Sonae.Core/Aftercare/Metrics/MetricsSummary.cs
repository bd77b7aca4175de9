namespace Sonae.Core.Aftercare.Metrics;

/// <summary>Durations taken together: how many, their median and their 90th percentile.</summary>
/// <param name="Count">How many durations there are.</param>
/// <param name="Median">The middle one (the mean of the two middle ones for an even count); null for none.</param>
/// <param name="P90">The 90th percentile by nearest rank: the smallest duration at least 90 % of them do not exceed; null for none.</param>
public sealed record Distribution(int Count, TimeSpan? Median, TimeSpan? P90)
{
    /// <summary>The distribution of <paramref name="durations"/>, in any order.</summary>
    public static Distribution Of(IEnumerable<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var sorted = durations.Order().ToArray();
        if (sorted.Length == 0)
            return new Distribution(0, null, null);
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : sorted[middle - 1] + ((sorted[middle] - sorted[middle - 1]) / 2);
        // Nearest rank: the ⌈0.9·n⌉-th smallest (integer arithmetic, so ten durations give the ninth, not the tenth).
        var rank = ((sorted.Length * 9) + 9) / 10;
        return new Distribution(sorted.Length, median, sorted[rank - 1]);
    }
}

/// <summary>One milestone across incidents.</summary>
/// <param name="Milestone">The milestone's id (<see cref="Milestones"/>).</param>
/// <param name="Times">From the first report to the milestone, over the incidents that reached it.</param>
/// <param name="NotReached">Incidents where it applies and was not reached (skipped, or not yet).</param>
public sealed record MilestoneSummary(string Milestone, Distribution Times, int NotReached);

/// <summary>Incidents taken together (all real ones, or all drills: never both).</summary>
/// <param name="Incidents">How many incidents.</param>
/// <param name="Milestones">Each milestone, in <see cref="Metrics.Milestones.All"/>'s order (those no incident's playbook binds left out).</param>
/// <param name="Paging">From a page going out to its first acknowledgement, over the pages someone acknowledged.</param>
/// <param name="PagesNeverAcknowledged">Pages nobody acknowledged.</param>
/// <param name="StepsOverTarget">Steps that took longer than their target.</param>
/// <param name="StepsSkipped">Steps skipped.</param>
public sealed record MetricsSummary(
    int Incidents,
    IReadOnlyList<MilestoneSummary> Milestones,
    Distribution Paging,
    int PagesNeverAcknowledged,
    int StepsOverTarget,
    int StepsSkipped)
{
    /// <summary>The summary of <paramref name="incidents"/>.</summary>
    public static MetricsSummary Of(IReadOnlyCollection<IncidentMetrics> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var milestones = new List<MilestoneSummary>();
        foreach (var id in Metrics.Milestones.All)
        {
            var times = incidents.Select(i => i.Milestone(id)).OfType<MilestoneTime>().ToList();
            if (times.Count == 0)
                continue;
            milestones.Add(new MilestoneSummary(
                id,
                Distribution.Of(times.Select(t => t.FromReport).OfType<TimeSpan>()),
                times.Count(t => t.State is MilestoneState.Skipped or MilestoneState.NotReached)));
        }
        var pages = incidents.SelectMany(i => i.Pages).ToList();
        var steps = incidents.SelectMany(i => i.Steps).ToList();
        return new MetricsSummary(
            incidents.Count,
            milestones,
            Distribution.Of(pages.Select(p => p.ToFirstAcknowledgement).OfType<TimeSpan>()),
            pages.Count(p => p.FirstAcknowledgedAt is null),
            steps.Count(s => s.OverTarget),
            steps.Count(s => s.State == Sonae.Core.Incidents.StepState.Skipped));
    }
}

/// <summary>
/// The metrics of a period: real incidents and drills apart, each with its summary. A drill is never counted with the
/// real incidents, whose figures are what the hospital reports on.
/// </summary>
/// <param name="Real">The real incidents, oldest first.</param>
/// <param name="Drills">The drills, oldest first.</param>
/// <param name="RealSummary">The real incidents taken together.</param>
/// <param name="DrillSummary">The drills taken together.</param>
public sealed record MetricsReport(IReadOnlyList<IncidentMetrics> Real, IReadOnlyList<IncidentMetrics> Drills, MetricsSummary RealSummary, MetricsSummary DrillSummary)
{
    /// <summary>The report of <paramref name="incidents"/>, split by their drill flag.</summary>
    public static MetricsReport Of(IEnumerable<IncidentMetrics> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var ordered = incidents.OrderBy(i => i.Incident.ReportedAt).ThenBy(i => i.Incident.Number).ToList();
        var real = ordered.Where(i => !i.Incident.Drill).ToList();
        var drills = ordered.Where(i => i.Incident.Drill).ToList();
        return new MetricsReport(real, drills, MetricsSummary.Of(real), MetricsSummary.Of(drills));
    }
}

/// <summary>The one rule for a duration between two moments of a record.</summary>
internal static class Durations
{
    /// <summary>From <paramref name="from"/> to <paramref name="to"/>, zero when the clocks put them backwards; null when either is unknown.</summary>
    internal static TimeSpan? Between(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end ? (end > start ? end - start : TimeSpan.Zero) : null;
}
