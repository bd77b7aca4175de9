using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Sonae.Data;
using Sonae.Data.Cluster;
using Sonae.Web.Documents;
using Sonae.Web.Evidence;
using Sonae.Web.Notices.Delivery;

namespace Sonae.Web.Health;

/// <summary><c>Sonae:Health</c>: when the outbox and the replica make Sonae degraded.</summary>
public sealed class ReadinessOptions
{
    public const string Section = "Sonae:Health";

    /// <summary>A message waiting this long in the outbox (not sent, not given up on) makes Sonae degraded.</summary>
    public int OutboxMaxAgeMinutes { get; set; } = 15;

    /// <summary>A replica (<c>ConnectionStrings:SonaeReplica</c>) this many seconds behind the primary makes Sonae degraded.</summary>
    public int ReplicaMaxLagSeconds { get; set; } = 30;
}

/// <summary>The checks behind <c>/health/ready</c>; each answers healthy, degraded (still serves) or unhealthy (503).</summary>
public static class ReadinessChecks
{
    public const string Tag = "ready";

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services)
    {
        services.AddOptions<ReadinessOptions>().BindConfiguration(ReadinessOptions.Section)
            .Validate(o => o.OutboxMaxAgeMinutes >= 1, "Sonae:Health:OutboxMaxAgeMinutes is below 1: give a whole number of minutes (15 by default).")
            .Validate(o => o.ReplicaMaxLagSeconds >= 1, "Sonae:Health:ReplicaMaxLagSeconds is below 1: give a whole number of seconds (30 by default).")
            .ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<DatabaseWritable>("database-writable", tags: [Tag])
            .AddCheck<DiskSpace>("disk-space", tags: [Tag])
            .AddCheck<ChromiumAvailable>("chromium", tags: [Tag])
            .AddCheck<OutboxAge>("outbox-age", tags: [Tag])
            .AddCheck<ReplicaLag>("replica-lag", tags: [Tag]);
        return services;
    }
}

/// <summary>The database takes a write now (a row written and rolled back), and no write was refused for a full disk since the last that went through.</summary>
public sealed class DatabaseWritable(SonaeDbContext db, StorageHealth storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (storage.FullSince(StoragePlace.Database) is not null)
            return HealthCheckResult.Unhealthy("Writes are being refused for a full disk.");
        try
        {
            await SharedStateCommands.ProbeWriteAsync(db, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            // The exception's type only: its message may hold the server's address.
            return HealthCheckResult.Unhealthy($"The database did not take a write ({e.GetType().Name}).");
        }
    }
}

/// <summary>Room where the SQLite file and the evidence locker are: degraded below <c>Sonae:Storage:MinFreeMegabytes</c>, unhealthy when evidence writes are refused.</summary>
public sealed class DiskSpace(StorageHealth storage, EvidenceLocker locker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (storage.FullSince(StoragePlace.Files) is not null)
            return Task.FromResult(HealthCheckResult.Unhealthy("Evidence files are being refused for a full disk."));
        var free = storage.LeastFreeMegabytes(locker.Root);
        return Task.FromResult(free switch
        {
            null => HealthCheckResult.Degraded("Free space could not be read."),
            var mb when mb < storage.MinFreeMegabytes => HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture, $"{mb} MB free, less than {storage.MinFreeMegabytes} MB.")),
            var mb => HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{mb} MB free.")),
        });
    }
}

/// <summary>Chromium for PDF documents: without it Sonae works, and documents are printed from the browser (degraded).</summary>
public sealed class ChromiumAvailable(PdfPrinter printer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(printer.Executable() is null
            ? HealthCheckResult.Degraded("No Chromium (Sonae:Documents:Chromium, or /usr/bin/chromium): PDF documents cannot be made.")
            : HealthCheckResult.Healthy());
}

/// <summary>The oldest message of any hospital still waiting in the outbox: older than <see cref="ReadinessOptions.OutboxMaxAgeMinutes"/> is degraded (mail or webhooks are not going out).</summary>
public sealed class OutboxAge(SonaeDbContext db, IOptions<ReadinessOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var oldest = await db.OutboxMessages.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking().Waiting()
            .OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (oldest is not { } created)
            return HealthCheckResult.Healthy("Nothing waiting.");
        var minutes = (int)(clock.GetUtcNow() - created).TotalMinutes;
        var said = string.Create(CultureInfo.InvariantCulture, $"The oldest message waiting was queued {minutes} minutes ago.");
        return minutes >= options.Value.OutboxMaxAgeMinutes ? HealthCheckResult.Degraded(said) : HealthCheckResult.Healthy(said);
    }
}

/// <summary>
/// How far the PostgreSQL replica (<c>ConnectionStrings:SonaeReplica</c>) is behind: healthy when it has replayed all
/// it received, else the age of the last transaction it replayed; degraded above
/// <see cref="ReadinessOptions.ReplicaMaxLagSeconds"/> or when it cannot be reached. Healthy with no replica set.
/// </summary>
public sealed class ReplicaLag(IOptions<StorageOptions> storage, IOptions<ReadinessOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (storage.Value.ReplicaConnectionString is not { Length: > 0 } replica)
            return HealthCheckResult.Healthy("No replica configured.");
        try
        {
            await using var connection = new NpgsqlConnection(replica);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                + "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 END", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
                return HealthCheckResult.Degraded("The replica is not in recovery: it is no replica (promoted, or the primary's address).");
            var lag = reader.IsDBNull(1) ? (double?)null : reader.GetDouble(1);
            if (lag is null)
                return HealthCheckResult.Degraded("The replica has replayed nothing yet.");
            var said = string.Create(CultureInfo.InvariantCulture, $"{lag:0.#} s behind.");
            return lag > options.Value.ReplicaMaxLagSeconds ? HealthCheckResult.Degraded(said) : HealthCheckResult.Healthy(said);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Degraded($"The replica could not be reached ({e.GetType().Name}).");
        }
    }
}
