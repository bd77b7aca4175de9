using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sonae.Data.Notices;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Health;

/// <summary>
/// <c>/health/ready</c> on a real database: every check answers by name, the write probe leaves nothing behind, a
/// message stuck in the outbox degrades (200) and a database that takes no write makes it unavailable (503).
/// <c>/health</c> keeps its answer.
/// </summary>
public abstract class ReadinessTests(SonaeFactory factory)
{
    private static readonly string[] CheckNames = ["database-writable", "disk-space", "chromium", "outbox-age", "replica-lag"];

    [Fact]
    public async Task Ready_OnAWritableDatabase_AnswersEveryCheck_AndLeavesNoProbeBehind()
    {
        var ready = await factory.Client(null).GetAsync("/health/ready");

        var answer = await ready.Json(HttpStatusCode.OK);
        Assert.Contains(answer.GetProperty("status").GetString(), new[] { "ok", "degraded" });
        var checks = Checks(answer);
        Assert.Equal(CheckNames.Order(StringComparer.Ordinal), checks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ok", checks["database-writable"]);
        Assert.Equal("ok", checks["replica-lag"]);
        Assert.Equal(File.Exists("/usr/bin/chromium") ? "ok" : "degraded", checks["chromium"]);
        Assert.False(await factory.Database(db => Task.FromResult(db.Throttles.Any(t => t.Key == "health:write-probe"))));
    }

    [Fact]
    public async Task Health_KeepsItsAnswer()
    {
        var health = await (await factory.Client(null).GetAsync("/health")).Json(HttpStatusCode.OK);

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, health.GetProperty("problems").ValueKind);
    }

    [Fact]
    public async Task Ready_WithAMessageStuckInTheOutbox_IsDegraded_Not503()
    {
        var hospital = await factory.AddHospital("送信滞留病院 " + Guid.NewGuid().ToString("N")[..6]);
        var now = DateTimeOffset.UtcNow;
        var id = await factory.Database(async db =>
        {
            db.Scope.Enter(hospital.Id);
            var stuck = new OutboxMessageRow
            {
                OrganizationId = hospital.Id, Channel = "email", Target = "officer@hospital.example", Subject = "test", Body = "test",
                CreatedAt = now.AddHours(-1), DueAt = now.AddDays(1),
            };
            db.OutboxMessages.Add(stuck);
            await db.SaveChangesAsync();
            return stuck.Id;
        });
        try
        {
            var answer = await (await factory.Client(null).GetAsync("/health/ready")).Json(HttpStatusCode.OK);

            Assert.Equal("degraded", answer.GetProperty("status").GetString());
            Assert.Equal("degraded", Checks(answer)["outbox-age"]);
            Assert.DoesNotContain("officer@hospital.example", answer.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            await factory.Database(async db => await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Id == id).ExecuteDeleteAsync());
        }
    }

    private static Dictionary<string, string> Checks(JsonElement answer) =>
        answer.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!, StringComparer.Ordinal);
}

public sealed class SqliteReadinessTests(SqliteFactory factory) : ReadinessTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresReadinessTests(PostgresFactory factory) : ReadinessTests(factory), IClassFixture<PostgresFactory>;

/// <summary>A server on PostgreSQL (a replica is read only beside a PostgreSQL primary) whose replica setting names a port where nothing listens.</summary>
public sealed class UnreachableReplicaFactory : PostgresFactory
{
    public override IReadOnlyList<string> StorageArguments =>
        [.. base.StorageArguments, $"--ConnectionStrings:SonaeReplica=Host=127.0.0.1;Port={ServerProcess.FreePort()};Timeout=2;Username=sonae"];
}

/// <summary>A replica that cannot be reached degrades readiness; it does not take the server out of the load balancer.</summary>
public sealed class PostgresUnreachableReplicaTests(UnreachableReplicaFactory factory) : IClassFixture<UnreachableReplicaFactory>
{
    [Fact]
    public async Task Ready_WithTheReplicaUnreachable_IsDegraded_Not503()
    {
        var answer = await (await factory.Client(null).GetAsync("/health/ready")).Json(HttpStatusCode.OK);

        var replica = answer.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "replica-lag");
        Assert.Equal("degraded", replica.GetProperty("status").GetString());
        Assert.DoesNotContain("127.0.0.1", answer.GetRawText(), StringComparison.Ordinal);
    }
}

/// <summary>PostgreSQL whose "replica" is the primary itself, and whose database is switched to read-only.</summary>
public sealed class PrimaryAsReplicaFactory : PostgresFactory
{
    public override IReadOnlyList<string> StorageArguments => [.. base.StorageArguments, $"--ConnectionStrings:SonaeReplica={ConnectionString}"];
}

public sealed class PostgresReadinessFailureTests(PrimaryAsReplicaFactory factory) : IClassFixture<PrimaryAsReplicaFactory>
{
    [Fact]
    public async Task Ready_WithAReplicaThatIsNoReplica_SaysSo()
    {
        var answer = await (await factory.Client(null).GetAsync("/health/ready")).Json(HttpStatusCode.OK);

        var replica = answer.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "replica-lag");
        Assert.Equal("degraded", replica.GetProperty("status").GetString());
        Assert.Contains("not in recovery", replica.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_WhenTheDatabaseTakesNoWrite_Is503_AndLiveAgainAfter()
    {
        await factory.Client(null).GetAsync("/health/ready");
        var database = new NpgsqlConnectionStringBuilder(factory.ConnectionString).Database;
        await Alter($"ALTER DATABASE {database} SET default_transaction_read_only = on");
        try
        {
            var refused = await factory.Client(null).GetAsync("/health/ready");
            var answer = await refused.Json(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unavailable", answer.GetProperty("status").GetString());
        }
        finally
        {
            await Alter($"ALTER DATABASE {database} RESET default_transaction_read_only");
        }
        await (await factory.Client(null).GetAsync("/health/ready")).Json(HttpStatusCode.OK);
    }

    private async Task Alter(string sql)
    {
        // This connection writes whatever the database's default: it is the one that turns it back.
        var writable = new NpgsqlConnectionStringBuilder(factory.ConnectionString) { Options = "-c default_transaction_read_only=off" }.ConnectionString;
        await using (var connection = new NpgsqlConnection(writable))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        // Connections already open keep the setting they started with: the server's pool starts again.
        NpgsqlConnection.ClearAllPools();
    }
}
