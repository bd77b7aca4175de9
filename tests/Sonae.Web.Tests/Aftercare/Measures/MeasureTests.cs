using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Aftercare.Measures;

/// <summary>
/// Recurrence-prevention measures and instructions to contractors on a real server: added and named by number and
/// id, moved along their statuses with the refusals in the caller's words, disseminated as a notice whose
/// acknowledgements show on the measure, checked on schedule (overdue on the readiness page and the officer's home as
/// the clock moves), and a vendor's link invited, used, revoked and expired. Each test has a hospital of its own.
/// </summary>
public abstract class MeasureTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private static readonly PeopleDirectory Directory = new(
        [
            new Person("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], null, [new(ChannelKind.Mobile, "090-0000-2100")]),
            new Person("p-sato", "佐藤 美咲", "3階西病棟", "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "3310")]),
            new Person("p-kato", "加藤 健", "薬剤部", "薬剤師", [Role.Staff], null, [new(ChannelKind.Phs, "4100")]),
        ],
        ["情報システム課", "3階西病棟", "薬剤部"], "p-tanaka", []);

    private static readonly ExternalPartyList Parties = new(
        [new ExternalParty("v-network", PartyKind.Contractor, "港ネットワーク工業", "保守課", [new(ChannelKind.Office, "03-0000-0000")], new DateOnly(2030, 1, 1))]);

    private async Task<Hospital> NewHospital()
    {
        var hospital = await factory.AddHospital("対策病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content = JsonSerializer.SerializeToElement(Directory, RecordJson.Options) })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/parties", new { baseVersion = 0, content = JsonSerializer.SerializeToElement(Parties, RecordJson.Options) })).Json(HttpStatusCode.OK);
        return hospital;
    }

    private string Day(int days) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> Add(HttpClient client, object body, string? key = null) =>
        await (await client.PostJson("/api/v1/measures", body, key)).Json(HttpStatusCode.Created);

    [Fact]
    public async Task AMeasure_IsNamedByNumberOrId_AndMovesForwardOnly_WithRefusalsInTheCallersWords()
    {
        var hospital = await NewHospital();
        var incident = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "VPN 経由の侵入" })).Json(HttpStatusCode.Created);
        var body = new { title = "VPN 装置の更新", owner = "person:p-tanaka", costYen = 1_200_000, due = Day(30), incident = incident.GetProperty("number").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), finding = "保守用 VPN の脆弱性" };
        var added = await Add(hospital.Officer, body, "double-tap-1");
        var again = await Add(hospital.Officer, body, "double-tap-1");
        Assert.Equal(added.GetProperty("id").GetString(), again.GetProperty("id").GetString()); // one measure for a double tap
        Assert.Equal(("proposed", "田中 一郎", "p-tanaka"), (added.GetProperty("status").GetString(), added.GetProperty("owner").GetString(), added.GetProperty("ownerPersonId").GetString()));
        Assert.Equal(incident.GetProperty("number").GetInt32(), added.GetProperty("incident").GetInt32());
        var number = added.GetProperty("number").GetInt32();

        var byNumber = await (await hospital.Staff.GetAsync($"/api/v1/measures/{number}")).Json(HttpStatusCode.OK);
        var byId = await (await hospital.Staff.GetAsync($"/api/v1/measures/{added.GetProperty("id").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal(byNumber.GetProperty("measure").GetProperty("id").GetString(), byId.GetProperty("measure").GetProperty("id").GetString());
        Assert.Equal(["approved", "dropped"], byNumber.GetProperty("nextStatuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("#999", (await (await hospital.Staff.GetAsync("/api/v1/measures/999")).Problem(HttpStatusCode.NotFound, "measure-not-found")).Detail(), StringComparison.Ordinal);
        Assert.DoesNotContain(Guid.Empty.ToString(), (await (await hospital.Staff.GetAsync($"/api/v1/measures/{Guid.Empty}")).Problem(HttpStatusCode.NotFound, "measure-not-found")).Detail(), StringComparison.Ordinal);
        // Another hospital's measure is never found.
        var other = await NewHospital();
        await (await other.Officer.GetAsync($"/api/v1/measures/{added.GetProperty("id").GetString()}")).Problem(HttpStatusCode.NotFound, "measure-not-found");

        var skip = await (await hospital.Officer.PostJson($"/api/v1/measures/{number}/status", new { status = "done" })).Problem(HttpStatusCode.Conflict, "measure-status-not-allowed");
        Assert.Contains("決定", skip.Detail(), StringComparison.Ordinal);
        var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");
        Assert.Contains("It can become: Approved", (await (await english.PostJson($"/api/v1/measures/{number}/status", new { status = "done" })).Problem(HttpStatusCode.Conflict, "measure-status-not-allowed")).Detail(), StringComparison.Ordinal);
        await (await hospital.Officer.PostJson($"/api/v1/measures/{number}/status", new { status = "finished" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson($"/api/v1/measures/{number}/status", new { status = "dropped" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        foreach (var status in new[] { "approved", "in-progress", "done" })
            Assert.Equal(status, (await (await hospital.Management.PostJson($"/api/v1/measures/{number}/status", new { status })).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        await (await hospital.Officer.PostJson($"/api/v1/measures/{number}/status", new { status = "dropped", reason = "遅すぎた" })).Problem(HttpStatusCode.Conflict, "measure-status-not-allowed");
        await (await hospital.Staff.PostJson($"/api/v1/measures/{number}/status", new { status = "dropped", reason = "x" })).Problem(HttpStatusCode.Forbidden, "role-required");

        var dropped = await Add(hospital.Officer, new { title = "中止する対策", owner = "外部コンサルタント 森", due = Day(10) });
        var dropNumber = dropped.GetProperty("number").GetInt32();
        var afterDrop = await (await hospital.Officer.PostJson($"/api/v1/measures/{dropNumber}/status", new { status = "dropped", reason = "予算が付かなかった" })).Json(HttpStatusCode.OK);
        Assert.Equal(("dropped", "予算が付かなかった", (string?)null), (afterDrop.GetProperty("status").GetString(), afterDrop.GetProperty("droppedReason").GetString(), afterDrop.GetProperty("ownerPersonId").GetString()));
        var done = await (await hospital.Staff.GetAsync("/api/v1/measures?status=done")).Json(HttpStatusCode.OK);
        Assert.Equal([number], done.EnumerateArray().Select(m => m.GetProperty("number").GetInt32()));
        await (await hospital.Staff.GetAsync("/api/v1/measures?status=finished")).Problem(HttpStatusCode.BadRequest, "invalid-field");
    }

    [Fact]
    public async Task BadInput_IsRefusedField_ByField_AndNothingIsKept()
    {
        var hospital = await NewHospital();
        var due = await (await hospital.Officer.PostJson("/api/v1/measures", new { title = "x", owner = "田中", due = "31/03/2027" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("2027-03-31", due.Detail(), StringComparison.Ordinal);
        await (await hospital.Officer.PostJson("/api/v1/measures", new { title = "x", owner = "田中", due = Day(3), costYen = -1 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/measures", new { title = " ", owner = "田中", due = Day(3) })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/measures", new { title = "x", owner = "person:p-nobody", due = Day(3) })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/measures", new { title = "x", owner = "田中", due = Day(3), incident = "4711" })).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Officer.PostJson("/api/v1/measures", new { title = "x\u0000", owner = "田中", due = Day(3) })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal(0, (await (await hospital.Staff.GetAsync("/api/v1/measures")).Json(HttpStatusCode.OK)).GetArrayLength());

        var measure = (await Add(hospital.Officer, new { title = "研修", owner = "田中", due = Day(3) })).GetProperty("number").GetInt32();
        await (await hospital.Officer.PostJson($"/api/v1/measures/{measure}/training-sessions", new { date = Day(1), title = "説明会", count = 3 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson($"/api/v1/measures/{measure}/training-sessions", new { date = Day(0), title = "説明会" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var session = await (await hospital.Officer.PostJson($"/api/v1/measures/{measure}/training-sessions", new { date = Day(0), title = "説明会", attendees = "3階西病棟", count = 12 })).Json(HttpStatusCode.Created);
        Assert.Equal(12, session.GetProperty("count").GetInt32());
        var detail = await (await hospital.Staff.GetAsync($"/api/v1/measures/{measure}")).Json(HttpStatusCode.OK);
        Assert.Equal(["説明会"], detail.GetProperty("training").EnumerateArray().Select(t => t.GetProperty("title").GetString()));

        await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "party:v-network", instruction = "更新", everyMonths = 3, dates = new[] { Day(30) } })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "party:v-network", instruction = "更新" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "party:v-none", instruction = "更新", everyMonths = 3 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "party:v-network", instruction = "更新", everyMonths = 25 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal(0, (await (await hospital.Staff.GetAsync("/api/v1/contractor-instructions")).Json(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task AMeasure_Disseminated_ShowsItsAcknowledgements_AndWhoHasNot()
    {
        var hospital = await NewHospital();
        var measure = (await Add(hospital.Officer, new { title = "USB メモリの持ち込み禁止", owner = "person:p-tanaka", due = Day(14) })).GetProperty("number").GetInt32();
        var sent = await (await hospital.Officer.PostJson($"/api/v1/measures/{measure}/notices", new { audience = new { departments = new[] { "3階西病棟", "薬剤部" } } }, "notice-1")).Json(HttpStatusCode.Created);
        var twice = await (await hospital.Officer.PostJson($"/api/v1/measures/{measure}/notices", new { audience = new { departments = new[] { "3階西病棟", "薬剤部" } } }, "notice-1")).Json(HttpStatusCode.Created);
        Assert.Equal(sent.GetProperty("number").GetInt32(), twice.GetProperty("number").GetInt32());
        Assert.Equal("measures", sent.GetProperty("kind").GetString());

        var notice = await (await hospital.Officer.GetAsync($"/api/v1/notices/{sent.GetProperty("number").GetInt32()}")).Json(HttpStatusCode.OK);
        Assert.Contains("USB メモリの持ち込み禁止", notice.GetProperty("notice").GetProperty("title").GetString(), StringComparison.Ordinal);
        var sato = notice.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "佐藤 美咲").GetProperty("link").GetString()!;
        await (await factory.CreateClient().PostAsync("/api/v1/acknowledgements/" + new Uri(sato).AbsolutePath["/ack/".Length..], null)).Json(HttpStatusCode.OK);

        var detail = await (await hospital.Staff.GetAsync($"/api/v1/measures/{measure}")).Json(HttpStatusCode.OK);
        var dissemination = Assert.Single(detail.GetProperty("notices").EnumerateArray());
        Assert.Equal((1, 2), (dissemination.GetProperty("acknowledged").GetInt32(), dissemination.GetProperty("recipients").GetInt32()));
        Assert.Equal(["加藤 健"], dissemination.GetProperty("notAcknowledged").EnumerateArray().Select(n => n.GetString()));

        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        var page = await (await staff.Get($"/measures/{measure}")).Content.ReadAsStringAsync();
        Assert.Contains("確認済み 1 / 2 人", page, StringComparison.Ordinal);
        Assert.Contains("加藤 健", page, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/measures/", page, StringComparison.Ordinal); // staff read; they change nothing

        // The page's own form sends one too (no script), and goes back to the measure.
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var path = $"/measures/{measure}";
        var posted = await officer.PostPairs($"{path}/do", [new("kind", "notice"), new("everyone", "true"), new("requestId", "form-1")], await officer.Token(path));
        Assert.True(PageSession.Flash(posted).Ok, PageSession.Flash(posted).Text);
        Assert.Equal(2, (await (await hospital.Staff.GetAsync($"/api/v1/measures/{measure}")).Json(HttpStatusCode.OK)).GetProperty("notices").GetArrayLength());
    }

    [Fact]
    public void Draft_IsInJapaneseAndEnglish_WhateverTheSendersLanguage()
    {
        var was = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        try
        {
            var draft = Sonae.Web.Aftercare.Measures.DisseminateMeasure.Draft("USB の禁止", "私物の USB メモリは使わない。", "田中", new DateOnly(2025, 10, 31));
            Assert.Equal(("再発防止策のお知らせ:USB の禁止", "New measure: USB の禁止"), (draft.Title.Ja, draft.Title.En));
            Assert.Contains("担当:田中 期限:2025-10-31", draft.Body.Ja, StringComparison.Ordinal);
            Assert.Contains("Owner: 田中, due 2025-10-31.", draft.Body.En, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = was;
        }
    }

    [Fact]
    public async Task TheNoticeForm_StartsFromTheDraftInTheSendersLanguage()
    {
        var hospital = await NewHospital();
        var measure = (await Add(hospital.Officer, new { title = "USB の禁止", owner = "田中", due = Day(14) })).GetProperty("number").GetInt32();

        var japanese = await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer])).Get($"/measures/{measure}")).Content.ReadAsStringAsync();
        var english = await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer], "en")).Get($"/measures/{measure}")).Content.ReadAsStringAsync();
        Assert.Contains("再発防止策のお知らせ:USB の禁止", japanese, StringComparison.Ordinal);
        Assert.Contains("New measure: USB の禁止", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_MeasuresAndChecks_ShowOnReadiness_AndTheOfficersHome_UntilDone()
    {
        var hospital = await NewHospital();
        var measure = (await Add(hospital.Officer, new { title = "バックアップの切り離し", owner = "田中", due = Day(5) })).GetProperty("number").GetInt32();
        var issued = await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new
        {
            vendor = "party:v-network", system = "VPN-01", instruction = "ファームウェアを 30 日以内に更新すること", everyMonths = 1, measure = measure.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).Json(HttpStatusCode.Created);
        var instruction = issued.GetProperty("number").GetInt32();
        Assert.Equal(("港ネットワーク工業", "v-network", measure), (issued.GetProperty("vendor").GetString(), issued.GetProperty("vendorPartyId").GetString(), issued.GetProperty("measure").GetInt32()));
        Assert.False(issued.GetProperty("checkOverdue").GetBoolean());
        var byId = await (await hospital.Staff.GetAsync($"/api/v1/contractor-instructions/{issued.GetProperty("id").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal(instruction, byId.GetProperty("instruction").GetProperty("number").GetInt32());

        clock.Advance(TimeSpan.FromDays(40));
        var readiness = await (await hospital.Staff.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK);
        var kinds = readiness.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("kind").GetString(), f.GetProperty("subject").GetString())).ToList();
        Assert.Contains(("measure-overdue", measure.ToString(System.Globalization.CultureInfo.InvariantCulture)), kinds);
        Assert.Contains(("contractor-check-overdue", instruction.ToString(System.Globalization.CultureInfo.InvariantCulture)), kinds);
        Assert.Equal([measure], (await (await hospital.Staff.GetAsync("/api/v1/measures?overdue=true")).Json(HttpStatusCode.OK)).EnumerateArray().Select(m => m.GetProperty("number").GetInt32()));

        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var home = await (await officer.Get("/")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/measures/{measure}\"", home, StringComparison.Ordinal);
        Assert.Contains($"href=\"/contractor-instructions/{instruction}\"", home, StringComparison.Ordinal);
        var staffHome = await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.Staff])).Get("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("measures-card", staffHome, StringComparison.Ordinal);
        var readinessPage = await (await officer.Get("/preparedness")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/contractor-instructions/{instruction}\"", readinessPage, StringComparison.Ordinal);

        // A check in the future, or before the instruction, is refused; one today clears the overdue check.
        await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/checks", new { date = Day(1), result = "complies" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/checks", new { date = Day(-60), result = "complies" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/checks", new { date = Day(0), result = "does-not-comply" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var check = await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/checks", new { date = Day(0), result = "does-not-comply", found = "更新が 2 か月遅れていた" })).Json(HttpStatusCode.Created);
        Assert.False(check.GetProperty("byVendor").GetBoolean());
        var after = await (await hospital.Staff.GetAsync($"/api/v1/contractor-instructions/{instruction}")).Json(HttpStatusCode.OK);
        Assert.False(after.GetProperty("instruction").GetProperty("checkOverdue").GetBoolean());
        Assert.Equal("does-not-comply", after.GetProperty("instruction").GetProperty("lastResult").GetString());
        foreach (var status in new[] { "approved", "in-progress", "done" })
            await (await hospital.Officer.PostJson($"/api/v1/measures/{measure}/status", new { status })).Json(HttpStatusCode.OK);
        var cleared = await (await hospital.Staff.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK);
        Assert.DoesNotContain(cleared.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() is "measure-overdue" or "contractor-check-overdue");
    }

    [Fact]
    public async Task AVendorsLink_Opens_Acknowledges_ReportsSelfChecks_UntilRevokedOrExpired()
    {
        var hospital = await NewHospital();
        var instruction = (await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new
        {
            vendor = "party:v-network", instruction = "保守接続は事前に連絡すること", dates = new[] { Day(60), Day(30) },
        })).Json(HttpStatusCode.Created)).GetProperty("number").GetInt32();
        await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/links", new { days = 401 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var made = await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/links", new { days = 10 })).Json(HttpStatusCode.Created);
        var url = new Uri(made.GetProperty("url").GetString()!);
        var secret = url.AbsolutePath["/vendor-instructions/".Length..];
        var anonymous = factory.CreateClient();

        var opened = await (await anonymous.GetAsync($"/api/v1/vendor-instructions/{secret}")).Json(HttpStatusCode.OK);
        Assert.Equal("保守接続は事前に連絡すること", opened.GetProperty("instruction").GetProperty("instruction").GetString());
        Assert.Equal(Day(30), opened.GetProperty("instruction").GetProperty("nextCheckDue").GetString());
        Assert.Contains("保守接続は事前に連絡すること", await (await anonymous.GetAsync(url.AbsolutePath)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secret}/acknowledge", new { })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var acknowledged = await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secret}/acknowledge", new { name = "港ネットワーク 小林" })).Json(HttpStatusCode.OK);
        Assert.Equal("港ネットワーク 小林", acknowledged.GetProperty("instruction").GetProperty("acknowledgedBy").GetString());
        var selfCheck = await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secret}/checks", new { name = "港ネットワーク 小林", date = Day(0), result = "complies" })).Json(HttpStatusCode.Created);
        Assert.True(selfCheck.GetProperty("byVendor").GetBoolean());
        // A vendor account of the hospital uses the same link: the link decides, not the session.
        await (await hospital.Vendor.GetAsync($"/api/v1/vendor-instructions/{secret}")).Json(HttpStatusCode.OK);
        // The vendor's page form, without script or session.
        var form = PageSession.Anonymous(factory);
        var posted = await form.Post($"{url.AbsolutePath}/do", new() { ["kind"] = "check", ["name"] = "小林", ["date"] = Day(0), ["result"] = "complies" }, await form.Token(url.AbsolutePath));
        Assert.True(PageSession.Flash(posted).Ok, PageSession.Flash(posted).Text);
        // A vendor's own word does not stand for the hospital's check: the next check is still due when it was.
        var after = await (await anonymous.GetAsync($"/api/v1/vendor-instructions/{secret}")).Json(HttpStatusCode.OK);
        Assert.Equal(Day(30), after.GetProperty("instruction").GetProperty("nextCheckDue").GetString());

        var detail = await (await hospital.Officer.GetAsync($"/api/v1/contractor-instructions/{instruction}")).Json(HttpStatusCode.OK);
        Assert.Equal(2, detail.GetProperty("checks").GetArrayLength());
        var link = Assert.Single(detail.GetProperty("links").EnumerateArray());
        Assert.Equal("open", link.GetProperty("state").GetString());
        // Nothing the hospital keeps or logs holds the working secret.
        Assert.Equal(0, await factory.Database(db => db.InstructionLinks.IgnoreQueryFilters().CountAsync(l => l.SecretHash == secret || l.Prefix == secret)));
        var audited = await factory.Database(db => db.AuditEntries.AsNoTracking().Select(e => new { e.Target, e.ActorName }).ToListAsync());
        Assert.DoesNotContain(audited, e => e.Target.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(audited, e => e.Target.StartsWith("/api/v1/vendor-instructions/", StringComparison.Ordinal) && e.ActorName == "港ネットワーク 小林");

        await (await hospital.Staff.PostJson($"/api/v1/contractor-instructions/{instruction}/links/{link.GetProperty("id").GetString()}/revoke", new { })).Problem(HttpStatusCode.Forbidden, "role-required");
        var revoke = await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/links/{link.GetProperty("id").GetString()}/revoke", new { });
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await (await anonymous.GetAsync($"/api/v1/vendor-instructions/{secret}")).Problem(HttpStatusCode.Gone, "vendor-link-revoked");
        await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secret}/checks", new { name = "x", date = Day(0), result = "complies" })).Problem(HttpStatusCode.Gone, "vendor-link-revoked");
        var revokedPage = await anonymous.GetAsync(url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Gone, revokedPage.StatusCode);
        Assert.Contains("無効", await revokedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var second = new Uri((await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/links", new { days = 1 })).Json(HttpStatusCode.Created)).GetProperty("url").GetString()!);
        var secondSecret = second.AbsolutePath["/vendor-instructions/".Length..];
        await (await anonymous.GetAsync($"/api/v1/vendor-instructions/{secondSecret}")).Json(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromDays(1));
        await (await anonymous.GetAsync($"/api/v1/vendor-instructions/{secondSecret}")).Problem(HttpStatusCode.Gone, "vendor-link-expired");
        await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secondSecret}/acknowledge", new { name = "x" })).Problem(HttpStatusCode.Gone, "vendor-link-expired");
        await (await anonymous.GetAsync($"/api/v1/vendor-instructions/{secondSecret[..^3]}abc")).Problem(HttpStatusCode.NotFound, "vendor-link-invalid");
        Assert.Equal(2, (await (await hospital.Officer.GetAsync($"/api/v1/contractor-instructions/{instruction}")).Json(HttpStatusCode.OK)).GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task AVendorsLink_TheLinkDecides_ForKeysAndAccountsOfAnyHospital_ItsFormsNeedTheirToken_AndNoLogHoldsItsSecret()
    {
        var hospital = await NewHospital();
        var instruction = (await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new
        {
            vendor = "party:v-network", instruction = "リモート保守の後は接続記録を送ること", dates = new[] { Day(30) },
        })).Json(HttpStatusCode.Created)).GetProperty("number").GetInt32();
        var url = new Uri((await (await hospital.Officer.PostJson($"/api/v1/contractor-instructions/{instruction}/links", new { })).Json(HttpStatusCode.Created)).GetProperty("url").GetString()!);
        var secret = url.AbsolutePath["/vendor-instructions/".Length..];
        async Task<int> Checks() => (await (await hospital.Officer.GetAsync($"/api/v1/contractor-instructions/{instruction}")).Json(HttpStatusCode.OK)).GetProperty("checks").GetArrayLength();

        // The hospital's vendor key reports through it.
        await (await hospital.Vendor.PostJson($"/api/v1/vendor-instructions/{secret}/checks", new { name = "港ネットワーク 鈴木", date = Day(0), result = "complies" })).Json(HttpStatusCode.Created);
        // The hospital's vendor account, signed in on the pages: the page and its form with the page's token.
        var account = await PageSession.SignedIn(factory, hospital.Keys[Role.Vendor]);
        Assert.Contains("リモート保守の後は接続記録を送ること", await (await account.Get(url.AbsolutePath)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var acknowledged = await account.Post($"{url.AbsolutePath}/do", new() { ["kind"] = "acknowledge", ["name"] = "港ネットワーク 鈴木" }, await account.Token(url.AbsolutePath));
        Assert.True(PageSession.Flash(acknowledged).Ok, PageSession.Flash(acknowledged).Text);
        // Another hospital's key and account: the link alone decides, and what they report is the link's hospital's.
        var other = await factory.AddHospital("他院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await other.Officer.GetAsync($"/api/v1/vendor-instructions/{secret}")).Json(HttpStatusCode.OK);
        await (await other.Vendor.PostJson($"/api/v1/vendor-instructions/{secret}/checks", new { name = "港ネットワーク 高橋", date = Day(0), result = "complies" })).Json(HttpStatusCode.Created);
        var otherAccount = await PageSession.SignedIn(factory, other.Keys[Role.Vendor]);
        Assert.Equal(HttpStatusCode.OK, (await otherAccount.Get(url.AbsolutePath)).StatusCode);
        Assert.Equal(2, await Checks());

        // A form posted without the page's token (from another site, say) is refused back to the page, and nothing is kept.
        var anonymous = PageSession.Anonymous(factory);
        var forged = await anonymous.Post($"{url.AbsolutePath}/do", new() { ["kind"] = "check", ["name"] = "x", ["date"] = Day(0), ["result"] = "complies" }, null);
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.False(PageSession.Flash(forged).Ok);
        Assert.Equal(2, await Checks());
        var unknown = await anonymous.Get($"/vendor-instructions/{secret[..^3]}abc");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("リンクを送った医療機関にお問い合わせください", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Neither the audit log nor the server log holds the working secret.
        var audited = await factory.Database(db => db.AuditEntries.AsNoTracking().Select(e => e.Target).ToListAsync());
        Assert.Contains(audited, t => t.StartsWith("/vendor-instructions/", StringComparison.Ordinal));
        Assert.DoesNotContain(audited, t => t.Contains(secret, StringComparison.Ordinal));
        Assert.NotEqual(0, factory.Logs.Count);
        Assert.False(factory.Logs.Contains(secret));
    }

    [Fact]
    public async Task TheNewMeasurePage_IsPrefilledFromTheQuery_AndARefusedFormComesBackFilled()
    {
        var hospital = await NewHospital();
        var incident = (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "停電" })).Json(HttpStatusCode.Created)).GetProperty("number").GetInt32();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var path = $"/measures/new?incident={incident}&finding={Uri.EscapeDataString("UPS が 4 分で止まった")}";
        var page = await (await officer.Get(path)).Content.ReadAsStringAsync();
        Assert.Contains("UPS が 4 分で止まった", page, StringComparison.Ordinal);
        Assert.Contains($"name=\"incident\" value=\"{incident}\"", page, StringComparison.Ordinal);

        var refused = await officer.PostPairs("/measures/new/do", [new("title", "UPS 交換"), new("owner", "斎藤"), new("due", "来月"), new("incident", $"{incident}"), new("finding", "UPS が 4 分で止まった")], await officer.Token(path));
        Assert.False(PageSession.Flash(refused).Ok);
        var back = refused.Headers.Location!.ToString();
        Assert.Contains("title=UPS", back, StringComparison.Ordinal);
        var added = await officer.PostPairs("/measures/new/do", [new("title", "UPS 交換"), new("owner", "斎藤"), new("due", Day(20)), new("costYen", "380,000"), new("incident", $"{incident}"), new("requestId", "r1")], await officer.Token(path));
        Assert.True(PageSession.Flash(added).Ok, PageSession.Flash(added).Text);
        var list = await (await hospital.Staff.GetAsync("/api/v1/measures")).Json(HttpStatusCode.OK);
        var measure = Assert.Single(list.EnumerateArray());
        Assert.Equal((380_000L, incident), (measure.GetProperty("costYen").GetInt64(), measure.GetProperty("incident").GetInt32()));
        Assert.Equal($"/measures/{measure.GetProperty("number").GetInt32()}", added.Headers.Location!.ToString());
    }
}

public sealed class SqliteMeasureTests(ClockedSqliteFactory factory) : MeasureTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresMeasureTests(ClockedPostgresFactory factory) : MeasureTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
