using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Web.Reporting;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// Reporting through the API on a real database with a clock the test moves: management's answers, the moment of
/// awareness, figures with history, drafts, issuing as DOCX and text, downloads checked against the record.
/// </summary>
public abstract class ReportingApiTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private static readonly object RansomNote = new
    {
        department = "3階西病棟",
        device = "PC-3W-01",
        signs = new[] { "ransom-note" },
        description = "画面に脅迫文",
    };

    private static readonly object[] Answers =
    [
        new { category = "sensitive-data", applies = true, reason = "電子カルテの診療情報" },
        new { category = "financial-harm", applies = false, reason = "決済情報なし" },
        new { category = "unlawful-purpose", applies = true, reason = "ランサムウェア" },
        new { category = "over-threshold", applies = false, reason = "1,000人以下の見込み" },
    ];

    private async Task<(Hospital Hospital, string Incident)> Reported()
    {
        var hospital = await factory.AddHospital("報告テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote)).Json(HttpStatusCode.Created);
        return (hospital, created.GetProperty("incident").GetProperty("incidentId").GetString()!);
    }

    [Fact]
    public async Task Clocks_WhenNoReportIsNeeded_AreNotNeeded_NotOverdue_AndTheApiSaysWhenTheCountOutgrewTheAnswer()
    {
        // A power failure opened by hand: nothing says personal data is at risk.
        var hospital = await factory.AddHospital("停電病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "サーバー室の停電" })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incidentId").GetString()!;
        clock.Advance(TimeSpan.FromDays(10));

        var quiet = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reporting")).Json(HttpStatusCode.OK);

        Assert.Equal("not-raised", quiet.GetProperty("need").GetString());
        Assert.All(quiet.GetProperty("clocks").EnumerateArray(), c => Assert.Equal("not-needed", c.GetProperty("state").GetString()));
        Assert.False(quiet.GetProperty("outgrewAnswer").GetBoolean());

        // Management answers that no situation applies; then the count of people passes 1,000: the answer needs a
        // second look, and the API says so as the pages do, with the clocks running again.
        var none = new[] { "sensitive-data", "financial-harm", "unlawful-purpose", "over-threshold" }
            .Select(category => new { category, applies = false, reason = "停電で、漏えい等はない" }).ToArray();
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = none })).Json(HttpStatusCode.OK);
        Assert.All((await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reporting")).Json(HttpStatusCode.OK)).GetProperty("clocks").EnumerateArray(),
            c => Assert.Equal("not-needed", c.GetProperty("state").GetString()));
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { figure = "people-affected", value = 1200, note = "アクセスログ" })).Json(HttpStatusCode.OK);

        var outgrown = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reporting")).Json(HttpStatusCode.OK);
        Assert.True(outgrown.GetProperty("outgrewAnswer").GetBoolean());
        Assert.Equal("overdue", outgrown.GetProperty("clocks")[0].GetProperty("state").GetString());
    }

    private static async Task<Dictionary<string, string>> Draft(HttpClient client, string incident, string report)
    {
        var draft = await (await client.GetAsync($"/api/v1/incidents/{incident}/reports/{report}/draft")).Json(HttpStatusCode.OK);
        return draft.GetProperty("fields").EnumerateArray()
            .Where(f => f.GetProperty("value").ValueKind == JsonValueKind.String)
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("value").GetString()!);
    }

    private static Task<HttpResponseMessage> Issue(HttpClient client, string incident, string report, Dictionary<string, string> fields, string format, string? lateReason = null) =>
        client.PostJson($"/api/v1/incidents/{incident}/reports/{report}/issue", new { fields, format, to = "個人情報保護委員会", via = "web-form", lateReason });

    private async Task<ReportIssued> Event(string incident, long seq)
    {
        var body = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(e => e.IncidentId == Guid.Parse(incident) && e.Seq == seq).Select(e => e.Body).SingleAsync());
        return Assert.IsType<ReportIssued>(EventChain.Parse(body).Data);
    }

    private static async Task<JsonElement> Summary(HttpClient client, string incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}/reporting")).Json(HttpStatusCode.OK);

    private static JsonElement Clock(JsonElement summary, string report) =>
        summary.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("report").GetString() == report);

    [Fact]
    public async Task IssuedDocxAndText_AreValid_KeptByteForByte_AndMadeAgainFromTheRecord()
    {
        var (hospital, incident) = await Reported();
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = Answers })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { figure = "people-affected", value = 120, note = "初期集計" })).Json(HttpStatusCode.OK);
        var fields = await Draft(hospital.Management, incident, "privacy-preliminary");
        Assert.Equal($"120人({clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)):yyyy年M月d日}時点、初期集計)", fields["people"]);
        Assert.StartsWith("報告テスト病院", fields["reporter"], StringComparison.Ordinal);
        fields["data-items"] = "氏名、生年月日、病名、処方";
        fields["contact"] = "情報システム課 田中 090-0000-0000";

        foreach (var format in new[] { "docx", "text" })
        {
            var issued = await (await Issue(hospital.Management, incident, "privacy-preliminary", fields, format)).Json(HttpStatusCode.Created);
            var seq = issued.GetProperty("seq").GetInt64();
            var download = await hospital.Management.GetAsync(issued.GetProperty("download").GetString());
            var bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

            var recorded = await Event(incident, seq);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), recorded.Sha256);
            Assert.Equal(issued.GetProperty("sha256").GetString(), recorded.Sha256);
            var again = ReportPaper.Of(recorded, 1)!;
            Assert.Equal(bytes, format == "docx" ? ReportFiles.Docx(again) : System.Text.Encoding.UTF8.GetBytes(ReportFiles.Text(again)));

            if (format == "docx")
            {
                using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
                var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
                Assert.True(errors.Count == 0, string.Join("\n", errors));
                var text = document.MainDocumentPart!.Document!.InnerText;
                Assert.Contains("漏えい等報告(速報)", text, StringComparison.Ordinal);
                Assert.Contains("氏名、生年月日、病名、処方", text, StringComparison.Ordinal);
            }
            else
            {
                var text = System.Text.Encoding.UTF8.GetString(bytes);
                Assert.Contains("【3 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数】\n120人", text, StringComparison.Ordinal);
            }
        }
        var summary = await Summary(hospital.Officer, incident);
        Assert.Equal("required", summary.GetProperty("need").GetString());
        Assert.Equal("done", Clock(summary, "privacy-preliminary").GetProperty("state").GetString());
        Assert.Equal(2, summary.GetProperty("issued").GetArrayLength());
    }

    [Fact]
    public async Task Day5_PreliminaryIsOverdue_IssuingNeedsTheReason_ThenItIsFiledLate()
    {
        var (hospital, incident) = await Reported();
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = Answers })).Json(HttpStatusCode.OK);
        var fields = await Draft(hospital.Management, incident, "privacy-preliminary");
        foreach (var field in Core.Reporting.ReportTemplates.Get(Core.Reporting.ReportKind.PrivacyPreliminary).Fields.Where(f => f.Required))
            fields.TryAdd(field.Id, "調査中");
        clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal("overdue", Clock(await Summary(hospital.Management, incident), "privacy-preliminary").GetProperty("state").GetString());

        var refused = await (await Issue(hospital.Management, incident, "privacy-preliminary", fields, "text")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("遅れた理由", refused.Detail(), StringComparison.Ordinal);
        Assert.True(refused.GetProperty("errors").TryGetProperty("lateReason", out _));

        await (await Issue(hospital.Management, incident, "privacy-preliminary", fields, "text", "報告義務の判断が遅れた")).Json(HttpStatusCode.Created);
        var preliminary = Clock(await Summary(hospital.Management, incident), "privacy-preliminary");
        Assert.Equal("done-late", preliminary.GetProperty("state").GetString());
        Assert.Equal("報告義務の判断が遅れた", preliminary.GetProperty("lateReason").GetString());
    }

    [Fact]
    public async Task Awareness_SetEarlierByManagement_MovesTheDeadline_AndKeepsTheRecordsDefault()
    {
        var (hospital, incident) = await Reported();
        var before = await Summary(hospital.Management, incident);
        var earlier = clock.GetUtcNow().AddDays(-2);

        var officer = await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reporting/awareness", new { at = earlier, reason = "夜勤で気づいていた" });
        await officer.Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/awareness", new { at = earlier, reason = "夜勤で気づいていた" })).Json(HttpStatusCode.OK);

        var after = await Summary(hospital.Management, incident);
        Assert.Equal("set-by-management", after.GetProperty("awareness").GetProperty("basis").GetString());
        Assert.Equal("opened", after.GetProperty("awarenessFromRecord").GetProperty("basis").GetString());
        Assert.Equal(Clock(before, "privacy-preliminary").GetProperty("due").GetDateTimeOffset().AddDays(-2), Clock(after, "privacy-preliminary").GetProperty("due").GetDateTimeOffset());
    }

    [Fact]
    public async Task Figures_KeepTheirHistory()
    {
        var (hospital, incident) = await Reported();
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { value = 120, note = "初期集計" })).Json(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromDays(30));
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { value = 1450, note = "全件調査" })).Json(HttpStatusCode.OK);

        var history = (await Summary(hospital.Officer, incident)).GetProperty("figures").GetProperty("people-affected").EnumerateArray().ToList();

        Assert.Equal([120L, 1450L], history.Select(h => h.GetProperty("value").GetInt64()));
        Assert.Equal(TimeSpan.FromDays(30), history[1].GetProperty("at").GetDateTimeOffset() - history[0].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task BadInput_IsRefusedWithWhatToDo()
    {
        var (hospital, incident) = await Reported();

        var unknown = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/press-release/draft")).Problem(HttpStatusCode.NotFound, "unknown-report");
        Assert.Contains("privacy-preliminary", unknown.Detail(), StringComparison.Ordinal);
        var format = await (await Issue(hospital.Management, incident, "police", [], "excel")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("docx", format.Detail(), StringComparison.Ordinal);
        var missing = await (await Issue(hospital.Management, incident, "police", new() { ["overview"] = "概要" }, "text")).Problem(HttpStatusCode.BadRequest, "report-fields-missing");
        Assert.Contains("時系列", missing.Detail(), StringComparison.Ordinal);
        var three = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = Answers[..3] })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("第4号", three.Detail(), StringComparison.Ordinal);
        var field = await (await hospital.Officer.PutJson($"/api/v1/incidents/{incident}/reports/police/draft", new { fields = new Dictionary<string, string> { ["salary"] = "1" } })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("timeline", field.Detail(), StringComparison.Ordinal);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { value = -3 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{"field":{"overview":"x"},"text":"y"}""")]
    [InlineData("""{"fields":{}}""")]
    public async Task SaveDraft_NamingNoHeading_IsRefused_AndTheSavedDraftStays(string body)
    {
        var (hospital, incident) = await Reported();
        await (await hospital.Officer.PutJson($"/api/v1/incidents/{incident}/reports/police/draft", new { fields = new Dictionary<string, string> { ["overview"] = "保存した概要" } })).Json(HttpStatusCode.OK);
        var drafted = await DraftEvents(incident);

        var response = await hospital.Officer.PutAsync($"/api/v1/incidents/{incident}/reports/police/draft", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.True(problem.GetProperty("errors").TryGetProperty("fields", out _), problem.ToString());
        Assert.Equal(drafted, await DraftEvents(incident));
        Assert.Equal("保存した概要", (await Draft(hospital.Officer, incident, "police"))["overview"]);
    }

    private Task<int> DraftEvents(string incident) =>
        factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .CountAsync(e => e.IncidentId == Guid.Parse(incident) && e.Type == "report-drafted"));

    [Fact]
    public async Task ProfileSaysEraDates_TheIssuedReportIsDatedInTheEra()
    {
        var (hospital, incident) = await Reported();
        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new
        {
            baseVersion = 0,
            note = "和暦で文書を作る",
            content = new { name = "和暦病院", kind = "hospital", beds = 80, @operator = "local-government", largeOrRegional = false, documentDates = "era-with-western" },
        })).Json(HttpStatusCode.OK);
        var fields = await Draft(hospital.Officer, incident, "damage-status");
        fields["where-and-care"] = "外来の受付端末";

        var issued = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reports/damage-status/issue", new { fields, format = "text", to = "院長", via = "in-person" })).Json(HttpStatusCode.Created);
        var text = await hospital.Officer.GetStringAsync(issued.GetProperty("download").GetString());

        var today = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9));
        Assert.Contains($"日付: 令和{today.Year - 2018}年({today.Year}年){today.Month}月{today.Day}日", text, StringComparison.Ordinal);
        Assert.Contains($"令和{today.Year - 2018}年({today.Year}年)", fields["found-at"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameIdempotencyKey_IssuesOnce()
    {
        var (hospital, incident) = await Reported();
        var fields = await Draft(hospital.Officer, incident, "damage-status");
        fields["where-and-care"] = "3階西病棟";
        var key = Guid.NewGuid().ToString("N");
        var body = new { fields, format = "docx", to = "院長", via = "in-person" };

        var first = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reports/damage-status/issue", body, key)).Json(HttpStatusCode.Created);
        var second = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reports/damage-status/issue", body, key)).Json(HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("seq").GetInt64(), second.GetProperty("seq").GetInt64());
        Assert.Equal(first.GetProperty("sha256").GetString(), second.GetProperty("sha256").GetString());
        Assert.Single((await Summary(hospital.Officer, incident)).GetProperty("issued").EnumerateArray());
    }

    [Fact]
    public async Task PrivacyReport_RecordedAsSentElsewhere_IsRefused_WithWhereToIssueIt()
    {
        var (hospital, incident) = await Reported();

        var problem = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports",
            new { report = "privacy-preliminary", sha256 = new string('a', 64), to = "個人情報保護委員会", via = "web-form" })).Problem(HttpStatusCode.Conflict, "issue-through-reporting");

        Assert.Contains("reports/privacy-preliminary/issue", problem.Detail(), StringComparison.Ordinal);
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = new object?[] { null } })).Problem(HttpStatusCode.BadRequest, "invalid-field");
    }

    [Fact]
    public async Task Vendors_SeeTheRecordWithoutItsReporting()
    {
        var (hospital, incident) = await Reported();
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = Answers })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { value = 77, note = "秘密の根拠" })).Json(HttpStatusCode.OK);

        static async Task<List<string>> Types(HttpClient client, string incident) =>
            [.. (await (await client.GetAsync($"/api/v1/incidents/{incident}/events")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

        Assert.Contains("figure-recorded", await Types(hospital.Officer, incident));
        await Invitation.Accept(hospital, incident);
        var vendor = await Types(hospital.Vendor, incident);
        Assert.Contains("opened", vendor);
        Assert.DoesNotContain("figure-recorded", vendor);
        Assert.DoesNotContain("reporting-assessed", vendor);
        const int number = 1; // each test hospital is new: its first incident
        var summary = await hospital.Vendor.GetStringAsync($"/incidents/{number}/summary");
        Assert.DoesNotContain("秘密の根拠", summary, StringComparison.Ordinal);
        Assert.Contains("秘密の根拠", await hospital.Officer.GetStringAsync($"/incidents/{number}/summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vendors_NeitherReadNorWriteReporting()
    {
        var (hospital, incident) = await Reported();

        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{incident}/reporting")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{incident}/reports/police/draft")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { value = 1 })).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{incident}/reports/issued/1")).Problem(HttpStatusCode.Forbidden, "role-required");
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Vendor.GetAsync($"/incidents/{incident}/reports/police/preview")).StatusCode);
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{incident}/reporting/figures", new { value = 1 })).Problem(HttpStatusCode.Forbidden, "role-required");
    }

    /// <summary>
    /// The staff key (a ward terminal's) sees which reports exist and where each stands, and nothing of what they say:
    /// no draft, no issued file, no draft or issued event in the record; the officer's mobile number written in the
    /// draft shows nowhere (the pages, for a staff account too: <see cref="ReportingPageTests"/>).
    /// </summary>
    [Fact]
    public async Task StaffKey_SeesTheReportsStatus_NotTheirDraftsOrIssuedContents()
    {
        const string mobile = "090-1234-5678";
        var (hospital, incident) = await Reported();
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/assessment", new { answers = Answers })).Json(HttpStatusCode.OK);
        var fields = await Draft(hospital.Management, incident, "privacy-preliminary");
        fields["contact"] = $"情報システム課 田中 {mobile}";
        await (await hospital.Officer.PutJson($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft", new { fields })).Json(HttpStatusCode.OK);
        var damage = await Draft(hospital.Officer, incident, "damage-status");
        damage["where-and-care"] = $"連絡は {mobile} へ";
        var issued = await (await Issue(hospital.Officer, incident, "damage-status", damage, "text")).Json(HttpStatusCode.Created);
        var seq = issued.GetProperty("seq").GetInt64();

        // The API, with the staff key.
        await (await hospital.Staff.GetAsync($"/api/v1/incidents/{incident}/reports/privacy-preliminary/draft")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Staff.GetAsync($"/api/v1/incidents/{incident}/reports/issued/{seq}")).Problem(HttpStatusCode.Forbidden, "role-required");
        var summary = await Summary(hospital.Staff, incident);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("issued")[0].GetProperty("download").ValueKind);
        Assert.Contains(summary.GetProperty("reports").EnumerateArray(), r => r.GetProperty("id").GetString() == "privacy-preliminary" && r.GetProperty("draftSavedAt").ValueKind == JsonValueKind.String);
        var record = await hospital.Staff.GetStringAsync($"/api/v1/incidents/{incident}/events?limit=200");
        Assert.DoesNotContain(mobile, summary.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(mobile, record, StringComparison.Ordinal);
        Assert.DoesNotContain("report-drafted", record, StringComparison.Ordinal);
        Assert.Contains(mobile, await hospital.Officer.GetStringAsync($"/api/v1/incidents/{incident}/events?limit=200"), StringComparison.Ordinal);
        Assert.Contains(mobile, await hospital.Management.GetStringAsync($"/api/v1/incidents/{incident}/reports/issued/{seq}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuedFile_AppendOnly_AndAnAlteredOneIsNotServed()
    {
        var (hospital, incident) = await Reported();
        var fields = await Draft(hospital.Officer, incident, "damage-status");
        fields["where-and-care"] = "3階西病棟の端末1台";
        var issued = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reports/damage-status/issue", new { fields, format = "text", to = "院長", via = "in-person" })).Json(HttpStatusCode.Created);
        var seq = issued.GetProperty("seq").GetInt64();
        var id = Guid.Parse(incident);

        // The database itself refuses to change an issued file.
        await Assert.ThrowsAnyAsync<Exception>(() => factory.Database(db => db.IssuedDocuments.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(d => d.IncidentId == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.Content, new byte[] { 1 }))));
        // Someone with the database's owner rights gets round that: the download notices.
        await factory.Database(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(factory.Provider == Data.StorageProvider.Sqlite
                ? "DROP TRIGGER IssuedDocuments_no_update"
                : "ALTER TABLE \"IssuedDocuments\" DISABLE TRIGGER \"IssuedDocuments_append_only\"");
            return await db.IssuedDocuments.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(d => d.IncidentId == id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Content, System.Text.Encoding.UTF8.GetBytes("差し替えた内容")));
        });

        var altered = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reports/issued/{seq}")).Problem(HttpStatusCode.InternalServerError, "issued-report-altered");
        Assert.Contains("SHA-256", altered.Detail(), StringComparison.Ordinal);
    }
}

public sealed class SqliteReportingApiTests(ClockedSqliteFactory factory) : ReportingApiTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresReportingApiTests(ClockedPostgresFactory factory) : ReportingApiTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
