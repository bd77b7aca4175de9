namespace Sonae.Web.Aftercare.Metrics;

/// <summary>
/// The Metrics part of Aftercare: times from the first report to each milestone across incidents and drills (page,
/// API, CSV and Excel), and each incident's after-action report with its findings (page, API, A4 PDF).
/// </summary>
public static class MetricsFeature
{
    public static IServiceCollection AddResponseMetrics(this IServiceCollection services)
    {
        services.AddScoped<LoadMetrics>();
        services.AddScoped<AddFinding>();
        services.AddScoped<MakeAfterAction>();
        return services;
    }

    public static IEndpointRouteBuilder MapResponseMetrics(this IEndpointRouteBuilder app)
    {
        app.MapMetricsEndpoints();
        app.MapMetricsPageCommands();
        return app;
    }
}
