using System.Collections.Concurrent;
using Sonae.Core.Access;
using Sonae.Web.Access;

namespace Sonae.Web.Incidents;

/// <summary>
/// Brings an incident's changes to its open workspaces at a cost that does not grow with the changes, nor much with
/// the pages: a change only notes the incident's last sequence (nothing more when nobody watches it); the pages of a
/// watched incident that are behind are asked to catch up at most once per <see cref="Interval"/> (a burst of changes
/// is one catch-up, showing the latest); a page still catching up is asked again after, never twice at once; the
/// pages of one incident open to people who see the same share one reading of it (<see cref="Shared{T}"/>); and a
/// page whose browser is gone (its connection down) is asked nothing until it comes back, then catches up once.
/// In-process, like <see cref="IncidentChanges"/>.
/// </summary>
public sealed class LiveIncidents : IDisposable
{
    /// <summary>How often, at most, a page that is behind catches up: a change shows within it, a burst costs one catch-up per page.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly IncidentChanges _changes;
    private readonly TimeProvider _clock;

    /// <summary>The last sequence heard of each incident that changed while this server ran: a page that starts watching after a change it did not read catches up.</summary>
    private readonly ConcurrentDictionary<Guid, long> _heard = new();

    private readonly ConcurrentDictionary<Guid, Watched> _watched = new();

    /// <param name="clock">The wall clock that paces the catching up (<see cref="TimeProvider.System"/> in the server).</param>
    public LiveIncidents(IncidentChanges changes, TimeProvider clock)
    {
        _changes = changes;
        _clock = clock;
        _changes.Changed += OnChanged;
    }

    /// <summary>
    /// Watches an incident for a page that shows it as of <paramref name="seen"/>: <paramref name="catchUp"/> is called
    /// (at most one call at a time, at most once per interval) with the last sequence heard when the record moved on
    /// past what the page shows, and returns the sequence the page shows after. When the page's
    /// <paramref name="circuit"/> loses its connection, nothing is called until it is back.
    /// </summary>
    public LiveWatch Watch(Guid incidentId, long seen, LiveCircuit? circuit, Func<long, Task<long>> catchUp)
    {
        Watched watched;
        LiveWatch watch;
        while (true)
        {
            watched = _watched.GetOrAdd(incidentId, id => new Watched(id, this));
            lock (watched.Gate)
            {
                // One that its last page just left is being removed: take a new one.
                if (watched.Closed)
                    continue;
                watch = new LiveWatch(watched, seen, catchUp);
                watched.Watches.Add(watch);
                break;
            }
        }
        if (circuit is not null)
            watch.Follow(circuit);
        if (Heard(incidentId) > seen)
            watched.Pacer.Request();
        return watch;
    }

    /// <summary>
    /// What a page reads to catch up, read once for the pages of the incident open to the same
    /// <paramref name="viewers"/> (see <see cref="Viewers"/>) that ask for at least the same sequence; a page of
    /// viewers that share nothing (null) reads alone. A failed reading is not kept: the next asks again.
    /// </summary>
    public Task<T> Shared<T>(Guid incidentId, string? viewers, long atLeast, Func<Task<T>> read)
    {
        if (viewers is null || !_watched.TryGetValue(incidentId, out var watched))
            return read();
        lock (watched.Gate)
        {
            if (watched.Reads.TryGetValue(viewers, out var known) && known.AtLeast >= atLeast && !known.Reading.IsFaulted && !known.Reading.IsCanceled)
                return (Task<T>)known.Reading;
            // Off the lock's thread: SQLite's provider reads synchronously, and no page waits on the lock for a read.
            var reading = Task.Run(read);
            watched.Reads[viewers] = new SharedRead(atLeast, reading);
            return reading;
        }
    }

    /// <summary>
    /// Who sees the same of an incident as <paramref name="caller"/>: the people of the hospital with the same roles
    /// (what the workspace shows depends on the roles alone: the events they may read, the reports, the buttons).
    /// Null for a vendor, who sees only the incidents they were invited to and reads alone.
    /// </summary>
    public static string? Viewers(Caller caller) =>
        caller.VisibleIncidents is not null ? null
        : $"{caller.OrganizationId:N}:{string.Join(',', caller.Actor.Roles.Select(r => r.Id()).Order(StringComparer.Ordinal))}";

    private long Heard(Guid incidentId) => _heard.TryGetValue(incidentId, out var last) ? last : 0;

    private void OnChanged(IncidentChanged change)
    {
        _heard.AddOrUpdate(change.IncidentId, change.LastSeq, (_, known) => Math.Max(known, change.LastSeq));
        if (_watched.TryGetValue(change.IncidentId, out var watched))
            watched.Pacer.Request();
    }

    private void Left(Watched watched, LiveWatch watch)
    {
        lock (watched.Gate)
        {
            watched.Watches.Remove(watch);
            if (watched.Watches.Count > 0)
                return;
            watched.Closed = true;
            _watched.TryRemove(new KeyValuePair<Guid, Watched>(watched.IncidentId, watched));
        }
        watched.Pacer.Dispose();
    }

    public void Dispose() => _changes.Changed -= OnChanged;

    /// <summary>An incident that open pages show: its pages, its pace, the readings they share.</summary>
    internal sealed class Watched
    {
        private readonly LiveIncidents _live;

        public Watched(Guid incidentId, LiveIncidents live)
        {
            IncidentId = incidentId;
            _live = live;
            Pacer = new Paced(Interval, live._clock, Offer);
        }

        public Guid IncidentId { get; }

        /// <summary>Held while its pages or its readings change.</summary>
        public Lock Gate { get; } = new();

        public Paced Pacer { get; }

        public List<LiveWatch> Watches { get; } = [];

        public Dictionary<string, SharedRead> Reads { get; } = [];

        public bool Closed { get; set; }

        public void Leave(LiveWatch watch) => _live.Left(this, watch);

        private void Offer()
        {
            LiveWatch[] watches;
            lock (Gate)
                watches = [.. Watches];
            var last = _live.Heard(IncidentId);
            foreach (var watch in watches)
                watch.Offer(last);
        }
    }

    internal sealed record SharedRead(long AtLeast, Task Reading);
}

/// <summary>One open page's watch of an incident (<see cref="LiveIncidents.Watch"/>); disposing it ends the watch.</summary>
public sealed class LiveWatch : IDisposable, ILiveConnection
{
    private readonly LiveIncidents.Watched _watched;
    private readonly Func<long, Task<long>> _catchUp;
    private readonly Lock _lock = new();
    private IDisposable? _following;
    private long _seen;
    private bool _catchingUp;
    private bool _missed;
    private bool _down;
    private bool _disposed;

    internal LiveWatch(LiveIncidents.Watched watched, long seen, Func<long, Task<long>> catchUp)
    {
        _watched = watched;
        _seen = seen;
        _catchUp = catchUp;
    }

    /// <summary>The last sequence the page shows, as far as the watch knows.</summary>
    public long Seen
    {
        get
        {
            lock (_lock)
                return _seen;
        }
    }

    internal void Follow(LiveCircuit circuit)
    {
        _following = circuit.Listen(this);
        if (!circuit.Connected)
            Down();
    }

    internal void Offer(long last)
    {
        lock (_lock)
        {
            if (_down || _disposed || last <= _seen)
                return;
            if (_catchingUp)
            {
                _missed = true;
                return;
            }
            _catchingUp = true;
        }
        _ = CatchUp(last);
    }

    private async Task CatchUp(long last)
    {
        var shown = 0L;
        try
        {
            shown = await _catchUp(last);
        }
#pragma warning disable CA1031 // The page says what failed itself; a page that is gone must not stop the others.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        bool again;
        lock (_lock)
        {
            _seen = Math.Max(_seen, shown);
            _catchingUp = false;
            again = _missed && !_disposed;
            _missed = false;
        }
        // What came while the page was reading is offered at the next pace, not at once.
        if (again)
            _watched.Pacer.Request();
    }

    /// <summary>The page's browser is gone, for now: nothing is read or rendered for it.</summary>
    public void Down()
    {
        lock (_lock)
            _down = true;
    }

    /// <summary>The browser is back: the page catches up once if anything changed meanwhile.</summary>
    public void Up()
    {
        lock (_lock)
            _down = false;
        _watched.Pacer.Request();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _following?.Dispose();
        _watched.Leave(this);
    }
}
