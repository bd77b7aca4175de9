namespace Sonae.Web.Aftercare.Drills;

/// <summary>
/// Drills (Aftercare): a drill is an incident opened with <c>Drill</c> set, run from a scenario of the library, live
/// (injects arrive by themselves through <see cref="DrillRound"/>) or at a table (the facilitator records the group's
/// decisions); marked on every page and notice, sent to its participants alone, kept out of the real lists and clocks.
/// </summary>
public static class DrillsFeature
{
    public static IServiceCollection AddDrills(this IServiceCollection services)
    {
        services.AddOptions<DrillOptions>().BindConfiguration(DrillOptions.Section);
        services.AddScoped<LoadDrills>();
        services.AddScoped<DrillRecord>();
        services.AddScoped<StartDrill>();
        services.AddScoped<DeliverInject>();
        services.AddScoped<SteerDrill>();
        services.AddScoped<EndDrill>();
        return services;
    }

    public static IEndpointRouteBuilder MapDrills(this IEndpointRouteBuilder app)
    {
        app.MapDrillEndpoints();
        app.MapDrillPageCommands();
        return app;
    }
}
