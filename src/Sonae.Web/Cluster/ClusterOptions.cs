using System.Security.Cryptography;

namespace Sonae.Web.Cluster;

/// <summary><c>Sonae:Cluster</c>: how several Sonae servers on one PostgreSQL database share background work.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Sonae:Cluster";

    /// <summary>
    /// How long a server holds a piece of background work without renewing it (30 s by default): a server that dies
    /// hands its work to another within this and a third of it. Servers renew every third of it.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(LeaseSeconds, 3));
}

/// <summary>
/// This server among several on one database: the machine, the process and a random part (a restarted process is a
/// new server). Names lease holders and the sender of each change notification.
/// </summary>
public sealed class ServerIdentity
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
}
