namespace Sonae.Web.Audit;

/// <summary>
/// The Audit area (the hash-chained log of who did what, its writer, and the page that reads it) registers its
/// services here, for the web host and the CLI alike: a verb's change goes in the same log as a page's. The request
/// middleware that writes each request's entry stays with the web host's pipeline (<see cref="AuditMiddleware.UseAuditLog"/>).
/// </summary>
public static class AuditFeature
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddScoped<LoadAudit>();
        return services;
    }
}
