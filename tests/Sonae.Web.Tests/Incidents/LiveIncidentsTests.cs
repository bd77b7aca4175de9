using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Incidents;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// What open workspaces cost when an incident changes: a burst of changes is one catch-up per page showing the
/// latest, never two at once for a page; the pages of the same viewers share one reading; a page whose browser is
/// gone reads nothing until it is back, then catches up once. The pace's clock is a fake one moved by the test: no
/// timing is measured.
/// </summary>
public sealed class LiveIncidentsTests : IDisposable
{
    private static readonly Guid Organization = Guid.NewGuid();
    private readonly FakeTimeProvider _clock = new();
    private readonly IncidentChanges _changes = new(NullLogger<IncidentChanges>.Instance);
    private readonly LiveIncidents _live;
    private readonly Guid _incident = Guid.NewGuid();
    private readonly Heard _heard;

    public LiveIncidentsTests()
    {
        _live = new LiveIncidents(_changes, _clock);
        // Subscribed after the hub: once this has heard a change, the hub has too.
        _heard = new Heard(_changes);
    }

    [Fact]
    public async Task FiftyChanges_ReachAnOpenPage_AsAtMostTwoCatchUps_TheLastShowingTheLatest()
    {
        var page = new Page();
        using var watch = _live.Watch(_incident, 1, null, page.CatchUp);

        await Publish(2, 51);
        _clock.Advance(LiveIncidents.Interval);

        // The first change at once, those that came within the interval at its end: not 50 readings.
        Assert.InRange(page.CatchUps.Count, 1, 2);
        Assert.Equal(51, page.CatchUps[^1]);
        Assert.Equal(51, watch.Seen);
    }

    [Fact]
    public async Task APageStillReading_IsNotAskedAgain_UntilItIsDone_ThenCatchesUpWithWhatCameMeanwhile()
    {
        var page = new Page { Hold = new TaskCompletionSource() };
        using var watch = _live.Watch(_incident, 1, null, page.CatchUp);

        await Publish(2, 2);
        await Publish(3, 40);
        _clock.Advance(LiveIncidents.Interval);
        _clock.Advance(LiveIncidents.Interval);
        Assert.Equal([2], page.CatchUps);

        page.Hold.SetResult();
        await WaitFor(() => watch.Seen >= 2);
        _clock.Advance(LiveIncidents.Interval);
        await WaitFor(() => watch.Seen == 40);
        Assert.Equal([2, 40], page.CatchUps);
    }

    [Fact]
    public async Task APageWhoseBrowserIsGone_ReadsNothing_AndCatchesUpOnceWhenItComesBack()
    {
        var circuit = new LiveCircuit();
        var page = new Page();
        using var watch = _live.Watch(_incident, 1, circuit, page.CatchUp);

        await circuit.OnConnectionDownAsync(null!, default);
        await Publish(2, 51);
        _clock.Advance(LiveIncidents.Interval);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(page.CatchUps);

        await circuit.OnConnectionUpAsync(null!, default);
        Assert.Equal([51], page.CatchUps);
        Assert.Equal(51, watch.Seen);
    }

    [Fact]
    public async Task APageThatLeft_IsAskedNothing()
    {
        var page = new Page();
        var watch = _live.Watch(_incident, 1, null, page.CatchUp);
        watch.Dispose();

        await Publish(2, 10);
        _clock.Advance(LiveIncidents.Interval);

        Assert.Empty(page.CatchUps);
    }

    [Fact]
    public async Task APageThatStartsWatchingAfterAChangeItDidNotRead_CatchesUp()
    {
        await Publish(2, 5);
        var page = new Page();

        using var watch = _live.Watch(_incident, 3, null, page.CatchUp);

        Assert.Equal([5], page.CatchUps);
    }

    [Fact]
    public async Task PagesOfTheSameViewers_ShareOneReading_AVendorReadsAlone()
    {
        var reads = 0;
        Task<string> Read() => Task.FromResult($"reading {Interlocked.Increment(ref reads)}");
        var officer = LiveIncidents.Viewers(new Caller(Organization, new Actor("a", "田中", new HashSet<Role> { Role.SecurityOfficer })));
        var vendor = LiveIncidents.Viewers(new Caller(Organization, new Actor("v", "Vendor", new HashSet<Role> { Role.Vendor }), new HashSet<Guid> { _incident }));
        var shown = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        Func<long, Task<long>> Showing(string page, string? viewers) => async last =>
        {
            shown[page] = await _live.Shared(_incident, viewers, last, Read);
            return last;
        };
        using var first = _live.Watch(_incident, 1, null, Showing("first officer", officer));
        using var second = _live.Watch(_incident, 1, null, Showing("second officer", officer));
        using var third = _live.Watch(_incident, 1, null, Showing("vendor", vendor));

        await Publish(2, 2);
        await WaitFor(() => first.Seen == 2 && second.Seen == 2 && third.Seen == 2);

        Assert.Equal(2, reads);
        Assert.Equal(shown["first officer"], shown["second officer"]);
        Assert.NotEqual(shown["first officer"], shown["vendor"]);
        Assert.Null(vendor);
    }

    [Fact]
    public void Viewers_AreTheSame_ForTheSameRolesInTheSameHospital_Only()
    {
        Caller Of(Guid organization, params Role[] roles) => new(organization, new Actor(Guid.NewGuid().ToString(), "誰か", roles.ToHashSet()));

        Assert.Equal(LiveIncidents.Viewers(Of(Organization, Role.SecurityOfficer, Role.Staff)), LiveIncidents.Viewers(Of(Organization, Role.Staff, Role.SecurityOfficer)));
        Assert.NotEqual(LiveIncidents.Viewers(Of(Organization, Role.SecurityOfficer)), LiveIncidents.Viewers(Of(Organization, Role.Staff)));
        Assert.NotEqual(LiveIncidents.Viewers(Of(Organization, Role.Staff)), LiveIncidents.Viewers(Of(Guid.NewGuid(), Role.Staff)));
    }

    /// <summary>Publishes the changes <paramref name="from"/>…<paramref name="to"/> of the incident and waits until the hub heard them all.</summary>
    private async Task Publish(long from, long to)
    {
        for (var seq = from; seq <= to; seq++)
            _changes.Publish(new IncidentChanged(Organization, _incident, seq));
        await _heard.Until(to - from + 1);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
            await Task.Delay(10, limit.Token);
    }

    public void Dispose()
    {
        _heard.Dispose();
        _live.Dispose();
    }

    /// <summary>A page that shows what it is asked to catch up to (once let go, when held).</summary>
    private sealed class Page
    {
        public List<long> CatchUps { get; } = [];

        public TaskCompletionSource? Hold { get; init; }

        public async Task<long> CatchUp(long last)
        {
            lock (CatchUps)
                CatchUps.Add(last);
            if (Hold is not null)
                await Hold.Task;
            return last;
        }
    }

    /// <summary>Counts the changes heard (handlers run in the order they were added, each change on the thread pool).</summary>
    private sealed class Heard : IDisposable
    {
        private readonly IncidentChanges _changes;
        private int _count;

        public Heard(IncidentChanges changes)
        {
            _changes = changes;
            _changes.Changed += OnChanged;
        }

        private void OnChanged(IncidentChanged change) => Interlocked.Increment(ref _count);

        public async Task Until(long count)
        {
            await WaitFor(() => Volatile.Read(ref _count) >= count);
            Interlocked.Add(ref _count, -(int)count);
        }

        public void Dispose() => _changes.Changed -= OnChanged;
    }
}
