using System.Collections.Concurrent;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Incidents;

/// <summary>An open incident as the alerts show it: enough to say what arrived and whether it waits for the officer.</summary>
/// <param name="ConfirmBy">When the officer must have confirmed it, while nobody has; null once confirmed or when not watched.</param>
/// <param name="ConfirmAt">The playbook's confirmation step, where the officer confirms it.</param>
public sealed record IncidentAlert(Guid Id, int Number, string Title, DateTimeOffset OpenedAt, int Reports, bool InfectionSuspected, DateTimeOffset? ConfirmBy, StepId? ConfirmAt)
{
    public bool Overdue(DateTimeOffset now) => ConfirmBy is { } due && now > due;
}

/// <summary>
/// An organization's alerts: its open incidents, newest first, and whom to call when a report waits too long (the
/// security officer's deputy). <see cref="Version"/> moves whenever an incident of the organization changes.
/// </summary>
/// <param name="Officer">The security officer on duty (the people record's), who confirms reports; null when it names none.</param>
/// <param name="Deputy">Whom to call in the officer's place; null when none is named.</param>
public sealed record AlertSnapshot(long Version, IReadOnlyList<IncidentAlert> Open, TimeSpan ConfirmationLimit, Person? Officer, Person? Deputy)
{
    public IEnumerable<IncidentAlert> Unconfirmed => Open.Where(a => a.ConfirmBy is not null);

    /// <summary>What one person may see of it: a vendor only the incidents they were invited to.</summary>
    public AlertSnapshot For(Caller caller) =>
        caller.VisibleIncidents is { } visible ? this with { Open = [.. Open.Where(a => visible.Contains(a.Id))] } : this;
}

/// <summary>
/// Keeps each organization's alerts, read once per change for every page that shows them (the header badge of
/// every page, the home's waiting reports, the live stream), and wakes the streams of an organization when one of
/// its incidents changes — at most once per <see cref="LiveIncidents.Interval"/>, so that a burst of changes is one
/// reading for all the open pages, not one per change. A change made on another Sonae server is not heard here: the
/// alerts are read again when older than <see cref="MaxAge"/>, so such a change shows within that time.
/// </summary>
public sealed class AlertBoard : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly IncidentChanges _changes;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<Guid, Board> _boards = new();

    public AlertBoard(IServiceScopeFactory scopes, IncidentChanges changes, TimeProvider clock)
    {
        _scopes = scopes;
        _changes = changes;
        _clock = clock;
        _changes.Changed += OnChanged;
    }

    /// <summary>The organization's alerts as of now (read again if an incident changed since, or they are old).</summary>
    public Task<AlertSnapshot> Current(Guid organizationId, CancellationToken cancellationToken)
    {
        var board = BoardOf(organizationId);
        lock (board)
        {
            if (board.Reading is null || board.Stale || _clock.GetUtcNow() - board.ReadAt > MaxAge)
            {
                board.Stale = false;
                board.ReadAt = _clock.GetUtcNow();
                var version = board.Version;
                // Started off the lock: SQLite's provider runs its "async" reads synchronously, and nobody waits on the lock for a read.
                board.Reading = Task.Run(() => Read(organizationId, version));
                // A failed read is not kept: the next caller tries again.
                board.Reading.ContinueWith(_ => { lock (board) board.Stale = true; }, CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
            }
            return board.Reading.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes when an incident of the organization changes next — at once, or at the end of the interval when one changed just before — or when the wait is cancelled.</summary>
    public Task NextChange(Guid organizationId, CancellationToken cancellationToken)
    {
        var board = BoardOf(organizationId);
        lock (board)
            return board.Changed.Task.WaitAsync(cancellationToken);
    }

    private Board BoardOf(Guid organizationId)
    {
        if (_boards.TryGetValue(organizationId, out var known))
            return known;
        var made = new Board();
        // Paced on the server's wall clock, not the record's (which tests stop).
        made.Wake = new Paced(LiveIncidents.Interval, TimeProvider.System, () => Wake(made));
        var board = _boards.GetOrAdd(organizationId, made);
        if (board != made)
            made.Wake.Dispose();
        return board;
    }

    private void OnChanged(IncidentChanged change)
    {
        var board = BoardOf(change.OrganizationId);
        lock (board)
        {
            board.Stale = true;
            board.Version++;
        }
        board.Wake!.Request();
    }

    private static void Wake(Board board)
    {
        TaskCompletionSource changed;
        lock (board)
        {
            changed = board.Changed;
            board.Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    private async Task<AlertSnapshot> Read(Guid organizationId, long version)
    {
        await using var scope = _scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organizationId);
        var open = await scope.ServiceProvider.GetRequiredService<OpenWork>().OpenIncidents(CancellationToken.None);
        var preparedness = scope.ServiceProvider.GetRequiredService<LoadPreparedness>();
        var profile = (OrganizationProfile?)(await preparedness.Current(PreparednessSection.Profile, CancellationToken.None)).Content;
        var people = (await preparedness.Current(PreparednessSection.People, CancellationToken.None)).As<PeopleDirectory>();
        var limit = profile?.ConfirmationLimit ?? ConfirmationWatch.DefaultLimit;
        var now = _clock.GetUtcNow();
        var alerts = open.Select(view =>
        {
            var watch = ConfirmationWatch.Of(view.Snapshot, view.Incident.Source, view.Incident.OpenedAt, limit, now);
            return new IncidentAlert(view.Incident.Id, view.Incident.Number, view.Incident.Title, view.Incident.OpenedAt,
                view.Snapshot.Progress.AnomalyReports, view.InfectionSuspected, watch is { Unconfirmed: true } ? watch.Due : null,
                view.Playbook.Playbook.Bindings.ConfirmationStep);
        }).ToList();
        var officer = EmergencyContacts.OnDutyOfficer(people);
        var deputy = officer is null ? null : people.DeputyOf(officer);
        return new AlertSnapshot(version, alerts, limit, officer, deputy);
    }

    public void Dispose()
    {
        _changes.Changed -= OnChanged;
        foreach (var board in _boards.Values)
            board.Wake?.Dispose();
    }

    private sealed class Board
    {
        public Task<AlertSnapshot>? Reading;
        public bool Stale;
        public DateTimeOffset ReadAt;
        public long Version;
        public TaskCompletionSource Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Paced? Wake;
    }
}
