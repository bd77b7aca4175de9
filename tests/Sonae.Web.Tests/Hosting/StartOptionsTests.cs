using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// Settings checked as a real server starts (options validated on start): a value below its least stops Sonae before
/// it answers, and what it writes names the setting to fix, rather than a lease too short to renew or a readiness
/// limit that reports degraded at once being found at night.
/// </summary>
public abstract class StartOptionsTests(SonaeFactory factory)
{
    [Theory]
    [InlineData("Sonae:Cluster:LeaseSeconds", "2")]
    [InlineData("Sonae:Health:OutboxMaxAgeMinutes", "0")]
    [InlineData("Sonae:Health:ReplicaMaxLagSeconds", "0")]
    public async Task ASettingBelowItsLeast_StopsSonaeAtStart_NamingTheSetting(string setting, string value)
    {
        ServerProcess? started = null;
        InvalidOperationException? refused = null;
        try
        {
            started = await ServerProcess.Start(factory, [$"--{setting}={value}"]);
        }
        catch (InvalidOperationException e)
        {
            refused = e;
        }

        if (started is not null)
        {
            await started.DisposeAsync();
            Assert.Fail($"A server started with {setting}={value}.");
        }
        Assert.NotNull(refused);
        Assert.Contains("sonae exited with", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"{setting} is below", refused.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteStartOptionsTests(SqliteFactory factory) : StartOptionsTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresStartOptionsTests(PostgresFactory factory) : StartOptionsTests(factory), IClassFixture<PostgresFactory>;
