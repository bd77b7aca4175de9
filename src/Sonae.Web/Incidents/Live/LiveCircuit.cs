using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Sonae.Web.Incidents;

/// <summary>
/// Whether a live page's browser is still connected: one per circuit (Blazor's connection of one open page). When
/// the connection goes down (a closed tab, a phone out of the network) the page stops all work for changes nobody
/// would see; the circuit is kept a while (<c>DisconnectedCircuitRetentionPeriod</c>) in case the browser comes
/// back, and when it does the page catches up once.
/// </summary>
public sealed class LiveCircuit : CircuitHandler
{
    private readonly Lock _lock = new();
    private readonly List<ILiveConnection> _listeners = [];

    public bool Connected { get; private set; } = true;

    /// <summary>Tells <paramref name="listener"/> when the connection goes down and comes back, until the returned value is disposed.</summary>
    public IDisposable Listen(ILiveConnection listener)
    {
        lock (_lock)
            _listeners.Add(listener);
        return new Listening(this, listener);
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        foreach (var listener in Changed(connected: false))
            listener.Down();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        foreach (var listener in Changed(connected: true))
            listener.Up();
        return Task.CompletedTask;
    }

    private ILiveConnection[] Changed(bool connected)
    {
        lock (_lock)
        {
            Connected = connected;
            return [.. _listeners];
        }
    }

    private sealed class Listening(LiveCircuit circuit, ILiveConnection listener) : IDisposable
    {
        public void Dispose()
        {
            lock (circuit._lock)
                circuit._listeners.Remove(listener);
        }
    }
}

/// <summary>What follows a live page's connection (<see cref="LiveCircuit"/>).</summary>
public interface ILiveConnection
{
    void Down();

    void Up();
}
