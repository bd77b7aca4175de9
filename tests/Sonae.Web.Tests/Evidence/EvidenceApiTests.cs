using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Web.Evidence;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Evidence;

/// <summary>
/// The evidence locker on a real server and database: files stored by the hash computed on arrival, outside the web
/// root; downloads only, checked against the hash every time; odd names, huge files and the wrong people refused.
/// </summary>
public abstract class EvidenceApiTests(SonaeFactory factory)
{
    private async Task<(Hospital Hospital, string Incident)> Incident()
    {
        var hospital = await factory.AddHospital("証拠テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        // The vendor who keeps evidence here is invited to the incident (a vendor sees nothing else).
        await Invitation.Accept(hospital, incident);
        return (hospital, incident);
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, string incident, byte[] content, string query)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return client.PostAsync($"/api/v1/incidents/{incident}/evidence?{query}", body);
    }

    private EvidenceLocker Locker => factory.Services.GetRequiredService<EvidenceLocker>();

    [Fact]
    public async Task Upload_KeepsTheFileByItsHash_AndDownloadGivesTheSameBytesAsAnAttachmentOnly()
    {
        var (hospital, incident) = await Incident();
        var content = Encoding.UTF8.GetBytes($"<script>alert(1)</script> firewall log {Guid.NewGuid()}");
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));

        var added = await (await Upload(hospital.Vendor, incident, content,
            "fileName=..%2F..%2Fetc%2Fpasswd&kind=log&fromAsset=FW-01&collectedBy=%E9%AB%98%E6%A9%8B&description=VPN%E3%81%AE%E3%83%AD%E3%82%B0")).Json(HttpStatusCode.Created);

        Assert.Equal("evidence-added", added.GetProperty("appended")[0].GetProperty("type").GetString());
        var stored = Locker.PathOf(sha);
        Assert.True(File.Exists(stored));
        Assert.StartsWith(Locker.Root, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("wwwroot", stored, StringComparison.Ordinal);
        var list = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/evidence")).Json(HttpStatusCode.OK);
        var item = list[0];
        Assert.Equal("E1", item.GetProperty("id").GetString());
        Assert.Equal("passwd", item.GetProperty("fileName").GetString());
        Assert.Equal(sha, item.GetProperty("sha256").GetString());
        Assert.Equal(content.Length, item.GetProperty("size").GetInt64());
        Assert.Equal("高橋", item.GetProperty("collectedBy").GetString());

        var download = await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/evidence/E1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(sha, download.Headers.GetValues("X-Evidence-SHA256").Single());
    }

    [Fact]
    public async Task AlteredFile_IsNotServed()
    {
        var (hospital, incident) = await Incident();
        var content = Encoding.UTF8.GetBytes($"ransom note {Guid.NewGuid()}");
        await (await Upload(hospital.Officer, incident, content, "fileName=note.txt&kind=ransom-note")).Json(HttpStatusCode.Created);

        await File.WriteAllTextAsync(Locker.PathOf(Convert.ToHexStringLower(SHA256.HashData(content))), "something else");

        var problem = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/evidence/E1")).Problem(HttpStatusCode.InternalServerError, "evidence-altered");
        Assert.Contains("E1", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeUpload_IsRefusedAndNothingKept_EmptyOrNamelessToo()
    {
        var (hospital, incident) = await Incident();
        var huge = new byte[Locker.MaxBytes + 1];
        Random.Shared.NextBytes(huge.AsSpan(0, 4096));

        var problem = await (await Upload(hospital.Officer, incident, huge, "fileName=disk.img&kind=other")).Problem(HttpStatusCode.RequestEntityTooLarge, "too-large");
        Assert.Contains("ディスクイメージ", problem.Detail(), StringComparison.Ordinal);
        Assert.False(File.Exists(Locker.PathOf(Convert.ToHexStringLower(SHA256.HashData(huge)))));
        Assert.Empty(Directory.GetFiles(Path.Combine(Locker.Root, "incoming")));

        await (await Upload(hospital.Officer, incident, [], "fileName=empty.log&kind=log")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await Upload(hospital.Officer, incident, [1], "kind=log")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var kind = await (await Upload(hospital.Officer, incident, [1], "fileName=a&kind=malware")).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("ransom-note", kind.Detail(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/evidence")).Json(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Staff_NeitherAddNorRead_AndUnknownEvidenceIsNamed()
    {
        var (hospital, incident) = await Incident();

        await (await Upload(hospital.Staff, incident, [1, 2, 3], "fileName=a.log")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Staff.GetAsync($"/api/v1/incidents/{incident}/evidence")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/evidence/E9")).Problem(HttpStatusCode.NotFound, "unknown-evidence");
        var handover = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/evidence/E1/handover", new { to = "県警" })).Problem(HttpStatusCode.NotFound, "unknown-evidence");
        Assert.Contains("まだありません", handover.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_ListsEveryFileWithItsHashAndEveryHandOver()
    {
        var (hospital, incident) = await Incident();
        var log = Encoding.UTF8.GetBytes($"vpn log {Guid.NewGuid()}");
        await (await Upload(hospital.Vendor, incident, log, "fileName=vpn.log&kind=log&fromAsset=VPN-01")).Json(HttpStatusCode.Created);
        await (await Upload(hospital.Officer, incident, Encoding.UTF8.GetBytes("=cmd|' /C calc'!A0"), "fileName=%3Dformula.csv&kind=other")).Json(HttpStatusCode.Created);
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/evidence/E1/handover", new { to = "架空県警 サイバー犯罪対策課", comment = "受領書 No.12" })).Json(HttpStatusCode.OK);

        var text = await hospital.Officer.GetStringAsync($"/api/v1/incidents/{incident}/evidence/manifest.txt");
        var csv = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}/evidence/manifest.csv")).Content.ReadAsByteArrayAsync();

        Assert.Contains("証拠品一覧", text, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(log)), text, StringComparison.Ordinal);
        Assert.Contains("VPN-01 から", text, StringComparison.Ordinal);
        Assert.Contains("→ 架空県警 サイバー犯罪対策課(受領書 No.12)", text, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"'=formula.csv\"", lines[2], StringComparison.Ordinal);
    }
}

public sealed class SqliteEvidenceApiTests(SqliteFactory factory) : EvidenceApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresEvidenceApiTests(PostgresFactory factory) : EvidenceApiTests(factory), IClassFixture<PostgresFactory>;
