namespace Sonae.Web.Preparedness;

/// <summary>The Preparedness area registers its services and maps its endpoints and page forms here, for the web host and the CLI alike.</summary>
public static class PreparednessFeature
{
    public static IServiceCollection AddPreparedness(this IServiceCollection services)
    {
        services.AddScoped<LoadPreparedness>();
        services.AddScoped<LoadReadiness>();
        services.AddScoped<SavePreparednessSection>();
        services.AddScoped<ImportLedger>();
        services.AddScoped<LoadEmergencyContact>();
        services.AddScoped<SetEmergencyContact>();
        return services;
    }

    public static IEndpointRouteBuilder MapPreparedness(this IEndpointRouteBuilder app)
    {
        app.MapPreparednessEndpoints();
        app.MapEmergencyContactEndpoints();
        app.MapPreparednessPageCommands();
        return app;
    }
}
