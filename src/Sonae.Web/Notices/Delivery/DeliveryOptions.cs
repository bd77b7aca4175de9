namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// How the dispatcher paces itself. The defaults are what a hospital runs; nothing in configuration changes them
/// (a test may, through the container), so that a typo in appsettings.json cannot make Sonae hammer a mail server.
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary>How often the table is looked at for messages nobody woke the dispatcher for (another server queued them, or a retry came due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a claim keeps a message from other servers; renewed while sending, so it outlasts any one send.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest one message may take to send (connecting included) before it counts as failed.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many messages of one channel one claim takes: enough to reuse a connection, few enough that two servers share a burst.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How many channels are sent to at once; each has its own loop, so a slow one never holds the others.</summary>
    public int MaxLanes { get; set; } = 16;
}
