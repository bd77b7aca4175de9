using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Data;

namespace Sonae.Web.Health;

public sealed record HealthReport(string Status, string Storage, string Version);

/// <summary><c>/health</c>: whether Sonae is up and reaches its database (for a monitor or a load balancer).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Check).AllowAnonymous().WithTags("Health").WithName("Health").WithSummary("Up, and the database answers");
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Check(
        SonaeDbContext db, Microsoft.Extensions.Options.IOptions<StorageOptions> storage, CancellationToken cancellationToken)
    {
        var version = typeof(HealthEndpoints).Assembly.GetName().Version?.ToString() ?? "?";
        var provider = storage.Value.Provider.ToString().ToLowerInvariant();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(new HealthReport("ok", provider, version))
            : TypedResults.Json(new HealthReport("database-unreachable", provider, version), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
