using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// A saved draft against a record that moves on, through the API and the page form, on a real database with a clock
/// the test moves: issuing the saved draft without sending its headings, a draft read that says it is out of date
/// and where, and the record's changes taken heading by heading without touching what someone typed.
/// </summary>
public abstract class ReportDraftApiTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private static readonly object[] Answers =
    [
        new { category = "sensitive-data", applies = true, reason = "電子カルテの診療情報" },
        new { category = "financial-harm", applies = false, reason = "決済情報なし" },
        new { category = "unlawful-purpose", applies = true, reason = "ランサムウェア" },
        new { category = "over-threshold", applies = false, reason = "1,000人以下の見込み" },
    ];

    private const string Typed = "約100人(受付端末のログから推計、調査中)";

    /// <summary>A ward's report of a ransom note, management's answers to rule 7: the privacy reports are due.</summary>
    private async Task<(Hospital Hospital, string Incident)> Reported()
    {
        var hospital = await factory.AddHospital("下書きテスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "医事課", device = "受付-02", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = Answers })).Json(HttpStatusCode.OK);
        return (hospital, incident);
    }

    /// <summary>The incident's number in its hospital, as people name it.</summary>
    private static async Task<int> Number(Hospital hospital, string incident) =>
        (await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}")).Json(HttpStatusCode.OK)).GetProperty("incident").GetProperty("number").GetInt32();

    private static async Task<JsonElement> Draft(HttpClient client, string incident, string report) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}/reports/{report}/draft")).Json(HttpStatusCode.OK);

    private static Dictionary<string, string> Fields(JsonElement draft) =>
        draft.GetProperty("fields").EnumerateArray()
            .Where(f => f.GetProperty("value").ValueKind == JsonValueKind.String)
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("value").GetString()!);

    private static List<string> OutOfDate(JsonElement draft) =>
        [.. draft.GetProperty("outOfDateFields").EnumerateArray().Select(f => f.GetString()!)];

    /// <summary>
    /// Day 1: management saves the final report's first fill with the number of people typed by hand. Day 20: the
    /// officer records the count the investigation found.
    /// </summary>
    private async Task<(Hospital Hospital, string Incident, long Basis)> DraftedThenCounted()
    {
        var (hospital, incident) = await Reported();
        var read = await Draft(hospital.Management, incident, "privacy-final");
        Assert.False(read.GetProperty("outOfDate").GetBoolean());
        var fields = Fields(read);
        fields["people"] = Typed;
        var basis = read.GetProperty("basis").GetInt64();
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft", new { fields, basis })).Json(HttpStatusCode.OK);
        Assert.False((await Draft(hospital.Management, incident, "privacy-final")).GetProperty("outOfDate").GetBoolean());

        var opened = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromDays(19));
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { figure = "people-affected", value = 1450, note = "アクセスログ全件調査" })).Json(HttpStatusCode.OK);
        // The investigation also finds the night shift saw it first: management moves the moment of awareness, which
        // the overview says (the count has its own heading, item 3, and is not repeated there).
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/awareness", new { at = opened.AddHours(-3), reason = "夜勤が先に気づいていた" })).Json(HttpStatusCode.OK);
        Aware = $"発覚日時: {opened.AddHours(-3).ToOffset(TimeSpan.FromHours(9)):yyyy年M月d日 HH:mm}";
        return (hospital, incident, basis);
    }

    /// <summary>The overview's line for the moment of awareness management set on day 20.</summary>
    private string Aware { get; set; } = "";

    private string Counted => $"1,450人({clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)):yyyy年M月d日}時点、アクセスログ全件調査)";

    [Fact]
    public async Task IssueWithoutFields_IssuesTheSavedDraft_AndWithNoDraftSaysSo()
    {
        var (hospital, incident) = await Reported();
        var refused = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/issue",
            new { format = "text", to = "個人情報保護委員会", via = "web-form" })).Problem(HttpStatusCode.Conflict, "report-not-drafted");
        Assert.Contains("保存した下書きがなく", refused.Detail(), StringComparison.Ordinal);

        var fields = Fields(await Draft(hospital.Management, incident, "privacy-preliminary"));
        fields["data-items"] = "氏名、生年月日、受診科";
        fields["contact"] = "情報システム課 田中 090-0000-0000";
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft", new { fields })).Json(HttpStatusCode.OK);

        var issued = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/issue",
            new { format = "text", to = "個人情報保護委員会", via = "web-form" })).Json(HttpStatusCode.Created);

        var seq = issued.GetProperty("seq").GetInt64();
        var body = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(e => e.IncidentId == Guid.Parse(incident) && e.Seq == seq).Select(e => e.Body).SingleAsync());
        var recorded = Assert.IsType<ReportIssued>(EventChain.Parse(body).Data);
        Assert.Equal(fields.OrderBy(f => f.Key), recorded.Fields!.OrderBy(f => f.Key));
        var text = await hospital.Management.GetStringAsync(issued.GetProperty("download").GetString());
        Assert.Contains("【2 漏えい等が発生し、又は発生したおそれがある個人データの項目】\n氏名、生年月日、受診科", text, StringComparison.Ordinal);
        Assert.Contains("090-0000-0000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepresentativeRegisteredAfterTheDraft_MakesTheReporterOutOfDate_AndTheDraftIsNotFiledUnseen()
    {
        var (hospital, incident) = await Reported();
        var read = await Draft(hospital.Management, incident, "privacy-preliminary");
        var fields = Fields(read);
        Assert.Contains("(基本情報に未登録)", fields["reporter"], StringComparison.Ordinal);
        fields["data-items"] = "氏名、生年月日";
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft",
            new { fields, basis = read.GetProperty("basis").GetInt64() })).Json(HttpStatusCode.OK);

        // The hospital's profile, not the incident's record, changes: the reporter heading would now name the representative.
        clock.Advance(TimeSpan.FromHours(2));
        await (await hospital.Management.PutJson("/api/v1/preparedness/profile", new
        {
            baseVersion = 0, note = "代表者を登録",
            content = new { name = "下書きテスト病院", kind = "hospital", beds = 120, @operator = "private", largeOrRegional = false, documentDates = "western", preliminaryReportDays = 3, representative = "理事長 山田 太郎" },
        })).Json(HttpStatusCode.OK);
        Assert.Equal(["reporter"], OutOfDate(await Draft(hospital.Management, incident, "privacy-preliminary")));

        // Named alone, the draft does not go out over it unseen; a first edit elsewhere does not mark it read either.
        var refused = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/issue",
            new { format = "text", to = "個人情報保護委員会", via = "web-form" })).Problem(HttpStatusCode.Conflict, "draft-out-of-date");
        Assert.Contains("提出", refused.Detail(), StringComparison.Ordinal);
        Assert.Equal(["reporter"], refused.GetProperty("outOfDateFields").EnumerateArray().Select(f => f.GetString()));
        fields["contact"] = "情報システム課 田中 090-0000-0000";
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft", new { fields })).Json(HttpStatusCode.OK);
        Assert.Equal(["reporter"], OutOfDate(await Draft(hospital.Management, incident, "privacy-preliminary")));

        var proposal = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft/refill")).Json(HttpStatusCode.OK);
        // The same proposal for the incident named by its number.
        var number = await Number(hospital, incident);
        var byNumber = await (await hospital.Management.GetAsync($"/api/v1/incidents/{number}/reports/privacy-preliminary/draft/refill")).Json(HttpStatusCode.OK);
        Assert.Equal(proposal.GetProperty("basis").GetInt64(), byNumber.GetProperty("basis").GetInt64());
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft/refill",
            new { take = new[] { "reporter" }, basis = proposal.GetProperty("basis").GetInt64() })).Json(HttpStatusCode.OK);
        var issued = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/issue",
            new { format = "text", to = "個人情報保護委員会", via = "web-form" })).Json(HttpStatusCode.Created);
        var text = await hospital.Management.GetStringAsync(issued.GetProperty("download").GetString());
        Assert.Contains("代表者: 理事長 山田 太郎", text, StringComparison.Ordinal);
        Assert.Contains("氏名、生年月日", text, StringComparison.Ordinal);
        Assert.Contains("090-0000-0000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftRead_SaysItIsOutOfDate_AndWhichHeadings_UntilRebasedOnPurpose()
    {
        var (hospital, incident, basis) = await DraftedThenCounted();

        var read = await Draft(hospital.Management, incident, "privacy-final");

        Assert.True(read.GetProperty("outOfDate").GetBoolean());
        // The count fills item 3, the new moment of awareness its heading and the overview; the typed count is listed as
        // typed, and the headings the record did not change are not listed.
        Assert.Equal(["aware-at", "overview", "people"], OutOfDate(read));
        Assert.Equal(basis, read.GetProperty("basis").GetInt64());
        Assert.True(read.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "people").GetProperty("outOfDate").GetBoolean());
        Assert.Equal(Typed, Fields(read)["people"]);

        // Saved again with the basis read (another heading edited): still out of date, as before.
        var fields = Fields(read);
        fields["contact"] = "情報システム課 田中 090-0000-0000";
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft", new { fields, basis })).Json(HttpStatusCode.OK);
        Assert.Equal(["aware-at", "overview", "people"], OutOfDate(await Draft(hospital.Management, incident, "privacy-final")));

        // A basis the record never reached is refused.
        var future = await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft", new { fields, basis = 9_999 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.True(future.GetProperty("errors").TryGetProperty("basis", out _));

        // Saved without a basis (a client that does not know of it): the draft keeps its own, and stays out of date.
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft", new { fields })).Json(HttpStatusCode.OK);
        Assert.Equal(["aware-at", "overview", "people"], OutOfDate(await Draft(hospital.Management, incident, "privacy-final")));

        // Rebased on purpose, on the record as it stands: one who read it all.
        var head = (await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill")).Json(HttpStatusCode.OK)).GetProperty("basis").GetInt64();
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft", new { fields, basis = head })).Json(HttpStatusCode.OK);
        Assert.False((await Draft(hospital.Management, incident, "privacy-final")).GetProperty("outOfDate").GetBoolean());
    }

    [Fact]
    public async Task Refill_ListsTheChanges_TakesTheHeadingsChosen_AndKeepsTheOthersAsTyped()
    {
        var (hospital, incident, _) = await DraftedThenCounted();

        var proposal = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill")).Json(HttpStatusCode.OK);

        var changes = proposal.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(["aware-at", "overview", "people"], changes.Keys);
        Assert.False(changes["overview"].GetProperty("typedByHand").GetBoolean());
        Assert.Contains(Aware, changes["overview"].GetProperty("record").GetString(), StringComparison.Ordinal);
        Assert.True(changes["people"].GetProperty("typedByHand").GetBoolean());
        Assert.Equal(Typed, changes["people"].GetProperty("draft").GetString());
        Assert.Equal(Counted, changes["people"].GetProperty("record").GetString());
        var basis = proposal.GetProperty("basis").GetInt64();

        var unknown = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill", new { take = new[] { "salary" }, basis })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("salary", unknown.Detail(), StringComparison.Ordinal);
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill", new { basis })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill", new { take = new[] { "overview" }, basis })).Problem(HttpStatusCode.Forbidden, "role-required");

        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill", new { take = new[] { "overview" }, basis })).Json(HttpStatusCode.OK);

        var after = await Draft(hospital.Management, incident, "privacy-final");
        Assert.Equal(changes["overview"].GetProperty("record").GetString(), Fields(after)["overview"]);
        Assert.Equal(Typed, Fields(after)["people"]);
        Assert.False(after.GetProperty("outOfDate").GetBoolean());
        Assert.Empty((await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill")).Json(HttpStatusCode.OK)).GetProperty("changes").EnumerateArray());

        // A choice offered before someone saved the draft again is refused, and their draft stays.
        var offered = (await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill")).Json(HttpStatusCode.OK)).GetProperty("basis").GetInt64();
        await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft", new { fields = new Dictionary<string, string> { ["people"] = "1,450人" } })).Json(HttpStatusCode.OK);
        var late = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports/privacy-final/draft/refill", new { take = new[] { "people" }, basis = offered })).Problem(HttpStatusCode.Conflict, "draft-saved-since");
        Assert.Contains("保存し直しました", late.Detail(), StringComparison.Ordinal);
        Assert.Equal("1,450人", Fields(await Draft(hospital.Management, incident, "privacy-final"))["people"]);
    }

    [Fact]
    public async Task RefillPage_WithoutJavaScript_ShowsBothTexts_TicksOnlyWhatWasNotTyped_AndSavesTheChoice()
    {
        var (hospital, incident, _) = await DraftedThenCounted();
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var number = await Number(hospital, incident);
        var refill = $"/incidents/{number}/reports/privacy-final/refill";

        var editor = await (await page.Get($"/incidents/{number}/reports/privacy-final")).Content.ReadAsStringAsync();
        Assert.Contains("内容が変わる見出しがあります: 事態を知った日時、1 概要、3 漏えい等が発生し", editor, StringComparison.Ordinal);
        Assert.Contains($"href=\"{refill}\"", editor, StringComparison.Ordinal);
        var html = await (await page.Get(refill)).Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Typed), html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Counted), html, StringComparison.Ordinal);
        Assert.Matches("""<input type="checkbox" name="take" value="overview" checked""", html);
        Assert.Matches("""<input type="checkbox" name="take" value="people" />""", html);
        var basis = System.Text.RegularExpressions.Regex.Match(html, """name="basis" value="(\d+)""").Groups[1].Value;

        // As the browser sends the form as drawn: the overview ticked, the typed count not.
        var response = await page.PostPairs($"/incidents/{number}/reporting/do",
            [new("kind", "refill"), new("report", "privacy-final"), new("basis", basis), new("requestId", "r1"), new("take", "overview")], await page.Token(refill));

        Assert.Equal($"/incidents/{number}/reports/privacy-final", response.Headers.Location?.OriginalString);
        Assert.True(PageSession.Flash(response).Ok, PageSession.Flash(response).Text);
        var fields = Fields(await Draft(hospital.Management, incident, "privacy-final"));
        Assert.Contains(Aware, fields["overview"], StringComparison.Ordinal);
        Assert.Equal(Typed, fields["people"]);
        Assert.Contains("内容が変わる見出しはありません", await (await page.Get(refill)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class SqliteReportDraftApiTests(ClockedSqliteFactory factory) : ReportDraftApiTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresReportDraftApiTests(ClockedPostgresFactory factory) : ReportDraftApiTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
