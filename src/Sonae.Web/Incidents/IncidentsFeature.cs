namespace Sonae.Web.Incidents;

/// <summary>The Incidents area registers its services and maps its endpoints and page forms here, for the web host and the CLI alike.</summary>
public static class IncidentsFeature
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        // The command endpoints read the caller from the request; the CLI, which has none, still builds the same services.
        services.AddHttpContextAccessor();
        services.AddSingleton<IncidentChanges>();
        services.AddSingleton<AlertBoard>();
        // Paced on the server's own wall clock, never the record's (which tests stop): see Paced.
        services.AddSingleton(provider => new LiveIncidents(provider.GetRequiredService<IncidentChanges>(), TimeProvider.System));
        services.AddScoped<LiveCircuit>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(provider => provider.GetRequiredService<LiveCircuit>());
        services.AddSingleton<RecordWriter>();
        services.AddScoped<IncidentQueries>();
        services.AddScoped<ContactLogQueries>();
        services.AddScoped<OpenWork>();
        services.AddScoped<LoadDecisions>();
        services.AddScoped<LoadSituation>();
        services.AddScoped<OpenIncident>();
        services.AddScoped<ApplyIncidentCommand>();
        services.AddScoped<FileAnomalyReport>();
        services.AddScoped<JoinIncidents>();
        services.AddScoped<LoadNominees>();
        services.AddScoped<LoadCommand>();
        services.AddScoped<ReportQueries>();
        services.AddScoped<LoadFirstAid>();
        services.AddScoped<CommandContext>();
        services.AddScoped<VerifyRecords>();
        services.AddScoped<ExportRecord>();
        return services;
    }

    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        app.MapIncidentEndpoints();
        app.MapAnomalyReportEndpoints();
        app.MapJoinEndpoints();
        app.MapIncidentRoleEndpoints();
        app.MapPageCommands();
        app.MapAlertEndpoints();
        return app;
    }
}
