using System.Globalization;
using System.Net;
using System.Text.Json;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// The phone call sheet over HTTP: the call tree in calling order with its numbers, each person's latest result and who
/// is next, by number and by id; calls recorded by the sheet's one-tap form as contacts on the record; a wrong number
/// logged through the contact log flagged for the preparedness record; not for vendors.
/// </summary>
public abstract class CallSheetTests(SonaeFactory factory)
{
    private static readonly object People = new
    {
        people = new object[]
        {
            new { id = "p-so", name = "田中 一郎", roles = new[] { "security-officer" }, deputy = "p-so2", channels = new object[] { new { kind = "phs", value = "2100" }, new { kind = "mobile", value = "090-0000-2100" } } },
            new { id = "p-dir", name = "山本 直子", roles = new[] { "management" }, deputy = "p-so", channels = new object[] { new { kind = "mobile", value = "090-0000-1001" }, new { kind = "email", value = "dir@example.jp" } } },
            new { id = "p-so2", name = "木村 真理", roles = new[] { "security-officer" }, deputy = "p-so", channels = new object[] { new { kind = "home", value = "03-0000-2102", note = "夜間" } } },
            new { id = "p-ns", name = "岡田 恵", roles = new[] { "staff" }, channels = new object[] { new { kind = "extension", value = "3001" } } },
        },
        departments = Array.Empty<string>(),
        callTreeRoot = "p-so",
        callTree = new object[] { new { caller = "p-so", callee = "p-dir", order = 1 }, new { caller = "p-so", callee = "p-so2", order = 2 }, new { caller = "p-so2", callee = "p-ns", order = 1 } },
    };

    private async Task<(Hospital Hospital, string Id, int Number)> Incident(string name)
    {
        var hospital = await factory.AddHospital(name + " " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content = People })).Json(HttpStatusCode.OK);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "電子カルテ停止" })).Json(HttpStatusCode.Created);
        return (hospital, created.GetProperty("incidentId").GetString()!, created.GetProperty("number").GetInt32());
    }

    private static async Task<JsonElement> Sheet(HttpClient client, string incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}/calls")).Json(HttpStatusCode.OK);

    private static Dictionary<string, string> Call(string person, string result, int number = 0, string note = "") => new()
    {
        ["person"] = person,
        ["number"] = number.ToString(CultureInfo.InvariantCulture),
        ["result"] = result,
        ["note"] = note,
        ["requestId"] = Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task TheSheet_IsTheCallTreeInCallingOrder_WithItsNumbers_ByNumberAndById()
    {
        var (hospital, id, number) = await Incident("連絡網病院");

        var sheet = await Sheet(hospital.Staff, number.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(sheet.GetRawText(), (await Sheet(hospital.Officer, id)).GetRawText());
        var people = sheet.GetProperty("people").EnumerateArray().ToList();
        Assert.Equal(["p-so", "p-dir", "p-so2", "p-ns"], people.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal([0, 1, 1, 2], people.Select(p => p.GetProperty("level").GetInt32()));
        Assert.Equal("木村 真理", people[3].GetProperty("calledBy").GetString());
        var officer = people[0].GetProperty("numbers").EnumerateArray().ToList();
        Assert.Equal([("phs", "2100", null, true), ("mobile", "090-0000-2100", "tel:09000002100", false)],
            officer.Select(n => (n.GetProperty("kind").GetString(), n.GetProperty("value").GetString(), n.GetProperty("tel").GetString(), n.GetProperty("insideOnly").GetBoolean())));
        // The director's e-mail is no number to call.
        Assert.Single(people[1].GetProperty("numbers").EnumerateArray());
        Assert.All(people, p => Assert.Equal("not-called", p.GetProperty("state").GetString()));
        Assert.Equal("p-so", sheet.GetProperty("next").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ThePagesForm_RecordsANoAnswerThenAReached_AsContacts_AndTheSheetMovesOn()
    {
        var (hospital, id, number) = await Incident("電話病院");
        var page = $"/incidents/{number}/calls";
        var nurse = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        var noAnswer = await nurse.Post($"{page}/record", Call("p-so", "no-answer", 1, "呼び出し音のみ"), await nurse.Token(page));

        Assert.Equal(HttpStatusCode.Redirect, noAnswer.StatusCode);
        Assert.Equal((true, "田中 一郎: 「応答なし」を記録しました。"), PageSession.Flash(noAnswer));
        Assert.EndsWith("#call-p-so", noAnswer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await Sheet(hospital.Officer, id);
        Assert.Equal("p-so", after.GetProperty("next").GetProperty("id").GetString());
        var latest = after.GetProperty("people")[0].GetProperty("latest");
        Assert.Equal(("tried", "no-answer", "090-0000-2100", "呼び出し音のみ"),
            (after.GetProperty("people")[0].GetProperty("state").GetString(), latest.GetProperty("result").GetString(), latest.GetProperty("number").GetString(), latest.GetProperty("comment").GetString()));

        var form = Call("p-so", "reached", 1);
        var reached = await nurse.Post($"{page}/record", new(form), await nurse.Token(page));
        var again = await nurse.Post($"{page}/record", new(form), await nurse.Token(page));

        Assert.EndsWith("#next", reached.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var moved = await Sheet(hospital.Officer, id);
        Assert.Equal((1, "p-dir"), (moved.GetProperty("reached").GetInt32(), moved.GetProperty("next").GetProperty("id").GetString()));
        Assert.Equal(2, moved.GetProperty("people")[0].GetProperty("calls").GetInt32());
        // Each call is a contact on the record: the person's name, the kind of number as the channel, the number, who called.
        var log = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}/contacts")).Json(HttpStatusCode.OK);
        Assert.Equal(2, log.GetProperty("count").GetInt32());
        var contact = log.GetProperty("contacts")[0];
        Assert.Equal(("田中 一郎", "outgoing", "mobile", "reached", "090-0000-2100", "staff"),
            (contact.GetProperty("party").GetString(), contact.GetProperty("direction").GetString(), contact.GetProperty("channel").GetString(),
             contact.GetProperty("result").GetString(), contact.GetProperty("subject").GetString(), contact.GetProperty("role").GetString()));
        Assert.Equal(contact.GetProperty("recordedBy").GetString(), contact.GetProperty("spokeBy").GetString());

        var html = WebUtility.HtmlDecode(await (await nurse.Get(page)).Content.ReadAsStringAsync());
        var next = html[html.IndexOf("call-next-title", StringComparison.Ordinal)..html.IndexOf("call-list-title", StringComparison.Ordinal)];
        Assert.Contains("山本 直子", next, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:09000001001\"", next, StringComparison.Ordinal);
        Assert.Contains("連絡済み 1 / 4 人", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongNumber_LoggedThroughTheContactLog_IsFlaggedForThePeopleSection_AndTheSheetMovesPast()
    {
        var (hospital, id, number) = await Incident("番号違い病院");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/contacts", new { party = "田中 一郎", channel = "mobile", result = "reached" })).Json(HttpStatusCode.OK);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/contacts", new { party = "山本 直子", channel = "mobile", result = "wrong-number", direction = "outgoing", subject = "090-0000-1001" }))
            .Json(HttpStatusCode.OK);

        var sheet = await Sheet(hospital.Officer, id);
        Assert.Equal(("wrong-number", "p-so2"), (sheet.GetProperty("people")[1].GetProperty("state").GetString(), sheet.GetProperty("next").GetProperty("id").GetString()));
        var html = WebUtility.HtmlDecode(await (await hospital.Officer.GetAsync($"/incidents/{number}/calls")).Content.ReadAsStringAsync());
        Assert.Contains("href=\"/preparedness/people#item-p-dir\"", html, StringComparison.Ordinal);
        Assert.Contains("番号違い(090-0000-1001)", html, StringComparison.Ordinal);
        var english = await (await factory.Client(hospital.Keys[Role.SecurityOfficer], "en").GetAsync($"/api/v1/incidents/{id}/contacts")).Json(HttpStatusCode.OK);
        Assert.Equal("wrong-number", english.GetProperty("contacts")[0].GetProperty("result").GetString());
        var refused = await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/contacts", new { party = "山本 直子", channel = "mobile", result = "wrong" }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("wrong-number", refused.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadForm_SaysWhy_AndRecordsNothing_AndVendorsSeeNoSheet()
    {
        var (hospital, id, number) = await Incident("誤入力病院");
        var page = $"/incidents/{number}/calls";
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        var gone = await officer.Post($"{page}/record", Call("p-nobody", "reached"), await officer.Token(page));
        var badResult = await officer.Post($"{page}/record", Call("p-so", "sent"), await officer.Token(page));
        var badNumber = await officer.Post($"{page}/record", Call("p-so", "reached", 7), await officer.Token(page));

        Assert.Equal((false, "その人は連絡網にいません(備えの記録が変わった可能性があります)。"), PageSession.Flash(gone));
        Assert.False(PageSession.Flash(badResult).Ok);
        Assert.False(PageSession.Flash(badNumber).Ok);
        Assert.Equal(0, (await Sheet(hospital.Officer, id)).GetProperty("people")[0].GetProperty("calls").GetInt32());
        await Invitation.Accept(hospital, id);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Vendor.GetAsync($"/api/v1/incidents/{id}/calls")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Vendor.GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task AHospitalWithoutACallTree_IsToldWhereToMakeOne()
    {
        var hospital = await factory.AddHospital("連絡網なし病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "停電" })).Json(HttpStatusCode.Created);
        var number = created.GetProperty("number").GetInt32();

        var sheet = await Sheet(hospital.Officer, number.ToString(CultureInfo.InvariantCulture));
        var html = WebUtility.HtmlDecode(await (await hospital.Staff.GetAsync($"/incidents/{number}/calls")).Content.ReadAsStringAsync());

        Assert.Empty(sheet.GetProperty("people").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, sheet.GetProperty("next").ValueKind);
        Assert.Contains("備えの記録に連絡網が登録されていません。", html, StringComparison.Ordinal);
    }
}

public sealed class SqliteCallSheetTests(SqliteFactory factory) : CallSheetTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresCallSheetTests(PostgresFactory factory) : CallSheetTests(factory), IClassFixture<PostgresFactory>;
