using Sonae.Data;

namespace Sonae.Web.Cluster;

/// <summary>
/// Several Sonae servers on one PostgreSQL database: the leases that keep background work on one server, and the
/// notifications that carry live changes between servers (docs/operations.md, "Several servers").
/// </summary>
public static class ClusterFeature
{
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section))
            .Validate(o => o.LeaseSeconds >= 3, "Sonae:Cluster:LeaseSeconds is below 3: give a lease of at least 3 seconds (30 by default).")
            .ValidateOnStart();
        services.AddSingleton<ServerIdentity>();
        services.AddSingleton<ClusterLeases>();
        services.AddSingleton<ClusterSignals>();
        return services;
    }

    /// <summary>The hosted part, for the web host only (a CLI verb neither holds leases nor listens).</summary>
    public static IServiceCollection AddClusterHosting(this IServiceCollection services, StorageOptions storage)
    {
        services.AddHostedService(provider => provider.GetRequiredService<ClusterLeases>());
        if (storage.SeveralServers)
            services.AddHostedService(provider => provider.GetRequiredService<ClusterSignals>());
        return services;
    }
}
