using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// The contact log over HTTP: the API's new details (which way, about what, the number the other side gave, when, who
/// spoke) kept and read back by number and by id, the refusals in Japanese and English, who may log and read, the page's
/// form without script and its quick pick of a prepared party, and the reference number in the timeline and the reports.
/// The server's clock is the test's: an incident is opened, then half an hour passes, so a call "made earlier" is after it.
/// </summary>
public abstract class ContactLogTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private async Task<(Hospital Hospital, string Id, int Number)> Incident(string name)
    {
        var hospital = await factory.AddHospital(name + " " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "電子カルテ停止" })).Json(HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromMinutes(30));
        return (hospital, created.GetProperty("incidentId").GetString()!, created.GetProperty("number").GetInt32());
    }

    private static string Jst(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> Log(HttpClient client, string incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}/contacts")).Json(HttpStatusCode.OK);

    [Fact]
    public async Task EveryDetail_IsKept_AndReadBack_ByNumberAndById_NewestFirst()
    {
        var (hospital, id, number) = await Incident("連絡記録病院");
        var calledAt = clock.GetUtcNow().AddMinutes(-1);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/contacts", new
        {
            party = "架空県警察 サイバー犯罪対策課",
            channel = "phone",
            result = "reached",
            direction = "outgoing",
            subject = "被害相談",
            reference = "受理番号 R8-0123",
            at = Jst(calledAt),
            spokeBy = "院長 鈴木",
            comment = "ディスクイメージの保全を依頼された",
        })).Json(HttpStatusCode.OK);
        var key = Guid.NewGuid().ToString("N");
        var body = new { party = "架空損害保険", channel = "email", result = "sent", direction = "incoming", reference = "CY-2026-000123" };
        var first = await (await hospital.Staff.PostJson($"/api/v1/incidents/{id}/contacts", body, key)).Json(HttpStatusCode.OK);
        var again = await (await hospital.Staff.PostJson($"/api/v1/incidents/{id}/contacts", body, key)).Json(HttpStatusCode.OK);

        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("lastSeq").GetInt64(), again.GetProperty("lastSeq").GetInt64());
        var byNumber = await Log(hospital.Officer, number.ToString(CultureInfo.InvariantCulture));
        var byId = await Log(hospital.Management, id);
        Assert.Equal(byNumber.GetRawText(), byId.GetRawText());
        Assert.Equal((id, number, 2), (byNumber.GetProperty("incidentId").GetString(), byNumber.GetProperty("number").GetInt32(), byNumber.GetProperty("count").GetInt32()));
        var (insurer, police) = (byNumber.GetProperty("contacts")[0], byNumber.GetProperty("contacts")[1]);
        Assert.Equal(("架空損害保険", "incoming", "email", "sent", "CY-2026-000123", "staff"),
            (insurer.GetProperty("party").GetString(), insurer.GetProperty("direction").GetString(), insurer.GetProperty("channel").GetString(),
             insurer.GetProperty("result").GetString(), insurer.GetProperty("reference").GetString(), insurer.GetProperty("role").GetString()));
        Assert.Equal(insurer.GetProperty("recordedAt").GetString(), insurer.GetProperty("at").GetString());
        Assert.Equal(("outgoing", "被害相談", "受理番号 R8-0123", "院長 鈴木", "ディスクイメージの保全を依頼された", "security-officer"),
            (police.GetProperty("direction").GetString(), police.GetProperty("subject").GetString(), police.GetProperty("reference").GetString(),
             police.GetProperty("spokeBy").GetString(), police.GetProperty("comment").GetString(), police.GetProperty("role").GetString()));
        Assert.Equal(Jst(Core.Incidents.Timestamps.Normalize(calledAt)), police.GetProperty("at").GetString());
        Assert.NotEqual(police.GetProperty("spokeBy").GetString(), police.GetProperty("recordedBy").GetString());
        var state = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal(2, state.GetProperty("contactsLogged").GetInt32());
    }

    [Fact]
    public async Task AContactWithoutTheNewDetails_IsLoggedAsBefore_AndReadsWithoutThem()
    {
        var (hospital, id, _) = await Incident("旧形式病院");

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/contacts", new { party = "IPA", channel = "phone", result = "no-answer", comment = "留守電" })).Json(HttpStatusCode.OK);

        var contact = (await Log(hospital.Officer, id)).GetProperty("contacts")[0];
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("direction").ValueKind);
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("reference").ValueKind);
        Assert.Equal(contact.GetProperty("recordedBy").GetString(), contact.GetProperty("spokeBy").GetString());
        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}/events")).Json(HttpStatusCode.OK);
        var text = events.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "contact-logged").GetProperty("body").GetString()!;
        Assert.Contains("\"data\":{\"channel\":\"phone\",\"comment\":\"留守電\",\"party\":\"IPA\",\"result\":\"no-answer\"}", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, object, string, string, string> BadInput() => new()
    {
        { "direction", new { party = "IPA", channel = "phone", result = "reached", direction = "sideways" }, "どちらから (direction) に「sideways」は指定できません。使える値: outgoing, incoming", "direction cannot be \"sideways\". Values: outgoing, incoming", "invalid-field" },
        { "subject", new { party = "IPA", channel = "phone", result = "reached", subject = new string('あ', 201) }, "用件 (subject) は 200 文字以内で入力してください。", "subject can be at most 200 characters.", "invalid-field" },
        { "reference", new { party = "IPA", channel = "phone", result = "reached", reference = new string('1', 201) }, "受付番号 (reference) は 200 文字以内で入力してください。", "reference can be at most 200 characters.", "invalid-field" },
        { "spokeBy", new { party = "IPA", channel = "phone", result = "reached", spokeBy = new string('あ', 201) }, "話した人 (spokeBy) は 200 文字以内で入力してください。", "spokeBy can be at most 200 characters.", "invalid-field" },
        { "at", new { party = "IPA", channel = "phone", result = "reached", at = "2030-01-01T09:00:00+09:00" }, "日時 に未来の日時は指定できません。", "time cannot be in the future.", "invalid-field" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task BadInput_IsRefusedSayingWhatIsWrong_InJapaneseAndEnglish_AndNothingIsLogged(string field, object body, string ja, string en, string code)
    {
        var (hospital, id, number) = await Incident("入力誤り病院");
        var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");

        var inJapanese = await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/contacts", body)).Problem(HttpStatusCode.BadRequest, code);
        var inEnglish = await (await english.PostJson($"/api/v1/incidents/{id}/contacts", body)).Problem(HttpStatusCode.BadRequest, code);

        Assert.Equal(ja, inJapanese.Detail());
        Assert.Equal(en, inEnglish.Detail());
        Assert.True(inJapanese.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await Log(hospital.Officer, id)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ATimeBeforeTheIncidentOpened_IsRefused_NamingTheOpening()
    {
        var (hospital, id, _) = await Incident("開始前病院");
        var state = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}")).Json(HttpStatusCode.OK);
        var opened = DateTimeOffset.Parse(state.GetProperty("incident").GetProperty("openedAt").GetString()!, CultureInfo.InvariantCulture);
        var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");
        var body = new { party = "IPA", channel = "phone", result = "reached", at = Jst(opened.AddHours(-1)) };

        var inJapanese = await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/contacts", body)).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var inEnglish = await (await english.PostJson($"/api/v1/incidents/{id}/contacts", body)).Problem(HttpStatusCode.BadRequest, "invalid-field");

        var when = opened.ToOffset(TimeSpan.FromHours(9));
        Assert.Equal($"日時 にインシデントの開始({when:yyyy'年'M'月'd'日' HH:mm})より前の日時は指定できません。開始前のやり取りはメモに書いてください。", inJapanese.Detail());
        Assert.StartsWith($"time cannot be before the incident was opened ({when.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} JST)", inEnglish.Detail(), StringComparison.Ordinal);
        Assert.True(inJapanese.GetProperty("errors").TryGetProperty("at", out _));
        Assert.Equal(0, (await Log(hospital.Officer, id)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Staff_AndAnInvitedVendor_MayLogAndRead_AVendorNotInvitedAndAnotherHospital_SeeNothing()
    {
        var (hospital, id, number) = await Incident("権限病院");
        var other = await factory.AddHospital("他院 " + Guid.NewGuid().ToString("N")[..6]);
        var contact = new { party = "みなとメディカルシステムズ", channel = "phone", result = "reached", direction = "incoming", reference = "MMS-0815" };

        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{id}/contacts", contact)).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{number}/contacts")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await other.Officer.GetAsync($"/api/v1/incidents/{id}/contacts")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await other.Officer.PostJson($"/api/v1/incidents/{id}/contacts", contact)).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{number}/contacts", contact)).Json(HttpStatusCode.OK);
        await Invitation.Accept(hospital, id);
        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{number}/contacts", contact)).Json(HttpStatusCode.OK);

        var read = await Log(hospital.Vendor, id);
        Assert.Equal(["vendor", "staff"], read.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("role").GetString()));
        Assert.Equal(2, (await Log(hospital.Staff, number.ToString(CultureInfo.InvariantCulture))).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task TheReferenceNumber_IsInTheTimeline_AndInTheFinalReport_WithWhenTheCallWasMade()
    {
        var (hospital, id, number) = await Incident("時系列病院");
        var calledAt = clock.GetUtcNow().AddMinutes(-2);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/contacts", new
        {
            party = "架空県警察 サイバー犯罪対策課", channel = "phone", result = "reached", direction = "outgoing", subject = "被害相談", reference = "受理番号 R8-0123",
            at = Jst(calledAt), comment = "相談を受理",
        })).Json(HttpStatusCode.OK);

        var draft = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}/reports/final-incident-report/draft")).Json(HttpStatusCode.OK);
        var timeline = draft.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "timeline").GetProperty("value").GetString()!;
        Assert.Contains("架空県警察 サイバー犯罪対策課へ連絡(電話、話せた) — 用件: 被害相談、受付番号 受理番号 R8-0123", timeline, StringComparison.Ordinal);
        var privacy = await (await hospital.Management.GetAsync($"/api/v1/incidents/{id}/reports/privacy-final/draft")).Json(HttpStatusCode.OK);
        var told = privacy.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "other").GetProperty("value").GetString()!;
        var when = calledAt.ToOffset(TimeSpan.FromHours(9));
        Assert.Contains($"・警察: {when:yyyy'年'M'月'd'日' HH:mm} 架空県警察 サイバー犯罪対策課へ連絡(電話、話せた) — 用件: 被害相談、受付番号 受理番号 R8-0123 相談を受理", told.Split('\n'));

        var workspace = await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.Staff])).Get($"/incidents/{number}")).Content.ReadAsStringAsync();
        Assert.Contains("受理番号 R8-0123", workspace, StringComparison.Ordinal);
        Assert.Contains($"href=\"/incidents/{number}/contacts\"", workspace, StringComparison.Ordinal);
        var english = await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.Staff], "en")).Get($"/incidents/{number}")).Content.ReadAsStringAsync();
        Assert.Contains("Contacted 架空県警察 サイバー犯罪対策課 (Phone, reached) — about: 被害相談, ref. 受理番号 R8-0123", WebUtility.HtmlDecode(english), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiDocument_DescribesTheLog_AndTheNewFields()
    {
        var document = await (await factory.Client(null).GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);

        var path = document.GetProperty("paths").GetProperty("/api/v1/incidents/{id}/contacts");
        Assert.Equal("GetContactLog", path.GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("LogContact", path.GetProperty("post").GetProperty("operationId").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var request = schemas.GetProperty("LogContactRequest").GetProperty("properties");
        Assert.All(["party", "channel", "result", "comment", "direction", "subject", "reference", "at", "spokeBy"], field => Assert.True(request.TryGetProperty(field, out _), field));
        var contact = schemas.GetProperty("ContactView").GetProperty("properties");
        Assert.All(["at", "recordedAt", "party", "direction", "reference", "spokeBy", "recordedBy"], field => Assert.True(contact.TryGetProperty(field, out _), field));
    }

    private static async Task<string> Page(PageSession session, string path)
    {
        var response = await session.Get(path);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html[Math.Max(0, html.IndexOf("<main", StringComparison.Ordinal))..]}");
        return html;
    }

    private static Dictionary<string, string> Form(string party, string reference, string at = "") => new()
    {
        ["_handler"] = "contact",
        ["Form.RequestId"] = Guid.NewGuid().ToString("N"),
        ["Form.Party"] = party,
        ["Form.Direction"] = "incoming",
        ["Form.Channel"] = "fax",
        ["Form.Result"] = "reached",
        ["Form.Subject"] = "事故の届出",
        ["Form.Reference"] = reference,
        ["Form.At"] = at,
        ["Form.SpokeBy"] = "事務長 加藤",
        ["Form.Comment"] = "書類は郵送",
    };

    [Fact]
    public async Task ThePagesForm_LogsAContact_WithoutScript_AndAReloadDoesNotLogItTwice()
    {
        var (hospital, id, number) = await Incident("画面病院");
        var page = $"/incidents/{number}/contacts";
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        var form = Form("架空損害保険 事故受付", "CY-2026-000777", clock.GetUtcNow().AddMinutes(-3).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));

        var logged = await staff.Post(page, new(form), await staff.Token(page));
        var resent = await staff.Post(page, new(form), await staff.Token(page));

        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        Assert.Equal(page, new Uri(new Uri("http://localhost"), logged.Headers.Location!.OriginalString).PathAndQuery);
        Assert.Equal((true, "連絡を記録しました。"), PageSession.Flash(logged));
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var log = await Log(hospital.Officer, id);
        Assert.Equal(1, log.GetProperty("count").GetInt32());
        var contact = log.GetProperty("contacts")[0];
        Assert.Equal(("incoming", "fax", "事故の届出", "CY-2026-000777", "事務長 加藤", "書類は郵送"),
            (contact.GetProperty("direction").GetString(), contact.GetProperty("channel").GetString(), contact.GetProperty("subject").GetString(),
             contact.GetProperty("reference").GetString(), contact.GetProperty("spokeBy").GetString(), contact.GetProperty("comment").GetString()));
        Assert.NotEqual(contact.GetProperty("at").GetString(), contact.GetProperty("recordedAt").GetString());
        var html = await (await staff.Get(page)).Content.ReadAsStringAsync();
        Assert.Contains("CY-2026-000777", html, StringComparison.Ordinal);
    }

    /// <summary>The privacy commission's final report, and the receipt number it gives, often come after the incident is closed.</summary>
    [Fact]
    public async Task AClosedIncident_StillTakesContacts_OnTheApiAndThePage()
    {
        var (hospital, id, number) = await Incident("終了後の連絡病院");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/close", new { reason = "復旧を確認した" })).Json(HttpStatusCode.OK);
        var page = $"/incidents/{number}/contacts";
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/contacts",
            new { party = "個人情報保護委員会", channel = "email", result = "sent", reference = "受付番号 P-2026-0456" })).Json(HttpStatusCode.OK);
        var logged = await officer.Post(page, new(Form("架空県警察", "R8-0456")), await officer.Token(page));

        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        var log = await Log(hospital.Officer, id);
        Assert.Equal(["R8-0456", "受付番号 P-2026-0456"], log.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("reference").GetString()));
        var state = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("closed", state.GetProperty("incident").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ThePagesForm_Refused_SaysWhy_AndKeepsWhatWasTyped()
    {
        var (hospital, id, number) = await Incident("画面誤り病院");
        var page = $"/incidents/{number}/contacts";
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var tomorrow = clock.GetUtcNow().AddDays(1).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

        var refused = await officer.Post(page, Form("架空県警察", "R8-0999", tomorrow), await officer.Token(page));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("日時 に未来の日時は指定できません。", html, StringComparison.Ordinal);
        Assert.Contains("value=\"R8-0999\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{tomorrow}\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await Log(hospital.Officer, id)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task APreparedParty_Picked_FillsWhoAndShowsItsNumber_NotForAVendor()
    {
        var (hospital, id, number) = await Incident("連絡先病院");
        var parties = new ExternalPartyList(
        [
            new("police", PartyKind.Police, "架空県警察 サイバー犯罪対策課", "相談窓口", [new(ChannelKind.Office, "03-1234-5678", "平日"), new(ChannelKind.WebForm, "https://example.jp/soudan")], new DateOnly(2027, 3, 31)),
            new("v-ehr", PartyKind.Vendor, "みなとメディカルシステムズ", "保守センター", [new(ChannelKind.Hotline24h, "0120-000-101")], new DateOnly(2027, 3, 31), Contract: "保守契約 MMS-2024-0420"),
        ]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/parties",
            new { baseVersion = 0, note = "連絡先", content = JsonSerializer.SerializeToElement(parties, RecordJson.Options) })).Json(HttpStatusCode.OK);
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        var list = await Page(officer, $"/incidents/{number}/contacts");
        var picked = await Page(officer, $"/incidents/{number}/contacts?party=police");

        Assert.Contains($"href=\"/incidents/{number}/contacts?party=police#log-form\"", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/incidents/{number}/contacts?party=v-ehr#log-form\"", list, StringComparison.Ordinal);
        Assert.Contains("id=\"contact-party\"", picked, StringComparison.Ordinal);
        Assert.Matches("<input[^>]*id=\"contact-party\"[^>]*value=\"架空県警察 サイバー犯罪対策課\"|<input[^>]*value=\"架空県警察 サイバー犯罪対策課\"[^>]*id=\"contact-party\"", picked);
        Assert.Contains("href=\"tel:0312345678\"", picked, StringComparison.Ordinal);
        Assert.Contains("https://example.jp/soudan", picked, StringComparison.Ordinal);
        // The form then logs the party by that name, which the reports know as the police.
        var form = Form("架空県警察 サイバー犯罪対策課", "R8-1");
        form["Form.Result"] = "reached";
        var logged = await officer.Post($"/incidents/{number}/contacts?party=police", form, await officer.Token($"/incidents/{number}/contacts?party=police"));
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        Assert.Equal("架空県警察 サイバー犯罪対策課", (await Log(hospital.Officer, id)).GetProperty("contacts")[0].GetProperty("party").GetString());

        await Invitation.Accept(hospital, id);
        var vendor = WebUtility.HtmlDecode(await (await (await PageSession.SignedIn(factory, hospital.Keys[Role.Vendor])).Get($"/incidents/{number}/contacts?party=police")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("0312345678", vendor, StringComparison.Ordinal);
        Assert.DoesNotContain("#log-form\"", vendor, StringComparison.Ordinal);
        Assert.DoesNotContain("みなとメディカルシステムズ", vendor, StringComparison.Ordinal);
        Assert.Contains("id=\"contact-party\"", vendor, StringComparison.Ordinal);
    }
}

public sealed class SqliteContactLogTests(ClockedSqliteFactory factory) : ContactLogTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresContactLogTests(ClockedPostgresFactory factory) : ContactLogTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
