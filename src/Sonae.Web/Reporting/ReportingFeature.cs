namespace Sonae.Web.Reporting;

/// <summary>The Reporting area registers its services and maps its endpoints and page forms here, for the web host and the CLI alike.</summary>
public static class ReportingFeature
{
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddScoped<LoadReporting>();
        services.AddScoped<ApplyReportingCommand>();
        services.AddScoped<ReportFiles>();
        services.AddScoped<IssueReportDocument>();
        return services;
    }

    public static IEndpointRouteBuilder MapReporting(this IEndpointRouteBuilder app)
    {
        app.MapReportingEndpoints();
        app.MapReportingPageCommands();
        return app;
    }
}
