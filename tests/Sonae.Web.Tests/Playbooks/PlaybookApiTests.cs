using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Playbooks;
using Sonae.Web.Playbooks;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Playbooks;

/// <summary>Playbook versions over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class PlaybookApiTests(SonaeFactory factory)
{
    private static string CustomVersion() => BuiltInPlaybooks.MhlwIncidentFlowchartYaml.Replace(
        "en: Pull the LAN cable or turn off Wi-Fi.", "en: Pull the LAN cable (blue) or turn off Wi-Fi.", StringComparison.Ordinal);

    [Fact]
    public async Task Validate_InvalidPlaybook_ListsEveryProblemWithItsLine()
    {
        var hospital = await factory.AddHospital("検証病院");
        var broken = BuiltInPlaybooks.MhlwIncidentFlowchartYaml
            .Replace("after: [2-16]", "after: [2-99]", StringComparison.Ordinal)
            .Replace("role: vendor", "role: contractor", StringComparison.Ordinal);

        var result = await (await hospital.Officer.PostRaw("/api/v1/playbooks/validate", broken, "application/yaml")).Json(HttpStatusCode.OK);

        Assert.False(result.GetProperty("valid").GetBoolean());
        var problems = result.GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "UnknownStep" && p.GetProperty("message").GetString()!.Contains("2-99", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "UnknownRole");
        Assert.All(problems, p => Assert.True(p.GetProperty("line").GetInt32() > 0));
    }

    [Fact]
    public async Task Upload_NewVersion_NewIncidentsUseIt_OpenIncidentsKeepTheirs()
    {
        var hospital = await factory.AddHospital("版管理病院");
        var before = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "旧版で開いた" })).Json(HttpStatusCode.Created);

        var created = await (await hospital.Officer.PostRaw("/api/v1/playbooks", CustomVersion(), "application/yaml")).Json(HttpStatusCode.Created);
        Assert.Equal(2, created.GetProperty("version").GetInt32());
        var after = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "新版で開いた" })).Json(HttpStatusCode.Created);

        var oldState = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{before.GetProperty("incidentId").GetString()}")).Json(HttpStatusCode.OK);
        var newState = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{after.GetProperty("incidentId").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal(1, oldState.GetProperty("playbook").GetProperty("version").GetInt32());
        Assert.Equal(2, newState.GetProperty("playbook").GetProperty("version").GetInt32());
        var version2 = await (await hospital.Officer.GetAsync("/api/v1/playbooks/mhlw-incident-flowchart/versions/2")).Json(HttpStatusCode.OK);
        Assert.Equal(CustomVersion(), version2.GetProperty("yaml").GetString());
        Assert.Equal(35, version2.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Upload_Invalid_Is422WithProblems_AndStoresNothing()
    {
        var hospital = await factory.AddHospital("不正版病院");

        var problem = await (await hospital.Management.PostRaw("/api/v1/playbooks", "id: x\nsteps: [", "application/yaml"))
            .Problem(HttpStatusCode.UnprocessableEntity, "playbook-invalid");

        Assert.True(problem.GetProperty("problems").GetArrayLength() > 0);
        Assert.Equal(1, (await (await hospital.Management.GetAsync("/api/v1/playbooks")).Json(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Upload_ByStaff_IsForbidden_AndEmptyOrHugeBodiesAreRefused()
    {
        var hospital = await factory.AddHospital("権限病院");

        await (await hospital.Staff.PostRaw("/api/v1/playbooks", CustomVersion(), "application/yaml")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Officer.PostRaw("/api/v1/playbooks", "", "application/yaml")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostRaw("/api/v1/playbooks", new string('#', 600 * 1024), "application/yaml")).Problem(HttpStatusCode.RequestEntityTooLarge, "too-large");
        await (await hospital.Officer.GetAsync("/api/v1/playbooks/no-such-playbook")).Problem(HttpStatusCode.NotFound, "playbook-not-found");
    }

    [Fact]
    public async Task Upload_SeveralAtOnce_EachGetsItsOwnVersion()
    {
        var hospital = await factory.AddHospital("同時版病院");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => hospital.Officer.PostRaw("/api/v1/playbooks", CustomVersion(), "application/yaml")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var versions = (await (await hospital.Officer.GetAsync("/api/v1/playbooks")).Json(HttpStatusCode.OK)).EnumerateArray().Select(v => v.GetProperty("version").GetInt32());
        Assert.Equal(Enumerable.Range(1, 7), versions.Order());
    }

    [Fact]
    public async Task Validate_ByStaff_IsForbidden()
    {
        var hospital = await factory.AddHospital("検証権限病院");
        await (await hospital.Staff.PostRaw("/api/v1/playbooks/validate", CustomVersion(), "application/yaml")).Problem(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var document = await (await factory.Client(null).GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/incidents", "/api/v1/incidents/{id}/events", "/api/v1/anomaly-reports", "/api/v1/playbooks/validate", "/api/v1/setup", "/health" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
    }

    [Fact]
    public async Task StoredPlaybookCheck_VersionThatNoLongerLoads_IsCounted()
    {
        var hospital = await factory.AddHospital("読めない版病院");
        var check = factory.Services.GetRequiredService<StoredPlaybookCheck>();
        var before = await check.CheckAll(CancellationToken.None);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // A version stored by an older Sonae whose text this one no longer reads.
            scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(hospital.Id);
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            db.PlaybookVersions.Add(new PlaybookVersion
            {
                Id = Guid.NewGuid(), OrganizationId = hospital.Id, PlaybookId = "retired-format", Version = 1, Title = "旧形式",
                Yaml = "id: retired-format\nsteps: [", Sha256 = new string('0', 64), AddedAt = DateTimeOffset.UtcNow, AddedBy = "test",
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(before + 1, await check.CheckAll(CancellationToken.None));
    }
}

public sealed class SqlitePlaybookApiTests(SqliteFactory factory) : PlaybookApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresPlaybookApiTests(PostgresFactory factory) : PlaybookApiTests(factory), IClassFixture<PostgresFactory>;
