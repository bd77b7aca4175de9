using OpenTelemetry.Metrics;

namespace Sonae.Web.Health;

/// <summary>
/// The Health area registers its services and maps <c>/health</c>, <c>/health/ready</c> and <c>/metrics</c> here;
/// the checks and Sonae's instruments serve the web host and the CLI alike, the Prometheus export only the server.
/// </summary>
public static class HealthFeature
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<StorageHealth>();
        services.AddMetrics();
        services.AddSingleton<SonaeMetrics>();
        services.AddReadinessChecks();
        return services;
    }

    /// <summary>
    /// OpenTelemetry's metrics: ASP.NET Core's requests, the runtime's, and Sonae's own (<see cref="SonaeMetrics"/>),
    /// read by Prometheus at <c>/metrics</c> unless <c>Sonae:Metrics:Enabled</c> is false.
    /// </summary>
    public static IServiceCollection AddMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        if (!MetricsEnabled(configuration))
            return services;
        services.AddSingleton(Hosting.SonaeConfiguration.MetricsReaders(configuration));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(SonaeMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthEndpoints();
        if (app.ServiceProvider.GetService<MetricsReaders>() is { } readers)
        {
            // Only this machine and the configured networks read it; anyone else finds nothing there (404).
            app.MapPrometheusScrapingEndpoint(MetricsReaders.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (readers.Allows(context))
                {
                    await next(context);
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }), optionsName: null).AllowAnonymous().WithDisplayName("Metrics");
        }
        return app;
    }

    private static bool MetricsEnabled(IConfiguration configuration) => configuration.GetValue(MetricsReaders.EnabledKey, true);
}
