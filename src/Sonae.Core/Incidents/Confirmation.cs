using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>Where a reported incident stands on its confirmation by the security officer.</summary>
public enum ConfirmationState
{
    /// <summary>Someone acted at the confirmation step (or it no longer applies, or the incident is closed).</summary>
    Confirmed,

    /// <summary>Nobody has acted at the confirmation step yet, and the limit has not passed.</summary>
    Waiting,

    /// <summary>Nobody has acted at the confirmation step within the limit: the officer's deputy is called on.</summary>
    Overdue,
}

/// <summary>
/// Whether a report has been confirmed: the first thing the officer must do at night, and the one a screen must not
/// let slip. A report that staff or monitoring made waits from the moment the incident opened until someone does
/// anything at the playbook's confirmation step (<see cref="PlaybookBindings.ConfirmationStep"/>); past the
/// organization's limit it is overdue. An incident the officer or management opened by hand was never waiting for
/// them, so it is not watched.
/// </summary>
/// <param name="State">Confirmed, waiting or overdue.</param>
/// <param name="Due">When the limit passes (passed) for a report still waiting.</param>
/// <param name="Limit">How long a report may wait: the organization's limit the due time was counted with.</param>
public sealed record ConfirmationWatch(ConfirmationState State, DateTimeOffset Due, TimeSpan Limit)
{
    /// <summary>The limit when the organization has not set one.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(10);

    /// <summary>Whether someone must still confirm the report.</summary>
    public bool Unconfirmed => State != ConfirmationState.Confirmed;

    /// <summary>
    /// The watch on one incident, or null when there is nothing to watch: its playbook binds no confirmation step,
    /// or it was opened by hand.
    /// </summary>
    /// <param name="snapshot">The incident's steps now.</param>
    /// <param name="source">Where the incident came from.</param>
    /// <param name="reportedAt">When it opened (its first report).</param>
    /// <param name="limit">How long a report may wait for confirmation.</param>
    /// <param name="now">The time now.</param>
    public static ConfirmationWatch? Of(IncidentSnapshot snapshot, IncidentSource source, DateTimeOffset reportedAt, TimeSpan limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (source == IncidentSource.Manual || snapshot.Playbook.Bindings.ConfirmationStep is not { } step)
            return null;
        var due = reportedAt + limit;
        var state = snapshot[step].State;
        var confirmed = snapshot.Progress.Status != IncidentStatus.Open || state is StepState.InProgress || state.IsSettled();
        return new(confirmed ? ConfirmationState.Confirmed : now > due ? ConfirmationState.Overdue : ConfirmationState.Waiting, due, limit);
    }
}
