using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MiniExcelLibs;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Preparedness;

/// <summary>
/// The appliance of an external line over HTTP, on SQLite and PostgreSQL: saved with the network, refused in words
/// (a bad CPE, a day ahead, an owner neither of the two), imported from a hospital's own ledger, edited on the page.
/// </summary>
public abstract class ApplianceApiTests(SonaeFactory factory)
{
    private static readonly ExternalLine Line = new("vpn-1", "カルテ保守VPN", LineKind.RemoteMaintenance, "ehr", null, "情報システム課", "VPN-01", "7.2.4",
        new DateOnly(2026, 9, 1), Maker: "Fortinet", Model: "FortiGate 60F", OwnedBy: ApplianceOwner.Vendor, VendorContact: "架空メディカル 0120-000-001",
        Cpe: "cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*");

    private static readonly NetworkConfiguration Network = new(
        [new("ehr", "電子カルテ系", SegmentKind.Ehr), new("office", "事務系", SegmentKind.Administrative)], [new("ehr", "office", "FW-01")], [Line], new DateOnly(2026, 11, 1));

    private static object Save(int baseVersion, object content) =>
        new { baseVersion, content = JsonSerializer.SerializeToElement(content, content.GetType(), RecordJson.Options) };

    private static DateOnly Tomorrow => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(1);

    [Fact]
    public async Task Save_LineWithItsAppliance_KeepsEveryField()
    {
        var hospital = await factory.AddHospital("機器保存病院");

        await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network))).Json(HttpStatusCode.OK);
        var line = (await (await hospital.Staff.GetAsync("/api/v1/preparedness/network")).Json(HttpStatusCode.OK)).GetProperty("content").GetProperty("lines")[0];

        Assert.Equal(("Fortinet", "FortiGate 60F", "vendor", "架空メディカル 0120-000-001", Line.Cpe),
            (line.GetProperty("maker").GetString(), line.GetProperty("model").GetString(), line.GetProperty("ownedBy").GetString(),
             line.GetProperty("vendorContact").GetString(), line.GetProperty("cpe").GetString()));
    }

    [Theory]
    [InlineData("ja", "CPE 名として読めません", "まだ来ていない日付")]
    [InlineData("en", "is not a CPE name", "is in the future")]
    public async Task Save_BadCpeAndFutureUpdate_AreRefusedByPathInTheCallersLanguage_AndNothingIsStored(string language, string cpeText, string dateText)
    {
        var hospital = await factory.AddHospital($"機器不正病院 {language}");
        var officer = factory.Client(hospital.Keys[Role.SecurityOfficer], language);
        var bad = Network with { Lines = [Line with { Cpe = "FortiOS 6.0.4", LastFirmwareUpdate = Tomorrow }] };

        var problem = await (await officer.PutJson("/api/v1/preparedness/network", Save(0, bad))).Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");

        var errors = problem.GetProperty("errors");
        Assert.Contains(cpeText, errors.GetProperty("lines[0].cpe")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(dateText, errors.GetProperty("lines[0].lastFirmwareUpdate")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await officer.GetAsync("/api/v1/preparedness/network/versions")).Json(HttpStatusCode.OK)).GetArrayLength());
    }

    [Theory]
    [InlineData("ja", "病院")]
    [InlineData("en", "hospital")]
    public async Task Save_OwnerNeitherHospitalNorVendor_Is400SayingTheTwo_WithoutTheTypeName(string language, string word)
    {
        var hospital = await factory.AddHospital($"所有不明病院 {language}");
        var officer = factory.Client(hospital.Keys[Role.SecurityOfficer], language);
        var content = JsonSerializer.SerializeToNode(Network, RecordJson.Options)!;
        content["lines"]![0]!["ownedBy"] = "landlord";

        var problem = await (await officer.PutJson("/api/v1/preparedness/network", new { baseVersion = 0, content })).Problem(HttpStatusCode.BadRequest, "invalid-field");

        Assert.Contains("lines[0].ownedBy", problem.Detail(), StringComparison.Ordinal);
        Assert.Contains(word, problem.Detail(), StringComparison.Ordinal);
        Assert.Contains("hospital, vendor", problem.Detail(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sonae.", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportLines_HospitalsOwnHeaders_ReadsTheAppliances_AndExportWritesThemBack()
    {
        var hospital = await factory.AddHospital("台帳取込病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network with { Lines = [] }))).Json(HttpStatusCode.OK);
        var file = Xlsx(
            ["ID", "名称", "種類", "接続先セグメント", "メーカー名", "機種名", "ファームウェアバージョン", "所有区分", "保守連絡先", "最終更新日", "CPE名"],
            ["vpn-lab", "検査保守VPN", "リモート保守回線", "電子カルテ系", "架空ネットワークス", "XR-10", "3.1.2", "業者", "架空ラボ 0000-00-0001", "2026/5/1", "cpe:/h:kakuu:xr-10:3.1.2"],
            ["vpn-kitchen", "給食VPN", "VPN", "事務系", "架空セキュリティ", "SV-20", "", "自院", "", "", ""]);

        var imported = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/lines.xlsx", file, "外部接続台帳.xlsx")).Json(HttpStatusCode.OK);
        var readiness = await (await hospital.Staff.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK);
        var csv = await (await hospital.Staff.GetAsync("/api/v1/preparedness/ledgers/lines.csv")).Content.ReadAsStringAsync();

        Assert.Equal(2, imported.GetProperty("count").GetInt32());
        var kinds = readiness.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("section").GetString() == "network").Select(f => (f.GetProperty("kind").GetString(), f.GetProperty("subject").GetString())).ToList();
        Assert.Contains(("line-firmware-unknown", "vpn-kitchen"), kinds);
        Assert.Contains(("line-firmware-old", "vpn-kitchen"), kinds);
        Assert.DoesNotContain(kinds, k => k.Item2 == "vpn-lab" && k.Item1 == "line-firmware-unknown");
        Assert.Contains("所有", csv, StringComparison.Ordinal);
        Assert.Contains("架空ラボ 0000-00-0001", csv, StringComparison.Ordinal);
        Assert.Contains("cpe:/h:kakuu:xr-10:3.1.2", csv, StringComparison.Ordinal);
        Assert.Contains("\"業者\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"病院\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportLines_BadCpe_Is422NamingRowAndColumn()
    {
        var hospital = await factory.AddHospital("台帳不正病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network with { Lines = [] }))).Json(HttpStatusCode.OK);
        var file = Xlsx(["ID", "名称", "種類", "接続先セグメント", "CPE"], ["vpn-x", "VPN", "VPN", "ehr", "fortios 6.0.4"]);

        var problem = await (await Upload(hospital.Officer, "/api/v1/preparedness/ledgers/lines.xlsx", file, "x.xlsx")).Problem(HttpStatusCode.UnprocessableEntity, "ledger-rejected");

        var row = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal((2, "CPE", "bad-cpe"), (row.GetProperty("row").GetInt32(), row.GetProperty("column").GetString(), row.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Page_EditAppliance_BadCpeKeepsWhatWasTyped_ThenAGoodOneIsSaved()
    {
        var hospital = await factory.AddHospital("機器編集病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network))).Json(HttpStatusCode.OK);
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var form = "/preparedness/network?line=vpn-1";
        var shown = await (await page.Get(form)).Content.ReadAsStringAsync();
        Assert.Contains("value=\"FortiGate 60F\"", shown, StringComparison.Ordinal);
        Dictionary<string, string> Fields(string cpe, string updated) => new()
        {
            ["_handler"] = "appliance", ["ApplianceForm.Line"] = "vpn-1", ["ApplianceForm.Base"] = "1", ["ApplianceForm.Maker"] = "YAMAHA",
            ["ApplianceForm.Model"] = "RTX1300", ["ApplianceForm.Firmware"] = "23.00.02", ["ApplianceForm.Updated"] = updated, ["ApplianceForm.OwnedBy"] = "hospital",
            ["ApplianceForm.VendorContact"] = "港ネットワーク工業 0120-000-104", ["ApplianceForm.Device"] = "NW-020", ["ApplianceForm.Cpe"] = cpe,
        };

        var refused = await page.Post(form, Fields("RTX1300 の CPE", Tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), await page.Token(form));
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("CPE 名: 「RTX1300 の CPE」は CPE 名として読めません", html, StringComparison.Ordinal);
        Assert.Contains("最終ファームウェア更新日: ", html, StringComparison.Ordinal);
        Assert.Contains("value=\"RTX1300\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"港ネットワーク工業 0120-000-104\"", html, StringComparison.Ordinal);

        var saved = await page.Post(form, Fields("cpe:2.3:h:yamaha:rtx1300:-:*:*:*:*:*:*:*", "2026-11-30"), await page.Token(form));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var line = (await (await hospital.Staff.GetAsync("/api/v1/preparedness/network")).Json(HttpStatusCode.OK)).GetProperty("content").GetProperty("lines")[0];
        Assert.Equal(("YAMAHA", "RTX1300", "hospital", "2026-11-30", "NW-020"),
            (line.GetProperty("maker").GetString(), line.GetProperty("model").GetString(), line.GetProperty("ownedBy").GetString(),
             line.GetProperty("lastFirmwareUpdate").GetString(), line.GetProperty("device").GetString()));
        var after = await (await page.Get("/preparedness/network")).Content.ReadAsStringAsync();
        Assert.Contains("YAMAHA RTX1300", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_StaffSeesTheApplianceButNoForm()
    {
        var hospital = await factory.AddHospital("機器閲覧病院");
        await (await hospital.Officer.PutJson("/api/v1/preparedness/network", Save(0, Network))).Json(HttpStatusCode.OK);
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        var html = await (await page.Get("/preparedness/network?line=vpn-1")).Content.ReadAsStringAsync();

        Assert.Contains("Fortinet FortiGate 60F", html, StringComparison.Ordinal);
        Assert.Contains("架空メディカル 0120-000-001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("appliance-form", html, StringComparison.Ordinal);
    }

    private static byte[] Xlsx(params string?[][] rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows.Select(r => r.Select((v, i) => (Key: ((char)('A' + i)).ToString(), Value: (object?)v)).ToDictionary(c => c.Key, c => c.Value)).ToList(),
            printHeader: false, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, string url, byte[] file, string name)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        return client.PostAsync(url, form);
    }
}

public sealed class SqliteApplianceApiTests(SqliteFactory factory) : ApplianceApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresApplianceApiTests(PostgresFactory factory) : ApplianceApiTests(factory), IClassFixture<PostgresFactory>;
