namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// Delivery registers its services and maps its endpoints here, for the web host and the CLI alike. The dispatcher
/// (<see cref="OutboxDispatcher"/>) is hosted by the web host alone: a CLI verb that queues a message only wakes a
/// server's dispatcher through the table, and never sends from the console.
/// </summary>
public static class DeliveryFeature
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>();
        services.AddSingleton<OutboxSignal>();
        services.AddScoped<OutboxStore>();
        services.AddScoped<ChannelSettingsStore>();
        services.AddScoped<LoadChannelState>();
        services.AddScoped<ChannelChanges>();
        // A webhook that redirects is answered as a failure, not followed: a POST followed by a GET loses the message.
        services.AddHttpClient(OutboxDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return services;
    }

    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app) => app.MapChannelEndpoints();
}
