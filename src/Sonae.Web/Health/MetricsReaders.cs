using System.Net;

namespace Sonae.Web.Health;

/// <summary>
/// Who may read <c>/metrics</c>: this machine (loopback), and the addresses and networks of
/// <c>Sonae:Metrics:AllowedNetworks</c>. Anyone else is answered 404, as if there were nothing there: the figures
/// are operational data (how busy, how many alerts, how long pages wait) that an outsider has no use for. A request
/// that came through a proxy Sonae does not trust (<c>X-Forwarded-For</c> left on it) is never this machine's, even
/// from loopback: nginx on the same machine would otherwise hand it to the whole network.
/// </summary>
public sealed record MetricsReaders(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<IPNetwork> Networks)
{
    public const string Key = "Sonae:Metrics:AllowedNetworks";

    /// <summary><c>Sonae:Metrics:Enabled</c>: false takes <c>/metrics</c> and the metrics themselves away (default true).</summary>
    public const string EnabledKey = "Sonae:Metrics:Enabled";

    public const string Path = "/metrics";

    public bool Allows(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var remote = context.Connection.RemoteIpAddress;
        if (remote is not null && remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        if (remote is not null && (Addresses.Contains(remote) || Networks.Any(n => n.Contains(remote))))
            return true;
        // No address: a Unix socket or an in-process test server, both this machine.
        var local = remote is null || IPAddress.IsLoopback(remote);
        return local && !context.Request.Headers.ContainsKey("X-Forwarded-For");
    }
}
