namespace Sonae.Web.Monitoring;

/// <summary>Monitoring in: alert sources, their tokens, and the alerts they post turned into anomaly reports.</summary>
public static class MonitoringFeature
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<AlertLocks>();
        services.AddScoped<AlertSources>();
        services.AddScoped<ReceiveAlerts>();
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder app) => app.MapAlertEndpoints();
}
