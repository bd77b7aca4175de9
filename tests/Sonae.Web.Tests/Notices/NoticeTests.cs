using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Notices;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// Notices and pages over HTTP on a real server: an audience resolved into people once each, the personal link that
/// acknowledges without signing in (and only what it names), who has and has not acknowledged, the refusals in both
/// languages, and a page that escalates along the people record's chain as the test moves the clock, until someone
/// acknowledges it — on the incident's record.
/// </summary>
public abstract class NoticeTests(SonaeFactory factory, FakeTimeProvider clock)
{
    /// <summary>A small hospital's people: the officer 田中 (deputy 鈴木), the director 山本, three staff.</summary>
    internal static readonly PeopleDirectory Directory = new(
        [
            new Person("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], "p-suzuki", [new(ChannelKind.Mobile, "090-0000-2100"), new(ChannelKind.Email, "tanaka@example.jp")]),
            new Person("p-suzuki", "鈴木 次郎", "情報システム課", "係長", [Role.SecurityOfficer], null, [new(ChannelKind.Mobile, "090-0000-2101")]),
            new Person("p-yamamoto", "山本 直子", "院長室", "院長", [Role.Management], null, [new(ChannelKind.Mobile, "090-0000-1001")]),
            new Person("p-sato", "佐藤 美咲", "3階西病棟", "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "3310")]),
            new Person("p-ito", "伊藤 花子", "3階西病棟", "看護師長", [Role.Staff], null, [new(ChannelKind.Phs, "3300")], DepartmentHead: true),
            new Person("p-kato", "加藤 健", "薬剤部", "薬剤師", [Role.Staff], null, [new(ChannelKind.Phs, "4100")]),
        ],
        ["情報システム課", "院長室", "3階西病棟", "薬剤部"], "p-tanaka", [new CallLink("p-tanaka", "p-yamamoto", 1)]);

    private async Task<Hospital> NewHospital()
    {
        var hospital = await factory.AddHospital("お知らせ病院 " + Guid.NewGuid().ToString("N")[..6]);
        var content = JsonSerializer.SerializeToElement(Directory, RecordJson.Options);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content })).Json(HttpStatusCode.OK);
        return hospital;
    }

    private static IEnumerable<IncidentEvent> Events(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => EventChain.Parse(e.GetProperty("body").GetString()!));

    internal static string PathOf(string link) => new Uri(link).AbsolutePath;

    internal static string TokenOf(string link) => PathOf(link)[AckLinks.Path.Length..];

    internal static JsonElement Recipient(JsonElement notice, string name) =>
        notice.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    [Fact]
    public async Task ANotice_ReachesItsAudienceOnce_AndEachAcknowledges_ThroughTheirOwnLink_WithoutSigningIn()
    {
        var hospital = await NewHospital();
        var incident = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "電子カルテ停止" })).Json(HttpStatusCode.Created);
        var number = incident.GetProperty("number").GetInt32();
        var sent = await (await hospital.Officer.PostJson("/api/v1/notices", new
        {
            kind = "stop-use", title = "電子カルテの使用停止", body = "紙運用に切り替えてください。",
            audience = new { departments = new[] { "3階西病棟" }, roles = new[] { "management" }, people = new[] { "person:p-sato" } },
            incident = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).Json(HttpStatusCode.Created);
        Assert.Equal(3, sent.GetProperty("recipients").GetInt32()); // 佐藤 (department and chosen: once), 伊藤, 山本

        var notice = await (await hospital.Officer.GetAsync($"/api/v1/notices/{sent.GetProperty("number").GetInt32()}")).Json(HttpStatusCode.OK);
        var byId = await (await hospital.Officer.GetAsync($"/api/v1/notices/{sent.GetProperty("id").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal(notice.GetProperty("notice").GetProperty("id").GetString(), byId.GetProperty("notice").GetProperty("id").GetString());
        var sato = PathOf(Recipient(notice, "佐藤 美咲").GetProperty("link").GetString()!);
        var anonymous = factory.CreateClient();

        var page = await anonymous.GetAsync(sato);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cut = await anonymous.GetAsync(sato[..^4]); // a link cut short in a mail
        Assert.Equal(HttpStatusCode.NotFound, cut.StatusCode);
        Assert.Contains("途中で切れないように開いてください", await cut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("電子カルテの使用停止", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unchanged = await (await hospital.Officer.GetAsync($"/api/v1/notices/{number}")).Json(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, Recipient(unchanged, "佐藤 美咲").GetProperty("acknowledgedAt").ValueKind); // opening is not acknowledging

        var first = await (await anonymous.PostAsync($"/api/v1/acknowledgements/{TokenOf(sato)}", null)).Json(HttpStatusCode.OK);
        var again = await (await anonymous.PostAsync($"/api/v1/acknowledgements/{TokenOf(sato)}", null)).Json(HttpStatusCode.OK);
        Assert.Equal(("acknowledged", "already-acknowledged"), (first.GetProperty("outcome").GetString(), again.GetProperty("outcome").GetString()));
        Assert.Equal(first.GetProperty("acknowledgedAt").GetString(), again.GetProperty("acknowledgedAt").GetString());
        // The audit log keeps who acknowledged what, never a working link.
        var audited = await factory.Database(db => db.AuditEntries.AsNoTracking().Select(e => new { e.Target, e.ActorName, e.OrganizationId }).ToListAsync());
        // Both of her requests, the one that acknowledged (saved with it) and the one that found it done.
        Assert.Equal(2, audited.Count(e => e.Target.StartsWith("/api/v1/acknowledgements/", StringComparison.Ordinal) && e.ActorName == "佐藤 美咲" && e.OrganizationId == hospital.Id));
        Assert.DoesNotContain(audited, e => e.Target.Contains(TokenOf(sato), StringComparison.Ordinal) || e.Target.Contains(TokenOf(sato)[..40], StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{sato[..^4]}abcd")).StatusCode);
        var forged = await anonymous.PostAsync($"/api/v1/acknowledgements/{TokenOf(sato)[..^4]}abcd", null);
        Assert.Equal("link-not-found", (await forged.Json(HttpStatusCode.NotFound)).GetProperty("code").GetString());

        var after = await (await hospital.Officer.GetAsync($"/api/v1/notices/{number}")).Json(HttpStatusCode.OK);
        Assert.Equal((1, 3), (after.GetProperty("notice").GetProperty("acknowledged").GetInt32(), after.GetProperty("notice").GetProperty("recipients").GetInt32()));
        Assert.Equal("link", Recipient(after, "佐藤 美咲").GetProperty("via").GetString());
        Assert.Equal(JsonValueKind.Null, Recipient(after, "山本 直子").GetProperty("acknowledgedAt").ValueKind);

        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{number}/events")).Json(HttpStatusCode.OK);
        var noticeSent = Assert.IsType<NoticeSent>(Events(events).Single(e => e.Data is NoticeSent).Data);
        Assert.Equal((3, Sonae.Core.Notices.NoticeKind.StopUse), (noticeSent.Recipients, noticeSent.Kind));

        // Stopped, a notice's links acknowledge no more; a month later, they have expired.
        var yamamoto = TokenOf(Recipient(after, "山本 直子").GetProperty("link").GetString()!);
        clock.Advance(SendNotice.LinksValidFor + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync(AckLinks.Path + yamamoto)).StatusCode);
        var expired = await anonymous.PostAsync($"/api/v1/acknowledgements/{yamamoto}", null);
        Assert.Equal("link-expired", (await expired.Json(HttpStatusCode.Gone)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Refusals_SayWhatIsWrong_InTheCallersLanguage_AndADoubleSendIsOneNotice()
    {
        var hospital = await NewHospital();
        var forbidden = await hospital.Staff.PostJson("/api/v1/notices", new { kind = "ad-hoc", title = "t", body = "b", audience = new { everyone = true } });
        Assert.Equal("role-required", (await forbidden.Json(HttpStatusCode.Forbidden)).GetProperty("code").GetString());

        var empty = await (await hospital.Officer.PostJson("/api/v1/notices", new { kind = "ad-hoc", title = "t", body = "b", audience = new { } })).Json(HttpStatusCode.BadRequest);
        Assert.Contains("宛先", empty.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");
        var unknown = await (await english.PostJson("/api/v1/notices", new { kind = "ad-hoc", title = "t", body = "b", audience = new { departments = new[] { "放射線科" } } })).Json(HttpStatusCode.BadRequest);
        Assert.Contains("放射線科", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no department", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var page = await (await hospital.Officer.PostJson("/api/v1/notices", new { kind = "page", title = "t", body = "b", audience = new { everyone = true } })).Json(HttpStatusCode.BadRequest);
        Assert.Contains("stop-use", page.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var untitled = await (await hospital.Officer.PostJson("/api/v1/notices", new { kind = "ad-hoc", body = "b", audience = new { everyone = true } })).Json(HttpStatusCode.BadRequest);
        Assert.True(untitled.GetProperty("errors").TryGetProperty("title", out _));
        var noIncident = await hospital.Officer.PostJson("/api/v1/notices", new { kind = "ad-hoc", title = "t", body = "b", audience = new { everyone = true }, incident = "999" });
        Assert.Equal(HttpStatusCode.NotFound, noIncident.StatusCode);

        var body = new { kind = "measures", title = "パスワード変更のお願い", body = "全職員は今週中に変更してください。", audience = new { everyone = true } };
        var key = Guid.NewGuid().ToString("N");
        var once = await (await hospital.Officer.PostJson("/api/v1/notices", body, key)).Json(HttpStatusCode.Created);
        var twice = await (await hospital.Officer.PostJson("/api/v1/notices", body, key)).Json(HttpStatusCode.Created);
        Assert.Equal(once.GetRawText(), twice.GetRawText());
        Assert.Equal(6, once.GetProperty("recipients").GetInt32());
        var list = await (await hospital.Officer.GetAsync("/api/v1/notices")).Json(HttpStatusCode.OK);
        Assert.Single(list.EnumerateArray());

        // Another hospital sees none of it, by number or by id.
        var other = await factory.AddHospital("別の病院 " + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Officer.GetAsync($"/api/v1/notices/{once.GetProperty("id").GetString()}")).StatusCode);
        Assert.Empty((await (await other.Officer.GetAsync("/api/v1/notices")).Json(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task APage_Escalates_ToTheDeputy_ThenManagement_AsTheClockMoves_AndStops_WhenTheDeputyAcknowledges()
    {
        var hospital = await NewHospital();
        var watch = factory.Services.GetRequiredService<PagingWatch>();
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var incidentId = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        await watch.Round(CancellationToken.None);

        // The opening page, found by its trigger: as the clock moves, a round (the test's, or the server's own every
        // 10 s) may also page a step past its target, which is another page of the incident.
        var incident = Guid.Parse(incidentId);
        async Task<JsonElement> ThePage()
        {
            var number = await factory.Database(db => db.Notices.IgnoreQueryFilters()
                .Where(n => n.IncidentId == incident && n.Trigger == PagingWatch.OpenedTrigger).Select(n => n.Number).SingleAsync());
            return await (await hospital.Officer.GetAsync($"/api/v1/notices/{number}")).Json(HttpStatusCode.OK);
        }
        static string[] Called(JsonElement page) =>
            [.. page.GetProperty("recipients").EnumerateArray().Where(r => r.GetProperty("notifiedAt").ValueKind != JsonValueKind.Null).Select(r => r.GetProperty("name").GetString()!)];

        var page = await ThePage();
        Assert.Equal(["田中 一郎"], Called(page));
        Assert.Equal(["田中 一郎", "鈴木 次郎", "山本 直子"], page.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray());

        clock.Advance(TimeSpan.FromMinutes(4));
        await watch.Round(CancellationToken.None);
        Assert.Equal(["田中 一郎"], Called(await ThePage()));

        clock.Advance(TimeSpan.FromMinutes(2));
        await watch.Round(CancellationToken.None);
        page = await ThePage();
        Assert.Equal(["田中 一郎", "鈴木 次郎"], Called(page));
        Assert.Equal(1, page.GetProperty("tier").GetInt32());

        // The deputy acknowledges through their link: no more calls, and the record says who took it.
        var link = TokenOf(Recipient(page, "鈴木 次郎").GetProperty("link").GetString()!);
        await (await factory.CreateClient().PostAsync($"/api/v1/acknowledgements/{link}", null)).Json(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(30));
        await watch.Round(CancellationToken.None);
        page = await ThePage();
        Assert.Equal(["田中 一郎", "鈴木 次郎"], Called(page));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("escalateAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, page.GetProperty("notice").GetProperty("acknowledgedAt").ValueKind);

        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incidentId}/events")).Json(HttpStatusCode.OK);
        var acknowledged = Events(events).Single(e => e.Data is PageAcknowledged);
        Assert.Equal(("鈴木 次郎", Role.SecurityOfficer), (acknowledged.Actor.Name, acknowledged.Actor.Role));
        Assert.Equal((1, "link"), (((PageAcknowledged)acknowledged.Data).Tier, ((PageAcknowledged)acknowledged.Data).Via));

        // A second round, on this server or another, pages the incident's opening no second time.
        await watch.Round(CancellationToken.None);
        var pages = await factory.Database(db => db.Notices.IgnoreQueryFilters().CountAsync(n => n.IncidentId == incident && n.Trigger == PagingWatch.OpenedTrigger));
        Assert.Equal(1, pages);
    }

    [Fact]
    public async Task ReachingSomeoneOfThePageByPhone_OnTheCallSheet_AcknowledgesItForThem()
    {
        var hospital = await NewHospital();
        var watch = factory.Services.GetRequiredService<PagingWatch>();
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident");
        var (number, incidentId) = (incident.GetProperty("number").GetInt32(), incident.GetProperty("incidentId").GetString()!);
        await watch.Round(CancellationToken.None);

        // The call tree starts with 田中 (p-tanaka), then 山本: the nurse reaches 山本 (tier 2 of the page, not called yet).
        var nurse = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        var sheet = $"/incidents/{number}/calls";
        var noAnswer = await nurse.Post($"{sheet}/record", new Dictionary<string, string> { ["person"] = "p-tanaka", ["number"] = "0", ["result"] = "no-answer" }, await nurse.Token(sheet));
        Assert.True(PageSession.Flash(noAnswer).Ok);
        var pages = await (await hospital.Officer.GetAsync("/api/v1/notices")).Json(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, pages.EnumerateArray().Single(n => n.GetProperty("kind").GetString() == "page").GetProperty("acknowledgedAt").ValueKind);

        var reached = await nurse.Post($"{sheet}/record", new Dictionary<string, string> { ["person"] = "p-yamamoto", ["number"] = "0", ["result"] = "reached" }, await nurse.Token(sheet));
        Assert.True(PageSession.Flash(reached).Ok);

        var page = (await (await hospital.Officer.GetAsync("/api/v1/notices")).Json(HttpStatusCode.OK)).EnumerateArray().Single(n => n.GetProperty("kind").GetString() == "page");
        Assert.NotEqual(JsonValueKind.Null, page.GetProperty("acknowledgedAt").ValueKind);
        var detail = await (await hospital.Officer.GetAsync($"/api/v1/notices/{page.GetProperty("number").GetInt32()}")).Json(HttpStatusCode.OK);
        Assert.Equal("phone", Recipient(detail, "山本 直子").GetProperty("via").GetString());
        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incidentId}/events")).Json(HttpStatusCode.OK);
        var acknowledged = Events(events).Single(e => e.Data is PageAcknowledged);
        Assert.Equal(("山本 直子", Role.Management, "phone"), (acknowledged.Actor.Name, acknowledged.Actor.Role, ((PageAcknowledged)acknowledged.Data).Via));
    }

    [Fact]
    public async Task TheSender_RemindsThoseWhoHaveNot_TellsTheirHeadOfDepartment_AndStopsIt()
    {
        var hospital = await NewHospital();
        var sent = await (await hospital.Officer.PostJson("/api/v1/notices", new
        {
            kind = "measures", title = "USB メモリの使用禁止", body = "本日から USB メモリを使わないでください。", audience = new { people = new[] { "person:p-sato", "person:p-kato" } },
        })).Json(HttpStatusCode.Created);
        var number = sent.GetProperty("number").GetInt32();
        var notice = await (await hospital.Officer.GetAsync($"/api/v1/notices/{number}")).Json(HttpStatusCode.OK);
        await (await factory.CreateClient().PostAsync($"/api/v1/acknowledgements/{TokenOf(Recipient(notice, "加藤 健").GetProperty("link").GetString()!)}", null)).Json(HttpStatusCode.OK);

        var reminded = await (await hospital.Officer.PostJson($"/api/v1/notices/{number}/remind", new { })).Json(HttpStatusCode.OK);
        Assert.Equal(1, reminded.GetProperty("people").GetInt32());
        // 佐藤 has not acknowledged: the head of 3階西病棟 (伊藤) is told, and becomes a recipient; 薬剤部 has no one to tell.
        var escalated = await (await hospital.Officer.PostJson($"/api/v1/notices/{sent.GetProperty("id").GetString()}/escalate", new { })).Json(HttpStatusCode.OK);
        Assert.Equal(1, escalated.GetProperty("people").GetInt32());
        notice = await (await hospital.Officer.GetAsync($"/api/v1/notices/{number}")).Json(HttpStatusCode.OK);
        Assert.Equal((1, 0), (Recipient(notice, "佐藤 美咲").GetProperty("reminders").GetInt32(), Recipient(notice, "加藤 健").GetProperty("reminders").GetInt32()));
        Assert.Equal(1, Recipient(notice, "伊藤 花子").GetProperty("tier").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Staff.PostJson($"/api/v1/notices/{number}/remind", new { })).StatusCode);

        await (await hospital.Officer.PostJson($"/api/v1/notices/{number}/stop", new { })).Json(HttpStatusCode.OK);
        var late = await factory.CreateClient().PostAsync($"/api/v1/acknowledgements/{TokenOf(Recipient(notice, "佐藤 美咲").GetProperty("link").GetString()!)}", null);
        Assert.Equal("notice-stopped", (await late.Json(HttpStatusCode.Gone)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await hospital.Officer.PostJson("/api/v1/notices/999/remind", new { })).StatusCode);
    }
}

public sealed class SqliteNoticeTests(ClockedSqliteFactory factory) : NoticeTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresNoticeTests(ClockedPostgresFactory factory) : NoticeTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
