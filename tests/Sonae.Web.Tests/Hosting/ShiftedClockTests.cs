using Sonae.Web.Hosting;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// The end-to-end tests' shifted clock is out of reach of a real server: started as a hospital runs it (Production,
/// the default), with the variable set, Sonae refuses to start and says why, rather than run on a false clock.
/// SQLite alone: the refusal comes before the database is opened.
/// </summary>
public sealed class ShiftedClockTests
{
    [Fact]
    public async Task ProductionServer_WithTheTestClockVariable_RefusesToStart()
    {
        var clock = Path.GetTempFileName();
        await File.WriteAllTextAsync(clock, "864000");
        using var factory = new SqliteFactory();
        ServerProcess? started = null;
        InvalidOperationException? refused = null;
        try
        {
            started = await ServerProcess.Start(factory, environment: new Dictionary<string, string> { [ShiftedClock.Variable] = clock });
        }
        catch (InvalidOperationException e)
        {
            refused = e;
        }
        finally
        {
            File.Delete(clock);
        }

        if (started is not null)
        {
            await started.DisposeAsync();
            Assert.Fail("A Production server started with " + ShiftedClock.Variable + " set.");
        }
        Assert.NotNull(refused);
        Assert.Contains("exited with 2", refused.Message, StringComparison.Ordinal);
        Assert.Contains(ShiftedClock.Variable + " is set", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Development", refused.Message, StringComparison.Ordinal);
    }
}
