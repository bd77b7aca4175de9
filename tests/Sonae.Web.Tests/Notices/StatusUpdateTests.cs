using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// Status updates over HTTP: posted and read back by number and by id with an Idempotency-Key, the refusals in Japanese
/// and English, who may post and read, the default next time from the hospital's rhythm, the overdue notice on the
/// pages when the clock passes it, the page's form without script, and the updates in the final report's timeline.
/// </summary>
public abstract class StatusUpdateTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private async Task<(Hospital Hospital, string Id, int Number)> Incident(string name, int? everyMinutes = null)
    {
        var hospital = await factory.AddHospital(name + " " + Guid.NewGuid().ToString("N")[..6]);
        if (everyMinutes is { } minutes)
        {
            var profile = new { name, kind = "hospital", beds = 120, @operator = "private", largeOrRegional = false, updateEveryMinutes = minutes };
            await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = profile })).Json(HttpStatusCode.OK);
        }
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "電子カルテ停止" })).Json(HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromMinutes(5));
        return (hospital, created.GetProperty("incidentId").GetString()!, created.GetProperty("number").GetInt32());
    }

    private static string Jst(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> Updates(HttpClient client, string incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}/updates")).Json(HttpStatusCode.OK);

    private static async Task<string> Page(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return html;
    }

    [Fact]
    public async Task AnUpdate_IsPostedAndReadBack_ByNumberAndById_NewestFirst_AndARetryPostsItOnce()
    {
        var (hospital, id, number) = await Incident("状況報告病院");
        var next = clock.GetUtcNow().AddMinutes(45);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/updates", new { known = "電子カルテのサーバー2台が暗号化された", doing = "外部接続を遮断", nextAt = Jst(next) }))
            .Json(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(10));
        var key = Guid.NewGuid().ToString("N");
        var body = new { known = "バックアップは無事と判明" };
        var first = await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/updates", body, key)).Json(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(1));
        var again = await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/updates", body, key)).Json(HttpStatusCode.OK);

        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("lastSeq").GetInt64(), again.GetProperty("lastSeq").GetInt64());
        var byNumber = await Updates(hospital.Staff, number.ToString(CultureInfo.InvariantCulture));
        var byId = await Updates(hospital.Officer, id);
        Assert.Equal(byNumber.GetRawText(), byId.GetRawText());
        Assert.Equal((2, 60, false), (byNumber.GetProperty("count").GetInt32(), byNumber.GetProperty("everyMinutes").GetInt32(), byNumber.GetProperty("overdue").GetBoolean()));
        var (latest, earlier) = (byNumber.GetProperty("updates")[0], byNumber.GetProperty("updates")[1]);
        Assert.Equal(("バックアップは無事と判明", "management"), (latest.GetProperty("known").GetString(), latest.GetProperty("role").GetString()));
        // Without a time, the next comes one rhythm (an hour unless the profile says) after the update, to the minute.
        var posted = DateTimeOffset.Parse(latest.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
        var expected = posted.AddHours(1);
        Assert.Equal(Jst(expected.AddTicks(-(expected.Ticks % TimeSpan.TicksPerMinute))), latest.GetProperty("nextAt").GetString());
        Assert.Equal(latest.GetProperty("nextAt").GetString(), byNumber.GetProperty("nextDue").GetString());
        Assert.Equal(("外部接続を遮断", Jst(Core.Incidents.Timestamps.Normalize(next)), "security-officer"),
            (earlier.GetProperty("doing").GetString(), earlier.GetProperty("nextAt").GetString(), earlier.GetProperty("role").GetString()));
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{id}/updates")).Problem(HttpStatusCode.NotFound, "incident-not-found");
    }

    public static TheoryData<string, object, string, string> BadInput => new()
    {
        { "known", new { known = " ", doing = "調査中" }, "分かっていること (known) を入力してください。", "Enter known." },
        { "known", new { known = new string('あ', 4001) }, "分かっていること (known) は 4000 文字以内で入力してください。", "known can be at most 4000 characters." },
        { "nextAt", new { known = "状況", nextAt = "2026-11-23T09:00:00+09:00" }, "次の報告時刻 (nextAt) は今より後の時刻にしてください。", "nextAt must be later than now." },
        { "nextAt", new { known = "状況", nextAt = "2026-12-24T09:00:00+09:00" }, "次の報告時刻 (nextAt) は 7 日後までにしてください。", "nextAt can be at most 7 days ahead." },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task BadInput_IsRefusedSayingWhatIsWrong_InJapaneseAndEnglish_AndNothingIsPosted(string field, object body, string ja, string en)
    {
        var (hospital, id, number) = await Incident("入力誤り病院");
        var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");

        var inJapanese = await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/updates", body)).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var inEnglish = await (await english.PostJson($"/api/v1/incidents/{id}/updates", body)).Problem(HttpStatusCode.BadRequest, "invalid-field");

        Assert.Equal(ja, inJapanese.Detail());
        Assert.Equal(en, inEnglish.Detail());
        Assert.True(inJapanese.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await Updates(hospital.Officer, id)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task StaffAndVendors_MayReadButNotPost_AnotherHospitalSeesNothing_AMergedIncidentTakesNone()
    {
        var (hospital, id, number) = await Incident("権限病院");
        var other = await factory.AddHospital("他院 " + Guid.NewGuid().ToString("N")[..6]);
        var body = new { known = "状況" };

        var staff = await (await hospital.Staff.PostJson($"/api/v1/incidents/{id}/updates", body)).Problem(HttpStatusCode.Forbidden, "role-required");
        Assert.Contains("医療情報システム安全管理責任者", staff.Detail(), StringComparison.Ordinal);
        var english = await (await factory.Client(hospital.Keys[Role.Staff], "en").PostJson($"/api/v1/incidents/{id}/updates", body)).Problem(HttpStatusCode.Forbidden, "role-required");
        Assert.Contains("security officer", english.Detail(), StringComparison.OrdinalIgnoreCase);
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{number}/updates")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await other.Officer.GetAsync($"/api/v1/incidents/{id}/updates")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await other.Officer.PostJson($"/api/v1/incidents/{id}/updates", body)).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await Invitation.Accept(hospital, id);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", body)).Json(HttpStatusCode.OK);
        Assert.Equal(1, (await Updates(hospital.Vendor, id)).GetProperty("count").GetInt32());
        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{id}/updates", body)).Problem(HttpStatusCode.Forbidden, "role-required");

        var into = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "同じ攻撃" })).Json(HttpStatusCode.Created);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/merge", new { into = into.GetProperty("number").GetInt32().ToString(CultureInfo.InvariantCulture), reason = "同じ攻撃" })).Json(HttpStatusCode.OK);
        var merged = await (await hospital.Officer.PostJson($"/api/v1/incidents/{number}/updates", body)).Problem(HttpStatusCode.Conflict, "incident-closed");
        Assert.NotEmpty(merged.Detail());
    }

    [Fact]
    public async Task AfterClosing_ALastUpdateNeedsNoNextTime_AndNothingIsDue()
    {
        var (hospital, id, _) = await Incident("閉鎖後病院");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/close", new { reason = "誤報" })).Json(HttpStatusCode.OK);

        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/updates", new { known = "誤報と確認。最終報告とする" })).Json(HttpStatusCode.OK);

        var read = await Updates(hospital.Officer, id);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("nextDue").ValueKind);
        Assert.False(read.GetProperty("updates")[0].TryGetProperty("nextAt", out var nextAt) && nextAt.ValueKind != JsonValueKind.Null);
        clock.Advance(TimeSpan.FromHours(3));
        Assert.False((await Updates(hospital.Officer, id)).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task TheFirstUpdate_IsDueOneRhythmAfterOpening_ThePagesSaySoWhenItPasses_UntilOneIsPosted()
    {
        var (hospital, id, number) = await Incident("期限病院", everyMinutes: 30);
        const string overdue = "最初の状況報告の予定時刻";

        Assert.DoesNotContain(overdue, await Page(hospital.Officer, $"/incidents/{number}"), StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMinutes(26));

        var read = await Updates(hospital.Officer, id);
        Assert.True(read.GetProperty("overdue").GetBoolean());
        Assert.Equal(30, read.GetProperty("everyMinutes").GetInt32());
        var workspace = await Page(hospital.Officer, $"/incidents/{number}");
        Assert.Contains(overdue, workspace, StringComparison.Ordinal);
        Assert.Contains($"href=\"/incidents/{number}/updates#update-form\"", workspace, StringComparison.Ordinal);
        Assert.Contains(overdue, await Page(hospital.Management, "/"), StringComparison.Ordinal);
        var staffHome = await Page(hospital.Staff, "/");
        Assert.Contains(overdue, staffHome, StringComparison.Ordinal);
        Assert.DoesNotContain("#update-form", staffHome, StringComparison.Ordinal);
        Assert.Contains(overdue, await Page(hospital.Officer, $"/incidents/{number}/contacts"), StringComparison.Ordinal);
        Assert.Contains(overdue, await Page(hospital.Management, $"/incidents/{number}/reports"), StringComparison.Ordinal);
        Assert.Contains(overdue, await Page(hospital.Officer, $"/incidents/{number}/calls"), StringComparison.Ordinal);
        Assert.Contains("The first status update was due at", await Page(factory.Client(hospital.Keys[Role.SecurityOfficer], "en"), $"/incidents/{number}/command"), StringComparison.Ordinal);

        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", new { known = "調査中" })).Json(HttpStatusCode.OK);

        var after = await Page(hospital.Officer, $"/incidents/{number}");
        Assert.DoesNotContain("状況報告の予定時刻", after, StringComparison.Ordinal);
        Assert.Contains("調査中", after, StringComparison.Ordinal);
        // The next, 30 minutes on (the hospital's rhythm), then is overdue in its turn.
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Contains("次の状況報告の予定時刻", await Page(hospital.Officer, $"/incidents/{number}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHospitalsRhythm_IsTenMinutesToADay_SaidClearly()
    {
        var hospital = await factory.AddHospital("間隔病院 " + Guid.NewGuid().ToString("N")[..6]);
        var profile = new { name = "間隔病院", kind = "hospital", beds = 120, @operator = "private", largeOrRegional = false, updateEveryMinutes = 5 };

        var refused = await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = profile }))
            .Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");

        Assert.Contains("状況報告の間隔は 10〜1440 分で指定してください(5 分は指定できません)。", refused.ToString(), StringComparison.Ordinal);
        Assert.True(refused.GetProperty("errors").TryGetProperty("updateEveryMinutes", out _), refused.ToString());
    }

    [Fact]
    public async Task TheUpdates_AreInTheFinalReportsTimeline_AndTheSituationSheet()
    {
        var (hospital, id, number) = await Incident("時系列病院");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", new { known = "暗号化は電子カルテ系のみ", doing = "バックアップから復旧を準備" })).Json(HttpStatusCode.OK);

        var draft = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}/reports/final-incident-report/draft")).Json(HttpStatusCode.OK);
        var timeline = draft.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "timeline").GetProperty("value").GetString()!;
        Assert.Contains("状況報告: 暗号化は電子カルテ系のみ / 対応: バックアップから復旧を準備 / 次回報告 ", timeline, StringComparison.Ordinal);
        var sheet = await Page(hospital.Management, $"/incidents/{number}/situation");
        Assert.Contains("最新の状況報告", sheet, StringComparison.Ordinal);
        Assert.Contains("暗号化は電子カルテ系のみ", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePagesForm_PostsAnUpdate_WithoutScript_OnceOnly_AndARefusalKeepsWhatWasTyped()
    {
        var (hospital, id, number) = await Incident("画面病院");
        var page = $"/incidents/{number}/updates";
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var next = clock.GetUtcNow().AddMinutes(40).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "status-update",
            ["Form.RequestId"] = Guid.NewGuid().ToString("N"),
            ["Form.Known"] = "3階西病棟の端末1台のみ",
            ["Form.Doing"] = "LANケーブルを抜いた",
            ["Form.NextAt"] = next,
        };

        var posted = await officer.Post(page, new(form), await officer.Token(page));
        var resent = await officer.Post(page, new(form), await officer.Token(page));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal((true, "状況報告を記録しました。"), PageSession.Flash(posted));
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var read = await Updates(hospital.Officer, id);
        Assert.Equal(1, read.GetProperty("count").GetInt32());
        Assert.StartsWith(next, read.GetProperty("updates")[0].GetProperty("nextAt").GetString(), StringComparison.Ordinal);

        var past = clock.GetUtcNow().AddHours(-2).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var refused = await officer.Post(page, new(form) { ["Form.RequestId"] = Guid.NewGuid().ToString("N"), ["Form.Known"] = "別の報告", ["Form.NextAt"] = past }, await officer.Token(page));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("次の報告時刻 (nextAt) は今より後の時刻にしてください。", html, StringComparison.Ordinal);
        Assert.Contains("別の報告", html, StringComparison.Ordinal);

        var staff = await Page(hospital.Staff, page);
        Assert.Contains("3階西病棟の端末1台のみ", staff, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"update-form\"", staff, StringComparison.Ordinal);
    }

    private static readonly object People = new
    {
        people = new object[]
        {
            new { id = "p-so", name = "田中 一郎", roles = new[] { "security-officer" }, department = "情報システム課", channels = new object[] { new { kind = "mobile", value = "090-0000-2100" }, new { kind = "email", value = "so@example.jp" } } },
            new { id = "p-dir", name = "山本 直子", roles = new[] { "management" }, department = "院長室", channels = new object[] { new { kind = "email", value = "dir@example.jp" } } },
            new { id = "p-head", name = "岡田 恵", roles = new[] { "staff" }, department = "看護部", departmentHead = true, channels = new object[] { new { kind = "email", value = "head@example.jp" } } },
            new { id = "p-nurse", name = "佐藤 花子", roles = new[] { "staff" }, department = "看護部", channels = new object[] { new { kind = "phs", value = "3001" } } },
        },
        departments = new[] { "情報システム課", "院長室", "看護部" },
        callTreeRoot = "p-so",
        callTree = new object[] { new { caller = "p-so", callee = "p-dir", order = 1 } },
    };

    private static async Task<List<JsonElement>> Notices(Hospital hospital, int number) =>
        [.. (await (await hospital.Officer.GetAsync("/api/v1/notices")).Json(HttpStatusCode.OK)).EnumerateArray()
            .Where(n => n.TryGetProperty("incident", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt32() == number && n.GetProperty("kind").GetString() == "status-update")];

    [Fact]
    public async Task AnUpdate_IsSentAsANotice_ToManagementAndTheDepartmentHeads_InTheSameCommand()
    {
        var (hospital, id, number) = await Incident("お知らせ病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content = People })).Json(HttpStatusCode.OK);

        var posted = await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", new { known = "電子カルテ停止中", doing = "紙運用に切替" })).Json(HttpStatusCode.OK);

        Assert.Equal(["status-posted", "notice-sent"], posted.GetProperty("appended").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var notice = Assert.Single(await Notices(hospital, number));
        var detail = await (await hospital.Officer.GetAsync($"/api/v1/notices/{notice.GetProperty("number").GetInt32()}")).Json(HttpStatusCode.OK);
        Assert.Equal(["person:p-dir", "person:p-head"], detail.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("key").GetString()).Order());
        Assert.Contains("電子カルテ停止中", detail.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("紙運用に切替", detail.GetProperty("body").GetString(), StringComparison.Ordinal);

        // Sent to nobody when the poster says so; to whom they choose otherwise; a choice that names no one is refused, and posts nothing.
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", new { known = "記録のみ", send = false })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", new { known = "看護部へ", audience = new { departments = new[] { "看護部" } } })).Json(HttpStatusCode.OK);
        var refused = await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", new { known = "誤り", audience = new { departments = new[] { "存在しない課" } } }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("存在しない課", refused.Detail(), StringComparison.Ordinal);
        var notices = await Notices(hospital, number);
        Assert.Equal(2, notices.Count);
        var nursing = await (await hospital.Officer.GetAsync($"/api/v1/notices/{notices.Max(n => n.GetProperty("number").GetInt32())}")).Json(HttpStatusCode.OK);
        Assert.Equal(["person:p-head", "person:p-nurse"], nursing.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("key").GetString()).Order());
        Assert.Equal(3, (await Updates(hospital.Officer, id)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AnOverdueUpdate_RemindsTheSecurityOfficers_WhenNobodyCommands_OncePerDueTime_EvenFromTwoRoundsAtOnce()
    {
        var (hospital, id, number) = await Incident("催促病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content = People })).Json(HttpStatusCode.OK);
        var watch = factory.Services.GetRequiredService<Sonae.Web.Notices.UpdateWatch>();
        await watch.Round(CancellationToken.None);
        Assert.Empty(await Notices(hospital, number));

        clock.Advance(TimeSpan.FromMinutes(56));
        await Task.WhenAll(watch.Round(CancellationToken.None), watch.Round(CancellationToken.None));
        await watch.Round(CancellationToken.None);

        var reminder = Assert.Single(await Notices(hospital, number));
        Assert.StartsWith("状況報告の予定時刻を過ぎています", reminder.GetProperty("title").GetString(), StringComparison.Ordinal);
        var detail = await (await hospital.Officer.GetAsync($"/api/v1/notices/{reminder.GetProperty("number").GetInt32()}")).Json(HttpStatusCode.OK);
        Assert.Equal(["person:p-so"], detail.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("key").GetString()));

        // An update sets the next due time; when that one passes, its own reminder goes out.
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/updates", new { known = "調査中", send = false })).Json(HttpStatusCode.OK);
        await watch.Round(CancellationToken.None);
        Assert.Single(await Notices(hospital, number));
        clock.Advance(TimeSpan.FromMinutes(61));
        await watch.Round(CancellationToken.None);
        Assert.Equal(2, (await Notices(hospital, number)).Count);
    }

    [Fact]
    public async Task TheApiDocument_DescribesTheUpdates()
    {
        var document = await (await factory.Client(null).GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);

        var path = document.GetProperty("paths").GetProperty("/api/v1/incidents/{id}/updates");
        Assert.Equal("GetStatusUpdates", path.GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("PostStatusUpdate", path.GetProperty("post").GetProperty("operationId").GetString());
        var request = document.GetProperty("components").GetProperty("schemas").GetProperty("PostStatusUpdateRequest").GetProperty("properties");
        Assert.All(["known", "doing", "nextAt"], field => Assert.True(request.TryGetProperty(field, out _), field));
        Assert.Equal("GetCallSheet", document.GetProperty("paths").GetProperty("/api/v1/incidents/{id}/calls").GetProperty("get").GetProperty("operationId").GetString());
    }
}

public sealed class SqliteStatusUpdateTests(ClockedSqliteFactory factory) : StatusUpdateTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresStatusUpdateTests(ClockedPostgresFactory factory) : StatusUpdateTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
