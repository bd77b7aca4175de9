using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Notices;
using Sonae.Web.Documents;
using Sonae.Web.Tests.Documents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Aftercare.Metrics;

/// <summary>
/// The metrics over HTTP on a fixed set of incidents, timed by the server's clock (the test's): two real incidents
/// confirmed 20 and 40 minutes after they opened (one contained at 60 and management informed at 75, with a page
/// answered after 4 minutes by its second tier while the first never answered), and a drill confirmed at 5 — which
/// shows under drills only. The exports are read back, the after-action report by number and by id, as JSON and
/// as PDF, and findings are added on the API and by the page's form. Each test has a hospital of its own.
/// </summary>
public abstract class MetricsTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private sealed record Fixed(Hospital Hospital, string Contained, int ContainedNumber, string Drill, int DrillNumber);

    private async Task<(string Id, int Number)> Open(Hospital hospital, string title, bool drill = false)
    {
        if (drill)
            return await StartDrill(hospital);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title })).Json(HttpStatusCode.Created);
        return (created.GetProperty("incidentId").GetString()!, created.GetProperty("number").GetInt32());
    }

    /// <summary>A drill as the drills' API starts one (at the table: nothing is sent, the round delivers nothing), with one staff account taking part.</summary>
    private async Task<(string Id, int Number)> StartDrill(Hospital hospital)
    {
        var userName = $"drill-{Guid.NewGuid():N}"[..20];
        await People.Add(factory, hospital, userName, "staff");
        var account = await factory.Database(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var started = await (await hospital.Officer.PostJson("/api/v1/drills", new { scenario = "ransomware-vendor-vpn", mode = "tabletop", participants = new[] { "account:" + account.ToString("N") } }))
            .Json(HttpStatusCode.Created);
        return (started.GetProperty("drill").GetProperty("id").GetString()!, started.GetProperty("drill").GetProperty("number").GetInt32());
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task Fact(Hospital hospital, string id, string fact, string value) =>
        Ok(hospital.Officer.PutJson($"/api/v1/incidents/{id}/facts/{fact}", new { value }));

    private static Task Complete(HttpClient client, string id, string step) => Ok(client.PostJson($"/api/v1/incidents/{id}/steps/{step}/complete", null));

    /// <summary>Opens an incident and confirms it after <paramref name="minutes"/> minutes (1-1: no signs; 1-3: staff told the officer).</summary>
    private async Task<(string Id, int Number)> Confirmed(Hospital hospital, string title, int minutes, bool drill = false)
    {
        var (id, number) = await Open(hospital, title, drill);
        await Fact(hospital, id, "infection-signs", "no");
        await Complete(hospital.Officer, id, "1-1");
        await Complete(hospital.Staff, id, "1-3");
        clock.Advance(TimeSpan.FromMinutes(minutes));
        await Fact(hospital, id, "anomaly-confirmed", "yes");
        await Complete(hospital.Officer, id, "1-4");
        return (id, number);
    }

    private async Task<Fixed> Incidents()
    {
        var hospital = await factory.AddHospital("指標病院 " + Guid.NewGuid().ToString("N")[..6]);
        var opened = clock.GetUtcNow();
        var (contained, containedNumber) = await Confirmed(hospital, "電子カルテ端末の暗号化", 20);
        clock.Advance(TimeSpan.FromMinutes(10));
        await Fact(hospital, contained, "cause", "cyber-attack");
        await Fact(hospital, contained, "cyber-attack-signs", "yes");
        await Fact(hospital, contained, "data-leak-suspected", "no");
        await Complete(hospital.Officer, contained, "2-1");
        await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{contained}/steps/2-3/skip", new { reason = "攻撃と判明したため 2-6 で調べる" }));
        clock.Advance(TimeSpan.FromMinutes(30));
        await Complete(hospital.Officer, contained, "2-6");
        clock.Advance(TimeSpan.FromMinutes(15));
        await Complete(hospital.Officer, contained, "2-7");
        await Page(hospital, contained, opened);

        await Confirmed(hospital, "部門システムの応答なし", 40);
        var (drill, drillNumber) = await Confirmed(hospital, "訓練: VPN 経由のランサムウェア", 5, drill: true);
        return new Fixed(hospital, contained, containedNumber, drill, drillNumber);
    }

    /// <summary>A page about the incident (as the paging loop writes it): tier 0 never answered, tier 1 paged at +10 and answered at +14.</summary>
    private async Task Page(Hospital hospital, string incident, DateTimeOffset sent)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(hospital.Id);
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var notice = new NoticeRow
        {
            Id = Guid.NewGuid(), OrganizationId = hospital.Id, Number = 900, IncidentId = Guid.Parse(incident), Kind = "page", Title = "報告の確認をお願いします",
            Body = "—", Audience = "{}", Trigger = "incident-opened", SentBy = "sonae", SentByName = "Sonae", SentAt = sent, ExpiresAt = sent.AddDays(1),
            Tier = 1, AcknowledgedAt = sent.AddMinutes(14),
        };
        db.Notices.Add(notice);
        db.NoticeRecipients.Add(new NoticeRecipientRow { Id = Guid.NewGuid(), OrganizationId = hospital.Id, NoticeId = notice.Id, Key = "person:p1", Name = "田中 一郎", Role = "security-officer", Tier = 0, NotifiedAt = sent });
        db.NoticeRecipients.Add(new NoticeRecipientRow { Id = Guid.NewGuid(), OrganizationId = hospital.Id, NoticeId = notice.Id, Key = "person:p2", Name = "中村 修", Role = "security-officer", Tier = 1, NotifiedAt = sent.AddMinutes(10), AcknowledgedAt = sent.AddMinutes(14), AcknowledgedVia = "link" });
        db.NoticeRecipients.Add(new NoticeRecipientRow { Id = Guid.NewGuid(), OrganizationId = hospital.Id, NoticeId = notice.Id, Key = "person:p3", Name = "山本 直子", Role = "management", Tier = 2 });
        await db.SaveChangesAsync();
    }

    private static JsonElement Milestone(JsonElement summary, string milestone) =>
        summary.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("milestone").GetString() == milestone);

    [Fact]
    public async Task Get_FixedIncidents_MedianAndP90PerMilestone_DrillsApart()
    {
        var set = await Incidents();

        var metrics = await (await set.Hospital.Management.GetAsync("/api/v1/metrics")).Json(HttpStatusCode.OK);

        var real = metrics.GetProperty("real");
        Assert.Equal(2, real.GetProperty("summary").GetProperty("incidents").GetInt32());
        var confirmed = Milestone(real.GetProperty("summary"), "confirmed");
        Assert.Equal((2, 30.0, 40.0, 0), (confirmed.GetProperty("count").GetInt32(), confirmed.GetProperty("medianMinutes").GetDouble(),
            confirmed.GetProperty("p90Minutes").GetDouble(), confirmed.GetProperty("notReached").GetInt32()));
        var contained = Milestone(real.GetProperty("summary"), "contained");
        Assert.Equal((1, 60.0), (contained.GetProperty("count").GetInt32(), contained.GetProperty("medianMinutes").GetDouble()));
        Assert.Equal(75.0, Milestone(real.GetProperty("summary"), "management-informed").GetProperty("medianMinutes").GetDouble());
        Assert.Equal(0, Milestone(real.GetProperty("summary"), "recovered").GetProperty("count").GetInt32());
        Assert.Equal(14.0, real.GetProperty("summary").GetProperty("paging").GetProperty("medianMinutes").GetDouble());
        Assert.Equal(1, real.GetProperty("summary").GetProperty("stepsSkipped").GetInt32());
        Assert.All(real.GetProperty("incidents").EnumerateArray(), i => Assert.False(i.GetProperty("drill").GetBoolean()));
        Assert.DoesNotContain(real.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("number").GetInt32() == set.DrillNumber);

        var drills = metrics.GetProperty("drills");
        var drill = Assert.Single(drills.GetProperty("incidents").EnumerateArray());
        Assert.Equal(set.DrillNumber, drill.GetProperty("number").GetInt32());
        Assert.Equal(5.0, Milestone(drills.GetProperty("summary"), "confirmed").GetProperty("medianMinutes").GetDouble());

        var steps = real.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("number").GetInt32() == set.ContainedNumber).GetProperty("steps");
        var skipped = steps.EnumerateArray().Single(s => s.GetProperty("step").GetString() == "2-3");
        Assert.Equal(("skipped", "攻撃と判明したため 2-6 で調べる"), (skipped.GetProperty("state").GetString(), skipped.GetProperty("skipReason").GetString()));
        var containment = steps.EnumerateArray().Single(s => s.GetProperty("step").GetString() == "2-6");
        Assert.Equal((30.0, 60.0), (containment.GetProperty("minutes").GetDouble(), containment.GetProperty("targetMinutes").GetDouble()));
    }

    [Fact]
    public async Task Get_PeriodBeforeTheIncidents_IsEmpty_AndABadPeriodIsAProblemNamingTheField()
    {
        var set = await Incidents();
        var yesterday = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var before = await (await set.Hospital.Officer.GetAsync($"/api/v1/metrics?from=2020-01-01&to={yesterday}")).Json(HttpStatusCode.OK);
        var reversed = await (await set.Hospital.Officer.GetAsync("/api/v1/metrics?from=2026-12-01&to=2026-11-01")).Problem(HttpStatusCode.BadRequest, "invalid-period");
        var english = factory.Client(set.Hospital.Keys[Role.SecurityOfficer], "en");
        var notADate = await (await english.GetAsync("/api/v1/metrics/export.csv?from=yesterday")).Problem(HttpStatusCode.BadRequest, "invalid-period");

        Assert.Equal(0, before.GetProperty("real").GetProperty("summary").GetProperty("incidents").GetInt32());
        Assert.Empty(before.GetProperty("drills").GetProperty("incidents").EnumerateArray());
        Assert.True(reversed.GetProperty("errors").TryGetProperty("to", out _));
        Assert.Contains("期間", reversed.Detail(), StringComparison.Ordinal);
        Assert.True(notADate.GetProperty("errors").TryGetProperty("from", out _));
        Assert.Contains("period", notADate.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_CsvAndExcel_ReadBack_WithTheSameFigures()
    {
        var set = await Incidents();

        var csv = await (await set.Hospital.Officer.GetAsync("/api/v1/metrics/export.csv")).Content.ReadAsByteArrayAsync();
        var xlsx = await (await set.Hospital.Officer.GetAsync("/api/v1/metrics/export.xlsx")).Content.ReadAsByteArrayAsync();

        var rows = MiniExcel.Query(new MemoryStream(csv), useHeaderRow: false, excelType: ExcelType.CSV).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => CsvFile.Restore(v?.ToString() ?? "")).ToList()).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal("確認まで(分) (confirmed, min)", rows[0][4]);
        var contained = rows.Single(r => r[1] == set.ContainedNumber.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(["実事案 real", "20.0", "60.0", "75.0", "not-reached"], [contained[0], contained[4], contained[5], contained[6], contained[7]]);
        Assert.Equal(["1", "14.0", "田中 一郎"], [contained[9], contained[11], contained[12]]);
        Assert.Equal("訓練 drill", rows.Single(r => r[1] == set.DrillNumber.ToString(CultureInfo.InvariantCulture))[0]);

        Assert.Equal(["事案 incidents", "概要 summary"], MiniExcel.GetSheetNames(new MemoryStream(xlsx)));
        var incidents = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "事案 incidents").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, incidents.Count);
        var summary = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "概要 summary").Cast<IDictionary<string, object?>>().ToList();
        var realConfirmed = summary.Single(r => (string?)r["区分 (kind)"] == "実事案 real" && ((string?)r["項目 (measure)"])!.Contains("confirmed", StringComparison.Ordinal));
        Assert.Equal(("2", "30.0", "40.0"), ((string?)realConfirmed["件数 (count)"], (string?)realConfirmed["中央値(分) (median, min)"], (string?)realConfirmed["90パーセンタイル(分) (90th percentile, min)"]));
        var drillConfirmed = summary.Single(r => (string?)r["区分 (kind)"] == "訓練 drill" && ((string?)r["項目 (measure)"])!.Contains("confirmed", StringComparison.Ordinal));
        Assert.Equal("5.0", (string?)drillConfirmed["中央値(分) (median, min)"]);
    }

    [Fact]
    public async Task AfterAction_ByNumberAndById_SaysWhoWasNotReached_AndKeepsFindings()
    {
        var set = await Incidents();
        var number = set.ContainedNumber.ToString(CultureInfo.InvariantCulture);

        var byNumber = await (await set.Hospital.Officer.GetAsync($"/api/v1/incidents/{number}/after-action")).Json(HttpStatusCode.OK);
        var byId = await (await set.Hospital.Officer.GetAsync($"/api/v1/incidents/{set.Contained}/after-action")).Json(HttpStatusCode.OK);
        Assert.Equal(byNumber.GetRawText(), byId.GetRawText());
        var page = Assert.Single(byNumber.GetProperty("incident").GetProperty("pages").EnumerateArray());
        Assert.Equal(["田中 一郎"], page.GetProperty("neverAcknowledged").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(1, page.GetProperty("acknowledgedTier").GetInt32());
        Assert.Contains(byNumber.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "step-skipped");

        var request = Guid.NewGuid();
        var finding = new { text = "夜間の第一報が担当者に届かなかった。呼出し先に副担当を加える。", requestId = request };
        var added = await (await set.Hospital.Management.PostJson($"/api/v1/incidents/{set.Contained}/after-action/findings", finding)).Json(HttpStatusCode.Created);
        var again = await (await set.Hospital.Management.PostJson($"/api/v1/incidents/{number}/after-action/findings", finding)).Json(HttpStatusCode.Created);
        Assert.Equal(added.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        var empty = await (await set.Hospital.Officer.PostJson($"/api/v1/incidents/{number}/after-action/findings", new { text = " " })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("気づき", empty.Detail(), StringComparison.Ordinal);
        await (await set.Hospital.Officer.PostJson("/api/v1/incidents/99999/after-action/findings", finding)).Problem(HttpStatusCode.NotFound, "incident-not-found");

        var findings = (await (await set.Hospital.Officer.GetAsync($"/api/v1/incidents/{number}/after-action")).Json(HttpStatusCode.OK)).GetProperty("findings");
        var kept = Assert.Single(findings.EnumerateArray());
        Assert.Equal(finding.text, kept.GetProperty("text").GetString());
        Assert.False(string.IsNullOrEmpty(kept.GetProperty("addedBy").GetString()));
    }

    [Fact]
    public async Task AfterActionPdf_Drill_SaysDrillOnEveryPage_WithTheStepsAndWhoWasNotReached()
    {
        var set = await Incidents();
        await (await set.Hospital.Officer.PostJson($"/api/v1/incidents/{set.DrillNumber}/after-action/findings", new { text = "訓練で VPN 停止手順の所在が分からなかった" })).Json(HttpStatusCode.Created);

        var drill = await (await set.Hospital.Officer.GetAsync($"/incidents/{set.Drill}/after-action.pdf")).Content.ReadAsByteArrayAsync();
        var real = await (await set.Hospital.Officer.GetAsync($"/incidents/{set.ContainedNumber}/after-action.pdf")).Content.ReadAsByteArrayAsync();

        using (var document = UglyToad.PdfPig.PdfDocument.Open(drill))
        {
            foreach (var pdfPage in document.GetPages())
                PdfReading.AssertHas(PdfReading.Plain(pdfPage.Text), "訓練 / DRILL", $"page {pdfPage.Number} of the drill's report does not say 訓練 / DRILL");
        }
        var drillText = PdfReading.Text(drill, out _);
        PdfReading.AssertHas(drillText, "事後検証報告");
        PdfReading.AssertHas(drillText, "訓練で VPN 停止手順の所在が分からなかった");
        PdfReading.AssertHas(drillText, "1-4");
        var realText = PdfReading.Text(real, out _);
        Assert.DoesNotContain(PdfReading.Plain("訓練 / DRILL"), realText, StringComparison.Ordinal);
        PdfReading.AssertHas(realText, "連絡がつかなかった人: 田中 一郎");
        PdfReading.AssertHas(realText, "スキップ: 攻撃と判明したため 2-6 で調べる");
    }

    [Fact]
    public async Task Pages_AMilestoneWithinTheFirstMinute_SaysUnderAMinute_InEitherLanguage()
    {
        var hospital = await factory.AddHospital("指標病院 " + Guid.NewGuid().ToString("N")[..6]);
        var (_, number) = await Confirmed(hospital, "すぐに確認できた端末の異常", 0);

        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var report = await (await officer.Get($"/incidents/{number}/after-action")).Content.ReadAsStringAsync();
        Assert.Contains("1分未満", report, StringComparison.Ordinal);
        Assert.Contains("中央値 1分未満", await (await officer.Get("/response-metrics")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var english = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer], "en");
        Assert.Contains("under a minute", await (await english.Get($"/incidents/{number}/after-action")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_MetricsWithChart_AndTheFindingForm_WorkWithoutScript()
    {
        var set = await Incidents();
        var officer = await PageSession.SignedIn(factory, set.Hospital.Keys[Role.SecurityOfficer]);

        var metrics = await (await officer.Get("/response-metrics")).Content.ReadAsStringAsync();
        Assert.Contains("<svg", metrics, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-real-title\">", metrics, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"chart-drills-desc\">", metrics, StringComparison.Ordinal);
        Assert.Contains("中央値 30分", metrics, StringComparison.Ordinal);
        Assert.Contains($"/incidents/{set.DrillNumber}/after-action", metrics, StringComparison.Ordinal);
        var export = await officer.Get(System.Text.RegularExpressions.Regex.Match(metrics, "href=\"(/response-metrics/export\\.csv[^\"]*)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);

        var path = $"/incidents/{set.ContainedNumber}/after-action";
        var token = await officer.Token(path);
        var posted = await officer.Post(path + "/findings", new() { ["text"] = "第1段の呼出しに応答なし。", ["requestId"] = Guid.NewGuid().ToString() }, token);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/incidents/{set.ContainedNumber}/after-action#aar-findings", posted.Headers.Location?.OriginalString);
        Assert.True(PageSession.Flash(posted).Ok);
        var refused = await officer.Post(path + "/findings", new() { ["text"] = "" }, token);
        Assert.False(PageSession.Flash(refused).Ok);

        var report = await (await officer.Get($"/incidents/{set.ContainedNumber}/after-action")).Content.ReadAsStringAsync();
        Assert.Contains("第1段の呼出しに応答なし。", report, StringComparison.Ordinal);
        Assert.Contains($"/measures/new?incident={set.ContainedNumber}&amp;finding={Uri.EscapeDataString("第1段の呼出しに応答なし。")}", report, StringComparison.Ordinal);
        Assert.Equal(1, await factory.Database(db => Task.FromResult(db.AfterActionFindings.IgnoreQueryFilters().Count(f => f.IncidentId == Guid.Parse(set.Contained)))));
    }
}

public sealed class SqliteMetricsTests(ClockedSqliteFactory factory) : MetricsTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresMetricsTests(ClockedPostgresFactory factory) : MetricsTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
