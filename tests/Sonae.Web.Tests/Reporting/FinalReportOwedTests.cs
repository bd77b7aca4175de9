using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;
using Sonae.Data;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// The projection's <c>FinalReportOwed</c>, by which the home page finds the closed incidents whose final report to
/// the commission is still owed without reading any record: after every kind of reporting event, the answers changed,
/// joins, closing, and as the migration fills it for incidents answered before it existed. Each value is checked
/// against the same question asked of the whole record (Core's <see cref="ReportingState"/>), and on the home page.
/// </summary>
public abstract class FinalReportOwedTests(SonaeFactory factory)
{
    private static object[] Answers(params string[] applying) =>
        [.. new[] { "sensitive-data", "financial-harm", "unlawful-purpose", "over-threshold" }
            .Select(category => new { category, applies = applying.Contains(category), reason = applying.Contains(category) ? "該当する" : "該当しない" })];

    private async Task<Hospital> Hospital() => await factory.AddHospital("確報病院 " + Guid.NewGuid().ToString("N")[..6]);

    private static async Task<(string Id, int Number)> Reported(Hospital hospital)
    {
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident");
        var id = incident.GetProperty("incidentId").GetString()!;
        var state = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}")).Json(HttpStatusCode.OK);
        return (id, state.GetProperty("incident").GetProperty("number").GetInt32());
    }

    private static async Task Assess(Hospital hospital, string id, params string[] applying) =>
        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/reporting/assessment", new { answers = Answers(applying) })).Json(HttpStatusCode.OK);

    private static async Task People(Hospital hospital, string id, long value) =>
        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/reporting/figures", new { figure = ReportingState.PeopleAffected, value, note = "集計" })).Json(HttpStatusCode.OK);

    private static async Task Close(Hospital hospital, string id) =>
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/close", new { reason = "対応を終えた" })).Json(HttpStatusCode.OK);

    /// <summary>Issues a report as text, each heading as the record fills it (「調査中」 where it fills none).</summary>
    private static async Task Issue(Hospital hospital, string id, string report)
    {
        var draft = await (await hospital.Management.GetAsync($"/api/v1/incidents/{id}/reports/{report}/draft")).Json(HttpStatusCode.OK);
        var fields = draft.GetProperty("fields").EnumerateArray().ToDictionary(
            f => f.GetProperty("id").GetString()!,
            f => f.GetProperty("value").ValueKind == JsonValueKind.String && f.GetProperty("value").GetString() is { Length: > 0 } value ? value : "調査中");
        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/reports/{report}/issue", new { fields, format = "text", to = "個人情報保護委員会", via = "web-form" }))
            .Json(HttpStatusCode.Created);
    }

    /// <summary>The column, and the same question asked of the incident's whole record; both must say <paramref name="expected"/>.</summary>
    private async Task Owed(string id, bool expected)
    {
        var incident = Guid.Parse(id);
        var (owed, bodies) = await factory.Database(async db => (
            await db.Incidents.IgnoreQueryFilters().Where(i => i.Id == incident).Select(i => i.FinalReportOwed).SingleAsync(),
            await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident).OrderBy(e => e.Seq).Select(e => e.Body).ToListAsync()));
        var fromRecord = ReportingState.From(bodies.Select(EventChain.Parse), BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings).FinalReportOwed;
        Assert.Equal(expected, fromRecord);
        Assert.Equal(expected, owed);
    }

    /// <summary>Whether management's home shows the legal clocks of incident <paramref name="number"/>.</summary>
    private async Task<bool> OnTheHome(Hospital hospital, int number)
    {
        var session = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var html = await (await session.Get("/")).Content.ReadAsStringAsync();
        return html.Contains($"aria-labelledby=\"clock-{number}\"", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owed_FollowsTheAnswers_TheCountOfPeople_AndTheFinalReport_ThroughClosing()
    {
        var hospital = await Hospital();
        var (id, number) = await Reported(hospital);
        await Owed(id, false);

        // What does not answer rule 7 owes nothing: the moment of awareness, the incident's rules, a draft.
        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/reporting/awareness", new { at = DateTimeOffset.UtcNow.AddHours(-1), reason = "通報の時刻" })).Json(HttpStatusCode.OK);
        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/reporting/rules", new { preliminaryDays = 4, reason = "院の規程" })).Json(HttpStatusCode.OK);
        await (await hospital.Management.PutJson($"/api/v1/incidents/{id}/reports/privacy-final/draft", new { fields = new Dictionary<string, string> { ["overview"] = "調査中" } })).Json(HttpStatusCode.OK);
        await Owed(id, false);

        await Assess(hospital, id);
        await Owed(id, false);
        // More than 1,000 people outgrow the answer "no situation applies": the final report is owed again.
        await People(hospital, id, 1200);
        await Owed(id, true);
        await People(hospital, id, 800);
        await Owed(id, false);
        // A second answer replaces the first, both ways.
        await Assess(hospital, id, "sensitive-data");
        await Owed(id, true);
        await Assess(hospital, id);
        await Owed(id, false);
        await Assess(hospital, id, "sensitive-data", "unlawful-purpose");
        await Owed(id, true);

        // Closing the response does not end the reporting: the closed incident's clocks stay on the home page.
        await Close(hospital, id);
        await Owed(id, true);
        Assert.True(await OnTheHome(hospital, number));
        await Issue(hospital, id, "privacy-preliminary");
        await Owed(id, true);
        Assert.True(await OnTheHome(hospital, number));

        // The final report filed: nothing more is owed, and the closed incident leaves the home page; a later answer changes nothing.
        await Issue(hospital, id, "privacy-final");
        await Owed(id, false);
        Assert.False(await OnTheHome(hospital, number));
        await Assess(hospital, id, "sensitive-data", "over-threshold");
        await Owed(id, false);
    }

    [Fact]
    public async Task Owed_StaysWithItsRecord_WhenTheIncidentJoinsAnother()
    {
        var hospital = await Hospital();
        var (first, firstNumber) = await Reported(hospital);
        var (second, secondNumber) = await Reported(hospital);
        await Assess(hospital, second, "sensitive-data");
        await Owed(second, true);

        // The second incident's report is the first's attack: merged, it is closed, and its own answer still owes the final report.
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{second}/merge", new { into = $"#{firstNumber}", reason = "同じ攻撃" })).Json(HttpStatusCode.OK);
        await Owed(second, true);
        await Owed(first, false);
        Assert.True(await OnTheHome(hospital, secondNumber));

        // A report attached elsewhere moves no answer either.
        var (third, _) = await Reported(hospital);
        var reportSeq = (await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters()
            .Where(e => e.IncidentId == Guid.Parse(third) && e.Type == "anomaly-reported").Select(e => e.Seq).SingleAsync()));
        await Assess(hospital, third, "sensitive-data");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{third}/anomaly-reports/{reportSeq}/attach", new { into = $"#{firstNumber}", reason = "同じ攻撃" })).Json(HttpStatusCode.OK);
        await Owed(third, true);
        await Owed(first, false);
    }

    [Fact]
    public async Task TheMigration_FillsOwed_ForIncidentsAnsweredBeforeIt()
    {
        var hospital = await Hospital();
        var (required, _) = await Reported(hospital);
        await Assess(hospital, required, "sensitive-data");
        var (outgrown, _) = await Reported(hospital);
        await Assess(hospital, outgrown);
        await People(hospital, outgrown, 5000);
        var (none, _) = await Reported(hospital);
        await Assess(hospital, none);
        await People(hospital, none, 10);
        var (filed, _) = await Reported(hospital);
        await Assess(hospital, filed, "unlawful-purpose");
        await Issue(hospital, filed, "privacy-final");
        var (unanswered, _) = await Reported(hospital);
        await Close(hospital, required);
        await Close(hospital, filed);

        // The database as it was before the column (its migration undone), then brought up to date again.
        await factory.Database(async db =>
        {
            var migrator = db.GetService<IMigrator>();
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            await migrator.MigrateAsync(applied[applied.FindIndex(m => m.EndsWith("_PageReads", StringComparison.Ordinal)) - 1]);
            await migrator.MigrateAsync();
            return 0;
        });

        await Owed(required, true);
        await Owed(outgrown, true);
        await Owed(none, false);
        await Owed(filed, false);
        await Owed(unanswered, false);
    }
}

public sealed class SqliteFinalReportOwedTests(SqliteFactory factory) : FinalReportOwedTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresFinalReportOwedTests(PostgresFactory factory) : FinalReportOwedTests(factory), IClassFixture<PostgresFactory>;
