using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Preparedness;

/// <summary>The preparedness record over HTTP, on SQLite and on PostgreSQL: sections, versions, ledgers, readiness.</summary>
public abstract class PreparednessApiTests(SonaeFactory factory)
{
    private static readonly NetworkConfiguration Network = new(
        [new("ehr", "電子カルテ系", SegmentKind.Ehr), new("office", "事務系", SegmentKind.Administrative)],
        [new("ehr", "office", "FW-01")],
        [new("vpn-1", "カルテ保守VPN", LineKind.RemoteMaintenance, "ehr", null, "情報システム課", "VPN-01", "7.2.4", new DateOnly(2026, 9, 1))],
        new DateOnly(2026, 11, 1));

    private static object Save(int baseVersion, object content, string? note = null) =>
        new { baseVersion, note, content = JsonSerializer.SerializeToElement(content, content.GetType(), RecordJson.Options) };

    private static byte[] Xlsx(params string?[][] rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows.Select(r => r.Select((v, i) => (Key: ((char)('A' + i)).ToString(), Value: (object?)v)).ToDictionary(c => c.Key, c => c.Value)).ToList(),
            printHeader: false, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, string url, byte[] file, string name, string? note = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        if (note is not null)
            form.Add(new StringContent(note), "note");
        return client.PostAsync(url, form);
    }

    private static readonly string?[] AssetHeaders = ["管理番号", "機器名", "種別", "セグメント", "IPアドレス", "バックアップ対象", "バックアップ先", "オフライン保管", "最終復元テスト"];

    [Fact]
    public async Task Readiness_NewHospital_ListsWhatToStartWithInTheCallersLanguage()
    {
        var hospital = await factory.AddHospital("備え新規病院");

        var readiness = await (await hospital.Staff.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK);

        var findings = readiness.GetProperty("findings").EnumerateArray().ToList();
        // Sonae's own scheduled backup is a finding only while this class's server holds one hospital (see BackupScheduleTests).
        findings = [.. findings.Where(f => f.GetProperty("kind").GetString() != "sonae-backup-not-configured")];
        Assert.Equal(["profile-missing", "no-security-officer", "no-management", "network-missing", "no-drill", "checklist-not-started"], findings.Select(f => f.GetProperty("kind").GetString()));
        Assert.Equal("ネットワーク構成図がありません。", findings[3].GetProperty("message").GetString());
        Assert.All(readiness.GetProperty("sections").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task SaveNetworkTwice_ThenCompare_NamesWhatChangedField()
    {
        var hospital = await factory.AddHospital("構成比較病院");
        var first = await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network, "初版"))).Json(HttpStatusCode.OK);
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        var moved = Network with { Lines = [Network.Lines[0] with { Segment = "office" }] };

        var second = await (await hospital.Management.PutJson("/api/v1/preparedness/network", Save(1, moved, "VPN を事務系へ移設"))).Json(HttpStatusCode.OK);
        var changes = await (await hospital.Staff.GetAsync("/api/v1/preparedness/network/compare?from=1&to=2")).Json(HttpStatusCode.OK);
        var versions = await (await hospital.Staff.GetAsync("/api/v1/preparedness/network/versions")).Json(HttpStatusCode.OK);

        Assert.Equal(2, second.GetProperty("version").GetInt32());
        var change = Assert.Single(changes.EnumerateArray());
        Assert.Equal(("lines", "vpn-1", "changed"), (change.GetProperty("list").GetString(), change.GetProperty("key").GetString(), change.GetProperty("kind").GetString()));
        var field = Assert.Single(change.GetProperty("fields").EnumerateArray());
        Assert.Equal(("segment", "ehr", "office"), (field.GetProperty("field").GetString(), field.GetProperty("before").GetString(), field.GetProperty("after").GetString()));
        Assert.Equal(["VPN を事務系へ移設", "初版"], versions.EnumerateArray().Select(v => v.GetProperty("note").GetString()));
        var current = await (await hospital.Staff.GetAsync("/api/v1/preparedness/network")).Json(HttpStatusCode.OK);
        Assert.Equal("remote-maintenance", current.GetProperty("content").GetProperty("lines")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Save_FromAnOlderVersion_Is409AndKeepsTheNewer()
    {
        var hospital = await factory.AddHospital("同時編集病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network))).Json(HttpStatusCode.OK);

        var problem = await (await hospital.Management.PutJson("/api/v1/preparedness/network", Save(0, NetworkConfiguration.Empty)))
            .Problem(HttpStatusCode.Conflict, "section-conflict");

        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt32());
        Assert.Contains("ほかの人が先に保存しました", problem.Detail(), StringComparison.Ordinal);
        var current = await (await hospital.Staff.GetAsync("/api/v1/preparedness/network")).Json(HttpStatusCode.OK);
        Assert.Equal(2, current.GetProperty("content").GetProperty("segments").GetArrayLength());
    }

    [Fact]
    public async Task Save_DuplicateIdsAndUnknownSegment_Is422WithEveryPath_AndStoresNothing()
    {
        var hospital = await factory.AddHospital("不正構成病院");
        var broken = Network with { Segments = [Network.Segments[0], Network.Segments[0]], Links = [new("ehr", "nowhere")] };

        var problem = await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, broken))).Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");

        var errors = problem.GetProperty("errors");
        Assert.Equal("segments[1].id: ID「ehr」はすでに使われています。", errors.GetProperty("segments[1].id")[0].GetString());
        Assert.True(errors.TryGetProperty("links[0].to", out _));
        var versions = await (await hospital.Officer.GetAsync("/api/v1/preparedness/network/versions")).Json(HttpStatusCode.OK);
        Assert.Equal(0, versions.GetArrayLength());
    }

    [Fact]
    public async Task Save_ContentMissingAProperty_Is400NamingIt()
    {
        var hospital = await factory.AddHospital("欠落病院");

        var problem = await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = new { name = "欠落病院", kind = "castle" } }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");

        Assert.Contains("$.kind", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_PersonWithoutItsLists_Is422NamingThem_NotAServerError()
    {
        var hospital = await factory.AddHospital("欠落リスト病院");
        var body = new { baseVersion = 0, content = new { people = new[] { new { id = "p-1", name = "山田 一郎" } }, departments = Array.Empty<string>(), callTree = Array.Empty<object>() } };

        var problem = await (await hospital.Officer.PutJson("/api/v1/preparedness/people", body)).Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");

        Assert.True(problem.GetProperty("errors").TryGetProperty("people[0].roles", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("people[0].channels", out _));
    }

    [Fact]
    public async Task Roles_StaffReadsButCannotChange_VendorSeesNothing()
    {
        var hospital = await factory.AddHospital("権限備え病院");

        await (await hospital.Staff.PutJson("/api/v1/preparedness/network", Save(0, Network))).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.GetAsync("/api/v1/preparedness/people")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.GetAsync("/api/v1/preparedness/ledgers/assets.csv")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Staff.GetAsync("/api/v1/preparedness/people")).Json(HttpStatusCode.OK);
        await (await hospital.Staff.GetAsync("/api/v1/preparedness/castle")).Problem(HttpStatusCode.NotFound, "section-not-found");
    }

    [Fact]
    public async Task ImportAssets_GoodWorkbook_ReplacesTheAssets_AndExportGivesThemBack()
    {
        var hospital = await factory.AddHospital("台帳取込病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network))).Json(HttpStatusCode.OK);
        var file = Xlsx(AssetHeaders,
            ["SV-001", "EHR-DB", "サーバ", "電子カルテ系", "10.1.0.10", "DB 全体", "テープ", "はい", "2026/8/1"],
            ["PC-101", "3W-NS-01", "端末", "ehr", "10.1.3.101", null, null, null, null]);

        var imported = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/assets.xlsx", file, "台帳.xlsx", "年次棚卸し")).Json(HttpStatusCode.OK);
        var export = await hospital.Staff.GetAsync("/api/v1/preparedness/ledgers/assets.csv");

        Assert.Equal((1, 2), (imported.GetProperty("version").GetInt32(), imported.GetProperty("count").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var csv = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Take(3));
        var text = Encoding.UTF8.GetString(csv);
        Assert.StartsWith("\uFEFF\"管理番号\",\"機器名\",\"種別\",", text, StringComparison.Ordinal);
        Assert.Contains("\"SV-001\",\"EHR-DB\",\"サーバ\",\"\",\"ehr\",\"10.1.0.10\",", text, StringComparison.Ordinal);

        // The exported file imports again as it is, as the next version.
        var again = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/assets.csv", csv, "assets.csv")).Json(HttpStatusCode.OK);
        Assert.Equal(2, again.GetProperty("version").GetInt32());
        var changes = await (await hospital.Officer.GetAsync("/api/v1/preparedness/inventory/compare?from=1&to=2")).Json(HttpStatusCode.OK);
        Assert.Equal(0, changes.GetArrayLength());
    }

    [Fact]
    public async Task ExportPartiesCsv_FormulaLikeCells_AreMadeText_AndImportAsTheyWere()
    {
        var hospital = await factory.AddHospital("台帳数式病院");
        var parties = new ExternalPartyList(
        [
            new("v-1", PartyKind.Vendor, "=HYPERLINK(\"http://x\")", "+1", [new(ChannelKind.Office, "+81-3-5555-0000"), new(ChannelKind.Mobile, "-")],
                new DateOnly(2027, 3, 31), Hours: "-2", Contract: "@SUM(A1)", Notes: "+81-3-5555-0001"),
        ]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/parties", Save(0, parties))).Json(HttpStatusCode.OK);

        var csv = await (await hospital.Officer.GetAsync("/api/v1/preparedness/ledgers/parties.csv")).Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(csv);
        foreach (var cell in new[] { "\"'=HYPERLINK(\"\"http://x\"\")\"", "\"'+1\"", "\"'-2\"", "\"'@SUM(A1)\"", "\"'+81-3-5555-0001\"" })
            Assert.Contains(cell, text, StringComparison.Ordinal);
        var again = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/parties.csv", csv, "parties.csv")).Json(HttpStatusCode.OK);

        Assert.Equal(2, again.GetProperty("version").GetInt32());
        var first = await (await hospital.Officer.GetAsync("/api/v1/preparedness/parties/versions/1")).Json(HttpStatusCode.OK);
        var second = await (await hospital.Officer.GetAsync("/api/v1/preparedness/parties/versions/2")).Json(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("content").GetRawText(), second.GetProperty("content").GetRawText());
    }

    [Fact]
    public async Task ImportAssets_BadRows_Is422WithEveryProblem_AndImportsNothing()
    {
        var hospital = await factory.AddHospital("台帳不良病院");
        var good = Xlsx(AssetHeaders, ["SV-001", "EHR-DB", "サーバ", null, "10.1.0.10", null, null, null, null]);
        await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/assets.xlsx", good, "a.xlsx")).Json(HttpStatusCode.OK);
        var bad = Xlsx(AssetHeaders,
            ["SV-002", "NEW-DB", "サーバ", null, "10.1.0.11", null, null, null, null],
            ["SV-003", "", "サーバー", null, "10.1.0.999", null, null, null, "昨日"]);

        var problem = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/assets.xlsx", bad, "b.xlsx")).Problem(HttpStatusCode.UnprocessableEntity, "ledger-rejected");

        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal([(3, "機器名"), (3, "種別"), (3, "IPアドレス"), (3, "最終復元テスト")], problems.Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("column").GetString()!)));
        Assert.Equal("行 3「IPアドレス」: 「10.1.0.999」は IP アドレスではありません(例: 192.168.10.5)。", problems[2].GetProperty("message").GetString());
        var inventory = await (await hospital.Officer.GetAsync("/api/v1/preparedness/inventory")).Json(HttpStatusCode.OK);
        Assert.Equal(1, inventory.GetProperty("version").GetInt32());
        Assert.Equal(["SV-001"], inventory.GetProperty("content").GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ImportAssets_ShiftJisCsvFromExcel_IsRead()
    {
        var hospital = await factory.AddHospital("文字コード病院");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding(932).GetBytes("管理番号,機器名,種別\r\nPC-201,外来受付１,端末\r\n");

        var imported = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/assets.csv", csv, "受付.csv")).Json(HttpStatusCode.OK);

        Assert.Equal(1, imported.GetProperty("count").GetInt32());
        var inventory = await (await hospital.Officer.GetAsync("/api/v1/preparedness/inventory")).Json(HttpStatusCode.OK);
        Assert.Equal("外来受付１", inventory.GetProperty("content").GetProperty("assets")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ImportAssets_NotASpreadsheet_Is400InTheCallersLanguage()
    {
        var hospital = await factory.AddHospital("壊れファイル病院");

        var problem = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/assets.xlsx", "これは表ではない"u8.ToArray(), "memo.xlsx"))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");

        Assert.Contains("xlsx として読み取れません", problem.Detail(), StringComparison.Ordinal);

        // A form that is not one (multipart without its boundary): the sender's mistake, said as such.
        var formless = new ByteArrayContent("x"u8.ToArray());
        formless.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data");
        var unreadable = await (await hospital.Officer.PostAsync("/api/v1/preparedness/ledgers/assets.xlsx", formless)).Problem(HttpStatusCode.BadRequest, "unreadable-form");
        Assert.Contains("フォーム", unreadable.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAssets_MultipartCutShort_Is400_AndNothingIsImported()
    {
        var hospital = await factory.AddHospital("途切れ病院 " + Guid.NewGuid().ToString("N")[..6]);
        var form = new MultipartFormDataContent("cut-here");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("id,name\na-1,受付端末\n")), "file", "assets.csv");
        form.Add(new StringContent("年次棚卸し"), "note");
        var whole = await form.ReadAsByteArrayAsync();
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var token = await page.Token("/preparedness/inventory");

        foreach (var cut in new[] { whole.Length / 2, whole.Length - 12 })
        {
            var truncated = new ByteArrayContent(whole[..cut]);
            truncated.Headers.ContentType = form.Headers.ContentType;
            var problem = await (await hospital.Officer.PostAsync("/api/v1/preparedness/ledgers/assets.csv", truncated)).Problem(HttpStatusCode.BadRequest, "unreadable-form");
            Assert.Contains("フォーム", problem.Detail(), StringComparison.Ordinal);
        }
        var pageForm = new MultipartFormDataContent("cut-here")
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("import"), "kind" },
            { new StringContent("assets"), "ledger" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("id,name\na-1,受付端末\n")), "file", "assets.csv" },
        };
        var pageBody = await pageForm.ReadAsByteArrayAsync();
        var cutPage = new ByteArrayContent(pageBody[..(pageBody.Length - 20)]);
        cutPage.Headers.ContentType = pageForm.Headers.ContentType;
        var answered = await page.PostContent("/preparedness/inventory/do", cutPage);

        Assert.Equal(HttpStatusCode.BadRequest, answered.StatusCode);
        var inventory = await (await hospital.Officer.GetAsync("/api/v1/preparedness/inventory")).Json(HttpStatusCode.OK);
        Assert.Equal(0, inventory.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Readiness_AfterPeopleAreSaved_FindsAKeyPersonReachableOnlyByEmail()
    {
        var hospital = await factory.AddHospital("連絡網病院");
        var people = new PeopleDirectory(
            [
                new("p-1", "山田 一郎", null, null, [Role.SecurityOfficer], "p-2", [new(ChannelKind.Mobile, "090-0000-0001")]),
                new("p-2", "佐藤 花子", null, null, [Role.Management], "p-1", [new(ChannelKind.Email, "sato@example.jp")]),
            ],
            [], "p-1", [new("p-1", "p-2", 1)]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", Save(0, people))).Json(HttpStatusCode.OK);

        var readiness = await (await factory.Client(hospital.Keys[Role.Staff], "en").GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK);

        var finding = Assert.Single(readiness.GetProperty("findings").EnumerateArray(), f => f.GetProperty("section").GetString() == "people");
        Assert.Equal("person-network-only", finding.GetProperty("kind").GetString());
        Assert.StartsWith("佐藤 花子 can be reached only by e-mail or chat", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}

public sealed class SqlitePreparednessApiTests(SqliteFactory factory) : PreparednessApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresPreparednessApiTests(PostgresFactory factory) : PreparednessApiTests(factory), IClassFixture<PostgresFactory>;
