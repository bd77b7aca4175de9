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

    private static string Field(JsonElement problem) => Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;

    private static async Task<JsonElement> Measure(HttpClient client, int number) =>
        (await (await client.GetAsync($"/api/v1/measures/{number}")).Json(HttpStatusCode.OK)).GetProperty("measure");

    [Fact]
    public async Task Edit_CorrectsEachField_ByNumberAndById_AndNamesWhoChangedIt_InTheAuditLogToo()
    {
        var hospital = await NewHospital();
        var added = await Add(hospital.Officer, new { title = "VPN 装置の更新", owner = "田中", due = Day(30) });
        var number = added.GetProperty("number").GetInt32();
        Assert.Equal(0, added.GetProperty("version").GetInt32());

        clock.Advance(TimeSpan.FromMinutes(5));
        var edited = await (await hospital.Officer.PutJson($"/api/v1/measures/{number}", new
        {
            title = "VPN 装置の更新と多要素認証", description = "保守用 VPN に多要素認証を入れる", owner = "person:p-sato", costYen = 1_500_000, due = Day(60), version = 0,
        })).Json(HttpStatusCode.OK);
        Assert.Equal(("VPN 装置の更新と多要素認証", "保守用 VPN に多要素認証を入れる", "佐藤 美咲", "p-sato", 1_500_000L, Day(60), 1),
            (edited.GetProperty("title").GetString(), edited.GetProperty("description").GetString(), edited.GetProperty("owner").GetString(),
                edited.GetProperty("ownerPersonId").GetString(), edited.GetProperty("costYen").GetInt64(), edited.GetProperty("due").GetString(), edited.GetProperty("version").GetInt32()));
        Assert.Equal("proposed", edited.GetProperty("status").GetString());
        Assert.NotEqual(added.GetProperty("changedAt").GetDateTimeOffset(), edited.GetProperty("changedAt").GetDateTimeOffset());

        // By id, by management: a description and a cost left out are cleared; the owner may be a name again.
        var byId = await (await hospital.Management.PutJson($"/api/v1/measures/{added.GetProperty("id").GetString()}", new
        {
            title = "VPN 装置の更新と多要素認証", owner = "外部コンサルタント 森", due = Day(45), version = 1,
        })).Json(HttpStatusCode.OK);
        Assert.Equal(((string?)null, JsonValueKind.Null, "外部コンサルタント 森", JsonValueKind.Null, 2),
            (byId.GetProperty("description").GetString(), byId.GetProperty("costYen").ValueKind, byId.GetProperty("owner").GetString(), byId.GetProperty("ownerPersonId").ValueKind, byId.GetProperty("version").GetInt32()));
        Assert.NotEqual(edited.GetProperty("changedBy").GetString(), byId.GetProperty("changedBy").GetString());
        // The same values again change nothing: no new version, no new time.
        var same = await (await hospital.Management.PutJson($"/api/v1/measures/{number}", new { title = "VPN 装置の更新と多要素認証", owner = "外部コンサルタント 森", due = Day(45), version = 2 })).Json(HttpStatusCode.OK);
        Assert.Equal(2, same.GetProperty("version").GetInt32());

        var page = await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.Staff])).Get($"/measures/{number}")).Content.ReadAsStringAsync();
        Assert.Contains(byId.GetProperty("changedBy").GetString()!, page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"edit\"", page, StringComparison.Ordinal);
        Assert.True(await Waiting.Until(async () => await factory.Database(db => db.AuditEntries.AsNoTracking()
            .CountAsync(e => e.OrganizationId == hospital.Id && e.Action == "PUT /api/v1/measures/{measure}" && e.Status == 200)) == 3, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Edit_BadValues_StaleVersions_OtherHospitalsAndRoles_AreRefused_AndChangeNothing()
    {
        var hospital = await NewHospital();
        var added = await Add(hospital.Officer, new { title = "持ち込み禁止", description = "USB", owner = "田中", costYen = 1000, due = Day(30) });
        var number = added.GetProperty("number").GetInt32();
        var path = $"/api/v1/measures/{number}";
        object Body(string? title = "持ち込み禁止", string? owner = "田中", string? due = null, long? costYen = 1000, string? description = "USB", int? version = 0) =>
            new { title, description, owner, costYen, due = due ?? Day(30), version };

        foreach (var (body, field) in new (object, string)[]
        {
            (Body(title: " "), "title"), (Body(title: new string('x', 201)), "title"), (Body(title: "x\u0000"), "title"),
            (Body(description: new string('x', 4001)), "description"), (Body(owner: ""), "owner"), (Body(owner: "person:p-nobody"), "owner"),
            (Body(due: "31/03/2027"), "due"), (Body(due: " "), "due"), (Body(costYen: -1), "costYen"), (Body(costYen: 10_000_000_001), "costYen"),
            (Body(version: null), "version"),
        })
            Assert.Equal(field, Field(await (await hospital.Officer.PutJson(path, body)).Problem(HttpStatusCode.BadRequest, "invalid-field")));
        // The same words as adding.
        Assert.Equal((await (await hospital.Officer.PostJson("/api/v1/measures", new { title = "x", owner = "田中", due = "31/03/2027" })).Problem(HttpStatusCode.BadRequest, "invalid-field")).Detail(),
            (await (await hospital.Officer.PutJson(path, Body(due: "31/03/2027"))).Problem(HttpStatusCode.BadRequest, "invalid-field")).Detail());

        await (await hospital.Officer.PutJson("/api/v1/measures/999", Body())).Problem(HttpStatusCode.NotFound, "measure-not-found");
        var other = await NewHospital();
        await (await other.Officer.PutJson($"/api/v1/measures/{added.GetProperty("id").GetString()}", Body())).Problem(HttpStatusCode.NotFound, "measure-not-found");
        await (await hospital.Staff.PutJson(path, Body())).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.PutJson(path, Body())).Problem(HttpStatusCode.Forbidden, "role-required");
        var untouched = await Measure(hospital.Officer, number);
        Assert.Equal(("持ち込み禁止", "USB", 1000L, 0, added.GetProperty("changedAt").GetDateTimeOffset()),
            (untouched.GetProperty("title").GetString(), untouched.GetProperty("description").GetString(), untouched.GetProperty("costYen").GetInt64(), untouched.GetProperty("version").GetInt32(), untouched.GetProperty("changedAt").GetDateTimeOffset()));

        // Two officers opened version 0: the first saves; the second is told who changed it and overwrites nothing.
        await (await hospital.Officer.PutJson(path, Body(title: "私物 USB の持ち込み禁止"))).Json(HttpStatusCode.OK);
        var stale = await (await hospital.Management.PutJson(path, Body(title: "USB の禁止"))).Problem(HttpStatusCode.Conflict, "measure-changed");
        Assert.Contains($"#{number}", stale.Detail(), StringComparison.Ordinal);
        Assert.Contains("(1)", stale.Detail(), StringComparison.Ordinal);
        Assert.Equal("私物 USB の持ち込み禁止", (await Measure(hospital.Officer, number)).GetProperty("title").GetString());
        // A status change is a change too.
        await (await hospital.Officer.PostJson($"{path}/status", new { status = "approved" })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PutJson(path, Body(version: 1))).Problem(HttpStatusCode.Conflict, "measure-changed");
        Assert.Equal(2, (await Measure(hospital.Officer, number)).GetProperty("version").GetInt32());

        // A done measure may still be corrected (its cost became known), and stays done.
        foreach (var status in new[] { "in-progress", "done" })
            await (await hospital.Officer.PostJson($"{path}/status", new { status })).Json(HttpStatusCode.OK);
        var done = await (await hospital.Officer.PutJson(path, Body(title: "私物 USB の持ち込み禁止", costYen: 2400, version: 4))).Json(HttpStatusCode.OK);
        Assert.Equal(("done", 2400L), (done.GetProperty("status").GetString(), done.GetProperty("costYen").GetInt64()));
    }

    [Fact]
    public async Task TheMeasurePage_EditForm_ShowsTheCurrentValues_Corrects_AndComesBackFilledWithTheSameError()
    {
        var hospital = await NewHospital();
        var number = (await Add(hospital.Officer, new { title = "UPS 交換", owner = "person:p-tanaka", costYen = 380_000, due = Day(20) })).GetProperty("number").GetInt32();
        var path = $"/measures/{number}";
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var page = await (await officer.Get(path)).Content.ReadAsStringAsync();
        Assert.Contains("name=\"kind\" value=\"edit\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"person:p-tanaka\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"380000\"", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Day(20)}\"", page, StringComparison.Ordinal);

        KeyValuePair<string, string>[] Form(string due, string version) =>
            [new("kind", "edit"), new("title", "UPS 交換と停止手順"), new("owner", "person:p-tanaka"), new("costYen", "420,000"), new("due", due), new("version", version)];
        var refused = await officer.PostPairs($"{path}/do", Form("来月", "0"), await officer.Token(path));
        Assert.False(PageSession.Flash(refused).Ok);
        var api = await (await hospital.Officer.PutJson($"/api/v1/measures/{number}", new { title = "UPS 交換と停止手順", owner = "person:p-tanaka", due = "来月", version = 0 })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal(api.Detail(), PageSession.Flash(refused).Text);
        var back = refused.Headers.Location!.ToString();
        Assert.EndsWith("#edit", back, StringComparison.Ordinal);
        var refilled = await (await officer.Get(back)).Content.ReadAsStringAsync();
        Assert.Contains("value=\"UPS 交換と停止手順\"", refilled, StringComparison.Ordinal);
        Assert.Contains("value=\"来月\"", refilled, StringComparison.Ordinal);
        Assert.Equal("UPS 交換", (await Measure(hospital.Officer, number)).GetProperty("title").GetString());

        var saved = await officer.PostPairs($"{path}/do", Form(Day(25), "0"), await officer.Token(path));
        Assert.True(PageSession.Flash(saved).Ok, PageSession.Flash(saved).Text);
        var now = await Measure(hospital.Officer, number);
        Assert.Equal(("UPS 交換と停止手順", 420_000L, Day(25), 1), (now.GetProperty("title").GetString(), now.GetProperty("costYen").GetInt64(), now.GetProperty("due").GetString(), now.GetProperty("version").GetInt32()));

        // A form opened before that save: refused, what was typed kept, and the form then carries the current version.
        var stale = await officer.PostPairs($"{path}/do", Form(Day(40), "0"), await officer.Token(path));
        Assert.False(PageSession.Flash(stale).Ok);
        Assert.Contains("入力した内容はフォームに残してあります", PageSession.Flash(stale).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("version=", stale.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("name=\"version\" value=\"1\"", await (await officer.Get(stale.Headers.Location!.ToString())).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Day(25), (await Measure(hospital.Officer, number)).GetProperty("due").GetString());
    }

    private static async Task<JsonElement> Instruction(HttpClient client, int number) =>
        (await (await client.GetAsync($"/api/v1/contractor-instructions/{number}")).Json(HttpStatusCode.OK)).GetProperty("instruction");

    [Fact]
    public async Task AnInstruction_Edited_OnItsVersion_WithdrawsTheAcknowledgementOnlyWhenItsTextChanges()
    {
        var hospital = await NewHospital();
        var issued = await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "party:v-network", system = "VPN-01", instruction = "更新すること", everyMonths = 3 })).Json(HttpStatusCode.Created);
        var number = issued.GetProperty("number").GetInt32();
        var path = $"/api/v1/contractor-instructions/{number}";
        var secret = new Uri((await (await hospital.Officer.PostJson($"{path}/links", new { })).Json(HttpStatusCode.Created)).GetProperty("url").GetString()!).AbsolutePath["/vendor-instructions/".Length..];
        var anonymous = factory.CreateClient();
        await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secret}/acknowledge", new { name = "港ネットワーク 小林" })).Json(HttpStatusCode.OK);

        // A new schedule keeps the acknowledgement.
        var rescheduled = await (await hospital.Officer.PutJson(path, new { system = "VPN-01", instruction = "更新すること", dates = new[] { Day(90), Day(30) }, version = 0 })).Json(HttpStatusCode.OK);
        Assert.Equal((JsonValueKind.Null, $"{Day(30)},{Day(90)}", Day(30), "港ネットワーク 小林", 1),
            (rescheduled.GetProperty("everyMonths").ValueKind, string.Join(',', rescheduled.GetProperty("dates").EnumerateArray().Select(d => d.GetString())),
                rescheduled.GetProperty("nextCheckDue").GetString(), rescheduled.GetProperty("acknowledgedBy").GetString(), rescheduled.GetProperty("version").GetInt32()));

        foreach (var (body, field) in new (object, string)[]
        {
            (new { instruction = "x", everyMonths = 25, version = 1 }, "everyMonths"), (new { instruction = "x", everyMonths = 3, dates = new[] { Day(9) }, version = 1 }, "everyMonths"),
            (new { instruction = "x", version = 1 }, "everyMonths"), (new { instruction = "x", dates = new[] { "9/1" }, version = 1 }, "dates"),
            (new { instruction = " ", everyMonths = 3, version = 1 }, "instruction"), (new { instruction = "x", system = new string('s', 201), everyMonths = 3, version = 1 }, "system"),
            (new { instruction = "x", everyMonths = 3 }, "version"),
        })
            Assert.Equal(field, Field(await (await hospital.Officer.PutJson(path, body)).Problem(HttpStatusCode.BadRequest, "invalid-field")));
        await (await hospital.Staff.PutJson(path, new { instruction = "x", everyMonths = 3, version = 1 })).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.PutJson(path, new { instruction = "x", everyMonths = 3, version = 1 })).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Staff.PostJson($"{path}/end", new { })).Problem(HttpStatusCode.Forbidden, "role-required");
        var other = await NewHospital();
        await (await other.Officer.PutJson($"/api/v1/contractor-instructions/{issued.GetProperty("id").GetString()}", new { instruction = "x", everyMonths = 3, version = 1 })).Problem(HttpStatusCode.NotFound, "instruction-not-found");
        await (await other.Officer.PostJson($"/api/v1/contractor-instructions/{issued.GetProperty("id").GetString()}/end", new { })).Problem(HttpStatusCode.NotFound, "instruction-not-found");
        var untouched = await Instruction(hospital.Officer, number);
        Assert.Equal(("更新すること", 1, false), (untouched.GetProperty("instruction").GetString(), untouched.GetProperty("version").GetInt32(), untouched.GetProperty("endedAt").ValueKind != JsonValueKind.Null));

        // A new text, by id: the vendor must acknowledge again.
        var retexted = await (await hospital.Management.PutJson($"/api/v1/contractor-instructions/{issued.GetProperty("id").GetString()}", new { system = "VPN-01", instruction = "公開から 30 日以内に更新すること", everyMonths = 6, version = 1 })).Json(HttpStatusCode.OK);
        Assert.Equal((JsonValueKind.Null, 6, 2), (retexted.GetProperty("acknowledgedAt").ValueKind, retexted.GetProperty("everyMonths").GetInt32(), retexted.GetProperty("version").GetInt32()));
        var stale = await (await hospital.Officer.PutJson(path, new { instruction = "更新すること", everyMonths = 3, version = 1 })).Problem(HttpStatusCode.Conflict, "instruction-changed");
        Assert.Contains("(2)", stale.Detail(), StringComparison.Ordinal);
        Assert.Equal("公開から 30 日以内に更新すること", (await Instruction(hospital.Officer, number)).GetProperty("instruction").GetString());
        var again = await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secret}/acknowledge", new { name = "港ネットワーク 小林" })).Json(HttpStatusCode.OK);
        Assert.Equal("公開から 30 日以内に更新すること", again.GetProperty("instruction").GetProperty("instruction").GetString());
        Assert.NotEqual(JsonValueKind.Null, again.GetProperty("instruction").GetProperty("acknowledgedAt").ValueKind);
    }

    [Fact]
    public async Task AnEndedInstruction_IsNoLongerOverdue_ItsLinksAnswerAsRevoked_AndItChangesNoMore()
    {
        var hospital = await NewHospital();
        // Issued 40 days ago with a monthly check: the first check is overdue.
        var number = (await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "party:v-network", instruction = "接続記録を送ること", issuedOn = Day(-40), everyMonths = 1 })).Json(HttpStatusCode.Created)).GetProperty("number").GetInt32();
        var path = $"/api/v1/contractor-instructions/{number}";
        var secret = new Uri((await (await hospital.Officer.PostJson($"{path}/links", new { })).Json(HttpStatusCode.Created)).GetProperty("url").GetString()!).AbsolutePath["/vendor-instructions/".Length..];
        var anonymous = factory.CreateClient();
        async Task<bool> Overdue() => (await (await hospital.Staff.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK)).GetProperty("findings").EnumerateArray()
            .Any(f => f.GetProperty("kind").GetString() == "contractor-check-overdue" && f.GetProperty("subject").GetString() == number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await Overdue());

        await (await hospital.Officer.PostJson($"{path}/end", new { version = 7 })).Problem(HttpStatusCode.Conflict, "instruction-changed");
        var ended = await (await hospital.Officer.PostJson($"{path}/end", new { version = 0 })).Json(HttpStatusCode.OK);
        Assert.Equal((JsonValueKind.Null, false, 1), (ended.GetProperty("nextCheckDue").ValueKind, ended.GetProperty("checkOverdue").GetBoolean(), ended.GetProperty("version").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("endedAt").ValueKind);
        Assert.False(await Overdue());
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        Assert.DoesNotContain($"href=\"/contractor-instructions/{number}\"", await (await officer.Get("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await (await anonymous.GetAsync($"/api/v1/vendor-instructions/{secret}")).Problem(HttpStatusCode.Gone, "vendor-link-revoked");
        await (await anonymous.PostJson($"/api/v1/vendor-instructions/{secret}/checks", new { name = "x", date = Day(0), result = "complies" })).Problem(HttpStatusCode.Gone, "vendor-link-revoked");
        Assert.Equal("revoked", Assert.Single((await (await hospital.Officer.GetAsync(path)).Json(HttpStatusCode.OK)).GetProperty("links").EnumerateArray()).GetProperty("state").GetString());
        await (await hospital.Officer.PostJson($"{path}/links", new { })).Problem(HttpStatusCode.Conflict, "instruction-ended");
        await (await hospital.Officer.PutJson(path, new { instruction = "x", everyMonths = 3, version = 1 })).Problem(HttpStatusCode.Conflict, "instruction-ended");
        await (await hospital.Officer.PostJson($"{path}/end", new { })).Problem(HttpStatusCode.Conflict, "instruction-ended");
        Assert.Equal(1, (await Instruction(hospital.Officer, number)).GetProperty("version").GetInt32());

        // The page shows when and by whom, and offers no more edit, end or link.
        var page = await (await officer.Get($"/contractor-instructions/{number}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"instruction-ended\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"edit\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"end\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"link\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInstructionPage_EditsAndEnds_ThroughItsForms_AndARefusedEditComesBackFilled()
    {
        var hospital = await NewHospital();
        var number = (await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "party:v-network", instruction = "更新すること", dates = new[] { Day(30) } })).Json(HttpStatusCode.Created)).GetProperty("number").GetInt32();
        var path = $"/contractor-instructions/{number}";
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var page = await (await officer.Get(path)).Content.ReadAsStringAsync();
        Assert.Contains("name=\"kind\" value=\"edit\"", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Day(30)}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"edit\"", await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.Staff])).Get(path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var refused = await officer.Post($"{path}/do", new() { ["kind"] = "edit", ["instruction"] = "30 日以内に更新すること", ["everyMonths"] = "30", ["version"] = "0" }, await officer.Token(path));
        Assert.False(PageSession.Flash(refused).Ok);
        Assert.Contains("24", PageSession.Flash(refused).Text, StringComparison.Ordinal);
        Assert.Contains("30 日以内に更新すること", await (await officer.Get(refused.Headers.Location!.ToString())).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await officer.Post($"{path}/do", new() { ["kind"] = "edit", ["instruction"] = "30 日以内に更新すること", ["everyMonths"] = "2", ["version"] = "0" }, await officer.Token(path));
        Assert.True(PageSession.Flash(saved).Ok, PageSession.Flash(saved).Text);
        Assert.Equal(2, (await Instruction(hospital.Officer, number)).GetProperty("everyMonths").GetInt32());

        var ended = await officer.Post($"{path}/do", new() { ["kind"] = "end", ["version"] = "1" }, await officer.Token(path));
        Assert.True(PageSession.Flash(ended).Ok, PageSession.Flash(ended).Text);
        Assert.NotEqual(JsonValueKind.Null, (await Instruction(hospital.Officer, number)).GetProperty("endedAt").ValueKind);
    }
}

public sealed class SqliteMeasureTests(ClockedSqliteFactory factory) : MeasureTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresMeasureTests(ClockedPostgresFactory factory) : MeasureTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
