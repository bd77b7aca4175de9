namespace Sonae.Web.Incidents;

/// <summary>
/// Runs an action when asked, but at most once per interval however often it is asked: the first request after a
/// quiet interval runs it at once (one change shows without delay), the requests that follow within the interval
/// are gathered into one run at its end (a burst of a thousand changes costs a few runs, not a thousand). A
/// request made while the action runs is not lost: it is gathered into the next run. Once disposed, requests are
/// ignored. The action must not throw (it runs on a timer's thread).
/// </summary>
/// <remarks>
/// Paced on the wall clock given (the server's <see cref="TimeProvider.System"/>, never the record's clock, which
/// tests stop): it is about how often the server works, not about when things happened.
/// </remarks>
public sealed class Paced : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly Action _run;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private long? _lastRun;
    private bool _scheduled;
    private bool _disposed;

    public Paced(TimeSpan interval, TimeProvider clock, Action run)
    {
        _interval = interval;
        _clock = clock;
        _run = run;
        // The timer outlives whoever made it (a page, a request): it must not carry their context along.
        using (ExecutionContext.SuppressFlow())
            _timer = clock.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Request()
    {
        lock (_lock)
        {
            if (_scheduled || _disposed)
                return;
            var wait = _lastRun is { } last ? _interval - _clock.GetElapsedTime(last) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                _scheduled = true;
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }
            _lastRun = _clock.GetTimestamp();
        }
        _run();
    }

    private void Fire()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _scheduled = false;
            _lastRun = _clock.GetTimestamp();
        }
        _run();
    }

    public void Dispose()
    {
        lock (_lock)
            _disposed = true;
        _timer.Dispose();
    }
}
