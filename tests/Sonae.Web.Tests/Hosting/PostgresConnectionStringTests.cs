using Npgsql;
using Sonae.Data;

namespace Sonae.Web.Tests.Hosting;

/// <summary>Sonae prepares the statements it repeats on PostgreSQL, unless the administrator's connection string says otherwise.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void AConnectionStringWithoutIt_GetsAutomaticPreparation_AndKeepsEverythingElse()
    {
        var given = "Host=db.hospital.test;Port=5433;Username=sonae;Password=secret;Database=sonae;Timeout=20";

        var used = new NpgsqlConnectionStringBuilder(StorageRegistration.PostgresConnectionString(new StorageOptions { ConnectionString = given }));

        Assert.Equal(64, used.MaxAutoPrepare);
        Assert.Equal(("db.hospital.test", 5433, "sonae", "secret", "sonae", 20), (used.Host, used.Port, used.Username, used.Password, used.Database, used.Timeout));
    }

    [Theory]
    [InlineData("Host=db;Database=sonae;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=sonae;Max Auto Prepare=16", 16)]
    [InlineData("Host=db;Database=sonae;maxautoprepare=8", 8)]
    public void AConnectionStringThatSetsIt_IsObeyed(string given, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(StorageRegistration.PostgresConnectionString(new StorageOptions { ConnectionString = given })).MaxAutoPrepare);
}
