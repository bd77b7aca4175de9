namespace Sonae.Web.Aftercare.Measures;

/// <summary>The Measures part of Aftercare: recurrence-prevention measures, their dissemination and training, instructions to contractors and their checks (4-5 … 4-8).</summary>
public static class MeasuresFeature
{
    public static IServiceCollection AddMeasures(this IServiceCollection services)
    {
        services.AddScoped<LoadMeasures>();
        services.AddScoped<MeasureChanges>();
        services.AddScoped<DisseminateMeasure>();
        services.AddScoped<InstructionChanges>();
        services.AddScoped<VendorLinks>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeasures(this IEndpointRouteBuilder app)
    {
        app.MapMeasureEndpoints();
        return app;
    }
}
