namespace Sonae.Web.Threats;

/// <summary>
/// The Threats area: advisories (CISA KEV, JVN, the ministry's and NISC's alerts), matching against the hospital's
/// lines and assets, the officer's tasks, and the scheduled fetch (hosted by the web host alone, off until set).
/// </summary>
public static class ThreatsFeature
{
    public static IServiceCollection AddThreats(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ThreatFeedOptions>(configuration.GetSection(ThreatFeedOptions.Section));
        services.AddScoped<LoadThreats>();
        services.AddScoped<ThreatChanges>();
        services.AddScoped<FetchThreatFeeds>();
        // A minute is long enough for CISA's 1.5 MB. Redirects are followed by FetchThreatFeeds, which checks each
        // hop's host against Sonae:Threats:AllowedHosts; the handler would follow them anywhere.
        services.AddHttpClient(FetchThreatFeeds.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }

    public static IEndpointRouteBuilder MapThreats(this IEndpointRouteBuilder app)
    {
        app.MapThreatEndpoints();
        app.MapThreatPageCommands();
        return app;
    }
}
