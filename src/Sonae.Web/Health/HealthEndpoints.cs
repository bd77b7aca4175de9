using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Web.Evidence;

namespace Sonae.Web.Health;

/// <param name="Status"><c>ok</c>; <c>degraded</c> (writes fail for lack of space, or little space is left); <c>database-unreachable</c>.</param>
/// <param name="Problems">
/// What makes it degraded: <c>database-disk-full</c> or <c>evidence-disk-full</c> (writes there refused for lack of
/// space since <see cref="FullSince"/>, until one goes through again), <c>low-free-space</c>.
/// </param>
/// <param name="FreeMegabytes">Free space where the SQLite file and the evidence locker are, the smaller of the two; null where it cannot be read.</param>
/// <param name="Standby">On a standby copy (read-only until <c>sonae promote</c>): <c>mode</c> <c>standby</c> and the last sync; null on a primary.</param>
public sealed record HealthReport(string Status, string Storage, string Version, IReadOnlyList<string> Problems, long? FreeMegabytes, DateTimeOffset? FullSince,
    StandbyHealth? Standby = null);

/// <summary>On a standby copy (read-only): when it was last synchronized from its primary.</summary>
public sealed record StandbyHealth(string Mode, DateTimeOffset LastSync);

/// <param name="Status"><c>ok</c>, <c>degraded</c> (serves, someone should look) or <c>unavailable</c> (503).</param>
/// <param name="Checks">Each check by name (<c>database-writable</c>, <c>disk-space</c>, <c>chromium</c>, <c>outbox-age</c>, <c>replica-lag</c>).</param>
public sealed record ReadinessReport(string Status, IReadOnlyList<ReadinessCheck> Checks);

/// <param name="Detail">What was found, in English for the administrator (never a name, an address or a secret).</param>
public sealed record ReadinessCheck(string Name, string Status, string? Detail);

/// <summary>
/// <c>/health</c>: whether Sonae is up, reaches its database and can write (for a monitor or a load balancer). Any
/// other status than <c>ok</c> is a reason to call the administrator: 503 when the database cannot be reached or
/// writes are being refused for a full disk; 200 with <c>degraded</c> when less than
/// <c>Sonae:Storage:MinFreeMegabytes</c> is left (it still works: a load balancer keeps it).
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Check).AllowAnonymous().WithTags("Health").WithName("Health").WithSummary("Up, the database answers, and there is room to write");
        app.MapGet("/health/ready", Ready).AllowAnonymous().WithTags("Health").WithName("Ready")
            .WithSummary("Ready for work: the database takes a write, disk space, Chromium, the outbox's age, the replica's lag");
        return app;
    }

    public static async Task<JsonHttpResult<HealthReport>> Check(
        SonaeDbContext db, IOptions<StorageOptions> storage, StorageHealth health, EvidenceLocker locker, Backups.StandbyMode standby, CancellationToken cancellationToken)
    {
        var version = typeof(HealthEndpoints).Assembly.GetName().Version?.ToString() ?? "?";
        var provider = storage.Value.Provider.ToString().ToLowerInvariant();
        var free = health.LeastFreeMegabytes(locker.Root);
        if (!await db.Database.CanConnectAsync(cancellationToken))
            return Answer(new HealthReport("database-unreachable", provider, version, [], free, health.FullSince(StoragePlace.Database)), unavailable: true);
        var problems = new List<string>();
        var database = health.FullSince(StoragePlace.Database);
        var files = health.FullSince(StoragePlace.Files);
        if (database is not null)
            problems.Add("database-disk-full");
        if (files is not null)
            problems.Add("evidence-disk-full");
        if (free < health.MinFreeMegabytes)
            problems.Add("low-free-space");
        return Answer(new HealthReport(problems.Count == 0 ? "ok" : "degraded", provider, version, problems, free, database ?? files,
                standby.Marker is { } marker ? new StandbyHealth("standby", marker.LastSync) : null),
            unavailable: database is not null || files is not null);
    }

    /// <summary>
    /// Readiness, for a load balancer or an orchestrator: every check of <see cref="ReadinessChecks"/> with its state;
    /// 503 when one is unhealthy (the database takes no write, a disk is full), 200 when all are healthy or some
    /// degraded (no Chromium, mail not going out, a replica behind). Says nothing about any hospital or person.
    /// </summary>
    public static async Task<JsonHttpResult<ReadinessReport>> Ready(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService checks, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains(ReadinessChecks.Tag), cancellationToken);
        var answer = new ReadinessReport(Word(report.Status),
            [.. report.Entries.Select(e => new ReadinessCheck(e.Key, Word(e.Value.Status), e.Value.Description))]);
        return TypedResults.Json(answer, statusCode: report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy
            ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static string Word(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus status) => status switch
    {
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy => "ok",
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded => "degraded",
        _ => "unavailable",
    };

    /// <param name="unavailable">Whether it cannot do its work (no database, writes refused): 503 rather than 200.</param>
    private static JsonHttpResult<HealthReport> Answer(HealthReport report, bool unavailable = false) =>
        TypedResults.Json(report, statusCode: unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
}
