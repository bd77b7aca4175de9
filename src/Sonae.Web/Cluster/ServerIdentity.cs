using System.Globalization;
using System.Security.Cryptography;

namespace Sonae.Web.Cluster;

/// <summary>
/// This server among several on one database: the machine (its first 30 characters), the process and a random part
/// (a restarted process is a new server). Names lease holders, the sender of each change notification and the
/// claimer of outbox messages (whose <c>LeasedBy</c> holds it and a token in 64 characters).
/// </summary>
public sealed class ServerIdentity
{
    public string Id { get; } = $"{Machine()}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    private static string Machine()
    {
        var machine = Environment.MachineName;
        return machine.Length > 30 ? machine[..30] : machine;
    }
}
