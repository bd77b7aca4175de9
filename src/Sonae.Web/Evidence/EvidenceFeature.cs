namespace Sonae.Web.Evidence;

/// <summary>The Evidence area (the locker) registers its services and maps its endpoints here, for the web host and the CLI alike.</summary>
public static class EvidenceFeature
{
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EvidenceOptions>(configuration.GetSection(EvidenceOptions.Section));
        services.AddSingleton<EvidenceLocker>();
        services.AddScoped<EvidenceQueries>();
        services.AddScoped<AddEvidenceFile>();
        return services;
    }

    public static IEndpointRouteBuilder MapEvidence(this IEndpointRouteBuilder app) => app.MapEvidenceEndpoints();
}
