using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// The first start on an empty database is a normal start: no line an administrator would take for an alarm
/// (EF Core logged a failed query of its migrations table before creating it).
/// </summary>
public abstract class FirstStartLogTests(SonaeFactory factory)
{
    [Fact]
    public async Task FirstStart_OnAnEmptyDatabase_LogsNoFailureOrCriticalLine()
    {
        var server = await ServerProcess.Start(factory);
        await using (server)
        {
            var output = await server.Stop();

            var alarming = output.Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
            Assert.True(alarming.Count == 0, output);
            Assert.Contains("初回セットアップコード", output, StringComparison.Ordinal);
        }
    }
}

public sealed class SqliteFirstStartLogTests(SqliteFactory factory) : FirstStartLogTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresFirstStartLogTests(PostgresFactory factory) : FirstStartLogTests(factory), IClassFixture<PostgresFactory>;
