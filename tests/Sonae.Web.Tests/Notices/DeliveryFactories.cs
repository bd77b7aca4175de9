using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Sonae.Data;
using Sonae.Data.Notices;
using Sonae.Web.Notices.Delivery;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>What the delivery tests set that a hospital never does: a dispatcher that looks every 200 ms and gives a send 10 s.</summary>
internal static class DeliveryTestOptions
{
    public static void Apply(IWebHostBuilder builder) => builder.ConfigureServices(services => services.Configure<DeliveryOptions>(options =>
    {
        options.PollInterval = TimeSpan.FromMilliseconds(200);
        options.SendTimeout = TimeSpan.FromSeconds(10);
    }));

    /// <summary>A server that does not send (the test process's own, beside a real <c>sonae</c> process that does).</summary>
    public static void WithoutDispatcher(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        foreach (var hosted in services.Where(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(OutboxDispatcher)).ToList())
            services.Remove(hosted);
    });

    /// <summary>Queues messages as the rest of Sonae does (rows in one transaction), for <paramref name="organization"/>, and wakes the dispatcher.</summary>
    public static async Task Enqueue(SonaeFactory factory, Guid organization, IEnumerable<OutboxMessageRow> messages, bool wake = true)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organization);
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            db.OutboxMessages.AddRange(messages);
            await db.SaveChangesAsync();
        }
        if (wake)
            factory.Services.GetRequiredService<OutboxSignal>().Wake();
    }

    public static OutboxMessageRow Message(Guid organization, string channel, string target, string subject, string body, DateTimeOffset now, string? link = null, Guid? notice = null) => new()
    {
        OrganizationId = organization, Channel = channel, Target = target, Subject = subject, Body = body, Link = link, NoticeId = notice,
        CreatedAt = now, DueAt = now,
    };
}

/// <summary>Sonae on SQLite with a clock the test moves and a quick dispatcher.</summary>
public sealed class DeliverySqliteFactory : SqliteFactory
{
    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public override TimeProvider? Clock => Fake;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DeliveryTestOptions.Apply(builder);
    }
}

/// <summary>Sonae on PostgreSQL with a clock the test moves and a quick dispatcher.</summary>
public sealed class DeliveryPostgresFactory : PostgresFactory
{
    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public override TimeProvider? Clock => Fake;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DeliveryTestOptions.Apply(builder);
    }
}

/// <summary>Sonae on SQLite with a quick dispatcher on the system clock (servers that share a database).</summary>
public sealed class QuickSqliteFactory : SqliteFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DeliveryTestOptions.Apply(builder);
    }
}

/// <summary>Sonae on PostgreSQL with a quick dispatcher on the system clock.</summary>
public sealed class QuickPostgresFactory : PostgresFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DeliveryTestOptions.Apply(builder);
    }
}

/// <summary>A second server on another factory's database, with its own dispatcher, on the system clock.</summary>
public sealed class SecondServer(SonaeFactory first) : SonaeFactory
{
    public override StorageProvider Provider => first.Provider;

    public override IReadOnlyList<string> StorageArguments => first.StorageArguments;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DeliveryTestOptions.Apply(builder);
    }
}

/// <summary>Sonae on SQLite that never sends: the database a real <c>sonae</c> process sends from.</summary>
public sealed class QuietSqliteFactory : SqliteFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DeliveryTestOptions.WithoutDispatcher(builder);
    }
}

/// <summary>Sonae on PostgreSQL that never sends.</summary>
public sealed class QuietPostgresFactory : PostgresFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DeliveryTestOptions.WithoutDispatcher(builder);
    }
}
