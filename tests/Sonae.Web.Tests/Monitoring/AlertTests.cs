using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Monitoring;

/// <summary>
/// Alerts posted as each system sends them become anomaly reports about the asset they name: one report per group
/// (repeats and the rest of the group join it), a note when they resolve (the incident stays open), nothing while a
/// source is muted; bad payloads are refused with a sentence that says what is wrong, kept for the settings page.
/// </summary>
public abstract class AlertTests
{
    private readonly SonaeFactory factory;
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock;

    protected AlertTests(SonaeFactory factory, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        this.factory = factory;
        this.clock = clock;
        // The payloads say their alerts began on 6 December 2026: the server's day is after that.
        var start = new DateTimeOffset(2026, 12, 6, 15, 0, 0, TimeSpan.Zero);
        if (clock.GetUtcNow() < start)
            clock.SetUtcNow(start);
    }

    private static readonly Inventory Inventory = new(
        [new("ehr", "電子カルテ", SystemCategory.Ehr, Criticality.High, null, null, "紙カルテで運用")],
        [new("SV-001", "EHR-DB01", AssetKind.Server, "サーバ室", null, "10.10.0.5", "Linux", "9", null, null, "ehr", null)]);

    private async Task<(Hospital Hospital, HttpClient Alerts, int Source)> Source(string kind, string name = "サーバ監視", int? windowMinutes = null)
    {
        var hospital = await factory.AddHospital($"警報病院 {Guid.NewGuid():N}"[..12]);
        var content = JsonSerializer.SerializeToElement(Inventory, RecordJson.Options);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/inventory", new { baseVersion = 0, content })).Json(HttpStatusCode.OK);
        var made = await (await hospital.Officer.PostJson("/api/v1/settings/alert-sources", new { name, kind, windowMinutes })).Json(HttpStatusCode.Created);
        var alerts = factory.Client(null);
        alerts.DefaultRequestHeaders.Authorization = new("Bearer", made.GetProperty("token").GetString());
        return (hospital, alerts, made.GetProperty("number").GetInt32());
    }

    private static async Task<JsonElement> Post(HttpClient alerts, string body, string expectedOutcome)
    {
        var delivery = await (await alerts.PostRaw("/api/v1/alerts", body)).Json(HttpStatusCode.Accepted);
        Assert.Equal(expectedOutcome, delivery.GetProperty("outcome").GetString());
        return delivery;
    }

    private Task<List<Sonae.Data.Incidents.Incident>> Incidents(Hospital hospital) =>
        factory.Database(db => db.Incidents.IgnoreQueryFilters().AsNoTracking().Where(i => i.OrganizationId == hospital.Id).OrderBy(i => i.Number).ToListAsync());

    private Task<List<Sonae.Data.Incidents.IncidentEventRow>> Events(Guid incident, string type) =>
        factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.IncidentId == incident && e.Type == type).OrderBy(e => e.Seq).ToListAsync());

    /// <summary>What an event says (its canonical body holds it under <c>data</c>).</summary>
    private static JsonElement Data(Sonae.Data.Incidents.IncidentEventRow row)
    {
        var root = JsonDocument.Parse(row.Body).RootElement;
        return root.TryGetProperty("data", out var data) ? data : root;
    }

    [Fact]
    public async Task Alertmanager_FiringRepeatedThenResolved_IsOneReportAboutTheAsset_AndOneNote()
    {
        var (hospital, alerts, _) = await Source("alertmanager");
        const string group = "{}:{alertname=\"HostDown\"}";
        var opened = await Post(alerts, AlertPayloadsForTests.Alertmanager("firing", group, ("HostDown", "10.10.0.5:9100", "firing", "a1b2c3")), "opened");
        var number = opened.GetProperty("groups")[0].GetProperty("incident").GetInt32();
        await Post(alerts, AlertPayloadsForTests.Alertmanager("firing", group, ("HostDown", "10.10.0.5:9100", "firing", "a1b2c3")), "joined");
        await Post(alerts, AlertPayloadsForTests.Alertmanager("resolved", group, ("HostDown", "10.10.0.5:9100", "resolved", "a1b2c3")), "resolved");

        var incident = Assert.Single(await Incidents(hospital));
        Assert.Equal(number, incident.Number);
        Assert.Equal(IncidentSource.Alert, incident.Source);
        Assert.Equal(IncidentStatus.Open, incident.Status);
        Assert.Contains("HostDown", incident.Title, StringComparison.Ordinal);
        Assert.Contains("EHR-DB01", incident.Title, StringComparison.Ordinal);
        var report = Data(Assert.Single(await Events(incident.Id, "anomaly-reported")));
        Assert.Equal("電子カルテ", report.GetProperty("department").GetString());
        Assert.Equal("SV-001 EHR-DB01", report.GetProperty("device").GetString());
        Assert.Equal("サーバ室", report.GetProperty("location").GetString());
        var signal = report.GetProperty("signal");
        Assert.Equal("alertmanager", signal.GetProperty("kind").GetString());
        Assert.Equal("10.10.0.5:9100", signal.GetProperty("labels").GetProperty("instance").GetString());
        Assert.StartsWith("http://prometheus.hospital.local:9090/graph", signal.GetProperty("link").GetString(), StringComparison.Ordinal);
        var note = Data(Assert.Single(await Events(incident.Id, "note-added"))).GetProperty("text").GetString()!;
        Assert.Contains("解消", note, StringComparison.Ordinal);
        Assert.Contains("resolved", note, StringComparison.Ordinal);

        // The same alert resolved again adds nothing: it was already resolved.
        await Post(alerts, AlertPayloadsForTests.Alertmanager("resolved", group, ("HostDown", "10.10.0.5:9100", "resolved", "a1b2c3")), "joined");
        Assert.Single(await Events(incident.Id, "note-added"));
    }

    [Fact]
    public async Task ABurstOfAHundredAlertsOfOneGroup_AtOnce_IsOneReport()
    {
        var (hospital, alerts, _) = await Source("generic");
        var posts = Enumerable.Range(1, 100).Select(i => alerts.PostRaw("/api/v1/alerts",
            JsonSerializer.Serialize(new { title = "ディスク残量わずか", group = "disk-full", id = $"disk-{i}", host = $"PC-{i:000}", severity = "warning" }))).ToList();
        var outcomes = new List<string>();
        foreach (var response in await Task.WhenAll(posts))
            outcomes.Add((await response.Json(HttpStatusCode.Accepted)).GetProperty("outcome").GetString()!);
        Assert.Equal(1, outcomes.Count(o => o == "opened"));
        Assert.Equal(99, outcomes.Count(o => o == "joined"));
        var incident = Assert.Single(await Incidents(hospital));
        Assert.Single(await Events(incident.Id, "anomaly-reported"));
        Assert.Equal(100, await factory.Database(db => db.Alerts.IgnoreQueryFilters().CountAsync(a => a.OrganizationId == hospital.Id)));
    }

    [Fact]
    public async Task Zabbix_ProblemUpdateAndRecovery_AreOneReportAndOneNote_AClosedIncidentIsNotReopened()
    {
        var (hospital, alerts, _) = await Source("zabbix", "Zabbix(本館)");
        await Post(alerts, AlertPayloadsForTests.Zabbix("1001", problem: true), "opened");
        // Zabbix sends an update (an acknowledgement) with the same event: a repeat.
        await Post(alerts, AlertPayloadsForTests.Zabbix("1001", problem: true).Replace("\"event_update_status\":\"0\"", "\"event_update_status\":\"1\"", StringComparison.Ordinal), "joined");
        await Post(alerts, AlertPayloadsForTests.Zabbix("1001", problem: false), "resolved");
        var incident = Assert.Single(await Incidents(hospital));
        var report = Data(Assert.Single(await Events(incident.Id, "anomaly-reported")));
        Assert.Equal("SV-001 EHR-DB01", report.GetProperty("device").GetString());
        Assert.Equal("availability", report.GetProperty("signal").GetProperty("labels").GetProperty("tag:scope").GetString());
        // The alert began at 23:10:05 Japan time, as Zabbix wrote it.
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 14, 10, 5, TimeSpan.Zero), report.GetProperty("since").GetDateTimeOffset());
        Assert.Single(await Events(incident.Id, "note-added"));

        // Closed by the officer, the next problem of the trigger opens a new report; the old incident stays closed.
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident.Number}/close", new { reason = "監視の誤検知。DB は再起動で復旧。" })).Json(HttpStatusCode.OK);
        await Post(alerts, AlertPayloadsForTests.Zabbix("1002", problem: true), "opened");
        var both = await Incidents(hospital);
        Assert.Equal(2, both.Count);
        Assert.Equal(IncidentStatus.Closed, both[0].Status);
        Assert.Equal(IncidentStatus.Open, both[1].Status);
    }

    [Fact]
    public async Task Generic_ResolvedOfNothingOpen_IsIgnored_AndAMutedSourceOpensNothing()
    {
        var (hospital, alerts, source) = await Source("generic");
        await Post(alerts, JsonSerializer.Serialize(new { title = "UPS バッテリー運転", host = "UPS-01", status = "resolved" }), "ignored");
        Assert.Empty(await Incidents(hospital));

        (await hospital.Officer.PostAsync($"/api/v1/settings/alert-sources/{source}/mute", null)).EnsureSuccessStatusCode();
        await Post(alerts, JsonSerializer.Serialize(new { title = "UPS バッテリー運転", host = "UPS-01" }), "muted");
        Assert.Empty(await Incidents(hospital));
        var seen = await (await hospital.Officer.GetAsync($"/api/v1/settings/alert-sources/{source}")).Json(HttpStatusCode.OK);
        Assert.Equal("muted", seen.GetProperty("lastOutcome").GetString());
        Assert.Equal(2, seen.GetProperty("deliveries").GetInt64());

        (await hospital.Management.PostAsync($"/api/v1/settings/alert-sources/{source}/unmute", null)).EnsureSuccessStatusCode();
        await Post(alerts, JsonSerializer.Serialize(new { title = "UPS バッテリー運転", host = "UPS-01", labels = new { sign = "slow-or-frozen" } }), "opened");
        var incident = Assert.Single(await Incidents(hospital));
        var report = Data(Assert.Single(await Events(incident.Id, "anomaly-reported")));
        Assert.Equal("slow-or-frozen", report.GetProperty("signs")[0].GetString());
        Assert.Equal("UPS-01", report.GetProperty("device").GetString());
    }

    [Fact]
    public async Task BadPayloads_AreRefusedWithWhatIsWrong_InTheCallersLanguage_AndKeptForTheSettingsPage()
    {
        var (hospital, alerts, source) = await Source("alertmanager");
        Assert.Contains("JSON として読めません", (await (await alerts.PostRaw("/api/v1/alerts", "{not json")).Problem(HttpStatusCode.BadRequest, "invalid-field")).Detail(), StringComparison.Ordinal);
        var english = factory.Client(null, "en");
        english.DefaultRequestHeaders.Authorization = alerts.DefaultRequestHeaders.Authorization;
        var other = await (await english.PostRaw("/api/v1/alerts", AlertPayloadsForTests.Zabbix("1", problem: true))).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("zabbix format, but the source is registered as alertmanager", other.Detail(), StringComparison.Ordinal);
        var badStatus = await (await english.PostRaw("/api/v1/alerts", AlertPayloadsForTests.Alertmanager("firing", "g", ("X", "h:1", "burning", "f")))).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("alerts[0].status", badStatus.Detail(), StringComparison.Ordinal);

        var seen = await (await hospital.Officer.GetAsync($"/api/v1/settings/alert-sources/{source}")).Json(HttpStatusCode.OK);
        Assert.Equal("refused", seen.GetProperty("lastOutcome").GetString());
        Assert.Contains("alerts[0].status", seen.GetProperty("lastProblem").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Incidents(hospital));
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var html = await (await page.Get("/settings/monitoring")).Content.ReadAsStringAsync();
        Assert.Contains("受け付けませんでした", html, StringComparison.Ordinal);
        Assert.Contains("alerts[0].status", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_NoTokenARoleKeyOrARevokedOne_AreRefused()
    {
        var (hospital, alerts, source) = await Source("generic");
        var body = JsonSerializer.Serialize(new { title = "テスト" });
        Assert.Contains("アラート用トークン", (await (await factory.Client(null).PostRaw("/api/v1/alerts", body)).Problem(HttpStatusCode.Unauthorized, "unauthorized")).Detail(), StringComparison.Ordinal);
        await (await hospital.Management.PostRaw("/api/v1/alerts", body)).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        var wrong = factory.Client(null);
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "sonae_alert_" + new string('x', 32));
        await (await wrong.PostRaw("/api/v1/alerts", body)).Problem(HttpStatusCode.Unauthorized, "unauthorized");

        (await hospital.Officer.PostAsync($"/api/v1/settings/alert-sources/{source}/revoke", null)).EnsureSuccessStatusCode();
        Assert.Contains("取り消された", (await (await alerts.PostRaw("/api/v1/alerts", body)).Problem(HttpStatusCode.Unauthorized, "unauthorized")).Detail(), StringComparison.Ordinal);
        Assert.Empty(await Incidents(hospital));
        await (await hospital.Officer.PostAsync($"/api/v1/settings/alert-sources/{source}/mute", null)).Problem(HttpStatusCode.NotFound, "alert-source-not-found");
    }

    [Fact]
    public async Task Sources_AreCheckedField_ByField_AndTheirTokenIsShownOnce()
    {
        var hospital = await factory.AddHospital($"送信元病院 {Guid.NewGuid():N}"[..12]);
        await (await hospital.Officer.PostJson("/api/v1/settings/alert-sources", new { name = "監視", kind = "nagios" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/settings/alert-sources", new { name = " ", kind = "zabbix" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/settings/alert-sources", new { name = "監視", kind = "zabbix", windowMinutes = 1 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var made = await (await hospital.Officer.PostJson("/api/v1/settings/alert-sources", new { name = "監視", kind = "zabbix", windowMinutes = 60 })).Json(HttpStatusCode.Created);
        var token = made.GetProperty("token").GetString()!;
        Assert.StartsWith("sonae_alert_", token, StringComparison.Ordinal);
        var list = await (await hospital.Officer.GetAsync("/api/v1/settings/alert-sources")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.Contains("\"windowMinutes\":60", list, StringComparison.Ordinal);
        var missing = await (await hospital.Officer.GetAsync("/api/v1/settings/alert-sources/99")).Problem(HttpStatusCode.NotFound, "alert-source-not-found");
        Assert.Contains("No. 99", missing.Detail(), StringComparison.Ordinal);

        // The page's form makes one too, and shows its token in the message once.
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var posted = await page.Post("/settings/monitoring/do", new() { ["action"] = "make", ["name"] = "UPS 監視", ["kind"] = "generic", ["windowHours"] = "2" }, await page.Token("/settings/monitoring"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var html = await (await page.Get("/settings/monitoring")).Content.ReadAsStringAsync();
        Assert.Contains("sonae_alert_", html, StringComparison.Ordinal);
        Assert.Contains("UPS 監視", html, StringComparison.Ordinal);
        var again = await (await page.Get("/settings/monitoring")).Content.ReadAsStringAsync();
        Assert.DoesNotMatch("sonae_alert_[A-Za-z0-9_-]{20,}", again);
    }

    private static string Generic(string title, string host, string status = "firing") =>
        JsonSerializer.Serialize(new { title, group = "spreading", id = host, host, status });

    [Fact]
    public async Task NewAlertsOfAGroup_AreNotedAtOnce_ThenPaced_AndAResolutionWritesTheOnesWaiting()
    {
        var (hospital, alerts, _) = await Source("generic");
        await Post(alerts, Generic("不審な暗号化", "PC-001"), "opened");
        clock.Advance(TimeSpan.FromSeconds(20));
        await Post(alerts, Generic("不審な暗号化", "PC-002"), "joined");
        clock.Advance(TimeSpan.FromSeconds(20));
        await Post(alerts, Generic("不審な暗号化", "PC-003"), "joined");
        clock.Advance(TimeSpan.FromSeconds(20));
        var incident = Assert.Single(await Incidents(hospital));
        var notes = (await Events(incident.Id, "note-added")).Select(e => Data(e).GetProperty("text").GetString()!).ToList();
        // The first host to join is in the record at once; the next waits for the pace.
        Assert.Contains("PC-002", Assert.Single(notes), StringComparison.Ordinal);

        await Post(alerts, Generic("不審な暗号化", "PC-001", "resolved"), "resolved");
        notes = [.. (await Events(incident.Id, "note-added")).Select(e => Data(e).GetProperty("text").GetString()!)];
        Assert.Equal(3, notes.Count);
        Assert.True(notes.Any(n => n.Contains("解消", StringComparison.Ordinal) && n.Contains("PC-001", StringComparison.Ordinal)), string.Join("\n---\n", notes));
        Assert.True(notes.Any(n => n.Contains("新たに 1 件", StringComparison.Ordinal) && n.Contains("PC-003", StringComparison.Ordinal)), string.Join("\n---\n", notes));

        // Ten minutes on, a new host is noted at once again.
        clock.Advance(TimeSpan.FromMinutes(11));
        await Post(alerts, Generic("不審な暗号化", "PC-004"), "joined");
        Assert.Contains("PC-004", Data((await Events(incident.Id, "note-added")).Last()).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResolution_AfterTheWindow_IsStillANote_WhileTheIncidentIsOpen_ButAQuietGroupFiringAgainIsANewReport()
    {
        var (hospital, alerts, _) = await Source("zabbix", windowMinutes: 30);
        await Post(alerts, AlertPayloadsForTests.Zabbix("2001", problem: true), "opened");
        clock.Advance(TimeSpan.FromHours(2));
        await Post(alerts, AlertPayloadsForTests.Zabbix("2001", problem: false), "resolved");
        var incident = Assert.Single(await Incidents(hospital));
        Assert.Single(await Events(incident.Id, "note-added"));

        clock.Advance(TimeSpan.FromHours(2));
        await Post(alerts, AlertPayloadsForTests.Zabbix("2002", problem: true), "opened");
        Assert.Equal(2, (await Incidents(hospital)).Count);
    }

    [Fact]
    public async Task WrongAlertTokens_WaitApart_ARightTokenIsNeverRefused_AndABodyTooLargeIsRefused()
    {
        var (hospital, alerts, _) = await Source("generic");
        var wrong = factory.Client(null);
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "sonae_alert_" + new string('y', 32));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
            statuses.Add((await wrong.PostRaw("/api/v1/alerts", "{}")).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        await Post(alerts, JsonSerializer.Serialize(new { title = "UPS 停電", host = "UPS-01" }), "opened");
        // Wrong alert tokens are not wrong sign-ins: the hospital's keys still work from the same address.
        (await hospital.Officer.GetAsync("/api/v1/settings/alert-sources")).EnsureSuccessStatusCode();

        var huge = JsonSerializer.Serialize(new { title = "大きすぎる", description = new string('x', 5 * 1024 * 1024) });
        Assert.Contains("4 MB", (await (await alerts.PostRaw("/api/v1/alerts", huge)).Problem(HttpStatusCode.RequestEntityTooLarge, "too-large")).Detail(), StringComparison.Ordinal);
        // The wait of the wrong tokens ends with the minute (the other tests of the class post from the same address).
        clock.Advance(TimeSpan.FromMinutes(2));
    }

}

public sealed class SqliteAlertTests(ClockedSqliteFactory factory) : AlertTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresAlertTests(ClockedPostgresFactory factory) : AlertTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
