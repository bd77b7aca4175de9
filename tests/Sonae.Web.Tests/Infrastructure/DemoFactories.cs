using Microsoft.AspNetCore.Hosting;
using Sonae.Web.Demo;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>The demo hospital on SQLite (<c>--demo</c>): what several areas' tests read without building a hospital.</summary>
public sealed class DemoFactory : SqliteFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(DemoHospital.ConfigKey, "true");
    }
}

/// <summary>The demo hospital on PostgreSQL, as <see cref="DemoFactory"/> loads it on SQLite.</summary>
public sealed class PostgresDemoFactory : PostgresFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(DemoHospital.ConfigKey, "true");
    }
}
