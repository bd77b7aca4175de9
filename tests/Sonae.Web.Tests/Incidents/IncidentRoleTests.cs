using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Web.Incidents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// The commander and the scribe over HTTP: taking command, handing it over and naming a scribe through the API (an
/// incident named by its number or its id, with an Idempotency-Key), who is refused and why, the incident's state and
/// record, and the pages: the header of the workspace and of the other incident pages, the take-command form with its
/// antiforgery token, the command page's forms, the scribe's default "for whom". SQLite and PostgreSQL.
/// </summary>
public abstract class IncidentRoleTests(SonaeFactory factory)
{
    private static readonly PeopleDirectory Directory = new(
        [
            new Person("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], null, [new(ChannelKind.Phs, "2100")]),
            new Person("p-yamamoto", "山本 直子", "院長室", "院長", [Role.Management], null, [new(ChannelKind.Mobile, "090-0000-1001")]),
            new Person("p-sato", "佐藤 美咲", "3階西病棟", "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "3310")]),
        ],
        [], "p-tanaka", []);

    private async Task<Hospital> NewHospital()
    {
        var hospital = await factory.AddHospital("指揮病院 " + Guid.NewGuid().ToString("N")[..6]);
        var content = JsonSerializer.SerializeToElement(Directory, RecordJson.Options);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content })).Json(HttpStatusCode.OK);
        return hospital;
    }

    /// <summary>A staff report that opens an incident: its number and id.</summary>
    private static async Task<(int Number, string Id)> Reported(Hospital hospital)
    {
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident");
        return (incident.GetProperty("number").GetInt32(), incident.GetProperty("incidentId").GetString()!);
    }

    private Task<List<string>> Types(string id) =>
        factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(e => e.IncidentId == Guid.Parse(id))
            .OrderBy(e => e.Seq).Select(e => e.Type).ToListAsync());

    private static async Task<JsonElement> Command(HttpClient client, object incident) =>
        (await (await client.GetAsync($"/api/v1/incidents/{incident}")).Json(HttpStatusCode.OK)).GetProperty("command");

    private static async Task<string> Page(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return Spaced(await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> Page(PageSession session, string path)
    {
        var response = await session.Get(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return Spaced(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page's text as a reader sees it: entities decoded, each run of white space one space.</summary>
    private static string Spaced(string html) => System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(html), @"\s+", " ");

    private async Task AssertVerifies(string id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await foreach (var checkedIncident in scope.ServiceProvider.GetRequiredService<VerifyRecords>().Run(CancellationToken.None))
        {
            if (checkedIncident.IncidentId == Guid.Parse(id))
            {
                Assert.Null(checkedIncident.Break);
                return;
            }
        }
        Assert.Fail("The incident was not verified.");
    }

    [Fact]
    public async Task TakingCommand_ByNumberThenById_TheStateNamesTheCommander_AndTheRecordSaysFromWhom()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        var none = await Command(hospital.Staff, number);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("commander").ValueKind);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("scribe").ValueKind);

        var taken = await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", null)).Json(HttpStatusCode.OK);
        Assert.Equal("command-taken", Assert.Single(taken.GetProperty("appended").EnumerateArray()).GetProperty("type").GetString());
        var commander = (await Command(hospital.Staff, id)).GetProperty("commander");
        Assert.Equal(("security-officer", taken.GetProperty("lastSeq").GetInt64()), (commander.GetProperty("role").GetString(), commander.GetProperty("seq").GetInt64()));
        Assert.StartsWith("key:", commander.GetProperty("actor").GetString(), StringComparison.Ordinal);

        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/command/take", new { note = "院長が到着" })).Json(HttpStatusCode.OK);
        Assert.Equal("management", (await Command(hospital.Officer, number)).GetProperty("commander").GetProperty("role").GetString());
        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{number}/events")).Json(HttpStatusCode.OK);
        var last = EventChain.Parse(events.GetProperty("items").EnumerateArray().Last().GetProperty("body").GetString()!);
        var data = Assert.IsType<CommandTaken>(last.Data);
        Assert.Equal((Role.SecurityOfficer, "院長が到着"), (data.From!.Role, data.Note));
        Assert.Equal(Role.Management, last.Actor.Role);
        await AssertVerifies(id);
    }

    [Fact]
    public async Task TakingCommand_WithAnIdempotencyKey_RecordsOnce_AndTheKeyOnAnotherRequestIsRefused()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        var key = "take-" + Guid.NewGuid().ToString("N");

        var first = await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", new { note = "夜間" }, key)).Json(HttpStatusCode.OK);
        var again = await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", new { note = "夜間" }, key)).Json(HttpStatusCode.OK);

        Assert.False(first.GetProperty("replayed").GetBoolean());
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("lastSeq").GetInt64(), again.GetProperty("lastSeq").GetInt64());
        Assert.Single(await Types(id), t => t == "command-taken");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", new { note = "別の内容" }, key)).Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        // Without a key, the same request again is refused: the officer has command already.
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/command/take", null)).Problem(HttpStatusCode.Conflict, "already-in-command");
    }

    [Fact]
    public async Task StaffAndVendors_AreRefused_OnEveryRoleCommand_AndNothingIsRecorded()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        await Invitation.Accept(hospital, id);
        var before = (await Types(id)).Count;

        foreach (var client in new[] { hospital.Staff, hospital.Vendor })
        {
            foreach (var incident in new object[] { number, id })
            {
                await (await client.PostJson($"/api/v1/incidents/{incident}/command/take", null)).Problem(HttpStatusCode.Forbidden, "role-required");
                await (await client.PostJson($"/api/v1/incidents/{incident}/command/hand-over", new { person = "p-yamamoto", note = "引き継ぎ" })).Problem(HttpStatusCode.Forbidden, "role-required");
                await (await client.PostJson($"/api/v1/incidents/{incident}/scribe", new { account = "anyone" })).Problem(HttpStatusCode.Forbidden, "role-required");
            }
        }
        var english = await (await factory.Client(hospital.Keys[Role.Staff], "en").PostJson($"/api/v1/incidents/{number}/command/take", null)).Problem(HttpStatusCode.Forbidden, "role-required");
        Assert.Contains("security officer", english.Detail(), StringComparison.Ordinal);

        Assert.Equal(before, (await Types(id)).Count);
    }

    [Fact]
    public async Task HandingOver_ToAPersonOfTheDirectory_OrATypedName_MakesThemCommander_WithTheNote()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/hand-over", new { person = "p-yamamoto", note = "引き継ぎ" }))
            .Problem(HttpStatusCode.Conflict, "no-commander");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", null)).Json(HttpStatusCode.OK);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/command/hand-over",
            new { person = "p-yamamoto", note = "端末2台を隔離済み。警察への相談は未了。" })).Json(HttpStatusCode.OK);

        var commander = (await Command(hospital.Staff, number)).GetProperty("commander");
        Assert.Equal(("山本 直子", "management", "p-yamamoto"), (commander.GetProperty("name").GetString(), commander.GetProperty("role").GetString(), commander.GetProperty("person").GetString()));
        Assert.Equal(JsonValueKind.Null, commander.GetProperty("actor").ValueKind);
        // The officer handed command over: only the commander hands it on, so the officer takes it back first.
        var notCommander = await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/hand-over", new { name = "木村 真理", role = "security-officer", note = "夜勤へ" }))
            .Problem(HttpStatusCode.Conflict, "not-the-commander");
        Assert.Equal("山本 直子", notCommander.GetProperty("commander").GetString());
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", new { note = "院長不在のため" })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/hand-over", new { name = " 木村 真理 ", role = "security-officer", note = "夜勤へ" })).Json(HttpStatusCode.OK);

        commander = (await Command(hospital.Officer, number)).GetProperty("commander");
        Assert.Equal(("木村 真理", "security-officer"), (commander.GetProperty("name").GetString(), commander.GetProperty("role").GetString()));
        Assert.Equal(["command-taken", "command-handed-over", "command-taken", "command-handed-over"], (await Types(id)).Where(t => t.StartsWith("command-", StringComparison.Ordinal)));
        await AssertVerifies(id);
    }

    [Fact]
    public async Task HandingOver_BadRequests_AreRefusedWithWhatIsWrong_InTheCallersLanguage()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", null)).Json(HttpStatusCode.OK);
        var before = (await Types(id)).Count;
        var url = $"/api/v1/incidents/{number}/command/hand-over";

        var toStaff = await (await hospital.Officer.PostJson(url, new { person = "p-sato", note = "引き継ぎ" })).Problem(HttpStatusCode.BadRequest, "may-not-lead");
        Assert.Contains("佐藤 美咲 さんは指揮を執れません", toStaff.Detail(), StringComparison.Ordinal);
        await (await hospital.Officer.PostJson(url, new { name = "佐藤 美咲", role = "staff", note = "引き継ぎ" })).Problem(HttpStatusCode.BadRequest, "may-not-lead");
        var noNote = await (await hospital.Officer.PostJson(url, new { person = "p-yamamoto" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.True(noNote.GetProperty("errors").TryGetProperty("note", out _));
        var two = await (await hospital.Officer.PostJson(url, new { person = "p-yamamoto", name = "山本", note = "x" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.True(two.GetProperty("errors").TryGetProperty("to", out _));
        await (await hospital.Officer.PostJson(url, new { note = "x" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");
        var unknown = await (await english.PostJson(url, new { person = "p-nobody", note = "x" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal("The people directory of the preparedness record has nobody with the id \"p-nobody\".", unknown.Detail());
        await (await english.PostJson(url, new { account = "nobody.here", note = "x" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var role = await (await english.PostJson(url, new { name = "木村", role = "nurse", note = "x" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("security-officer", role.Detail(), StringComparison.Ordinal);
        await (await english.PostJson(url, new { name = "木村", note = "x" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await english.PostJson(url, new { person = "p-yamamoto", note = "引き\u0000継ぎ" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/incidents/9999/command/hand-over", new { person = "p-yamamoto", note = "x" })).Problem(HttpStatusCode.NotFound, "incident-not-found");

        Assert.Equal(before, (await Types(id)).Count);
    }

    /// <summary>Another hospital's account is nobody here: by its id or its sign-in name, as commander or as scribe.</summary>
    [Fact]
    public async Task AnotherHospitalsAccount_CannotBeNamed_ByIdOrSignInName()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        var elsewhere = await NewHospital();
        var userName = "other.director." + Guid.NewGuid().ToString("N")[..6];
        var setup = await People.Add(factory, elsewhere, userName, "management");
        var accountId = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + setup).Query)["account"]!;
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", null)).Json(HttpStatusCode.OK);
        var before = (await Types(id)).Count;

        foreach (var account in new[] { userName, accountId, "account:" + accountId })
        {
            await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/hand-over", new { account, note = "引き継ぎ" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
            await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/scribe", new { account })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        }

        Assert.Equal(before, (await Types(id)).Count);
    }

    [Fact]
    public async Task TheCommander_NamesAScribe_WhoseWorkspaceRecordsForTheCommanderByDefault()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        var userName = "scribe." + Guid.NewGuid().ToString("N")[..6];
        await People.Ready(factory, hospital, userName, "staff");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/scribe", new { account = userName })).Problem(HttpStatusCode.Conflict, "no-commander");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", null)).Json(HttpStatusCode.OK);

        await (await hospital.Management.PostJson($"/api/v1/incidents/{number}/scribe", new { account = userName })).Problem(HttpStatusCode.Conflict, "not-the-commander");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/scribe", new { })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/scribe", new { account = "nobody.here" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var named = await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/scribe", new { account = userName.ToUpperInvariant() }, "scribe-" + id)).Json(HttpStatusCode.OK);
        Assert.Equal("scribe-named", Assert.Single(named.GetProperty("appended").EnumerateArray()).GetProperty("type").GetString());
        var replay = await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/scribe", new { account = userName.ToUpperInvariant() }, "scribe-" + id)).Json(HttpStatusCode.OK);
        Assert.True(replay.GetProperty("replayed").GetBoolean());

        var scribe = (await Command(hospital.Officer, number)).GetProperty("scribe");
        Assert.Equal((userName + " さん", "staff"), (scribe.GetProperty("name").GetString(), scribe.GetProperty("role").GetString()));
        Assert.StartsWith("account:", scribe.GetProperty("actor").GetString(), StringComparison.Ordinal);

        // Signed in, the scribe's workspace says whom they record for, and the field starts with the commander's name.
        var (session, _) = await People.SignIn(factory, userName);
        var html = await Page(session, $"/incidents/{number}");
        Assert.Contains("あなたは記録係です。ここでの記録は 安全管理責任者(指揮者)の代わりとして残ります。", html, StringComparison.Ordinal);
        Assert.Matches("<input id=\"for-person\"[^>]*value=\"安全管理責任者\"", html);
        Assert.Contains("記録係</span> <strong>" + userName + " さん</strong>(あなた)", html, StringComparison.Ordinal);
        // The contact log's "who spoke" starts with the commander's name for the scribe, empty for anyone else.
        Assert.Matches("<input id=\"contact-spoke-by\"[^>]*value=\"安全管理責任者\"", await Page(session, $"/incidents/{number}/contacts"));
        Assert.DoesNotMatch("<input id=\"contact-spoke-by\"[^>]*value=\"[^\"]", await Page(hospital.Officer, $"/incidents/{number}/contacts"));
        // Nobody else is asked for whom they record.
        Assert.DoesNotContain("for-person", await Page(hospital.Officer, $"/incidents/{number}"), StringComparison.Ordinal);
        Assert.DoesNotContain("for-person", await Page(hospital.Staff, $"/incidents/{number}"), StringComparison.Ordinal);

        // Through the API too, a note and an answer name whom they were recorded for.
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{number}/notes", new { text = "院長へ報告済み", forPerson = "安全管理責任者" })).Json(HttpStatusCode.OK);
        await (await hospital.Staff.PutJson($"/api/v1/incidents/{number}/facts/disconnected-devices", new { value = "PC-3W-01", forPerson = "安全管理責任者" })).Json(HttpStatusCode.OK);
        var events = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{number}/events")).Json(HttpStatusCode.OK);
        var lastTwo = events.GetProperty("items").EnumerateArray().TakeLast(2).Select(e => EventChain.Parse(e.GetProperty("body").GetString()!)).ToList();
        Assert.All(lastTwo, e => Assert.Equal("安全管理責任者", e.Actor.ForPerson));
        Assert.Equal([IncidentEventType.NoteAdded, IncidentEventType.FactRecorded], lastTwo.Select(e => e.Type));
        await AssertVerifies(id);
    }

    [Fact]
    public async Task AClosedIncident_TakesNoRoleCommand()
    {
        var hospital = await NewHospital();
        var (number, _) = await Reported(hospital);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/close", new { reason = "誤報" })).Json(HttpStatusCode.OK);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", null)).Problem(HttpStatusCode.Conflict, "incident-closed");
        // A closed incident that nobody commanded says nothing of command on its pages.
        Assert.DoesNotContain("command-bar", await Page(hospital.Officer, $"/incidents/{number}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHeader_SaysNobodyHasCommand_UntilTheTakeCommandFormIsSent_ThenNamesTheCommander_OnTheWorkspaceAndTheReports()
    {
        var hospital = await NewHospital();
        var (number, _) = await Reported(hospital);
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        var workspace = await Page(officer, $"/incidents/{number}");
        Assert.Contains("指揮者がいません", workspace, StringComparison.Ordinal);
        Assert.Contains("誰かが指揮を執る必要があります。", workspace, StringComparison.Ordinal);
        Assert.Contains($"action=\"/incidents/{number}/command/do\"", workspace, StringComparison.Ordinal);
        Assert.Contains("指揮者がいません", await Page(officer, $"/incidents/{number}/reports"), StringComparison.Ordinal);
        // Staff are told who takes command, and shown no button.
        var staffView = await Page(hospital.Staff, $"/incidents/{number}");
        Assert.Contains("安全管理責任者か経営層が指揮を執ります。", staffView, StringComparison.Ordinal);
        Assert.DoesNotContain("/command/do", staffView, StringComparison.Ordinal);
        Assert.Contains("指揮者がいません", await Page(hospital.Staff, "/"), StringComparison.Ordinal);

        // The form without its antiforgery token is refused; with the token the workspace's header gives, it is recorded.
        var forged = await officer.Post($"/incidents/{number}/command/do", new() { ["kind"] = "take", ["returnUrl"] = $"/incidents/{number}" }, null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Command(hospital.Officer, number)).GetProperty("commander").ValueKind);
        var taken = await officer.Post($"/incidents/{number}/command/do", new() { ["kind"] = "take", ["returnUrl"] = $"/incidents/{number}" }, await officer.Token($"/incidents/{number}"));
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal($"/incidents/{number}", taken.Headers.Location?.OriginalString);
        Assert.Equal((true, "指揮を執りました。"), PageSession.Flash(taken));

        workspace = await Page(officer, $"/incidents/{number}");
        Assert.DoesNotContain("指揮者がいません", workspace, StringComparison.Ordinal);
        Assert.Contains("指揮</span> <strong>安全管理責任者</strong>(あなた)", workspace, StringComparison.Ordinal);
        Assert.Contains("指揮を引き継ぐ・記録係を指名", workspace, StringComparison.Ordinal);
        var reports = await Page(hospital.Management, $"/incidents/{number}/reports");
        Assert.Contains("指揮</span> <strong>安全管理責任者</strong>", reports, StringComparison.Ordinal);
        // A role's own key is named after its role already: not 「安全管理責任者(安全管理責任者)」.
        Assert.DoesNotContain("安全管理責任者</strong>(", reports, StringComparison.Ordinal);
        Assert.Contains("指揮を交代する", reports, StringComparison.Ordinal);
        Assert.Contains("指揮</span> 安全管理責任者", await Page(hospital.Staff, "/"), StringComparison.Ordinal);
        // The timeline says it too.
        Assert.Contains("指揮を執りました", workspace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandPage_HandsOverToAnAccountAndNamesTheScribe_ThroughItsForms()
    {
        var hospital = await NewHospital();
        var (number, id) = await Reported(hospital);
        var director = "director." + Guid.NewGuid().ToString("N")[..6];
        await People.Add(factory, hospital, director, "management");
        var clerk = "clerk." + Guid.NewGuid().ToString("N")[..6];
        await People.Add(factory, hospital, clerk, "staff");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/command/take", null)).Json(HttpStatusCode.OK);
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var page = $"/incidents/{number}/command";

        var html = await Page(officer, page);
        Assert.Contains("指揮を引き継ぐ", html, StringComparison.Ordinal);
        Assert.Contains("山本 直子(経営層、院長室 院長)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("佐藤 美咲(", html, StringComparison.Ordinal);
        var directorChoice = System.Text.RegularExpressions.Regex.Match(html, "<option value=\"(account:[0-9a-f]{32})\">" + director + " さん").Groups[1].Value;
        var clerkChoice = System.Text.RegularExpressions.Regex.Match(html, "<option value=\"(account:[0-9a-f]{32})\">" + clerk + " さん").Groups[1].Value;
        Assert.NotEmpty(directorChoice);
        Assert.NotEmpty(clerkChoice);

        var scribe = await officer.Post($"{page}/do", new() { ["kind"] = "scribe", ["to"] = clerkChoice }, await officer.Token(page));
        Assert.Equal((true, "記録係を指名しました。"), PageSession.Flash(scribe));
        Assert.Equal(page, scribe.Headers.Location?.OriginalString);
        var missingNote = await officer.Post($"{page}/do", new() { ["kind"] = "hand-over", ["to"] = directorChoice, ["note"] = "" }, await officer.Token(page));
        Assert.False(PageSession.Flash(missingNote).Ok);
        var handedOver = await officer.Post($"{page}/do", new() { ["kind"] = "hand-over", ["to"] = directorChoice, ["note"] = "対策本部へ引き継ぎ" }, await officer.Token(page));
        Assert.Equal((true, "指揮を引き継ぎました。"), PageSession.Flash(handedOver));

        var command = await Command(hospital.Officer, number);
        Assert.Equal((director + " さん", "management", directorChoice), (command.GetProperty("commander").GetProperty("name").GetString(),
            command.GetProperty("commander").GetProperty("role").GetString(), command.GetProperty("commander").GetProperty("actor").GetString()));
        Assert.Equal(clerkChoice, command.GetProperty("scribe").GetProperty("actor").GetString());
        html = await Page(officer, page);
        Assert.Contains("対策本部へ引き継ぎ", html, StringComparison.Ordinal);
        Assert.Contains($"記録係に指名しました", html, StringComparison.Ordinal);
        // The officer no longer commands: the page offers taking command back, not handing it over.
        Assert.DoesNotContain("handover-note", html, StringComparison.Ordinal);
        Assert.Contains("take-note", html, StringComparison.Ordinal);
        await AssertVerifies(id);
    }
}

public sealed class SqliteIncidentRoleTests(SqliteFactory factory) : IncidentRoleTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresIncidentRoleTests(PostgresFactory factory) : IncidentRoleTests(factory), IClassFixture<PostgresFactory>;
