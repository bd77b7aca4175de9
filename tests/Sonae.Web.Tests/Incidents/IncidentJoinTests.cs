using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Incidents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// One incident per attack: "same as #3?" on the report page, merge and attach through the API and the join page's
/// forms, and what the reporter's home says of their report. Both records verify after each. SQLite and PostgreSQL.
/// </summary>
public abstract class IncidentJoinTests(SonaeFactory factory)
{
    private async Task<Hospital> NewHospital() => await factory.AddHospital("統合病院 " + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>A staff report that opens an incident: its number and id.</summary>
    private static async Task<(int Number, string Id)> Report(Hospital hospital, string department, string? device = null)
    {
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department, device, signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident");
        return (incident.GetProperty("number").GetInt32(), incident.GetProperty("incidentId").GetString()!);
    }

    private Task<Incident> Row(string id) =>
        factory.Database(db => db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).SingleAsync(i => i.Id == Guid.Parse(id)));

    private Task<List<string>> Types(string id) =>
        factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(e => e.IncidentId == Guid.Parse(id))
            .OrderBy(e => e.Seq).Select(e => e.Type).ToListAsync());

    /// <summary>What <c>sonae verify</c> finds for these incidents: no break in either chain.</summary>
    private async Task AssertVerify(params string[] ids)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var wanted = ids.Select(Guid.Parse).ToHashSet();
        var checkedOnes = new List<CheckedIncident>();
        await foreach (var checkedIncident in scope.ServiceProvider.GetRequiredService<VerifyRecords>().Run(CancellationToken.None))
        {
            if (wanted.Contains(checkedIncident.IncidentId))
                checkedOnes.Add(checkedIncident);
        }
        Assert.Equal(ids.Length, checkedOnes.Count);
        Assert.All(checkedOnes, c => Assert.Null(c.Break));
    }

    [Fact]
    public async Task Merge_ThroughTheApi_IsOnBothRecords_ClosesTheMergedOne_AndBothVerify()
    {
        var hospital = await NewHospital();
        var (first, firstId) = await Report(hospital, "3階西病棟", "PC-3W-01");
        var (second, secondId) = await Report(hospital, "3階西病棟", "PC-3W-02");

        var answer = await (await hospital.Officer.PostJson($"/api/v1/incidents/{second}/merge", new { into = $"#{first}", reason = "同じ病棟の同じ攻撃" })).Json(HttpStatusCode.OK);

        Assert.Equal(first, answer.GetProperty("number").GetInt32());
        Assert.Equal("incident-merged", Assert.Single(answer.GetProperty("appended").EnumerateArray()).GetProperty("type").GetString());
        var merged = await Row(secondId);
        Assert.Equal((Core.Incidents.IncidentStatus.Closed, Core.Incidents.IncidentOutcome.Merged, first),
            (merged.Status, merged.Outcome, merged.ReadProgress().MergedInto?.Number));
        Assert.Equal("merged-into", (await Types(secondId))[^1]);
        Assert.Equal("incident-merged", (await Types(firstId))[^1]);
        Assert.Equal(2, (await Row(firstId)).ReadProgress().AnomalyReports);
        var state = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{second}")).Json(HttpStatusCode.OK);
        Assert.Equal("closed", state.GetProperty("incident").GetProperty("status").GetString());
        Assert.Equal("merged", state.GetProperty("incident").GetProperty("outcome").GetString());
        Assert.Equal(first, state.GetProperty("incident").GetProperty("mergedInto").GetInt32());
        await AssertVerify(firstId, secondId);
    }

    [Fact]
    public async Task Merge_ByStaffOrVendor_IsRefused_AndNothingIsRecorded()
    {
        var hospital = await NewHospital();
        var (first, firstId) = await Report(hospital, "外来");
        var (second, secondId) = await Report(hospital, "外来");
        var before = (await Types(firstId)).Count + (await Types(secondId)).Count;

        await (await hospital.Staff.PostJson($"/api/v1/incidents/{second}/merge", new { into = $"{first}" })).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{second}/merge", new { into = $"{first}" })).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{second}/anomaly-reports/2/attach", new { into = $"{first}" })).Problem(HttpStatusCode.Forbidden, "role-required");

        Assert.Equal(before, (await Types(firstId)).Count + (await Types(secondId)).Count);
    }

    [Fact]
    public async Task Merge_UnknownOrAnotherHospitalsIncident_AnswersNotFound()
    {
        var hospital = await NewHospital();
        var other = await NewHospital();
        var (mine, _) = await Report(hospital, "外来");
        var (theirs, theirsId) = await Report(other, "外来");

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{mine}/merge", new { into = "9999" })).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{mine}/merge", new { into = theirsId })).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/9999/merge", new { into = $"{mine}" })).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{mine}/merge", new { })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal(Core.Incidents.IncidentStatus.Open, (await Row(theirsId)).Status);
        _ = theirs;
    }

    [Fact]
    public async Task Merge_IntoItselfOrTwice_IsRefused_InTheCallersLanguage()
    {
        var hospital = await NewHospital();
        var (first, _) = await Report(hospital, "外来");
        var (second, _) = await Report(hospital, "外来");

        var itself = await (await hospital.Officer.PostJson($"/api/v1/incidents/{first}/merge", new { into = $"{first}" })).Problem(HttpStatusCode.BadRequest, "join-into-itself");
        Assert.Contains("自身", itself.Detail(), StringComparison.Ordinal);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{second}/merge", new { into = $"{first}" })).Json(HttpStatusCode.OK);
        var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");
        var back = await (await english.PostJson($"/api/v1/incidents/{first}/merge", new { into = $"{second}" })).Problem(HttpStatusCode.Conflict, "incident-merged");
        Assert.Equal($"Incident #{second} has already joined #{first}: choose #{first} instead.", back.Detail());
        await (await hospital.Management.PostJson($"/api/v1/incidents/{second}/merge", new { into = $"{first}" })).Problem(HttpStatusCode.Conflict, "incident-merged");
    }

    [Fact]
    public async Task Attach_OneReport_IsCopiedWithWhereItCameFrom_TheSourceStaysOpen_AndBothVerify()
    {
        var hospital = await NewHospital();
        var (first, firstId) = await Report(hospital, "5階東病棟");
        var (second, secondId) = await Report(hospital, "5階東病棟");

        var answer = await (await hospital.Management.PostJson($"/api/v1/incidents/{second}/anomaly-reports/2/attach", new { into = $"{first}" })).Json(HttpStatusCode.OK);

        Assert.Equal(first, answer.GetProperty("number").GetInt32());
        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{first}/events")).Json(HttpStatusCode.OK);
        var attached = events.GetProperty("items").EnumerateArray().Last();
        Assert.Equal("report-attached", attached.GetProperty("type").GetString());
        var data = JsonDocument.Parse(attached.GetProperty("body").GetString()!).RootElement.GetProperty("data");
        Assert.Equal("5階東病棟", data.GetProperty("contents").GetProperty("department").GetString());
        Assert.Equal((second, 2L), (data.GetProperty("from").GetProperty("number").GetInt32(), data.GetProperty("report").GetInt64()));
        Assert.Equal(Core.Incidents.IncidentStatus.Open, (await Row(secondId)).Status);
        Assert.Equal("report-moved", (await Types(secondId))[^1]);
        await AssertVerify(firstId, secondId);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{second}/anomaly-reports/2/attach", new { into = $"{first}" })).Problem(HttpStatusCode.Conflict, "report-already-moved");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{second}/anomaly-reports/1/attach", new { into = $"{first}" })).Problem(HttpStatusCode.NotFound, "unknown-anomaly-report");
    }

    [Fact]
    public async Task JoinPage_OfficerMergesWithTheForm_StaffIsRefused()
    {
        var hospital = await NewHospital();
        var (first, firstId) = await Report(hospital, "ICU");
        var (second, secondId) = await Report(hospital, "ICU");
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        var page = await (await officer.Get($"/incidents/{second}/join")).Content.ReadAsStringAsync();
        Assert.Contains("このインシデントを別のインシデントに統合する", page, StringComparison.Ordinal);
        var refusedPage = await staff.Get($"/incidents/{second}/join");
        Assert.NotEqual(HttpStatusCode.OK, refusedPage.StatusCode);
        Assert.DoesNotContain("name=\"into\"", await refusedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refused = await staff.Post($"/incidents/{second}/merge", new() { ["into"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) }, await staff.Token("/"));
        Assert.NotEqual($"/incidents/{first}", refused.Headers.Location?.OriginalString);
        Assert.Equal(Core.Incidents.IncidentStatus.Open, (await Row(secondId)).Status);

        var merged = await officer.Post($"/incidents/{second}/merge", new() { ["into"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) }, await officer.Token($"/incidents/{second}/join"));

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal($"/incidents/{first}", merged.Headers.Location?.OriginalString);
        Assert.Equal((true, $"#{second} を #{first} に統合しました。"), PageSession.Flash(merged));
        Assert.Equal(Core.Incidents.IncidentOutcome.Merged, (await Row(secondId)).Outcome);
        await AssertVerify(firstId, secondId);

        var again = await officer.Post($"/incidents/{second}/merge", new() { ["into"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) }, await officer.Token($"/incidents/{second}/join"));
        Assert.Equal($"/incidents/{second}/join", again.Headers.Location?.OriginalString);
        Assert.False(PageSession.Flash(again).Ok);
    }

    [Fact]
    public async Task ReportPage_ASecondReportFromTheSameWard_IsAskedSameAs_AndJoinsIt()
    {
        var hospital = await NewHospital();
        var (first, firstId) = await Report(hospital, "3階西病棟", "PC-3W-01");
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        Dictionary<string, string> Form() => new() { ["_handler"] = "report", ["Form.Department"] = "３階 西病棟", ["Form.OddFiles"] = "true", ["Form.RequestId"] = "r1" };

        var asked = await staff.Post("/report", Form(), await staff.Token("/report"));

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var page = await asked.Content.ReadAsStringAsync();
        Assert.Contains($"#{first} と同じですか?", page, StringComparison.Ordinal);
        Assert.Contains("脅迫文・見慣れない警告が画面に出た", page, StringComparison.Ordinal);
        Assert.Single(await factory.Database(db => db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(i => i.OrganizationId == hospital.Id).ToListAsync()));

        var same = Form();
        same["Form.Join"] = firstId;
        var joined = await staff.Post("/report", same, await staff.Token("/report"));

        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Contains($"/report/sent/{first}?", joined.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(2, (await Row(firstId)).ReadProgress().AnomalyReports);

        var other = Form();
        other["Form.Join"] = "new";
        other["Form.RequestId"] = "r2";
        var opened = await staff.Post("/report", other, await staff.Token("/report"));
        Assert.Contains($"/report/sent/{first + 1}?", opened.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportPage_AnotherWard_IsNotAsked_AndOpensAnIncident()
    {
        var hospital = await NewHospital();
        await Report(hospital, "3階西病棟", "PC-3W-01");
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        var filed = await staff.Post("/report", new() { ["_handler"] = "report", ["Form.Department"] = "薬剤部", ["Form.Other"] = "true" }, await staff.Token("/report"));

        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
    }

    [Fact]
    public async Task Home_TellsTheReporterWhatBecameOfTheirReport()
    {
        var hospital = await NewHospital();
        var (first, _) = await Report(hospital, "外来");
        var (second, _) = await Report(hospital, "外来");
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        var home = await (await staff.Get("/")).Content.ReadAsStringAsync();
        Assert.Contains("まだ担当者が確認していません", home, StringComparison.Ordinal);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{second}/merge", new { into = $"{first}" })).Json(HttpStatusCode.OK);

        home = await (await staff.Get("/")).Content.ReadAsStringAsync();
        Assert.Contains($"#{first} に統合されました", home, StringComparison.Ordinal);
        Assert.Contains("担当者が確認し、対応しています", home, StringComparison.Ordinal);
    }
}

public sealed class SqliteIncidentJoinTests(SqliteFactory factory) : IncidentJoinTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresIncidentJoinTests(PostgresFactory factory) : IncidentJoinTests(factory), IClassFixture<PostgresFactory>;
