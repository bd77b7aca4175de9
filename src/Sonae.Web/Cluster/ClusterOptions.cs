namespace Sonae.Web.Cluster;

/// <summary><c>Sonae:Cluster</c>: how several Sonae servers on one PostgreSQL database share background work.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Sonae:Cluster";

    /// <summary>
    /// How long a server holds a piece of background work without renewing it (30 s by default): a server that dies
    /// hands its work to another within this and a third of it. Servers renew every third of it. At least 3 s
    /// (checked at start).
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
