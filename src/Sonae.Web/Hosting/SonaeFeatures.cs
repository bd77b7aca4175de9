using Sonae.Web.Access;
using Sonae.Web.Aftercare.Measures;
using Sonae.Web.Aftercare.Drills;
using Sonae.Web.Aftercare.Metrics;
using Sonae.Web.Audit;
using Sonae.Web.Backups;
using Sonae.Web.Cluster;
using Sonae.Web.Checkpoints;
using Sonae.Web.Demo;
using Sonae.Web.Documents;
using Sonae.Web.Evidence;
using Sonae.Web.Health;
using Sonae.Web.Incidents;
using Sonae.Web.Notices;
using Sonae.Web.Notices.Delivery;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;
using Sonae.Web.Reporting;
using Sonae.Web.Threats;

using Sonae.Web.Monitoring;

namespace Sonae.Web.Hosting;

/// <summary>
/// Every area, registered and mapped from its own folder: the web host and the CLI call <see cref="AddAreas"/>, so a
/// verb reaches the same use cases as a page or an endpoint. A new area adds one line to each method here.
/// </summary>
public static class SonaeFeatures
{
    public static IServiceCollection AddAreas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<OrganizationServices>();
        services.AddAudit();
        services.AddAccess();
        services.AddPlaybooks();
        services.AddIncidents();
        services.AddNotices();
        services.AddUpdates();
        services.AddPreparedness();
        services.AddReporting();
        services.AddEvidence(configuration);
        services.AddDocuments(configuration);
        services.AddCheckpoints(configuration);
        services.AddBackups(configuration);
        services.AddDelivery();
        services.AddMonitoring();
        services.AddThreats(configuration);
        services.AddMeasures();
        services.AddDrills();
        services.AddResponseMetrics();
        Aftercare.Checklists.ChecklistsFeature.AddChecklists(services);
        services.AddHealth();
        services.AddCluster(configuration);
        services.AddScoped<DemoHospital>();
        return services;
    }

    public static IEndpointRouteBuilder MapAreas(this IEndpointRouteBuilder app)
    {
        app.MapHealth();
        app.MapAccess();
        app.MapPlaybooks();
        app.MapIncidents();
        app.MapNotices();
        app.MapUpdates();
        app.MapPreparedness();
        Aftercare.Checklists.ChecklistsFeature.MapChecklists(app);
        app.MapReporting();
        app.MapEvidence();
        app.MapDocuments();
        app.MapCheckpoints();
        app.MapBackups();
        app.MapDelivery();
        app.MapMonitoring();
        app.MapThreats();
        app.MapMeasures();
        app.MapDrills();
        app.MapResponseMetrics();
        return app;
    }
}
