namespace Sonae.Web.Playbooks;

/// <summary>The Playbooks area registers its services and maps its endpoints here, for the web host and the CLI alike.</summary>
public static class PlaybooksFeature
{
    public static IServiceCollection AddPlaybooks(this IServiceCollection services)
    {
        services.AddSingleton<PlaybookCache>();
        services.AddScoped<LoadPlaybooks>();
        services.AddScoped<AddPlaybookVersion>();
        return services;
    }

    public static IEndpointRouteBuilder MapPlaybooks(this IEndpointRouteBuilder app) => app.MapPlaybookEndpoints();
}
