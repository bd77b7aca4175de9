using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>The incident API end to end, over HTTP, on a real database. Runs once on SQLite and once on PostgreSQL.</summary>
public abstract class IncidentApiTests(SonaeFactory factory)
{
    private static readonly object RansomNote = new
    {
        department = "3階西病棟",
        location = "ナースステーション",
        device = "PC-3W-01",
        signs = new[] { "ransom-note", "odd-files" },
        since = "2026-11-24T08:45:00+09:00",
        description = "画面に英語の脅迫文",
        reporterName = "佐藤",
        reporterContact = "院内PHS 3021",
    };

    private async Task<(Hospital Hospital, string Incident)> Reported()
    {
        var hospital = await factory.AddHospital("テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote)).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        // The hospital's vendor is invited, as it would be to work on the incident (a vendor sees nothing else).
        await Invitation.Accept(hospital, incident);
        return (hospital, incident);
    }

    private static async Task<JsonElement> State(HttpClient client, string incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}")).Json(HttpStatusCode.OK);

    private static string StepState(JsonElement state, string step) =>
        state.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == step).GetProperty("state").GetString()!;

    private static async Task Ok(Task<HttpResponseMessage> request) => await (await request).Json(HttpStatusCode.OK);

    private static Task Fact(HttpClient client, string incident, string fact, string value, string? reason = null) =>
        Ok(client.PutJson($"/api/v1/incidents/{incident}/facts/{fact}", new { value, reason }));

    private static Task Complete(HttpClient client, string incident, string step) =>
        Ok(client.PostJson($"/api/v1/incidents/{incident}/steps/{step}/complete", null));

    private async Task<long> EventCount(string incident) =>
        await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).LongCountAsync(e => e.IncidentId == Guid.Parse(incident)));

    [Fact]
    public async Task AnomalyReport_WithInfectionSigns_OpensIncidentAndTellsStaffToDisconnect()
    {
        var hospital = await factory.AddHospital("みなと病院");

        var response = await hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote);

        var body = await response.Json(HttpStatusCode.Created);
        Assert.True(body.GetProperty("opened").GetBoolean());
        var next = Assert.Single(body.GetProperty("next").EnumerateArray());
        Assert.Equal("1-2", next.GetProperty("step").GetString());
        Assert.Contains("電源は切らない", next.GetProperty("text").GetProperty("ja").GetString(), StringComparison.Ordinal);
        var incident = body.GetProperty("incident").GetProperty("incidentId").GetString()!;
        Assert.Equal($"/api/v1/incidents/{incident}", response.Headers.Location?.OriginalString);

        var state = await State(hospital.Officer, incident);
        Assert.Equal("3階西病棟 ナースステーション PC-3W-01", state.GetProperty("incident").GetProperty("title").GetString());
        Assert.Equal("done", StepState(state, "1-1"));
        Assert.Equal("available", StepState(state, "1-2"));
        Assert.Equal("+09:00", state.GetProperty("incident").GetProperty("openedAt").GetString()![^6..]);
    }

    [Fact]
    public async Task CyberAttack_ThroughPolicy_OpensReportsAndKeepsTheChain()
    {
        var (hospital, incident) = await Reported();
        await Ok(hospital.Staff.PostJson($"/api/v1/incidents/{incident}/steps/1-2/actions/unplug/complete", new { comment = "LAN を抜いた" }));
        await Complete(hospital.Staff, incident, "1-2");
        await Complete(hospital.Staff, incident, "1-3");
        await Fact(hospital.Officer, incident, "anomaly-confirmed", "yes");
        await Complete(hospital.Officer, incident, "1-4");
        await Fact(hospital.Officer, incident, "cause", "cyber-attack");
        await Fact(hospital.Officer, incident, "cyber-attack-signs", "yes");
        await Fact(hospital.Vendor, incident, "data-leak-suspected", "unknown");
        await Complete(hospital.Officer, incident, "2-1");
        foreach (var step in new[] { "2-6", "2-7" })
            await Complete(hospital.Officer, incident, step);
        await Fact(hospital.Management, incident, "response-team-formed", "yes");
        await Complete(hospital.Management, incident, "2-8");
        await Complete(hospital.Vendor, incident, "2-10");
        await Complete(hospital.Officer, incident, "2-11");
        foreach (var (fact, value) in new[] { ("report-to-ministry", "yes"), ("personal-data-at-risk", "yes"), ("legal-action", "no"), ("preserve-evidence", "yes") })
            await Fact(hospital.Management, incident, fact, value);
        await Complete(hospital.Management, incident, "2-12");

        var state = await State(hospital.Management, incident);
        Assert.All(new[] { "2-13", "2-14", "2-18", "4-3" }, s => Assert.Equal("available", StepState(state, s)));
        Assert.Equal("not-applicable", StepState(state, "4-4"));
        var managementNext = state.GetProperty("next").GetProperty("management").EnumerateArray().Select(n => n.GetProperty("step").GetString()).Distinct();
        Assert.Equal(["2-13", "2-18", "4-3"], managementNext);

        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/events?limit=1000")).Json(HttpStatusCode.OK);
        var items = events.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(state.GetProperty("lastSeq").GetInt64(), items.Count);
        for (var i = 1; i < items.Count; i++)
        {
            using var body = JsonDocument.Parse(items[i].GetProperty("body").GetString()!);
            Assert.Equal(items[i - 1].GetProperty("hash").GetString(), body.RootElement.GetProperty("prev").GetString());
        }
    }

    [Fact]
    public async Task CompleteStep_WithoutTheRole_IsForbiddenInJapaneseAndStoresNothing()
    {
        var (hospital, incident) = await Reported();
        var before = await EventCount(incident);

        var problem = await (await hospital.Vendor.PostJson($"/api/v1/incidents/{incident}/steps/1-2/actions/unplug/complete", null))
            .Problem(HttpStatusCode.Forbidden, "role-required");

        Assert.Contains("医療従事者・一般のシステム利用者", problem.Detail(), StringComparison.Ordinal);
        Assert.Contains("あなたの役割: ベンダ・事業者", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCount(incident));
    }

    [Fact]
    public async Task CompleteStep_Locked_IsAConflictSayingWhatComesFirst_InEnglishWhenAsked()
    {
        var (hospital, incident) = await Reported();
        var english = factory.Client(null, "en");
        english.DefaultRequestHeaders.Authorization = hospital.Officer.DefaultRequestHeaders.Authorization;

        var problem = await (await english.PostJson($"/api/v1/incidents/{incident}/steps/1-4/complete", null)).Problem(HttpStatusCode.Conflict, "step-locked");

        Assert.Equal("Step 1-4 (Security officer confirms) is not open yet. Finish 1-3 (Tell the security officer) first.", problem.Detail());
        Assert.Equal("This cannot be done now", problem.GetProperty("title").GetString());
        Assert.Equal(["1-3"], problem.GetProperty("waitingForSteps").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task BadInput_GetsASpecificProblem_AndNothingIsStored()
    {
        var (hospital, incident) = await Reported();
        var before = await EventCount(incident);

        var malformed = await (await hospital.Officer.PostRaw($"/api/v1/incidents/{incident}/notes", "{\"text\": oops}")).Problem(HttpStatusCode.BadRequest, "unreadable-json");
        Assert.Contains("$.text", malformed.Detail(), StringComparison.Ordinal);

        var unknownStep = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/steps/9-9/complete", null)).Problem(HttpStatusCode.NotFound, "unknown-step");
        Assert.Contains("9-9", unknownStep.Detail(), StringComparison.Ordinal);

        var oversize = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = new string('あ', 4001) }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal("本文 (text) は 4000 文字以内で入力してください。", oversize.Detail());
        Assert.True(oversize.GetProperty("errors").TryGetProperty("text", out _));

        var badValue = await (await hospital.Staff.PutJson($"/api/v1/incidents/{incident}/facts/infection-signs", new { value = "maybe", reason = "再確認" }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("yes, no, unknown", badValue.Detail(), StringComparison.Ordinal);

        var badSign = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "ransomware" } }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("ransom-note", badSign.Detail(), StringComparison.Ordinal);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/contacts", new { party = "IPA", channel = "pigeon", result = "reached" }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");

        Assert.Equal(before, await EventCount(incident));
        Assert.Equal(1, await factory.Database(db => db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).CountAsync(i => i.OrganizationId == hospital.Id)));
    }

    [Fact]
    public async Task RecordFact_TwoAtOnce_TheLoserGetsAConflictWithWhatWasJustRecorded()
    {
        var (hospital, incident) = await Reported();
        await Ok(hospital.Staff.PostJson($"/api/v1/incidents/{incident}/steps/1-2/actions/unplug/complete", null));
        await Complete(hospital.Staff, incident, "1-2");
        await Complete(hospital.Staff, incident, "1-3");
        var before = await EventCount(incident);

        var answers = await Task.WhenAll(
            hospital.Officer.PutJson($"/api/v1/incidents/{incident}/facts/anomaly-confirmed", new { value = "yes" }),
            hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/anomaly-confirmed", new { value = "no" }));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(answers, a => a != winner);
        var problem = await loser.Problem(HttpStatusCode.Conflict, "fact-already-recorded");
        var recorded = answers[0] == winner ? "yes" : "no";
        Assert.Equal(recorded, problem.GetProperty("value").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("by").GetString()));
        Assert.Equal("+09:00", problem.GetProperty("at").GetString()![^6..]);
        Assert.Contains(recorded == "yes" ? "はい" : "いいえ", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(before + 1, await EventCount(incident));
    }

    [Fact]
    public async Task RecordFact_Revision_NeedsAReasonAndKeepsThePreviousValue()
    {
        var (hospital, incident) = await Reported();

        var refused = await (await hospital.Staff.PutJson($"/api/v1/incidents/{incident}/facts/infection-signs", new { value = "no" })).Problem(HttpStatusCode.Conflict, "fact-already-recorded");
        Assert.StartsWith("「ウイルス感染の兆候」(infection-signs) はすでに「あり」と記録されています", refused.Detail(), StringComparison.Ordinal);
        Assert.Contains("理由 (reason)", refused.Detail(), StringComparison.Ordinal);

        await Fact(hospital.Officer, incident, "infection-signs", "no", "ベンダ確認の結果、表示は広告ページだった");

        var state = await State(hospital.Officer, incident);
        var fact = state.GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "infection-signs");
        Assert.Equal(("no", 1), (fact.GetProperty("value").GetString(), fact.GetProperty("revisions").GetInt32()));
        Assert.Equal("not-applicable", StepState(state, "1-2"));
        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/events")).Json(HttpStatusCode.OK);
        var last = JsonDocument.Parse(events.GetProperty("items").EnumerateArray().Last().GetProperty("body").GetString()!).RootElement;
        Assert.Equal(("fact-revised", "yes"), (last.GetProperty("type").GetString(), last.GetProperty("data").GetProperty("previous").GetString()));
    }

    [Fact]
    public async Task OtherOrganization_CannotSeeOrTouchTheIncident()
    {
        var (hospital, incident) = await Reported();
        var other = await factory.AddHospital("別の病院");

        await (await other.Officer.GetAsync($"/api/v1/incidents/{incident}")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await other.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "侵入" })).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await other.Staff.PostJson("/api/v1/anomaly-reports", new { incidentId = incident, department = "外来", signs = new[] { "other" } }))
            .Problem(HttpStatusCode.NotFound, "incident-not-found");
        var list = await (await other.Officer.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK);
        Assert.Equal(0, list.GetArrayLength());
        // Incident numbers are per organization: the other hospital's first incident is its own number 1.
        await (await other.Officer.GetAsync("/api/v1/incidents/1")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        Assert.Equal(1, (await (await hospital.Officer.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task AnomalyReport_SentTwiceWithTheSameKey_FilesOneReport()
    {
        var hospital = await factory.AddHospital("二度押し病院");
        var key = Guid.NewGuid().ToString();

        var first = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote, key)).Json(HttpStatusCode.Created);
        var second = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote, key)).Json(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("incident").GetProperty("incidentId").GetString(), second.GetProperty("incident").GetProperty("incidentId").GetString());
        Assert.True(second.GetProperty("incident").GetProperty("replayed").GetBoolean());
        Assert.Equal(1, (await (await hospital.Officer.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task IdempotencyKey_ReusedForAnotherRequest_IsRefusedAndRecordsNothing()
    {
        var (hospital, incident) = await Reported();
        var key = Guid.NewGuid().ToString();
        await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "一度目" }, key));
        var before = await EventCount(incident);

        var replay = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "一度目" }, key)).Json(HttpStatusCode.OK);
        var otherText = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "二度目" }, key))
            .Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/close", new { reason = "別の操作" }, key))
            .Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        Assert.True(replay.GetProperty("replayed").GetBoolean());
        Assert.Equal(before, replay.GetProperty("lastSeq").GetInt64());
        Assert.Contains("別のリクエスト", otherText.Detail(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCount(incident));
    }

    [Fact]
    public async Task AnomalyReport_JoiningAnOpenIncident_AddsToItsRecord()
    {
        var (hospital, incident) = await Reported();

        var joined = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports",
            new { incidentId = incident, department = "5階東病棟", device = "PC-5E-03", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.OK);

        Assert.False(joined.GetProperty("opened").GetBoolean());
        // The second reporter's own device needs unplugging too, whatever the incident's step 1-2 says.
        Assert.Equal("1-2", Assert.Single(joined.GetProperty("next").EnumerateArray()).GetProperty("step").GetString());
        Assert.Equal(incident, joined.GetProperty("incident").GetProperty("incidentId").GetString());
        Assert.Equal(2, (await State(hospital.Officer, incident)).GetProperty("anomalyReports").GetInt32());
    }

    [Fact]
    public async Task ConcurrentCommands_OnOneIncident_NeverForkTheChain()
    {
        var (hospital, incident) = await Reported();
        var before = await EventCount(incident);

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = $"同時書き込み {i}" })));

        // One writer per process queues them all: none is lost, none is refused.
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var accepted = responses.Length;
        var seqs = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(e => e.IncidentId == Guid.Parse(incident)).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync());
        Assert.Equal(Enumerable.Range(1, (int)before + accepted).Select(i => (long)i), seqs);
        var state = await State(hospital.Officer, incident);
        Assert.Equal(before + accepted, state.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task ConcurrentReports_OpenIncidentsWithDistinctNumbers_AndOneKeyFilesOnce()
    {
        var hospital = await factory.AddHospital("同時報告病院");
        var key = Guid.NewGuid().ToString();

        var distinct = Enumerable.Range(0, 12).Select(_ => hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote));
        var sameKey = Enumerable.Range(0, 4).Select(_ => hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote, key));
        var responses = await Task.WhenAll(distinct.Concat(sameKey));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var incidents = (await (await hospital.Officer.GetAsync("/api/v1/incidents?limit=100")).Json(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(13, incidents.Count);
        Assert.Equal(Enumerable.Range(1, 13), incidents.Select(i => i.GetProperty("number").GetInt32()).Order());
    }

    [Fact]
    public async Task Events_ArePagedFromTheLatest_WithLinksBothWays()
    {
        var (hospital, incident) = await Reported();
        for (var i = 0; i < 6; i++)
            await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = $"メモ {i}" }));

        var latest = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/events?limit=4")).Json(HttpStatusCode.OK);
        Assert.Equal([7L, 8, 9, 10], latest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(7, latest.GetProperty("older").GetInt64());
        Assert.Equal(JsonValueKind.Null, latest.GetProperty("newer").ValueKind);

        var older = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/events?limit=4&before=7")).Json(HttpStatusCode.OK);
        Assert.Equal([3L, 4, 5, 6], older.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        var first = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/events?limit=4&after=0")).Json(HttpStatusCode.OK);
        Assert.Equal(1, first.GetProperty("items")[0].GetProperty("seq").GetInt64());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("older").ValueKind);

        await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/events?limit=5000")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var english = factory.Client(null, "en");
        english.DefaultRequestHeaders.Authorization = hospital.Officer.DefaultRequestHeaders.Authorization;
        var notANumber = await (await english.GetAsync($"/api/v1/incidents/{incident}/events?before=xyz")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal("before must be a whole number (\"xyz\" is not).", notANumber.Detail());
    }

    [Fact]
    public async Task MalformedJson_InEnglish_IsExplainedInEnglish()
    {
        var (hospital, incident) = await Reported();
        var english = factory.Client(null, "en");
        english.DefaultRequestHeaders.Authorization = hospital.Officer.DefaultRequestHeaders.Authorization;

        var problem = await (await english.PostRaw($"/api/v1/incidents/{incident}/notes", "{\"text\": [1,")).Problem(HttpStatusCode.BadRequest, "unreadable-json");

        Assert.StartsWith("The JSON cannot be read", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_FalseAlarm_ThenTheIncidentTakesNoMore()
    {
        var hospital = await factory.AddHospital("誤報病院");
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "監視アラート: 通信量増加", source = "alert" })).Json(HttpStatusCode.Created);
        var incident = opened.GetProperty("incidentId").GetString()!;
        await Invitation.Accept(hospital, incident);
        await Fact(hospital.Officer, incident, "infection-signs", "no");
        await Complete(hospital.Officer, incident, "1-1");
        await Complete(hospital.Vendor, incident, "1-3");
        await Fact(hospital.Officer, incident, "anomaly-confirmed", "no");
        await Complete(hospital.Officer, incident, "1-4");

        await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{incident}/close", null));

        var state = await State(hospital.Officer, incident);
        Assert.Equal(("closed", "false-alarm"), (state.GetProperty("incident").GetProperty("status").GetString(), state.GetProperty("incident").GetProperty("outcome").GetString()));
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "後から" })).Problem(HttpStatusCode.Conflict, "incident-closed");
    }

    [Fact]
    public async Task Close_WithOpenSteps_NeedsAReason()
    {
        var (hospital, incident) = await Reported();

        var problem = await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/close", new { })).Problem(HttpStatusCode.Conflict, "steps-still-open");
        Assert.Contains("1-2", problem.Detail(), StringComparison.Ordinal);
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{incident}/close", new { reason = "職員が閉じる" })).Problem(HttpStatusCode.Forbidden, "role-required");

        await Ok(hospital.Management.PostJson($"/api/v1/incidents/{incident}/close", new { reason = "別インシデント #2 と重複" }));
        Assert.Equal("closed-early", (await State(hospital.Officer, incident)).GetProperty("incident").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ContactsAssetsAndReports_AreRecorded()
    {
        var (hospital, incident) = await Reported();

        await Ok(hospital.Officer.PostJson($"/api/v1/incidents/{incident}/contacts", new { party = "IPA", channel = "phone", result = "no-answer", comment = "留守電" }));
        await Ok(hospital.Vendor.PostJson($"/api/v1/incidents/{incident}/assets", new { asset = "EHR-DB-01", status = "isolated" }));
        await Ok(hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports", new { report = "ministry", sha256 = new string('a', 64), to = "厚生労働省", via = "email" }));
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{incident}/assets", new { asset = "PC", status = "restored" })).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports", new { report = "ministry", sha256 = "abc", to = "厚生労働省", via = "email" }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");

        var state = await State(hospital.Officer, incident);
        Assert.Equal((1, 1), (state.GetProperty("contactsLogged").GetInt32(), state.GetProperty("reportsIssued").GetInt32()));
        Assert.Equal("isolated", state.GetProperty("assets")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ApiKey_InTheXApiKeyHeader_Works_AndARevokedKeyDoesNot()
    {
        var hospital = await factory.AddHospital("鍵の病院");
        var key = hospital.Officer.DefaultRequestHeaders.Authorization!.Parameter!;
        var byHeader = factory.Client(null);
        byHeader.DefaultRequestHeaders.Add("X-Api-Key", key);
        await (await byHeader.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK);

        var revoked = await factory.AddHospital("失効の病院");
        var revokedKey = revoked.Vendor.DefaultRequestHeaders.Authorization!.Parameter!;
        var hash = Sonae.Web.Access.ApiKeySecrets.Hash(revokedKey);
        await factory.Database(async db =>
        {
            var row = await db.ApiKeys.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).SingleAsync(k => k.SecretHash == hash);
            db.Scope.Enter(row.OrganizationId);
            row.RevokedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });
        await (await revoked.Vendor.GetAsync("/api/v1/incidents")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Requests_WithoutAValidKey_AreUnauthorized()
    {
        var anonymous = factory.Client(null);
        await (await anonymous.GetAsync("/api/v1/incidents")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await factory.Client("sonae_not-a-real-key").GetAsync("/api/v1/incidents")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await anonymous.GetAsync("/api/v1/nothing-here")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("ok", (await (await anonymous.GetAsync("/health")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownRoute_ForASignedInCaller_IsAProblemToo()
    {
        var hospital = await factory.AddHospital("経路病院");
        var problem = await (await hospital.Officer.GetAsync("/api/v1/nothing-here")).Problem(HttpStatusCode.NotFound, "route-not-found");
        Assert.Contains("/api/v1/nothing-here", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentEvents_AreAppendOnlyInTheDatabase()
    {
        await Reported();

        var update = await Assert.ThrowsAnyAsync<Exception>(() => factory.Database(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"IncidentEvents\" SET \"Body\" = 'x'")));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => factory.Database(db =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"IncidentEvents\"")));
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrations_CoverTheModel()
    {
        var pending = await factory.Database(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        Assert.False(pending);
    }
}

public sealed class SqliteIncidentApiTests(SqliteFactory factory) : IncidentApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresIncidentApiTests(PostgresFactory factory) : IncidentApiTests(factory), IClassFixture<PostgresFactory>;
