namespace Sonae.Web.Health;

/// <summary>The Health area registers its services and maps <c>/health</c> here, for the web host and the CLI alike.</summary>
public static class HealthFeature
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<StorageHealth>();
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app) => app.MapHealthEndpoints();
}
