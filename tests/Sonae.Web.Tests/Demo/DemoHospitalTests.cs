using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Demo;
using Sonae.Web.Incidents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Demo;

/// <summary>The demo hospital: made through the real use cases, so its records are real chains.</summary>
public sealed class DemoHospitalTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    [Fact]
    public async Task Demo_HasIncidentsInEveryPhase_WithARansomwareCasePast2_12_AndEveryChainVerifies()
    {
        var officer = factory.Client(DemoHospital.Keys[Role.SecurityOfficer]);

        var incidents = (await (await officer.GetAsync("/api/v1/incidents?status=all")).Json(HttpStatusCode.OK)).EnumerateArray().ToList();

        Assert.Equal(5, incidents.Count);
        Assert.Equal(2, incidents.Count(i => i.GetProperty("status").GetString() == "closed"));
        Assert.Contains(incidents, i => i.GetProperty("outcome").GetString() == "false-alarm");
        Assert.Contains(incidents, i => i.GetProperty("outcome").GetString() == "resolved");
        var ransomware = incidents.Single(i => i.GetProperty("title").GetString()!.Contains("PC-3W-01", StringComparison.Ordinal));
        var state = await (await officer.GetAsync($"/api/v1/incidents/{ransomware.GetProperty("id").GetString()}")).Json(HttpStatusCode.OK);
        var steps = state.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("state").GetString());
        Assert.Equal("done", steps["2-12"]);
        Assert.Equal("done", steps["2-13"]);
        Assert.Equal("in-progress", steps["2-14"]);
        Assert.Equal("available", steps["4-3"]);
        var openPhases = incidents.Where(i => i.GetProperty("status").GetString() == "open").Select(i => i.GetProperty("phase").GetInt32()).Order();
        Assert.Equal([1, 2, 2], openPhases);

        await using var scope = factory.Services.CreateAsyncScope();
        await foreach (var checkedIncident in scope.ServiceProvider.GetRequiredService<VerifyRecords>().Run(CancellationToken.None))
            Assert.Null(checkedIncident.Break);
    }

    [Fact]
    public async Task DemoAccounts_SignIn_TheVendorSeesTheRansomwareCaseAlone_AndTheDirectorMustSetUpASecondFactor()
    {
        _ = factory.Client(null);
        var (vendor, next) = await People.SignIn(factory, "demo.vendor", DemoHospital.AccountPassword);
        Assert.Equal("/", next);
        var key = factory.Client(DemoHospital.Keys[Role.Vendor]);
        var seen = (await (await key.GetAsync("/api/v1/incidents?status=all")).Json(HttpStatusCode.OK)).EnumerateArray().ToList();
        var only = Assert.Single(seen);
        Assert.Contains("PC-3W-01", only.GetProperty("title").GetString(), StringComparison.Ordinal);
        var number = only.GetProperty("number").GetInt32();
        Assert.Contains("PC-3W-01", await (await vendor.Get($"/incidents/{number}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("見つかりません", await (await vendor.Get($"/incidents/{(number == 1 ? 2 : 1)}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal("/", (await People.SignIn(factory, "demo.nurse", DemoHospital.AccountPassword)).Next);
        Assert.Equal("/signin/enrol", (await People.SignIn(factory, "demo.director", DemoHospital.AccountPassword)).Next);
    }
}

/// <summary>
/// The demo is never mixed into a hospital's own records: <c>--demo</c> on a database that holds another organization
/// stops at start (exit 2) and loads nothing, on SQLite as on PostgreSQL.
/// </summary>
public abstract class DemoOnARealDatabaseTests(SonaeFactory factory)
{
    [Fact]
    public async Task Demo_OnADatabaseWithAHospitalsOwnRecords_IsRefusedAtStart_AndLoadsNothing()
    {
        await factory.AddHospital("本物の病院");

        var refused = Assert.IsType<InvalidOperationException>(await Record.ExceptionAsync(async () =>
        {
            await using (await ServerProcess.Start(factory, ["--demo"]))
            {
            }
        }));

        Assert.Contains("exited with 2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--demo", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["本物の病院"], await factory.Database(db => db.Organizations.Select(o => o.Name).ToListAsync()));
    }
}

public sealed class SqliteDemoOnARealDatabaseTests(SqliteFactory factory) : DemoOnARealDatabaseTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresDemoOnARealDatabaseTests(PostgresFactory factory) : DemoOnARealDatabaseTests(factory), IClassFixture<PostgresFactory>;
