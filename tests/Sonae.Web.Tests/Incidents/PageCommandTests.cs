using System.Net;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// The plain-HTML forms of the pages (POST /incidents/{n}/act), as a browser without script sends them: a cookie
/// session, the antiforgery token, post then redirect. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class PageCommandTests(SonaeFactory factory)
{
    /// <summary>A hospital with an incident whose step 2-1 (three questions for the security officer) is open.</summary>
    private async Task<(Hospital Hospital, int Number, Guid Id)> AtStep2_1()
    {
        var hospital = await factory.AddHospital("フォーム病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "slow-or-frozen" } }))
            .Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident");
        var id = incident.GetProperty("incidentId").GetString()!;
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{id}/steps/1-3/complete", null)).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PutJson($"/api/v1/incidents/{id}/facts/anomaly-confirmed", new { value = "yes" })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/steps/1-4/complete", null)).Json(HttpStatusCode.OK);
        return (hospital, incident.GetProperty("number").GetInt32(), Guid.Parse(id));
    }

    private Task<long> EventCount(Guid incident) =>
        factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).LongCountAsync(e => e.IncidentId == incident));

    private Task<Dictionary<string, string>> Facts(Guid incident) =>
        factory.Database(async db => (await db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).SingleAsync(i => i.Id == incident))
            .ReadProgress().Facts.ToDictionary(f => f.Key.Value, f => f.Value.Value));

    [Fact]
    public async Task StepForm_SeveralAnswers_AreRecordedTogetherAndLeadBackToTheIncident()
    {
        var (hospital, number, id) = await AtStep2_1();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var before = await EventCount(id);

        var response = await officer.Post($"/incidents/{number}/act", new()
        {
            ["kind"] = "facts",
            ["step"] = "2-1",
            ["returnUrl"] = $"/decisions#incident-{number}",
            ["fact.cause"] = "cyber-attack",
            ["fact.cyber-attack-signs"] = "yes",
            ["fact.data-leak-suspected"] = "",
        }, await officer.Token("/"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/decisions#incident-{number}", response.Headers.Location?.OriginalString);
        Assert.Equal((true, "記録しました。"), PageSession.Flash(response));
        Assert.Equal(before + 2, await EventCount(id));
        var facts = await Facts(id);
        Assert.Equal("cyber-attack", facts["cause"]);
        Assert.Equal("yes", facts["cyber-attack-signs"]);
        Assert.False(facts.ContainsKey("data-leak-suspected"));
    }

    [Fact]
    public async Task StepForm_OneAnswerRefused_RecordsNoneAndNamesTheQuestion()
    {
        var (hospital, number, id) = await AtStep2_1();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var before = await EventCount(id);

        var response = await officer.Post($"/incidents/{number}/act", new()
        {
            ["kind"] = "facts",
            ["step"] = "2-1",
            ["returnUrl"] = "/",
            ["fact.cause"] = "cyber-attack",
            ["fact.cyber-attack-signs"] = "perhaps",
        }, await officer.Token("/"));

        var (ok, text) = PageSession.Flash(response);
        Assert.False(ok);
        Assert.StartsWith("サイバー攻撃の兆候: ", text, StringComparison.Ordinal);
        Assert.Contains("perhaps", text, StringComparison.Ordinal);
        Assert.Equal(before, await EventCount(id));
    }

    [Fact]
    public async Task StepForm_RevisionWithoutReason_IsRefusedAndKeepsTheAnswer()
    {
        var (hospital, number, id) = await AtStep2_1();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var token = await officer.Token("/");
        await officer.Post($"/incidents/{number}/act", new() { ["kind"] = "facts", ["step"] = "2-1", ["fact.cause"] = "cyber-attack" }, token);

        var refused = await officer.Post($"/incidents/{number}/act", new() { ["kind"] = "facts", ["step"] = "2-1", ["fact.cause"] = "power-hardware" }, token);
        var revised = await officer.Post($"/incidents/{number}/act", new()
        {
            ["kind"] = "facts", ["step"] = "2-1", ["fact.cause"] = "power-hardware", ["reason.cause"] = "ベンダの調査でディスク故障と判明",
        }, token);

        Assert.False(PageSession.Flash(refused).Ok);
        Assert.Contains("理由", PageSession.Flash(refused).Text, StringComparison.Ordinal);
        Assert.True(PageSession.Flash(revised).Ok, PageSession.Flash(revised).Text);
        Assert.Equal("power-hardware", (await Facts(id))["cause"]);
    }

    [Fact]
    public async Task StepForm_NothingChosen_SaysSo()
    {
        var (hospital, number, id) = await AtStep2_1();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var before = await EventCount(id);

        var response = await officer.Post($"/incidents/{number}/act", new() { ["kind"] = "facts", ["step"] = "2-1", ["fact.cause"] = "" }, await officer.Token("/"));

        Assert.Equal((false, "何も選ばれていません。記録する答えを選んでから押してください。"), PageSession.Flash(response));
        Assert.Equal(before, await EventCount(id));
    }

    [Fact]
    public async Task ActionForm_WithoutTheRole_IsRefusedAndRecordsNothing()
    {
        var (hospital, number, id) = await AtStep2_1();
        await Invitation.Accept(hospital, id.ToString());
        var vendor = await PageSession.SignedIn(factory, hospital.Keys[Role.Vendor]);
        var before = await EventCount(id);

        var response = await vendor.Post($"/incidents/{number}/act", new() { ["kind"] = "action", ["step"] = "1-4", ["action"] = "confirm", ["returnUrl"] = "/vendor" },
            await vendor.Token("/"));

        Assert.Equal("/vendor", response.Headers.Location?.OriginalString);
        var (ok, text) = PageSession.Flash(response);
        Assert.False(ok);
        Assert.Contains("安全管理責任者", text, StringComparison.Ordinal);
        Assert.Equal(before, await EventCount(id));
    }

    [Fact]
    public async Task ActionForm_WithoutTheAntiforgeryToken_IsRefused()
    {
        var (hospital, number, id) = await AtStep2_1();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var before = await EventCount(id);

        var response = await officer.Post($"/incidents/{number}/act", new() { ["kind"] = "note", ["text"] = "別のサイトから" }, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await EventCount(id));
    }

    [Fact]
    public async Task ActionForm_ReturnAddressElsewhere_GoesHomeInstead()
    {
        var (hospital, number, _) = await AtStep2_1();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        var response = await officer.Post($"/incidents/{number}/act", new() { ["kind"] = "note", ["text"] = "確認中", ["returnUrl"] = "/\t/evil.example" },
            await officer.Token("/"));

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}

public sealed class SqlitePageCommandTests(SqliteFactory factory) : PageCommandTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresPageCommandTests(PostgresFactory factory) : PageCommandTests(factory), IClassFixture<PostgresFactory>;
