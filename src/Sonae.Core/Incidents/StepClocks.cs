using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>
/// An open step's clock: since when it could be worked on, and when its playbook target falls.
/// </summary>
/// <param name="Step">The step.</param>
/// <param name="OpenSince">When it became available: the last of the incident's opening, the settling of the steps it
/// comes after and the recording of the facts its condition reads.</param>
/// <param name="Due">When its target falls, counted from <paramref name="OpenSince"/> (for the confirmation step, from the report); null without a target.</param>
/// <param name="Target">The target the due time was counted with: the step's own (<see cref="StepDefinition.Target"/>), or the organization's limit for confirming a report; null without one.</param>
public sealed record StepClock(StepId Step, DateTimeOffset OpenSince, DateTimeOffset? Due, TimeSpan? Target = null)
{
    /// <summary>How long the step has waited at <paramref name="now"/> (never negative).</summary>
    public TimeSpan Waited(DateTimeOffset now) => now > OpenSince ? now - OpenSince : TimeSpan.Zero;

    /// <summary>Whether the step is past its target at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => Due is { } due && now > due;
}

/// <summary>
/// The clocks of an incident's open steps, from its record alone (no event says "this step opened": the moment is
/// when the last thing it waited for happened). A target counts from the step becoming available rather than from
/// the incident's opening, so a step that opens late is not overdue the moment it opens.
/// </summary>
public static class StepClocks
{
    /// <summary>A clock for every open step of <paramref name="snapshot"/>, in the playbook's order; none once the incident is closed.</summary>
    /// <param name="snapshot">The incident's steps now.</param>
    /// <param name="openedAt">When the incident opened.</param>
    /// <param name="confirmation">
    /// The watch on the report's confirmation (<see cref="ConfirmationWatch"/>), when there is one: the confirmation
    /// step is then due when the report's limit passes (the organization's, from the report), not at the playbook's
    /// target, and no longer once someone has confirmed — so the workspace and the home page say the same.
    /// </param>
    public static IReadOnlyList<StepClock> Of(IncidentSnapshot snapshot, DateTimeOffset openedAt, ConfirmationWatch? confirmation = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return [];
        var opened = OpenSince(snapshot, openedAt);
        var clocks = new List<StepClock>();
        foreach (var status in snapshot.Steps)
        {
            if (!status.State.IsOpen())
                continue;
            var since = opened[status.Step.Id];
            clocks.Add(confirmation is not null && status.Step.Id == snapshot.Playbook.Bindings.ConfirmationStep
                ? confirmation.Unconfirmed
                    ? new StepClock(status.Step.Id, since, confirmation.Due, confirmation.Limit)
                    : new StepClock(status.Step.Id, since, null)
                : new StepClock(status.Step.Id, since, status.Step.Target is { } target ? since + target : null, status.Step.Target));
        }
        return clocks;
    }

    /// <summary>
    /// When each step that has opened became available: the open steps and the settled ones (done or skipped), in the
    /// playbook's order. A step still locked, or one that does not apply, has none.
    /// </summary>
    /// <param name="snapshot">The incident's steps now.</param>
    /// <param name="openedAt">When the incident opened.</param>
    public static IReadOnlyDictionary<StepId, DateTimeOffset> OpenSince(IncidentSnapshot snapshot, DateTimeOffset openedAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var settled = new Dictionary<StepId, DateTimeOffset>();

        // When a step stopped holding up the steps after it: its resolution, or, for one that does not apply, the
        // moment that was known (the same rule as opening). Steps come in dependency order, so earlier ones are known.
        DateTimeOffset Since(StepStatus status)
        {
            var since = openedAt;
            foreach (var before in status.Step.After)
            {
                if (settled.TryGetValue(before, out var at) && at > since)
                    since = at;
            }
            foreach (var fact in status.Step.AppliesWhen?.Facts ?? [])
            {
                if (snapshot.Progress.Facts.TryGetValue(fact, out var recorded) && recorded.At > since)
                    since = recorded.At;
            }
            return since;
        }

        var opened = new Dictionary<StepId, DateTimeOffset>();
        foreach (var status in snapshot.Steps)
        {
            if (status.Progress.Resolution is { } resolution)
            {
                opened[status.Step.Id] = Since(status);
                settled[status.Step.Id] = resolution.At;
            }
            else if (status.State == StepState.NotApplicable)
                settled[status.Step.Id] = Since(status);
            else if (status.State.IsOpen())
                opened[status.Step.Id] = Since(status);
        }
        return opened;
    }
}
