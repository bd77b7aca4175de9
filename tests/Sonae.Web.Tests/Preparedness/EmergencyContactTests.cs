using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Preparedness;

/// <summary>
/// The number staff phone is kept in one place, the people record, and edited on the settings page: after one edit
/// the report page, the poster, the binder, the anomaly report's answer and the page after a report all show it,
/// and the record has a new version that says who changed it.
/// </summary>
public abstract partial class EmergencyContactTests(SonaeFactory factory)
{
    private static readonly PeopleDirectory Record = new(
        [
            new Person("p-director", "佐藤 院長", null, "院長", [Role.Management], null, [new(ChannelKind.Mobile, "090-0000-0001")]),
            new Person("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], null,
                [new(ChannelKind.Email, "tanaka@example.jp"), new(ChannelKind.Phs, "2100"), new(ChannelKind.Mobile, "090-0000-2100")]),
        ],
        [], "p-director", []);

    private static object Save(int baseVersion, object content) =>
        new { baseVersion, content = JsonSerializer.SerializeToElement(content, content.GetType(), RecordJson.Options) };

    /// <summary>Posts the settings page's contact form, as the browser sends it; returns the page it answers with.</summary>
    private static async Task<string> PostSettings(PageSession session, Dictionary<string, string> fields)
    {
        var token = await session.Token("/settings");
        fields["_handler"] = "settings";
        var response = await session.Post("/settings", fields, token);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return WebUtility.HtmlDecode(html);
    }

    private static async Task<string> Page(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    /// <summary>Everywhere staff are told whom to phone, for the staff of <paramref name="hospital"/>.</summary>
    private static async Task<Dictionary<string, string>> EveryPlace(Hospital hospital)
    {
        var report = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);
        var number = report.GetProperty("incident").GetProperty("number").GetInt32();
        var call = report.GetProperty("call");
        var answer = string.Join(" / ", call.GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("text").GetString()));
        return new()
        {
            ["report page"] = await Page(hospital.Staff, "/report"),
            ["page after a report"] = await Page(hospital.Staff, $"/report/sent/{number}"),
            ["poster"] = await Page(hospital.Staff, "/poster"),
            ["binder"] = await Page(hospital.Staff, "/binder"),
            ["anomaly report's answer"] = $"{call.GetProperty("name").GetString()} {answer}",
        };
    }

    [Fact]
    public async Task Vendors_AreGivenThePublishedLineAlone_NotTheOfficersOtherNumbers()
    {
        var hospital = await factory.AddHospital("連絡先病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", Save(0, Record))).Json(HttpStatusCode.OK);

        var staff = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);
        var vendor = await (await hospital.Vendor.PostJson("/api/v1/anomaly-reports", new { department = "ベンダ作業", signs = new[] { "other" } })).Json(HttpStatusCode.Created);

        static string[] Numbers(JsonElement answer) =>
            [.. answer.GetProperty("call").GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("text").GetString()!)];
        Assert.Equal(["院内PHS 2100", "携帯 090-0000-2100"], Numbers(staff));
        Assert.Equal(["院内PHS 2100"], Numbers(vendor));
        Assert.Equal("田中 一郎", vendor.GetProperty("call").GetProperty("name").GetString());
        var page = await Page(hospital.Vendor, "/report");
        Assert.Contains("院内PHS 2100", page, StringComparison.Ordinal);
        Assert.DoesNotContain("090-0000-2100", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsEdit_ChangesTheNumber_OnEveryPageAndDocument_AsANewVersionOfThePeopleRecord()
    {
        var hospital = await factory.AddHospital("連絡先病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", Save(0, Record))).Json(HttpStatusCode.OK);
        var management = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var before = await EveryPlace(hospital);
        Assert.All(before, place => Assert.Contains("院内PHS 2100", place.Value, StringComparison.Ordinal));

        var page = await PostSettings(management, new() { ["Form.BaseVersion"] = "1", ["Form.ContactKind"] = "Phs", ["Form.ContactPhone"] = "2199" });

        Assert.Contains("保存しました(版 2)", page, StringComparison.Ordinal);
        foreach (var (place, text) in await EveryPlace(hospital))
        {
            Assert.True(text.Contains("田中 一郎", StringComparison.Ordinal), $"{place} does not name the officer");
            Assert.True(text.Contains("院内PHS 2199", StringComparison.Ordinal) && text.Contains("携帯 090-0000-2100", StringComparison.Ordinal), $"{place} does not show the numbers: {Excerpt(text)}");
            Assert.False(text.Contains("PHS 2100", StringComparison.Ordinal), $"{place} still shows the old number");
        }
        var people = await (await hospital.Officer.GetAsync("/api/v1/preparedness/people")).Json(HttpStatusCode.OK);
        Assert.Equal(2, people.GetProperty("version").GetInt32());
        Assert.Equal("設定画面で、職員が電話する番号を変更", people.GetProperty("note").GetString());
        Assert.False(string.IsNullOrEmpty(people.GetProperty("changedBy").GetString()));
        var tanaka = people.GetProperty("content").GetProperty("people")[1];
        Assert.Equal(["tanaka@example.jp", "2199", "090-0000-2100"], tanaka.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task SettingsEdit_FromAnOlderVersion_IsAConflict_AndChangesNothing()
    {
        var hospital = await factory.AddHospital("連絡先競合病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", Save(0, Record))).Json(HttpStatusCode.OK);
        var management = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);

        var page = await PostSettings(management, new() { ["Form.BaseVersion"] = "0", ["Form.ContactKind"] = "Phs", ["Form.ContactPhone"] = "2199" });

        Assert.Contains("ほかの人が先に保存しました(あなたが開いた版 0、いまの版 1)", page, StringComparison.Ordinal);
        Assert.Equal(1, (await (await hospital.Officer.GetAsync("/api/v1/preparedness/people")).Json(HttpStatusCode.OK)).GetProperty("version").GetInt32());
        Assert.Contains("院内PHS 2100", await Page(hospital.Staff, "/poster"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OldSetting_ShowsUntilTheRecordHasANumber_ThenOneSaveMovesItIntoTheRecord()
    {
        var hospital = await factory.AddHospital("旧設定病院 " + Guid.NewGuid().ToString("N")[..6]);
        // What the settings page saved before the people record held the number.
        await factory.Database(db => db.Organizations.Where(o => o.Id == hospital.Id)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.EmergencyContactName, "情報システム課 田中").SetProperty(x => x.EmergencyContactPhone, "+81-3-0000-2100")));
        var management = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);

        Assert.All(await EveryPlace(hospital), place => Assert.True(place.Value.Contains("+81-3-0000-2100", StringComparison.Ordinal), $"{place.Key} does not show the old setting"));
        var settings = WebUtility.HtmlDecode(await (await management.Get("/settings")).Content.ReadAsStringAsync());
        Assert.Contains("以前の設定欄に残っている", settings, StringComparison.Ordinal);
        Assert.Contains("value=\"+81-3-0000-2100\"", settings, StringComparison.Ordinal);

        var page = await PostSettings(management, new() { ["Form.BaseVersion"] = "0", ["Form.ContactName"] = "情報システム課 田中", ["Form.ContactKind"] = "Office", ["Form.ContactPhone"] = "+81-3-0000-2100" });

        Assert.Contains("保存しました(版 1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("以前の設定欄に残っている", page, StringComparison.Ordinal);
        Assert.Equal((null, null), await factory.Database(db => db.Organizations.Where(o => o.Id == hospital.Id)
            .Select(o => new ValueTuple<string?, string?>(o.EmergencyContactName, o.EmergencyContactPhone)).SingleAsync()));
        var people = (await (await hospital.Officer.GetAsync("/api/v1/preparedness/people")).Json(HttpStatusCode.OK)).GetProperty("content");
        Assert.Equal("security-officer", people.GetProperty("callTreeRoot").GetString());
        Assert.All(await EveryPlace(hospital), place => Assert.True(place.Value.Contains("情報システム課 田中", StringComparison.Ordinal) && place.Value.Contains("代表・直通 +81-3-0000-2100", StringComparison.Ordinal),
            $"{place.Key} does not show the moved number: {Excerpt(place.Value)}"));
    }

    [Fact]
    public async Task Api_SetsTheNumber_AsThePageDoes_OnEveryPageAndDocument_AsANewVersion_InTheAuditLog()
    {
        var hospital = await factory.AddHospital("連絡先API病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", Save(0, Record))).Json(HttpStatusCode.OK);
        var before = await (await hospital.Officer.GetAsync("/api/v1/emergency-contact")).Json(HttpStatusCode.OK);
        Assert.Equal(1, before.GetProperty("peopleVersion").GetInt32());
        Assert.Equal("院内PHS 2100", before.GetProperty("contact").GetProperty("numbers")[0].GetProperty("text").GetString());

        var set = await (await hospital.Officer.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, kind = "phs", number = " 2199 " })).Json(HttpStatusCode.OK);

        Assert.Equal(2, set.GetProperty("peopleVersion").GetInt32());
        Assert.False(set.GetProperty("fromOldSetting").GetBoolean());
        Assert.Equal("田中 一郎", set.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal(["院内PHS 2199", "携帯 090-0000-2100"], set.GetProperty("contact").GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("text").GetString()));
        foreach (var (place, text) in await EveryPlace(hospital))
            Assert.True(text.Contains("院内PHS 2199", StringComparison.Ordinal) && !text.Contains("PHS 2100", StringComparison.Ordinal), $"{place} does not show the new number: {Excerpt(text)}");
        var people = await (await hospital.Officer.GetAsync("/api/v1/preparedness/people")).Json(HttpStatusCode.OK);
        Assert.Equal("API で、職員が電話する番号を変更", people.GetProperty("note").GetString());
        Assert.False(string.IsNullOrEmpty(people.GetProperty("changedBy").GetString()));

        // The audit log says what was done, in words, as it does for the settings page's form.
        await factory.Services.GetRequiredService<Sonae.Web.Audit.AuditLog>().Flush();
        var entry = await factory.Database(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganizationId == hospital.Id && e.Target == "/api/v1/emergency-contact").SingleAsync());
        Assert.Equal(("PUT /api/v1/emergency-contact", 200), (entry.Action, entry.Status));
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        Assert.Contains("職員が電話する番号を変更", WebUtility.HtmlDecode(await (await officer.Get("/audit")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_BadInput_IsRefusedFieldByField_InTheCallersLanguage_AndChangesNothing()
    {
        var hospital = await factory.AddHospital("連絡先検証病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", Save(0, Record))).Json(HttpStatusCode.OK);
        var english = factory.Client(hospital.Keys[Role.Management], "en");

        static string Error(JsonElement problem, string field) => problem.GetProperty("errors").GetProperty(field)[0].GetString()!;

        var blank = await (await hospital.Officer.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, kind = "phs", number = "  " })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("電話番号", Error(blank, "number"), StringComparison.Ordinal);
        var noKind = await (await english.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, number = "2199" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("kind", Error(noKind, "kind"), StringComparison.OrdinalIgnoreCase);
        // An e-mail address rings no phone: the lines that do are listed.
        var mail = await (await english.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, kind = "email", number = "tanaka@example.jp" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("phs, extension, mobile, home, office, hotline24h", Error(mail, "kind"), StringComparison.Ordinal);
        var unknown = await (await hospital.Officer.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, kind = "pager", number = "2199" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("pager", Error(unknown, "kind"), StringComparison.Ordinal);
        var tooLong = await (await english.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, kind = "mobile", number = new string('9', 201) })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("200", Error(tooLong, "number"), StringComparison.Ordinal);
        var control = await (await hospital.Officer.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, kind = "phs", number = "21\u000199" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.True(control.GetProperty("errors").TryGetProperty("number", out _));
        // Someone saved the people record since: never overwritten.
        var stale = await (await hospital.Officer.PutJson("/api/v1/emergency-contact", new { baseVersion = 0, kind = "phs", number = "2199" })).Problem(HttpStatusCode.Conflict, "section-conflict");
        Assert.Equal(1, stale.GetProperty("currentVersion").GetInt32());
        // A change that does not say which version it was made on is a mistaken request, not someone else's save.
        var versionless = await (await english.PutJson("/api/v1/emergency-contact", new { kind = "phs", number = "2199" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("baseVersion", Error(versionless, "baseVersion"), StringComparison.Ordinal);

        var after = await (await hospital.Officer.GetAsync("/api/v1/emergency-contact")).Json(HttpStatusCode.OK);
        Assert.Equal(1, after.GetProperty("peopleVersion").GetInt32());
        Assert.Equal("院内PHS 2100", after.GetProperty("contact").GetProperty("numbers")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Api_WithNoOfficerOnRecord_AsksForTheName_ThenAddsTheOfficer()
    {
        var hospital = await factory.AddHospital("連絡先新規病院 " + Guid.NewGuid().ToString("N")[..6]);

        var nameless = await (await hospital.Management.PutJson("/api/v1/emergency-contact", new { baseVersion = 0, kind = "mobile", number = "090-0000-9999" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("電話する相手", nameless.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);

        var set = await (await hospital.Management.PutJson("/api/v1/emergency-contact", new { baseVersion = 0, name = "情報システム課 佐藤", kind = "mobile", number = "090-0000-9999", note = "夜間の連絡先" })).Json(HttpStatusCode.OK);

        Assert.Equal("情報システム課 佐藤", set.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal("夜間の連絡先", (await (await hospital.Officer.GetAsync("/api/v1/preparedness/people")).Json(HttpStatusCode.OK)).GetProperty("note").GetString());
    }

    [Fact]
    public async Task Api_IsTheLeadersAlone_StaffAndVendorsAreRefused()
    {
        var hospital = await factory.AddHospital("連絡先権限病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", Save(0, Record))).Json(HttpStatusCode.OK);

        foreach (var client in new[] { hospital.Staff, hospital.Vendor })
        {
            var refused = await (await client.PutJson("/api/v1/emergency-contact", new { baseVersion = 1, kind = "phs", number = "9999" })).Problem(HttpStatusCode.Forbidden, "role-required");
            Assert.Contains("安全管理責任者", refused.Detail(), StringComparison.Ordinal);
            await (await client.GetAsync("/api/v1/emergency-contact")).Problem(HttpStatusCode.Forbidden, "role-required");
        }
        Assert.Equal(1, (await (await hospital.Officer.GetAsync("/api/v1/emergency-contact")).Json(HttpStatusCode.OK)).GetProperty("peopleVersion").GetInt32());
    }

    /// <summary>Where a page speaks of a phone, for a failure message.</summary>
    private static string Excerpt(string text) => string.Join(" … ", Phone().Matches(text).Select(m => m.Value).Take(5));

    [GeneratedRegex(".{0,60}(PHS|携帯|代表).{0,60}")]
    private static partial Regex Phone();
}

public sealed class SqliteEmergencyContactTests(SqliteFactory factory) : EmergencyContactTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresEmergencyContactTests(PostgresFactory factory) : EmergencyContactTests(factory), IClassFixture<PostgresFactory>;
