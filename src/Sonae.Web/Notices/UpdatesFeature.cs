namespace Sonae.Web.Notices;

/// <summary>
/// Status updates on a rhythm and the phone call sheet (issue 17, items 3 and 4): their queries, API and page forms,
/// for the web host and the CLI alike.
/// </summary>
public static class UpdatesFeature
{
    public static IServiceCollection AddUpdates(this IServiceCollection services)
    {
        services.AddScoped<StatusUpdateQueries>();
        services.AddScoped<CallSheetQueries>();
        services.AddScoped<PostUpdate>();
        services.AddSingleton<UpdateWatch>();
        return services;
    }

    public static IEndpointRouteBuilder MapUpdates(this IEndpointRouteBuilder app)
    {
        app.MapStatusUpdateEndpoints();
        app.MapCallSheetEndpoints();
        return app;
    }
}
