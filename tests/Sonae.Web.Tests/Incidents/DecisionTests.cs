using System.Net;
using System.Text.Json;
using Sonae.Core.Access;
using Sonae.Web.Tests.Documents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// Management's operational decisions (stop the electronic medical record, restrict care, divert ambulances) over
/// the API and the page forms: who may take them, the reason they need, their lifting, the notice every home page
/// shows, and management's one-page situation sheet. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class DecisionTests(SonaeFactory factory)
{
    private const string EmrStopped = "電子カルテは停止中です。紙運用に切り替えてください。";

    /// <summary>A hospital with a confirmed cyber attack reported to management (2-8 open), its vendor invited.</summary>
    private async Task<(Hospital Hospital, string Incident, int Number)> AtManagementReview()
    {
        var hospital = await factory.AddHospital("判断病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", device = "PC-3W-01", signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        var number = created.GetProperty("incident").GetProperty("number").GetInt32();
        await Invitation.Accept(hospital, incident);
        await Ok(hospital.Staff.PostJson($"/api/v1/incidents/{incident}/steps/1-2/complete", null));
        await Ok(hospital.Staff.PostJson($"/api/v1/incidents/{incident}/steps/1-3/complete", null));
        await Ok(hospital.Officer.PutJson($"/api/v1/incidents/{incident}/facts/anomaly-confirmed", new { value = "yes" }));
        await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{incident}/steps/1-4/complete", null));
        foreach (var (fact, value) in new[] { ("cause", "cyber-attack"), ("cyber-attack-signs", "yes"), ("data-leak-suspected", "unknown") })
            await Ok(hospital.Officer.PutJson($"/api/v1/incidents/{incident}/facts/{fact}", new { value }));
        foreach (var step in new[] { "2-1", "2-6", "2-7" })
            await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{incident}/steps/{step}/complete", null));
        return (hospital, incident, number);
    }

    private static async Task Ok(Task<HttpResponseMessage> request) => await (await request).Json(HttpStatusCode.OK);

    private static async Task<string> Page(PageSession session, string path)
    {
        var response = await session.Get(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The record's events about the electronic medical record, each as its sealed text says it.</summary>
    private static async Task<List<JsonElement>> FactEvents(HttpClient client, string incident) =>
        [.. (await (await client.GetAsync($"/api/v1/incidents/{incident}/events?limit=1000")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(e => JsonDocument.Parse(e.GetProperty("body").GetString()!).RootElement)
            .Where(e => e.GetProperty("type").GetString() is "fact-recorded" or "fact-revised"
                && e.GetProperty("data").GetProperty("fact").GetString() == "emr-operation")];

    [Fact]
    public async Task Api_ManagementStopsTheRecord_RecordsWhoAndWhy_AndEveryHomeTellsStaffInTheirLanguage()
    {
        var (hospital, incident, number) = await AtManagementReview();
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        Assert.DoesNotContain(EmrStopped, await Page(staff, "/"), StringComparison.Ordinal);

        await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/emr-operation", new { value = "stopped", reason = "サーバーに暗号化の痕跡" }));

        var e = Assert.Single(await FactEvents(hospital.Officer, incident));
        Assert.Equal("サーバーに暗号化の痕跡", e.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("management", e.GetProperty("actor").GetProperty("role").GetString());
        var home = await Page(staff, "/");
        Assert.Contains(EmrStopped, home, StringComparison.Ordinal);
        Assert.Contains($"#{number}", home[home.IndexOf(EmrStopped, StringComparison.Ordinal)..], StringComparison.Ordinal);
        // Above the report button: the first thing a nurse reads.
        Assert.True(home.IndexOf(EmrStopped, StringComparison.Ordinal) < home.IndexOf("class=\"button big\" href=\"/report\"", StringComparison.Ordinal));
        var english = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff], "en");
        Assert.Contains("The electronic medical record is stopped. Switch to paper records.", await Page(english, "/"), StringComparison.Ordinal);
        Assert.Contains(EmrStopped, await Page(await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]), "/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithoutAReason_IsRefusedNamingTheField()
    {
        var (hospital, incident, _) = await AtManagementReview();

        var problem = await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/emr-operation", new { value = "stopped" }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");

        Assert.Contains("理由", problem.Detail(), StringComparison.Ordinal);
        Assert.Empty(await FactEvents(hospital.Officer, incident));
    }

    [Fact]
    public async Task Api_StaffOfficerAndVendor_CannotDecide()
    {
        var (hospital, incident, _) = await AtManagementReview();

        foreach (var client in new[] { hospital.Staff, hospital.Officer, hospital.Vendor })
        {
            await (await client.PutJson($"/api/v1/incidents/{incident}/facts/ambulance-acceptance", new { value = "diverted", reason = "受入れ不能" }))
                .Problem(HttpStatusCode.Forbidden, "role-required");
        }
        var state = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}")).Json(HttpStatusCode.OK);
        Assert.DoesNotContain(state.GetProperty("facts").EnumerateArray(), f => f.GetProperty("id").GetString() == "ambulance-acceptance" && f.GetProperty("value").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Api_ResumingTheRecord_IsANewEventWithItsReason_AndTheNoticeGoes()
    {
        var (hospital, incident, _) = await AtManagementReview();
        await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/emr-operation", new { value = "stopped", reason = "暗号化" }));
        await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/response-team-formed", new { value = "yes" }));
        await Ok(hospital.Management.PostJson($"/api/v1/incidents/{incident}/steps/2-8/complete", null));

        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/emr-operation", new { value = "running" }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");
        await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/emr-operation", new { value = "running", reason = "復旧を確認" }));

        var events = await FactEvents(hospital.Officer, incident);
        Assert.Equal(["fact-recorded", "fact-revised"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["暗号化", "復旧を確認"], events.Select(e => e.GetProperty("data").GetProperty("reason").GetString()));
        Assert.DoesNotContain(EmrStopped, await Page(await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]), "/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecisionsPage_FormTakesTheDecisionWithItsReason_AndShowsItInForce()
    {
        var (hospital, _, number) = await AtManagementReview();
        var director = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var page = await Page(director, "/decisions");
        Assert.Contains("診療体制の決定", page, StringComparison.Ordinal);
        Assert.Contains("name=\"fact.care-restriction\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"reason.care-restriction\"", page, StringComparison.Ordinal);
        Assert.Contains($"/incidents/{number}/situation.pdf", page, StringComparison.Ordinal);
        var token = await director.Token("/decisions");

        var refused = await director.Post($"/incidents/{number}/act", new() { ["kind"] = "facts", ["fact.care-restriction"] = "restricted", ["returnUrl"] = "/decisions" }, token);
        var taken = await director.Post($"/incidents/{number}/act", new()
        {
            ["kind"] = "facts", ["fact.care-restriction"] = "restricted", ["reason.care-restriction"] = "紙運用で外来を回せない", ["returnUrl"] = "/decisions",
        }, token);

        Assert.False(PageSession.Flash(refused).Ok);
        Assert.Contains("理由", PageSession.Flash(refused).Text, StringComparison.Ordinal);
        Assert.True(PageSession.Flash(taken).Ok, PageSession.Flash(taken).Text);
        page = await Page(director, "/decisions");
        var panel = page[page.IndexOf("診療体制の決定", StringComparison.Ordinal)..];
        Assert.Contains("発効中", panel, StringComparison.Ordinal);
        Assert.Contains("理由: 紙運用で外来を回せない", panel, StringComparison.Ordinal);
        Assert.Contains("診療を制限しています。", await Page(await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]), "/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageForm_FromStaff_IsRefusedAndRecordsNothing()
    {
        var (hospital, incident, number) = await AtManagementReview();
        var nurse = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        var response = await nurse.Post($"/incidents/{number}/act", new()
        {
            ["kind"] = "facts", ["fact.emr-operation"] = "stopped", ["reason.emr-operation"] = "止めたい", ["returnUrl"] = "/",
        }, await nurse.Token("/"));

        Assert.False(PageSession.Flash(response).Ok);
        Assert.Contains("経営層", PageSession.Flash(response).Text, StringComparison.Ordinal);
        Assert.Empty(await FactEvents(hospital.Officer, incident));
    }

    [Fact]
    public async Task SituationSheet_ShowsWhatIsStoppedWhoDecidedAndWhy_AndIsRefusedToVendors()
    {
        var (hospital, incident, number) = await AtManagementReview();
        await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/emr-operation", new { value = "stopped", reason = "サーバーに暗号化の痕跡" }));
        var director = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);

        var sheet = await Page(director, $"/incidents/{number}/situation");

        foreach (var expected in new[] { "状況シート", "止まっているもの", EmrStopped, "決定事項", "サーバーに暗号化の痕跡", "法定期限", "次に決めること", "経営層による確認・指示", $"/incidents/{number}/situation.pdf" })
            Assert.Contains(expected, sheet, StringComparison.Ordinal);
        Assert.Contains($"/incidents/{number}/situation", await Page(director, $"/incidents/{number}/summary"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Vendor.GetAsync($"/incidents/{number}/situation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Vendor.GetAsync($"/incidents/{number}/situation.pdf")).StatusCode);
    }

    [Fact]
    public async Task SituationSheetPdf_OfABusyIncident_IsOneA4Page()
    {
        var (hospital, incident, number) = await AtManagementReview();
        var longReason = string.Concat(Enumerable.Repeat("電子カルテ DB サーバーと部門システムに暗号化の痕跡があり、復旧の見込みが立たないため。", 40));
        for (var i = 0; i < 12; i++)
        {
            await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new
            {
                incidentId = incident, department = $"病棟 {i}", device = $"PC-{i:00}", signs = new[] { "ransom-note", "odd-files" },
                description = string.Concat(Enumerable.Repeat("画面に英語の脅迫文。ファイルが開かない。", 30)),
            })).Json(HttpStatusCode.OK);
            await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = $"経過メモ {i}" }));
        }
        foreach (var (fact, on, off) in new[] { ("emr-operation", "stopped", "running"), ("care-restriction", "restricted", "normal"), ("ambulance-acceptance", "diverted", "accepting") })
        {
            for (var i = 0; i < 3; i++)
            {
                await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/{fact}", new { value = on, reason = $"{i}: {longReason}" }));
                await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/{fact}", new { value = off, reason = $"{i}: 一時再開 {longReason}" }));
            }
            await Ok(hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/{fact}", new { value = on, reason = longReason }));
        }

        var response = await hospital.Management.GetAsync($"/incidents/{number}/situation.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();

        var info = await PdfReading.Poppler("pdfinfo", pdf);
        Assert.Contains("Pages:           1", info, StringComparison.Ordinal);
        Assert.Contains("(A4)", info, StringComparison.Ordinal);
        var text = PdfReading.Text(pdf, out _);
        PdfReading.AssertHas(text, EmrStopped);
        PdfReading.AssertHas(text, "救急車の受入れを停止しています。");
        PdfReading.AssertHas(text, "ほか");
        Assert.DoesNotContain("Type 3", await PdfReading.Poppler("pdffonts", pdf), StringComparison.Ordinal);
        await PdfReading.Pictures(pdf, $"situation-{GetType().Name}");
    }
}

public sealed class SqliteDecisionTests(SqliteFactory factory) : DecisionTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresDecisionTests(PostgresFactory factory) : DecisionTests(factory), IClassFixture<PostgresFactory>;
