using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Notices;
using Sonae.Web.Aftercare.Drills;
using Sonae.Web.Incidents;
using Sonae.Web.Notices;
using Sonae.Web.Tests.Notices;
using Sonae.Web.Reporting;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Aftercare.Drills;

/// <summary>
/// A server whose clock the test moves, whose drill round runs only when the test calls it (<c>Round</c>): a round of
/// the server's own (every few seconds of the wall clock) would deliver what is due between the test's steps.
/// </summary>
public sealed class DrillSqliteFactory : SqliteFactory
{
    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public override TimeProvider? Clock => Fake;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sonae:Drills:CheckEverySeconds", "0");
    }
}

public sealed class DrillPostgresFactory : PostgresFactory
{
    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public override TimeProvider? Clock => Fake;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sonae:Drills:CheckEverySeconds", "0");
    }
}

/// <summary>
/// Drills end to end on a real server: started from a scenario with participants, injects delivered once by the round
/// (several rounds at once), delivered now, skipped, paused, a tabletop's decisions recorded, ended into the
/// preparedness record; the drill marked and its notices kept to the participants; and the drill absent from every
/// list and clock of the real incidents. Each test has a hospital of its own; the clock only moves forward.
/// </summary>
public abstract class DrillTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private sealed record Drill(Hospital Hospital, string Participant, string Bystander, JsonElement Started)
    {
        public int Number => Started.GetProperty("drill").GetProperty("number").GetInt32();

        public string Id => Started.GetProperty("drill").GetProperty("id").GetString()!;
    }

    /// <summary>A hospital with two staff accounts (one takes part, one does not) and a drill started by its officer.</summary>
    private async Task<Drill> Start(string mode = "live", double speed = 10, string scenario = "ransomware-vendor-vpn")
    {
        var hospital = await factory.AddHospital("訓練病院 " + Guid.NewGuid().ToString("N")[..6]);
        var participant = await Account(hospital, "nurse");
        var bystander = await Account(hospital, "clerk");
        var started = await (await hospital.Officer.PostJson("/api/v1/drills", new { scenario, mode, participants = new[] { participant }, speed }))
            .Json(HttpStatusCode.Created);
        return new Drill(hospital, participant, bystander, started);
    }

    private async Task<string> Account(Hospital hospital, string name)
    {
        var userName = $"{name}-{Guid.NewGuid():N}"[..20];
        await People.Add(factory, hospital, userName, "staff");
        var id = await factory.Database(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        return "account:" + id.ToString("N");
    }

    private Task<List<string>> EventTypes(string incident) => factory.Database(async db =>
        await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == Guid.Parse(incident)).OrderBy(e => e.Seq).Select(e => e.Type).ToListAsync());

    private Task<List<(string Inject, string State)>> Settled(string incident) => factory.Database(async db =>
        (await db.DrillInjects.IgnoreQueryFilters()
            .Where(i => db.DrillRuns.IgnoreQueryFilters().Any(r => r.Id == i.DrillId && r.IncidentId == Guid.Parse(incident)))
            .Select(i => new { i.InjectId, i.State }).ToListAsync()).Select(i => (i.InjectId, i.State)).OrderBy(i => i.InjectId).ToList());

    private DrillRound Round => factory.Services.GetServices<IHostedService>().OfType<DrillRound>().Single();

    [Fact]
    public async Task Start_Live_OpensADrillIncidentAndTellsTheParticipantAlone_Marked()
    {
        var drill = await Start();

        var state = await (await drill.Hospital.Officer.GetAsync($"/api/v1/incidents/{drill.Number}")).Json(HttpStatusCode.OK);
        Assert.True(state.GetProperty("incident").GetProperty("drill").GetBoolean());
        var notices = await factory.Database(async db => await db.Notices.IgnoreQueryFilters().Where(n => n.IncidentId == Guid.Parse(drill.Id)).ToListAsync());
        var notice = Assert.Single(notices);
        Assert.StartsWith("【訓練】[DRILL] ", notice.Title, StringComparison.Ordinal);
        Assert.StartsWith("これは訓練です。", notice.Body, StringComparison.Ordinal);
        var recipients = await factory.Database(async db => await db.NoticeRecipients.IgnoreQueryFilters().Where(r => r.NoticeId == notice.Id).Select(r => r.Key).ToListAsync());
        Assert.Equal([drill.Participant], recipients);
        Assert.False(await factory.Database(db => db.OutboxMessages.IgnoreQueryFilters().AnyAsync(m => m.NoticeId == notice.Id && m.Channel == "webhook")));
        // By number and by id, the same drill.
        var byId = await (await drill.Hospital.Officer.GetAsync($"/api/v1/drills/{drill.Id}")).Json(HttpStatusCode.OK);
        Assert.Equal(drill.Number, byId.GetProperty("drill").GetProperty("number").GetInt32());
        Assert.Equal(7, byId.GetProperty("injects").GetArrayLength());
    }

    [Fact]
    public async Task Round_SeveralAtOnce_DeliverEachDueInjectOnce_AsOrdinaryEvents()
    {
        var drill = await Start(speed: 10);
        // Two scenario minutes … 20 at ten times: r1 (0), r2 (5), r3 (12), r4 (20) are due; r5 (35) is not.
        clock.Advance(TimeSpan.FromMinutes(2));
        await Task.WhenAll(Round.Round(CancellationToken.None), Round.Round(CancellationToken.None), Round.Round(CancellationToken.None));
        Assert.True(await Waiting.Until(async () => (await Settled(drill.Id)).Count >= 4, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)));
        await Round.Round(CancellationToken.None);

        Assert.Equal([("r1", "delivered"), ("r2", "delivered"), ("r3", "delivered"), ("r4", "delivered")], await Settled(drill.Id));
        var types = await EventTypes(drill.Id);
        Assert.Equal(3, types.Count(t => t == "anomaly-reported"));
        Assert.Single(types, t => t == "contact-logged");
        var events = await (await drill.Hospital.Officer.GetAsync($"/api/v1/incidents/{drill.Number}/events")).Json(HttpStatusCode.OK);
        Assert.Contains("【訓練】", events.GetRawText(), StringComparison.Ordinal);
        // The alert is in this incident only: no alert group of the hospital names it.
        Assert.False(await factory.Database(db => db.AlertGroups.IgnoreQueryFilters().AnyAsync(g => g.IncidentId == Guid.Parse(drill.Id))));
    }

    [Fact]
    public async Task Facilitator_DeliverNowSkipPauseEnd_EachOnce_AndEndedIntoPreparedness()
    {
        var drill = await Start(speed: 1);
        var officer = drill.Hospital.Officer;
        var base_ = $"/api/v1/drills/{drill.Number}";

        await (await officer.PostJson($"{base_}/injects/r5/deliver", new { })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{base_}/injects/r5/deliver", new { })).Problem(HttpStatusCode.Conflict, "drill-inject-settled");
        await (await officer.PostJson($"{base_}/injects/r6/skip", null)).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{base_}/injects/zz/skip", null)).Problem(HttpStatusCode.NotFound, "drill-inject-not-found");
        await (await officer.PostJson($"{base_}/injects/r7/deliver", new { decision = "机上だけ" })).Problem(HttpStatusCode.BadRequest, "invalid-field");

        var paused = await (await officer.PostJson($"{base_}/pause", null)).Json(HttpStatusCode.OK);
        Assert.True(paused.GetProperty("drill").GetProperty("paused").GetBoolean());
        await (await officer.PostJson($"{base_}/pause", null)).Problem(HttpStatusCode.Conflict, "drill-paused-already");
        clock.Advance(TimeSpan.FromHours(3));
        await Round.Round(CancellationToken.None);
        Assert.Equal([("r5", "delivered"), ("r6", "skipped")], await Settled(drill.Id));
        await (await officer.PostJson($"{base_}/resume", null)).Json(HttpStatusCode.OK);

        var ended = await (await officer.PostJson($"{base_}/end", null)).Json(HttpStatusCode.OK);
        Assert.Equal($"/incidents/{drill.Number}/after-action", ended.GetProperty("drill").GetProperty("afterAction").GetString());
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("drill").GetProperty("endedAt").ValueKind);
        await (await officer.PostJson($"{base_}/injects/r7/deliver", new { })).Problem(HttpStatusCode.Conflict, "drill-ended");
        await (await officer.PostJson($"{base_}/end", null)).Problem(HttpStatusCode.Conflict, "drill-ended");
        // After the end nothing more is delivered (r1, due since the start, may have come with the resume).
        var settledAtEnd = await Settled(drill.Id);
        await Round.Round(CancellationToken.None);
        Assert.Equal(settledAtEnd, await Settled(drill.Id));

        var drills = await (await officer.GetAsync("/api/v1/preparedness/drills")).Json(HttpStatusCode.OK);
        var held = Assert.Single(drills.GetProperty("content").GetProperty("drills").EnumerateArray());
        Assert.Equal("ransomware-vendor-vpn", held.GetProperty("scenario").GetString());
        Assert.Equal(DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            held.GetProperty("heldOn").GetString());
        Assert.Single(held.GetProperty("participants").EnumerateArray());
        var types = await EventTypes(drill.Id);
        Assert.Equal("closed", types[^1]);
    }

    [Fact]
    public async Task Live_PagesItsParticipantsAlongTheCallTree_Marked_NoWebhook_AndTheAfterActionTimesIt()
    {
        await using var hooks = await WebhookReceiver.Start();
        var hospital = await factory.AddHospital("呼出訓練病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content = JsonSerializer.SerializeToElement(NoticeTests.Directory, RecordJson.Options) }))
            .Json(HttpStatusCode.OK);
        await (await hospital.Officer.PutJson("/api/v1/settings/channels", new
        {
            webhooks = new[] { new { name = "病院のシステム", format = "json", url = hooks.Url("/hook/json") } },
        })).Json(HttpStatusCode.OK);
        var watch = factory.Services.GetRequiredService<PagingWatch>();
        // The officer's chain is 田中 → 鈴木 (his deputy) → 山本 (management). 田中 does not take part; 佐藤 does but is not on the chain.
        var participants = new[] { "person:p-yamamoto", "person:p-suzuki", "person:p-sato" };
        var live = await (await hospital.Officer.PostJson("/api/v1/drills", new { scenario = "ehr-outage-night-shift", mode = "live", participants, speed = 1 })).Json(HttpStatusCode.Created);
        var tabletop = await (await hospital.Officer.PostJson("/api/v1/drills", new { scenario = "power-failure", mode = "tabletop", participants })).Json(HttpStatusCode.Created);
        var real = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "本物: 電子カルテ停止" })).Json(HttpStatusCode.Created);
        Guid IdOf(JsonElement drill) => Guid.Parse(drill.GetProperty("drill").GetProperty("id").GetString()!);
        Task<NoticeRow?> OpeningPage(Guid incident) => factory.Database(db => db.Notices.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(n => n.IncidentId == incident && n.Trigger == PagingWatch.OpenedTrigger));
        Task<bool> Webhooked(Guid notice) => factory.Database(db => db.OutboxMessages.IgnoreQueryFilters().AnyAsync(m => m.NoticeId == notice && m.Channel == "webhook"));

        await watch.Round(CancellationToken.None);

        // The real incident pages its whole chain and its webhook; the live drill its participants of the chain, in the chain's order, marked, no webhook.
        var realPage = await OpeningPage(Guid.Parse(real.GetProperty("incidentId").GetString()!));
        Assert.NotNull(realPage);
        Assert.True(await Webhooked(realPage.Id));
        var page = await OpeningPage(IdOf(live));
        Assert.NotNull(page);
        Assert.StartsWith("【訓練】[DRILL] ", page.Title, StringComparison.Ordinal);
        Assert.StartsWith("これは訓練です。", page.Body, StringComparison.Ordinal);
        Assert.False(await Webhooked(page.Id));
        var detail = await (await hospital.Officer.GetAsync($"/api/v1/notices/{page.Number}")).Json(HttpStatusCode.OK);
        Assert.Equal([("鈴木 次郎", 0), ("山本 直子", 1)], detail.GetProperty("recipients").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("tier").GetInt32())).OrderBy(r => r.Item2));
        // A tabletop drill sends nothing.
        Assert.Null(await OpeningPage(IdOf(tabletop)));

        // Nobody answers within the officer's five minutes: the next participant of the chain is paged, still without a webhook; she answers two minutes later.
        clock.Advance(TimeSpan.FromMinutes(6));
        await watch.Round(CancellationToken.None);
        detail = await (await hospital.Officer.GetAsync($"/api/v1/notices/{page.Number}")).Json(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, NoticeTests.Recipient(detail, "山本 直子").GetProperty("notifiedAt").ValueKind);
        Assert.False(await Webhooked(page.Id));
        clock.Advance(TimeSpan.FromMinutes(2));
        var link = NoticeTests.TokenOf(NoticeTests.Recipient(detail, "山本 直子").GetProperty("link").GetString()!);
        await (await factory.CreateClient().PostAsync($"/api/v1/acknowledgements/{link}", null)).Json(HttpStatusCode.OK);

        // The after-action report times it: answered by the second tier 8 minutes after the page, 鈴木 never answered.
        var number = live.GetProperty("drill").GetProperty("number").GetInt32();
        var report = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{number}/after-action")).Json(HttpStatusCode.OK);
        var timed = Assert.Single(report.GetProperty("incident").GetProperty("pages").EnumerateArray(), p => p.GetProperty("number").GetInt32() == page.Number);
        Assert.Equal(1, timed.GetProperty("acknowledgedTier").GetInt32());
        Assert.Equal(8.0, timed.GetProperty("minutes").GetDouble());
        Assert.Equal(["鈴木 次郎"], timed.GetProperty("neverAcknowledged").EnumerateArray().Select(n => n.GetString()!));
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        Assert.Contains("鈴木 次郎", await (await officer.Get($"/incidents/{number}/after-action")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(hooks.Received, h => h.Body.GetRawText().Contains("訓練", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tabletop_DecisionsIntoTheRecord_NothingSentNothingDeliveredByTheRound()
    {
        var drill = await Start(mode: "tabletop", scenario: "power-failure");
        var officer = drill.Hospital.Officer;

        Assert.False(await factory.Database(db => db.Notices.IgnoreQueryFilters().AnyAsync(n => n.IncidentId == Guid.Parse(drill.Id))));
        clock.Advance(TimeSpan.FromHours(2));
        await Round.Round(CancellationToken.None);
        Assert.Empty(await Settled(drill.Id));
        await (await officer.PostJson($"/api/v1/drills/{drill.Number}/injects/e1/deliver", new { })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var after = await (await officer.PostJson($"/api/v1/drills/{drill.Number}/injects/e1/deliver", new { decision = "非常用電源の稼働を確認し、情報システム担当を招集" }))
            .Json(HttpStatusCode.OK);

        Assert.Equal("非常用電源の稼働を確認し、情報システム担当を招集", after.GetProperty("injects")[0].GetProperty("decision").GetString());
        var events = await (await officer.GetAsync($"/api/v1/incidents/{drill.Number}/events")).Json(HttpStatusCode.OK);
        Assert.Contains("情報システム担当を招集", events.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"scenario\":\"earthquake\",\"participants\":[\"x\"]}", "drill-scenario-unknown")]
    [InlineData("{\"scenario\":\"network-loop\",\"mode\":\"remote\",\"participants\":[\"x\"]}", "drill-mode-unknown")]
    [InlineData("{\"scenario\":\"network-loop\",\"speed\":0,\"participants\":[\"x\"]}", "drill-speed-out-of-range")]
    [InlineData("{\"scenario\":\"network-loop\",\"participants\":[]}", "drill-participants-required")]
    [InlineData("{\"scenario\":\"network-loop\",\"participants\":[\"person:nobody\"]}", "drill-participant-unknown")]
    public async Task Start_BadRequest_SpecificProblem_NothingOpened(string body, string code)
    {
        var hospital = await factory.AddHospital("訓練不備病院 " + Guid.NewGuid().ToString("N")[..6]);

        await (await hospital.Officer.PostRaw("/api/v1/drills", body)).Problem(HttpStatusCode.BadRequest, code);
        Assert.False(await factory.Database(db => db.Incidents.IgnoreQueryFilters().AnyAsync(i => i.OrganizationId == hospital.Id)));
    }

    [Fact]
    public async Task Drills_RefusedToStaffAndVendors_UnknownIs404()
    {
        var drill = await Start();

        Assert.Equal(HttpStatusCode.Forbidden, (await drill.Hospital.Staff.GetAsync("/api/v1/drills")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await drill.Hospital.Vendor.PostJson($"/api/v1/drills/{drill.Number}/end", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client(null).GetAsync("/api/v1/drills")).StatusCode);
        await (await drill.Hospital.Management.GetAsync("/api/v1/drills/999")).Problem(HttpStatusCode.NotFound, "drill-not-found");
        // Another hospital's officer does not find it, by number or by id.
        var other = await factory.AddHospital("別の病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await other.Officer.GetAsync($"/api/v1/drills/{drill.Id}")).Problem(HttpStatusCode.NotFound, "drill-not-found");
    }

    [Fact]
    public async Task Notice_OnADrill_OnlyParticipants_Marked_AndNoneRefused()
    {
        var drill = await Start(mode: "tabletop");
        var officer = drill.Hospital.Officer;

        var sent = await (await officer.PostJson("/api/v1/notices", new
        {
            kind = "ad-hoc", title = "電子カルテ停止", body = "紙運用に切り替えてください。",
            audience = new { everyone = false, people = new[] { drill.Participant, drill.Bystander } }, incident = drill.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).Json(HttpStatusCode.Created);
        var notice = await factory.Database(db => db.Notices.IgnoreQueryFilters().SingleAsync(n => n.IncidentId == Guid.Parse(drill.Id)));
        Assert.Equal("【訓練】[DRILL] 電子カルテ停止", notice.Title);
        Assert.Equal([drill.Participant], await factory.Database(async db => await db.NoticeRecipients.IgnoreQueryFilters().Where(r => r.NoticeId == notice.Id).Select(r => r.Key).ToListAsync()));
        Assert.Equal(1, sent.GetProperty("recipients").GetInt32());

        await (await officer.PostJson("/api/v1/notices", new
        {
            kind = "ad-hoc", title = "全員へ", body = "本文", audience = new { people = new[] { drill.Bystander } }, incident = drill.Id,
        })).Problem(HttpStatusCode.UnprocessableEntity, "drill-notice-no-participants");
    }

    [Fact]
    public async Task Exclusions_DrillAbsentFromEveryRealListAndClock()
    {
        var drill = await Start();
        var real = await (await drill.Hospital.Officer.PostJson("/api/v1/incidents", new { title = "本物のインシデント" })).Json(HttpStatusCode.Created);
        var realId = Guid.Parse(real.GetProperty("incidentId").GetString()!);
        var drillId = Guid.Parse(drill.Id);
        // The legal clocks would run on both: management says the report is required.
        var answers = new[] { "sensitive-data", "financial-harm", "unlawful-purpose", "over-threshold" }
            .Select(category => new { category, applies = category == "sensitive-data", reason = "診療情報" }).ToArray();
        foreach (var id in new[] { realId, drillId })
            await (await drill.Hospital.Management.PostJson($"/api/v1/incidents/{id}/reporting/assessment", new { answers })).Json(HttpStatusCode.OK);

        // The incident list (API).
        var list = await (await drill.Hospital.Officer.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK);
        var listed = list.EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains(realId.ToString(), listed);
        Assert.DoesNotContain(drill.Id, listed);

        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(drill.Hospital.Id);
        // Home's open work and the alert board (both read OpenWork), the pickers, the legal clocks, a new report's matches.
        var open = await scope.ServiceProvider.GetRequiredService<OpenWork>().OpenIncidents(CancellationToken.None);
        Assert.Equal([realId], open.Select(v => v.Incident.Id));
        var pickers = await scope.ServiceProvider.GetRequiredService<IncidentQueries>().Open(50, CancellationToken.None);
        Assert.Equal([realId], pickers.Select(i => i.Id));
        var clocks = await scope.ServiceProvider.GetRequiredService<LoadReporting>().Running(CancellationToken.None);
        Assert.Equal([realId], clocks.Select(v => v.Incident.Id));
        var matches = await scope.ServiceProvider.GetRequiredService<ReportQueries>().Matches("3階東病棟", null, CancellationToken.None);
        Assert.DoesNotContain(matches, m => m.Candidate.Incident.Number == drill.Number);
        // The staff's home page does not name it; its own page says it is a drill.
        var staff = await PageSession.SignedIn(factory, drill.Hospital.Keys[Role.Staff]);
        var home = await (await staff.Get("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain($"/incidents/{drill.Number}\"", home, StringComparison.Ordinal);
        foreach (var page in new[] { $"/incidents/{drill.Number}", $"/incidents/{drill.Number}/contacts", $"/incidents/{drill.Number}/reports" })
            Assert.Contains("class=\"drill-band\"", await (await staff.Get(page)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var realNumber = real.GetProperty("number").GetInt32();
        Assert.DoesNotContain("class=\"drill-band\"", await (await staff.Get($"/incidents/{realNumber}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var sheet = await (await PageSession.SignedIn(factory, drill.Hospital.Keys[Role.Management])).Get($"/incidents/{drill.Number}/situation");
        Assert.Contains("drill-band", await sheet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Round_PausedBetweenItsReadAndItsDelivery_DeliversNothing_FacilitatorStillCan()
    {
        var drill = await Start(speed: 10);
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(drill.Hospital.Id);
        // The round has read the drill running; then the facilitator pauses it, and time goes on.
        var stale = await scope.ServiceProvider.GetRequiredService<LoadDrills>().Find(drill.Id, CancellationToken.None);
        Assert.NotNull(stale);
        await (await drill.Hospital.Officer.PostJson($"/api/v1/drills/{drill.Number}/pause", null)).Json(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains(stale.Plan(clock.GetUtcNow()), s => s.Inject.Id == "r2" && s.State == global::Sonae.Core.Aftercare.Drills.InjectState.Due);

        var deliver = scope.ServiceProvider.GetRequiredService<DeliverInject>();
        var outcome = await deliver.DeliverDue(DrillRecord.Facilitator(stale.Row), stale, "r2", CancellationToken.None);

        Assert.Equal("drill-inject-not-due", Assert.IsType<DrillRefused>(outcome).Code);
        Assert.DoesNotContain(await Settled(drill.Id), s => s.Inject == "r2");
        // The facilitator's own "deliver now" works while paused.
        Assert.IsType<CommandOutcome.Appended>(await deliver.Deliver(DrillRecord.Facilitator(stale.Row), stale, "r2", null, CancellationToken.None));
        Assert.Contains(("r2", "delivered"), await Settled(drill.Id));
    }

    [Fact]
    public async Task End_HeldNotRecorded_SaysSo_AndEndingAgainRecordsIt()
    {
        var drill = await Start(mode: "tabletop");
        var officer = drill.Hospital.Officer;
        // The drills section holds an entry it would now refuse (a drill without a title): no new version can be saved.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(drill.Hospital.Id);
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            db.PreparednessRevisions.Add(new global::Sonae.Data.Preparedness.PreparednessRevision
            {
                Id = Guid.NewGuid(), OrganizationId = drill.Hospital.Id, Section = "drills", Version = 1,
                Content = global::Sonae.Web.Preparedness.PreparednessSections.Serialize(global::Sonae.Core.Preparedness.PreparednessSection.Drills,
                    new global::Sonae.Core.Preparedness.DrillLog([new global::Sonae.Core.Preparedness.Drill("d-old", "", null, null, null, [], null, null)])),
                ChangedAt = clock.GetUtcNow(), ChangedBy = "test",
            });
            await db.SaveChangesAsync();
        }

        await (await officer.PostJson($"/api/v1/drills/{drill.Number}/end", null)).Problem(HttpStatusCode.Conflict, "drill-held-not-recorded");
        var ended = await (await officer.GetAsync($"/api/v1/drills/{drill.Number}")).Json(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("drill").GetProperty("endedAt").ValueKind);

        await (await officer.PutJson("/api/v1/preparedness/drills", new { baseVersion = 1, content = new { drills = new[] { new { id = "d-old", title = "昨年の訓練", participants = Array.Empty<string>() } } } }))
            .Json(HttpStatusCode.OK);
        await (await officer.PostJson($"/api/v1/drills/{drill.Number}/end", null)).Problem(HttpStatusCode.Conflict, "drill-ended");

        var drills = await (await officer.GetAsync("/api/v1/preparedness/drills")).Json(HttpStatusCode.OK);
        Assert.Equal(["d-old", "ransomware-vendor-vpn"], drills.GetProperty("content").GetProperty("drills").EnumerateArray()
            .Select(d => d.GetProperty("id").GetString() == "d-old" ? "d-old" : d.GetProperty("scenario").GetString()));
    }

    [Fact]
    public async Task OpenIncident_AsDrill_RefusedPointingToTheDrills_NothingOpened()
    {
        var hospital = await factory.AddHospital("訓練経路病院 " + Guid.NewGuid().ToString("N")[..6]);

        var problem = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "訓練", drill = true })).Problem(HttpStatusCode.BadRequest, "drill-through-drills");

        Assert.Contains("POST /api/v1/drills", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await factory.Database(db => db.Incidents.IgnoreQueryFilters().AnyAsync(i => i.OrganizationId == hospital.Id)));
        await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "本物", drill = false })).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Band_OnEveryPageThatShowsADrill_NoneForARealIncident()
    {
        var drill = await Start();
        var officer = drill.Hospital.Officer;
        var opened = await (await officer.PostJson("/api/v1/incidents", new { title = "本物のインシデント" })).Json(HttpStatusCode.Created);
        var (real, realId) = (opened.GetProperty("number").GetInt32(), opened.GetProperty("incidentId").GetString());
        await (await officer.PostJson("/api/v1/notices", new
        {
            kind = "ad-hoc", title = "本物の連絡", body = "本文", audience = new { people = new[] { drill.Bystander } }, incident = real.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).Json(HttpStatusCode.Created);
        Task<int> NoticeOf(int incident) => factory.Database(db => db.Notices.IgnoreQueryFilters()
            .Where(n => n.OrganizationId == drill.Hospital.Id && db.Incidents.IgnoreQueryFilters().Any(i => i.Id == n.IncidentId && i.Number == incident && i.OrganizationId == drill.Hospital.Id))
            .Select(n => n.Number).FirstAsync());
        var (drillNotice, realNotice) = (await NoticeOf(drill.Number), await NoticeOf(real));
        var session = await PageSession.SignedIn(factory, drill.Hospital.Keys[Role.SecurityOfficer]);

        foreach (var (page, isDrill) in new[]
        {
            ($"/report/sent/{drill.Number}", true), ($"/report/sent/{real}", false),
            ($"/notices/{drillNotice}", true), ($"/notices/{realNotice}", false),
            ($"/incidents/{drill.Number}/vendors", true), ($"/incidents/{real}/vendors", false),
            ($"/incidents/{drill.Number}/updates", true), ($"/incidents/{real}/updates", false),
            ($"/incidents/{drill.Number}/reports/privacy-preliminary", true), ($"/incidents/{real}/reports/privacy-preliminary", false),
            // By the incident's UUID: the report's preview, a document of its own with the band in its paper.
            ($"/incidents/{drill.Id}/reports/privacy-preliminary/preview", true), ($"/incidents/{realId}/reports/privacy-preliminary/preview", false),
            ($"/drills/{drill.Number}", true), ("/notices", false), ("/", false),
        })
        {
            using var response = await session.Get(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {response.StatusCode}");
            var bands = (await response.Content.ReadAsStringAsync()).Split("class=\"drill-band\"").Length - 1;
            Assert.True(bands == (isDrill ? 1 : 0), $"{page}: {bands} bands");
        }
    }

    [Fact]
    public async Task Pages_StartFromTheForm_FacilitatorPageListsTheCards()
    {
        var hospital = await factory.AddHospital("訓練画面病院 " + Guid.NewGuid().ToString("N")[..6]);
        var participant = await Account(hospital, "ward");
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        var response = await officer.PostPairs("/drills/do",
        [
            new("kind", "start"), new("scenario", "ehr-outage-night-shift"), new("mode", "tabletop"), new("speed", "1"), new("participant", participant), new("request", Guid.NewGuid().ToString("N")),
        ], await officer.Token("/drills"));
        var (ok, text) = PageSession.Flash(response);
        Assert.True(ok, text);
        var page = await (await officer.Get(response.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"inject-h6\"", page, StringComparison.Ordinal);
        Assert.Contains("drill-band", page, StringComparison.Ordinal);
        var refused = await officer.PostPairs("/drills/do", [new("kind", "start"), new("scenario", "ehr-outage-night-shift")], await officer.Token("/drills"));
        Assert.False(PageSession.Flash(refused).Ok);
    }
}

public sealed class SqliteDrillTests(DrillSqliteFactory factory) : DrillTests(factory, factory.Fake), IClassFixture<DrillSqliteFactory>;

public sealed class PostgresDrillTests(DrillPostgresFactory factory) : DrillTests(factory, factory.Fake), IClassFixture<DrillPostgresFactory>;
