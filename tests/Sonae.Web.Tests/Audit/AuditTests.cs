using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Audit;

/// <summary>
/// The audit log on a real server and database: changes, sign-ins (failed ones too), refused keys and downloads
/// are recorded in each organization's hash chain; the page filters them and only the hospital's leaders read it.
/// </summary>
public abstract class AuditTests(SonaeFactory factory)
{
    private async Task<List<Data.Audit.AuditEntryRow>> Entries(Guid organization)
    {
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        return await factory.Database(db => db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organization).OrderBy(e => e.Seq).ToListAsync());
    }

    [Fact]
    public async Task Changes_SignIns_AndDownloads_AreRecorded_InAnUnbrokenChain()
    {
        var hospital = await factory.AddHospital("監査病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "メモ" })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=a.log&kind=log", new ByteArrayContent([1, 2, 3]))).Json(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/evidence/E1")).StatusCode);
        await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}");
        await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);

        var entries = await Entries(hospital.Id);

        var actions = entries.Select(e => e.Action).ToList();
        Assert.Contains("POST /api/v1/anomaly-reports", actions);
        Assert.Contains("POST /api/v1/incidents/{id}/notes", actions);
        Assert.Contains("POST /api/v1/incidents/{id}/evidence/", actions);
        Assert.Contains("GET /api/v1/incidents/{id}/evidence/{evidence}", actions);
        Assert.Contains("sign-in", actions);
        Assert.DoesNotContain(actions, a => a.StartsWith("GET /api/v1/incidents/{id}", StringComparison.Ordinal) && !a.Contains("evidence", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Seq));
        Assert.Null(Core.Audit.AuditVerifier.Check(hospital.Id, entries.Select(e => (e.ToEntry(), e.Hash))));
        var download = entries.Single(e => e.Action.StartsWith("GET", StringComparison.Ordinal));
        Assert.Equal(200, download.Status);
        Assert.NotNull(download.ActorName);
    }

    [Fact]
    public async Task EveryAnswer_HasItsEntryInTheDatabaseAlready_WithTheStatusItAnswered()
    {
        var hospital = await factory.AddHospital("即時監査 " + Guid.NewGuid().ToString("N")[..6]);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var created = await (await hospital.Staff.PostJson($"/api/v1/anomaly-reports?m={marker}-open", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        var number = created.GetProperty("incident").GetProperty("number").GetInt32();
        var officerPage = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        using var wrongKey = factory.Client("sonae_not-a-key-" + marker);
        var answers = new List<(string Probe, Guid Organization, HttpStatusCode Status)>
        {
            ($"{marker}-open", hospital.Id, HttpStatusCode.Created),
        };
        async Task Answered(string probe, Guid organization, Task<HttpResponseMessage> request)
        {
            var response = await request;
            answers.Add((probe, organization, response.StatusCode));
            // No flush: the entry must be there as soon as the answer is.
            var probeTarget = "m=" + probe;
            var entry = await factory.Database(db => db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organization && e.Target.EndsWith(probeTarget)).ToListAsync());
            Assert.True(entry.Count == 1, $"{probe}: answered {(int)response.StatusCode}, {entry.Count} entries in the database");
            Assert.Equal((int)response.StatusCode, entry[0].Status);
        }

        await Answered($"{marker}-note", hospital.Id, hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes?m={marker}-note", new { text = "メモ" }));
        await Answered($"{marker}-badjson", hospital.Id, hospital.Officer.PostRaw($"/api/v1/incidents/{incident}/notes?m={marker}-badjson", "{"));
        await Answered($"{marker}-upload", hospital.Id, hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=a.log&kind=log&m={marker}-upload", new ByteArrayContent([4, 5, 6])));
        await Answered($"{marker}-forbidden", hospital.Id, hospital.Staff.PostJson($"/api/v1/incidents?m={marker}-forbidden", new { title = "勝手に開く" }));
        await Answered($"{marker}-download", hospital.Id, hospital.Management.GetAsync($"/api/v1/incidents/{incident}/evidence/E1?m={marker}-download"));
        await Answered($"{marker}-form", hospital.Id, officerPage.Post($"/incidents/{number}/act?m={marker}-form",
            new() { ["Kind"] = "note", ["Text"] = "画面から", ["ReturnUrl"] = $"/incidents/{number}" }, await officerPage.Token($"/incidents/{number}")));
        await Answered($"{marker}-wrongkey", Guid.Empty, wrongKey.GetAsync($"/api/v1/incidents?m={marker}-wrongkey"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Unauthorized],
            answers.Select(a => a.Status));
    }

    [Fact]
    public async Task WrongKeys_AreRecordedOutsideAnyOrganization()
    {
        var page = PageSession.Anonymous(factory);
        var marker = Guid.NewGuid().ToString("N")[..8];
        await page.Post("/signin", new() { ["key"] = "sonae_wrong", ["returnUrl"] = $"/x{marker}" }, await page.Token("/signin"));
        using var client = factory.Client("sonae_not-a-key");
        await client.GetAsync($"/api/v1/incidents?marker={marker}");

        var entries = await Entries(Guid.Empty);

        Assert.Contains(entries, e => e.Action == "sign-in-failed" && e.Status == 302);
        Assert.Contains(entries, e => e.Action == "api-key-refused" && e.Status == 401 && e.Target.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditPage_FiltersTheOrganizationsOwn_AndStaffMayNotReadIt()
    {
        var hospital = await factory.AddHospital("監査画面病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);
        await (await hospital.Staff.PostJson("/api/v1/incidents", new { title = "勝手に開く" })).Problem(HttpStatusCode.Forbidden, "role-required");
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        var all = await (await officer.Get("/audit")).Content.ReadAsStringAsync();
        var failures = await (await officer.Get("/audit?failures=1")).Content.ReadAsStringAsync();

        Assert.Contains("POST /api/v1/anomaly-reports", all, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/incidents/", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("POST /api/v1/anomaly-reports", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("sonae_wrong", all, StringComparison.Ordinal);
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        var refused = await staff.Get("/audit");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    /// <summary>
    /// What each person did reads as words in the reader's language — a note to #n (named by its id in the API's
    /// address), a draft saved, a sign-in, a refusal — and the raw request (route, address, status) is still there,
    /// folded, for the auditor.
    /// </summary>
    [Fact]
    public async Task AuditPage_SaysWhatPeopleDid_InWords_AndKeepsTheRawRequest()
    {
        var hospital = await factory.AddHospital("監査の言葉病院 " + Guid.NewGuid().ToString("N")[..6]);
        var reported = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);
        var incident = reported.GetProperty("incident").GetProperty("incidentId").GetString()!;
        var number = reported.GetProperty("incident").GetProperty("number").GetInt32();
        await (await hospital.Staff.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "画面が固まった" })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PutJson($"/api/v1/incidents/{incident}/reports/damage-status/draft", new { fields = new Dictionary<string, string> { ["where-and-care"] = "外来" } })).Json(HttpStatusCode.OK);
        await (await hospital.Staff.PostJson("/api/v1/incidents", new { title = "勝手に開く" })).Problem(HttpStatusCode.Forbidden, "role-required");
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        await factory.Services.GetRequiredService<AuditLog>().Flush();

        var ja = System.Net.WebUtility.HtmlDecode(await (await officer.Get("/audit")).Content.ReadAsStringAsync());
        Assert.Contains("異常を報告", ja, StringComparison.Ordinal);
        Assert.Contains($"#{number} にメモを追加", ja, StringComparison.Ordinal);
        Assert.Contains($"#{number} の報告書の下書きを保存", ja, StringComparison.Ordinal);
        Assert.Contains("サインイン", ja, StringComparison.Ordinal);
        Assert.Contains("インシデントを開始", ja, StringComparison.Ordinal);
        Assert.Contains("権限がなく拒否", ja, StringComparison.Ordinal);
        // The raw request, folded under the words.
        Assert.Contains("<summary>記録の詳細</summary>", ja, StringComparison.Ordinal);
        Assert.Contains($"<code>/api/v1/incidents/{incident}/notes</code>", ja, StringComparison.Ordinal);
        Assert.Contains("<code>POST /api/v1/incidents/{id}/notes</code>", ja, StringComparison.Ordinal);

        var english = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer], "en");
        var en = System.Net.WebUtility.HtmlDecode(await (await english.Get("/audit")).Content.ReadAsStringAsync());
        Assert.Contains($"Added a note to #{number}", en, StringComparison.Ordinal);
        Assert.Contains($"Saved a report draft of #{number}", en, StringComparison.Ordinal);
        Assert.Contains("Signed in", en, StringComparison.Ordinal);
        Assert.Contains("Refused: not their role", en, StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditTests(SqliteFactory factory) : AuditTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresAuditTests(PostgresFactory factory) : AuditTests(factory), IClassFixture<PostgresFactory>;
