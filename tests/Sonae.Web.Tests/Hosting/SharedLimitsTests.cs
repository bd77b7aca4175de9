using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Cluster;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>The limits of <see cref="LimitedSqliteFactory"/> on PostgreSQL.</summary>
public sealed class SharedLimitsPostgresFactory : PostgresFactory
{
    public override IReadOnlyList<string> StorageArguments =>
        [.. base.StorageArguments, "--Sonae:Limits:FailedSignInsPerMinute=3", "--Sonae:Limits:ReportsPerMinute=4"];
}

/// <summary>
/// Two servers on one database (a hospital group behind a load balancer) count together: wrong keys tried on one
/// and on the other lock the address on both, reports filed on both reach one limit, and a form kept by one is read
/// by the other.
/// </summary>
public abstract class SharedLimitsTests(SonaeFactory factory)
{
    [Fact]
    public async Task WrongKeys_OnTwoServers_LockTheAddressOnBoth()
    {
        await factory.AddHospital("共有制限病院 " + Guid.NewGuid().ToString("N")[..6]);
        using var other = factory.Sibling(DateTimeOffset.UtcNow);

        // The limit is 3: the third wrong key in a minute is already answered with the wait. Two on the first server
        // (N-1), the third on the second, which alone has seen one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client("sonae_shared-guess-1").GetAsync("/api/v1/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client("sonae_shared-guess-2").GetAsync("/api/v1/incidents")).StatusCode);
        var onSecond = await other.Client("sonae_shared-guess-3").GetAsync("/api/v1/incidents");
        var onFirst = await factory.Client("sonae_shared-guess-4").GetAsync("/api/v1/incidents");

        await onSecond.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        await onFirst.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(onSecond.Headers.RetryAfter);
    }

    [Fact]
    public async Task Reports_FiledOnTwoServers_ReachOneLimit()
    {
        var hospital = await factory.AddHospital("共有報告病院 " + Guid.NewGuid().ToString("N")[..6]);
        using var other = factory.Sibling(DateTimeOffset.UtcNow);
        var onOther = other.Client(hospital.Keys[Role.Staff]);
        var report = new { department = "外来", signs = new[] { "other" } };

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await hospital.Staff.PostJson("/api/v1/anomaly-reports", report)).StatusCode);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await onOther.PostJson("/api/v1/anomaly-reports", report)).StatusCode);

        var refused = await hospital.Staff.PostJson("/api/v1/anomaly-reports", report);
        await refused.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task KeptValue_KeptByOneServer_IsReadByTheOther_AndNotAfterItExpires()
    {
        using var other = factory.Sibling(DateTimeOffset.UtcNow);
        using var later = factory.Sibling(DateTimeOffset.UtcNow + KeptValues.KeptFor + TimeSpan.FromSeconds(1));
        var organization = Guid.NewGuid();
        var typed = new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = "夜間のため遅延" };

        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
            id = await scope.ServiceProvider.GetRequiredService<KeptValues>().KeepAsync("test", organization, typed, CancellationToken.None);

        await using (var scope = other.Services.CreateAsyncScope())
        {
            Assert.Equal(typed, await scope.ServiceProvider.GetRequiredService<KeptValues>().KeptAsync<Dictionary<string, string>>("test", organization, id, CancellationToken.None));
            // Another hospital, or another kind of value, with the same id reads nothing.
            Assert.Null(await scope.ServiceProvider.GetRequiredService<KeptValues>().KeptAsync<Dictionary<string, string>>("test", Guid.NewGuid(), id, CancellationToken.None));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<KeptValues>().KeptAsync<Dictionary<string, string>>("other", organization, id, CancellationToken.None));
        }
        await using (var scope = later.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<KeptValues>().KeptAsync<Dictionary<string, string>>("test", organization, id, CancellationToken.None));
    }

    [Fact]
    public async Task Pruning_RemovesEndedCountsAndExpiredValues_AndKeepsCurrentOnes()
    {
        var ended = "test-ended:" + Guid.NewGuid().ToString("N");
        var current = "test-current:" + Guid.NewGuid().ToString("N");
        var organization = Guid.NewGuid();
        string endedKept, currentKept;
        using var past = factory.Sibling(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        await using (var scope = past.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Throttles>().HitAsync(ended, TimeSpan.FromMinutes(1), CancellationToken.None);
            endedKept = KeptValues.Key("test-ended", organization, await scope.ServiceProvider.GetRequiredService<KeptValues>().KeepAsync("test-ended", organization, "old", CancellationToken.None));
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Throttles>().HitAsync(current, TimeSpan.FromMinutes(1), CancellationToken.None);
            currentKept = KeptValues.Key("test-current", organization, await scope.ServiceProvider.GetRequiredService<KeptValues>().KeepAsync("test-current", organization, "new", CancellationToken.None));
        }

        await factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SharedStatePruning>().Single().PruneAsync(CancellationToken.None);

        var keys = await factory.Database(db => Task.FromResult((
            Throttles: db.Throttles.Select(t => t.Key).ToHashSet(StringComparer.Ordinal),
            Kept: db.KeptValues.Select(k => k.Key).ToHashSet(StringComparer.Ordinal))));
        Assert.DoesNotContain(ended, keys.Throttles);
        Assert.DoesNotContain(endedKept, keys.Kept);
        Assert.Contains(current, keys.Throttles);
        Assert.Contains(currentKept, keys.Kept);
    }
}

public sealed class SqliteSharedLimitsTests(LimitedSqliteFactory factory) : SharedLimitsTests(factory), IClassFixture<LimitedSqliteFactory>;

public sealed class PostgresSharedLimitsTests(SharedLimitsPostgresFactory factory) : SharedLimitsTests(factory), IClassFixture<SharedLimitsPostgresFactory>;
