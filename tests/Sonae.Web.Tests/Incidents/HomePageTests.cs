using System.Net;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>The home page's "what to do now", as each role gets it from the server.</summary>
public sealed class HomePageTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    private static async Task<string> Home(PageSession session)
    {
        var response = await session.Get("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // What to do now: from the heading to the list of open incidents.
        var start = html.IndexOf("<h1>", StringComparison.Ordinal);
        var end = html.IndexOf("<section class=\"incidents\"", start, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(html[start..end]);
    }

    [Fact]
    public async Task Home_AfterAReportWithSigns_ShowsTheOfficerWhatHoldsThemUpButNotOtherNursesTheReportersCable()
    {
        var hospital = await factory.AddHospital("ホーム病院");
        await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);

        var staffTodo = await Home(await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]));
        var officerTodo = await Home(await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]));

        // Pulling the cable is for the reporter's own device (their report page said so), not for every nurse.
        Assert.DoesNotContain("1-2", staffTodo, StringComparison.Ordinal);
        Assert.DoesNotContain("1-3", staffTodo, StringComparison.Ordinal);
        Assert.Contains("いま、あなたの役割でやることはありません。", staffTodo, StringComparison.Ordinal);
        // The officer's own step (1-4) waits behind the nurse's: the officer is shown what holds it up, to record it
        // for the nurse once she has phoned.
        Assert.Contains("1-2 ケーブル等の切離", officerTodo, StringComparison.Ordinal);
        Assert.Contains("医療従事者・一般のシステム利用者の対応待ち", officerTodo, StringComparison.Ordinal);
    }
}

/// <summary>During an incident, the systems to stop using come from the assets marked in it.</summary>
public sealed class StopUsingPageTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task Home_WhenATerminalOfTheEhrIsSuspected_TellsStaffToStopUsingTheEhrAndHowWorkGoesOn()
    {
        var hospital = await factory.AddHospital("使用停止病院");
        var inventory = new Sonae.Core.Preparedness.Inventory(
            [new("ehr", "電子カルテ", Sonae.Core.Preparedness.SystemCategory.Ehr, Sonae.Core.Preparedness.Criticality.High, null, null, "紙カルテで運用")],
            [new("PC-1", "3W-NS-01", Sonae.Core.Preparedness.AssetKind.Terminal, "3階西", null, null, null, null, null, null, "ehr", null)]);
        var content = System.Text.Json.JsonSerializer.SerializeToElement(inventory, Sonae.Core.Incidents.RecordJson.Options);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/inventory", new { baseVersion = 0, content })).Json(HttpStatusCode.OK);
        var report = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", device = "PC-1", signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);
        var incident = report.GetProperty("incident").GetProperty("incidentId").GetString();
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        Assert.DoesNotContain("使わないでください", await (await staff.Get("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/assets", new { asset = "PC-1", status = "suspected" })).Json(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await (await staff.Get("/")).Content.ReadAsStringAsync());

        Assert.Contains("次のシステムは使わないでください", html, StringComparison.Ordinal);
        Assert.Contains("電子カルテ", html, StringComparison.Ordinal);
        Assert.Contains("代わりの運用: 紙カルテで運用", html, StringComparison.Ordinal);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/assets", new { asset = "PC-1", status = "restored" })).Json(HttpStatusCode.OK);
        Assert.DoesNotContain("使わないでください", await (await staff.Get("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
