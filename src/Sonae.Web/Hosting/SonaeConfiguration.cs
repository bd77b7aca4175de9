using Sonae.Data;
using Sonae.Web.Demo;

namespace Sonae.Web.Hosting;

/// <summary>A setting that cannot work, found at start so that it fails now with a message, not at 3 a.m.</summary>
public sealed class SonaeConfigurationException(string message) : Exception(message);

/// <summary>Reads Sonae's settings from the usual ASP.NET Core configuration (appsettings, environment, command line).</summary>
public static class SonaeConfiguration
{
    /// <summary>
    /// <c>Sonae:Storage</c>, with the PostgreSQL connection string also taken from <c>ConnectionStrings:Sonae</c>.
    /// The demo keeps its fictional hospital in <c>data/demo.db</c> unless a path is configured.
    /// </summary>
    public static StorageOptions Storage(IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        var storage = new StorageOptions();
        var provider = section["Provider"];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            if (!Enum.TryParse<StorageProvider>(provider, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                throw new SonaeConfigurationException($"Sonae:Storage:Provider is \"{provider}\": use Sqlite or Postgres.");
            storage.Provider = parsed;
        }
        var demo = DemoHospital.IsOn(configuration);
        storage.SqlitePath = section["SqlitePath"] is { Length: > 0 } path ? path
            : demo ? Path.Combine("data", "demo.db")
            : storage.SqlitePath;
        storage.ConnectionString = section["ConnectionString"] is { Length: > 0 } connection ? connection : configuration.GetConnectionString("Sonae");
        if (section["MinFreeMegabytes"] is { Length: > 0 } minFree)
        {
            if (!long.TryParse(minFree, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var megabytes))
                throw new SonaeConfigurationException($"Sonae:Storage:MinFreeMegabytes is \"{minFree}\": give a whole number of megabytes (100 by default).");
            storage.MinFreeMegabytes = megabytes;
        }

        if (storage.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(storage.ConnectionString))
            throw new SonaeConfigurationException("Sonae:Storage:Provider is Postgres, but no connection string is set: set ConnectionStrings:Sonae (for example Host=db;Database=sonae;Username=sonae;Password=…).");
        storage.ReplicaConnectionString = configuration.GetConnectionString("SonaeReplica") is { Length: > 0 } replica ? replica : null;
        if (storage.ReplicaConnectionString is not null && storage.Provider != StorageProvider.Postgres)
            throw new SonaeConfigurationException("ConnectionStrings:SonaeReplica is set, but Sonae:Storage:Provider is not Postgres: a replica is read only beside a PostgreSQL primary.");
        if (storage.Provider == StorageProvider.Sqlite && Directory.Exists(storage.SqliteFullPath))
            throw new SonaeConfigurationException($"Sonae:Storage:SqlitePath is a folder ({storage.SqliteFullPath}): give the path of the database file.");
        return storage;
    }

    /// <summary>
    /// <c>Sonae:Sso</c>: off when nothing of it is set; otherwise whole and sound, or Sonae does not start (a half
    /// setting would otherwise break every page, or silently let in anyone the provider knows).
    /// </summary>
    public static Access.SsoOptions SingleSignOn(IConfiguration configuration)
    {
        var section = configuration.GetSection(Access.SsoOptions.Section);
        var options = section.Get<Access.SsoOptions>() ?? new Access.SsoOptions();
        if (!section.GetChildren().Any(c => c.Value is { Length: > 0 } || c.GetChildren().Any()))
            return options;
        var missing = new[] { ("Authority", options.Authority), ("ClientId", options.ClientId), ("ClientSecret", options.ClientSecret), ("Organization", options.Organization) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => "Sonae:Sso:" + s.Item1).ToList();
        if (missing.Count > 0)
            throw new SonaeConfigurationException($"Single sign-on is half set: {string.Join(", ", missing)} missing. Set them all, or none.");
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            throw new SonaeConfigurationException($"Sonae:Sso:Authority is \"{options.Authority}\": give the provider's issuer address (https://…).");
        if (authority.Scheme == "http" && options.RequireHttpsMetadata)
            throw new SonaeConfigurationException($"Sonae:Sso:Authority is plain HTTP ({options.Authority}): the provider must be reached over HTTPS (set Sonae:Sso:RequireHttpsMetadata=false only for a provider on this machine in a trial).");
        if (string.IsNullOrWhiteSpace(options.OrganizationClaim) != string.IsNullOrWhiteSpace(options.OrganizationValue))
            throw new SonaeConfigurationException("Sonae:Sso:OrganizationClaim and Sonae:Sso:OrganizationValue go together: set both (Entra ID: tid and the tenant id), or neither (a provider that signs in this hospital's people alone).");
        foreach (var role in options.Roles.Keys)
        {
            if (!Core.Access.Roles.TryParse(role, out _))
                throw new SonaeConfigurationException($"Sonae:Sso:Roles:{role} is not a role: use management, security-officer, staff or vendor.");
        }
        return options;
    }

    /// <summary>
    /// <c>Sonae:Proxy:Trusted</c>: the reverse proxies in front of Sonae (addresses, or networks as CIDR, separated by
    /// commas) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> it believes. Unset, those headers are ignored:
    /// anyone could send them to escape the wait after wrong keys or to write another address in the audit log.
    /// </summary>
    public static TrustedProxies Proxies(IConfiguration configuration)
    {
        var (addresses, networks) = Addresses(configuration, TrustedProxies.Key, "the proxies' own addresses");
        return new TrustedProxies(addresses, networks);
    }

    /// <summary>
    /// <c>Sonae:Metrics:AllowedNetworks</c>: who besides this machine may read <c>/metrics</c> (addresses, or networks as
    /// CIDR, separated by commas): the Prometheus servers.
    /// </summary>
    public static Health.MetricsReaders MetricsReaders(IConfiguration configuration)
    {
        var (addresses, networks) = Addresses(configuration, Health.MetricsReaders.Key, "the Prometheus servers' addresses");
        return new Health.MetricsReaders(addresses, networks);
    }

    /// <summary>A setting that lists addresses and networks (CIDR), separated by commas; a wrong entry stops the start with what is wrong.</summary>
    private static (List<System.Net.IPAddress> Addresses, List<System.Net.IPNetwork> Networks) Addresses(IConfiguration configuration, string key, string whose)
    {
        var addresses = new List<System.Net.IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        var entries = (configuration[key] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (!entry.Contains('/', StringComparison.Ordinal) && System.Net.IPAddress.TryParse(entry, out var address))
                addresses.Add(address);
            else
                throw new SonaeConfigurationException($"{key} has \"{entry}\", which is neither an address nor a network: give {whose}, separated by commas (for example 10.0.0.5, 10.0.0.6), or a network by its first address (10.0.0.0/29, not 10.0.0.5/29).");
        }
        return (addresses, networks);
    }
}

/// <summary>The reverse proxies whose forwarded client address and scheme Sonae believes (<see cref="SonaeConfiguration.Proxies"/>).</summary>
public sealed record TrustedProxies(IReadOnlyList<System.Net.IPAddress> Addresses, IReadOnlyList<System.Net.IPNetwork> Networks)
{
    public const string Key = "Sonae:Proxy:Trusted";

    public bool Any => Addresses.Count > 0 || Networks.Count > 0;
}
