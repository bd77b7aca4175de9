using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Aftercare.Metrics;

/// <summary>Where a milestone stands in one incident.</summary>
public enum MilestoneState
{
    /// <summary>Its step was completed.</summary>
    Reached,

    /// <summary>Its step was skipped, with a reason: the milestone was never reached.</summary>
    Skipped,

    /// <summary>Its step applies and is not settled yet (or never was, in a closed incident).</summary>
    NotReached,

    /// <summary>Its step does not apply to this incident (a false alarm is never contained).</summary>
    NotApplicable,
}

/// <summary>One milestone in one incident.</summary>
/// <param name="Milestone">The milestone's id (<see cref="Milestones"/>).</param>
/// <param name="Step">The step the playbook binds it to.</param>
/// <param name="State">Reached, skipped, not reached or not applicable.</param>
/// <param name="ReachedAt">When the step was completed; null unless reached.</param>
/// <param name="FromReport">From the first report to <paramref name="ReachedAt"/> (never negative); null unless reached.</param>
public sealed record MilestoneTime(string Milestone, StepId Step, MilestoneState State, DateTimeOffset? ReachedAt, TimeSpan? FromReport);

/// <summary>How one step of one incident went against its target.</summary>
/// <param name="Step">The step.</param>
/// <param name="Title">Its title, as the playbook names it.</param>
/// <param name="State">Its state (done, skipped; available, in progress or locked: never done).</param>
/// <param name="OpenSince">When it could be worked on (for a watched confirmation step, the report); null for a step never opened.</param>
/// <param name="SettledAt">When it was completed or skipped; null when it never was.</param>
/// <param name="Took">From <paramref name="OpenSince"/> to <paramref name="SettledAt"/> (never negative); null unless both are known.</param>
/// <param name="Target">The target it was measured against: the step's own, or for the confirmation step the hospital's limit; null without one.</param>
/// <param name="SettledBy">Who completed or skipped it; null when nobody did.</param>
/// <param name="SkipReason">Why it was skipped; null unless it was.</param>
public sealed record StepTime(
    StepId Step,
    LocalizedText Title,
    StepState State,
    DateTimeOffset? OpenSince,
    DateTimeOffset? SettledAt,
    TimeSpan? Took,
    TimeSpan? Target,
    string? SettledBy,
    string? SkipReason)
{
    /// <summary>Whether it took longer than its target.</summary>
    public bool OverTarget => Took is { } took && Target is { } target && took > target;

    /// <summary>Whether it applied and was never completed nor skipped.</summary>
    public bool NeverDone => State is StepState.Available or StepState.InProgress or StepState.Locked;
}

/// <summary>What the metrics know of an incident besides its steps: the projection's columns, or its opening event.</summary>
/// <param name="Number">Its number.</param>
/// <param name="Title">Its title.</param>
/// <param name="Drill">Whether it is a drill (never counted with real incidents).</param>
/// <param name="Source">How it came (an incident opened by hand was never waiting for confirmation).</param>
/// <param name="ReportedAt">When it opened: its first report.</param>
/// <param name="ClosedAt">When it closed; null while open.</param>
public sealed record IncidentHeader(int Number, string Title, bool Drill, IncidentSource Source, DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt);

/// <summary>
/// One incident's times: from the first report to each milestone, each step against its target, and its pages. The
/// same figures feed the metrics page, its exports and API, and the after-action report.
/// </summary>
/// <param name="Incident">The incident.</param>
/// <param name="Milestones">Each milestone the playbook binds, in <see cref="Metrics.Milestones.All"/>'s order.</param>
/// <param name="Steps">Every step that applies (or may still), in the playbook's order; steps that do not apply are left out.</param>
/// <param name="Pages">Its pages, in the order they went out.</param>
public sealed record IncidentMetrics(IncidentHeader Incident, IReadOnlyList<MilestoneTime> Milestones, IReadOnlyList<StepTime> Steps, IReadOnlyList<PageTime> Pages)
{
    /// <summary>The quickest of its pages to be acknowledged, from going out; null when none was.</summary>
    public TimeSpan? FirstAcknowledgement => Pages.Min(p => p.ToFirstAcknowledgement);

    /// <summary>The milestone <paramref name="milestone"/>, or null when the playbook binds it to no step.</summary>
    public MilestoneTime? Milestone(string milestone) => Milestones.FirstOrDefault(m => m.Milestone == milestone);

    /// <summary>The metrics of one incident from its record: the events in order (the first opens it) and its pages.</summary>
    /// <param name="playbook">The playbook version it runs.</param>
    /// <param name="events">Its record, by sequence; the first is <see cref="IncidentOpened"/>.</param>
    /// <param name="pages">Its pages (the notices of kind page), from the notices.</param>
    /// <param name="confirmationLimit">The hospital's limit for confirming a report (its profile).</param>
    /// <exception cref="ArgumentException">The record does not begin with the incident's opening.</exception>
    public static IncidentMetrics Of(Playbook playbook, IReadOnlyList<IncidentEvent> events, IReadOnlyList<PageRecord> pages, TimeSpan confirmationLimit)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0].Data is not IncidentOpened opened)
            throw new ArgumentException("The record must begin with the incident's opening.", nameof(events));
        var progress = IncidentProgress.Empty;
        DateTimeOffset? closedAt = null;
        foreach (var e in events)
        {
            progress = progress.Apply(e);
            if (e.Data is IncidentClosed)
                closedAt = e.At;
        }
        var header = new IncidentHeader(opened.Number, opened.Title, opened.Drill, opened.Source, events[0].At, closedAt);
        return Of(header, playbook, progress, pages, confirmationLimit);
    }

    /// <summary>The metrics of one incident from its current progress (the projection), without reading its record.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="playbook">The playbook version it runs.</param>
    /// <param name="progress">Its progress now.</param>
    /// <param name="pages">Its pages (the notices of kind page), from the notices.</param>
    /// <param name="confirmationLimit">The hospital's limit for confirming a report (its profile).</param>
    public static IncidentMetrics Of(IncidentHeader incident, Playbook playbook, IncidentProgress progress, IReadOnlyList<PageRecord> pages, TimeSpan confirmationLimit)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(pages);
        var snapshot = StepStates.Compute(playbook, progress);
        var opened = StepClocks.OpenSince(snapshot, incident.ReportedAt);
        // The confirmation step is measured as its watch counts it: from the report, against the hospital's limit
        // (ConfirmationWatch). An incident opened by hand was never waiting to be confirmed: its own target applies.
        var watched = incident.Source != IncidentSource.Manual ? playbook.Bindings.ConfirmationStep : null;

        var steps = new List<StepTime>();
        foreach (var status in snapshot.Steps)
        {
            if (status.State == StepState.NotApplicable)
                continue;
            var isWatched = status.Step.Id == watched;
            DateTimeOffset? since = isWatched ? incident.ReportedAt : opened.TryGetValue(status.Step.Id, out var at) ? at : null;
            var resolution = status.Progress.Resolution;
            steps.Add(new StepTime(
                status.Step.Id,
                status.Step.Title,
                status.State,
                since,
                resolution?.At,
                Durations.Between(since, resolution?.At),
                isWatched ? confirmationLimit : status.Step.Target,
                resolution?.By,
                resolution?.Kind == StepResolutionKind.Skipped ? resolution.Reason : null));
        }

        var milestones = new List<MilestoneTime>();
        foreach (var id in Metrics.Milestones.All)
        {
            if (!playbook.Bindings.Milestones.TryGetValue(id, out var step))
                continue;
            var status = snapshot[step];
            var state = status.State switch
            {
                StepState.Done => MilestoneState.Reached,
                StepState.Skipped => MilestoneState.Skipped,
                StepState.NotApplicable => MilestoneState.NotApplicable,
                StepState.Locked or StepState.Available or StepState.InProgress => MilestoneState.NotReached,
            };
            var reachedAt = state == MilestoneState.Reached ? status.Progress.Resolution?.At : null;
            milestones.Add(new MilestoneTime(id, step, state, reachedAt, Durations.Between(incident.ReportedAt, reachedAt)));
        }

        return new IncidentMetrics(incident, milestones, steps, [.. pages.OrderBy(p => p.SentAt).ThenBy(p => p.Number).Select(PageTime.Of)]);
    }
}
