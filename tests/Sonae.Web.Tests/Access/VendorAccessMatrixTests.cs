using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// A vendor reaches only the incidents they are invited to, for reads and writes alike, however the incident is
/// named: every endpoint and page form that names an incident × every way of naming it (number, zero-padded number,
/// UUID in its four spellings) × invited / never invited / invited then revoked × the vendor key on the API, and a
/// vendor key's and a vendor account's page sessions. An incident the vendor may not see answers exactly as one
/// that does not exist (same status, same body once the name is set aside), and its record and the locker do not
/// change by a single event or file. Built from the app's endpoint list: an endpoint that names an incident and has
/// no request below fails the test.
/// </summary>
public abstract class VendorAccessMatrixTests(SonaeFactory factory)
{
    /// <summary>A valid request for each API endpoint that names an incident: one the invited vendor may well be allowed.</summary>
    private static readonly Dictionary<string, Func<string, HttpRequestMessage>> Api = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/incidents/{id}"] = id => Get($"/api/v1/incidents/{id}"),
        ["GET /api/v1/incidents/{id}/events"] = id => Get($"/api/v1/incidents/{id}/events"),
        ["POST /api/v1/incidents/{id}/steps/{step}/actions/{action}/complete"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/steps/1-1/actions/investigate-fault/complete", new { comment = "ログを確認" }),
        ["POST /api/v1/incidents/{id}/steps/{step}/complete"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/steps/1-3/complete", new { comment = "報告済み" }),
        ["POST /api/v1/incidents/{id}/steps/{step}/skip"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/steps/1-2/skip", new { reason = "対象外" }),
        ["PUT /api/v1/incidents/{id}/facts/{fact}"] = id => Json(HttpMethod.Put, $"/api/v1/incidents/{id}/facts/infection-signs", new { value = "no", reason = "ベンダ確認" }),
        ["POST /api/v1/incidents/{id}/notes"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/notes", new { text = "ベンダのメモ" }),
        ["POST /api/v1/incidents/{id}/assets"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/assets", new { asset = "EHR-DB-01", status = "isolated" }),
        ["POST /api/v1/incidents/{id}/contacts"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/contacts",
            new { party = "情報システム課", channel = "phone", result = "reached", direction = "outgoing", subject = "ログの保全", reference = "MMS-0815" }),
        ["GET /api/v1/incidents/{id}/contacts"] = id => Get($"/api/v1/incidents/{id}/contacts"),
        ["GET /api/v1/incidents/{id}/updates"] = id => Get($"/api/v1/incidents/{id}/updates"),
        ["POST /api/v1/incidents/{id}/updates"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/updates", new { known = "ベンダの報告" }),
        ["GET /api/v1/incidents/{id}/calls"] = id => Get($"/api/v1/incidents/{id}/calls"),
        ["POST /api/v1/incidents/{id}/reports"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/reports", new { report = "damage-status", sha256 = new string('a', 64), to = "院長", via = "email" }),
        ["POST /api/v1/incidents/{id}/close"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/close", new { reason = "終わり" }),
        ["POST /api/v1/incidents/{id}/merge"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/merge", new { into = id }),
        ["POST /api/v1/incidents/{id}/anomaly-reports/{seq:long}/attach"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/anomaly-reports/7/attach", new { into = id }),
        ["POST /api/v1/incidents/{id}/command/take"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/command/take", new { note = "ベンダが指揮" }),
        ["POST /api/v1/incidents/{id}/command/hand-over"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/command/hand-over", new { name = "ベンダ", role = "security-officer", note = "x" }),
        ["POST /api/v1/incidents/{id}/scribe"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/scribe", new { account = "vendor" }),
        ["GET /api/v1/incidents/{id}/reporting"] = id => Get($"/api/v1/incidents/{id}/reporting"),
        ["POST /api/v1/incidents/{id}/reporting/assessment"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/reporting/assessment", new { }),
        ["POST /api/v1/incidents/{id}/reporting/awareness"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/reporting/awareness", new { at = "2026-11-01T09:00:00+09:00", reason = "x" }),
        ["POST /api/v1/incidents/{id}/reporting/rules"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/reporting/rules", new { preliminaryDays = 5, reason = "x" }),
        ["POST /api/v1/incidents/{id}/reporting/figures"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/reporting/figures", new { figure = "people-affected", value = 1 }),
        ["GET /api/v1/incidents/{id}/reports/{report}/draft"] = id => Get($"/api/v1/incidents/{id}/reports/damage-status/draft"),
        ["PUT /api/v1/incidents/{id}/reports/{report}/draft"] = id => Json(HttpMethod.Put, $"/api/v1/incidents/{id}/reports/damage-status/draft", new { fields = new { summary = "x" } }),
        ["GET /api/v1/incidents/{id}/reports/{report}/draft/refill"] = id => Get($"/api/v1/incidents/{id}/reports/damage-status/draft/refill"),
        ["POST /api/v1/incidents/{id}/reports/{report}/draft/refill"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/reports/damage-status/draft/refill", new { take = new[] { "cause" } }),
        ["POST /api/v1/incidents/{id}/reports/{report}/issue"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/reports/damage-status/issue", new { format = "text", via = "email" }),
        ["GET /api/v1/incidents/{id}/reports/issued/{seq:long}"] = id => Get($"/api/v1/incidents/{id}/reports/issued/1"),
        ["GET /api/v1/incidents/{id}/evidence"] = id => Get($"/api/v1/incidents/{id}/evidence"),
        ["POST /api/v1/incidents/{id}/evidence"] = id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/evidence?fileName=vendor.log&kind=log")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("vendor log " + Guid.NewGuid())),
        },
        ["GET /api/v1/incidents/{id}/evidence/{evidence}"] = id => Get($"/api/v1/incidents/{id}/evidence/E1"),
        ["POST /api/v1/incidents/{id}/evidence/{evidence}/handover"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/evidence/E1/handover", new { to = "警察署 鑑識係" }),
        ["GET /api/v1/incidents/{id}/evidence/manifest.{format}"] = id => Get($"/api/v1/incidents/{id}/evidence/manifest.csv"),
        ["GET /api/v1/incidents/{id}/invitations"] = id => Get($"/api/v1/incidents/{id}/invitations"),
        ["POST /api/v1/incidents/{id}/invitations"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/invitations", new { name = "別ベンダ" }),
        ["POST /api/v1/incidents/{id}/invitations/{invitationId:guid}/revoke"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/invitations/{NoSuchInvitation}/revoke", new { }),
        // Drills and after-action reports name their incident too; a vendor runs neither (RunDrills, ReadMetrics).
        ["GET /api/v1/drills/{id}"] = id => Get($"/api/v1/drills/{id}"),
        ["POST /api/v1/drills/{id}/injects/{inject}/deliver"] = id => Json(HttpMethod.Post, $"/api/v1/drills/{id}/injects/r1/deliver", new { }),
        ["POST /api/v1/drills/{id}/injects/{inject}/skip"] = id => Json(HttpMethod.Post, $"/api/v1/drills/{id}/injects/r1/skip", new { }),
        ["POST /api/v1/drills/{id}/pause"] = id => Json(HttpMethod.Post, $"/api/v1/drills/{id}/pause", new { }),
        ["POST /api/v1/drills/{id}/resume"] = id => Json(HttpMethod.Post, $"/api/v1/drills/{id}/resume", new { }),
        ["POST /api/v1/drills/{id}/end"] = id => Json(HttpMethod.Post, $"/api/v1/drills/{id}/end", new { }),
        ["GET /api/v1/incidents/{id}/after-action"] = id => Get($"/api/v1/incidents/{id}/after-action"),
        ["POST /api/v1/incidents/{id}/after-action/findings"] = id => Json(HttpMethod.Post, $"/api/v1/incidents/{id}/after-action/findings", new { text = "ベンダの気づき" }),
        // Not under {id}, but names an incident all the same: an anomaly report that joins one.
        ["POST /api/v1/anomaly-reports"] = id => Json(HttpMethod.Post, "/api/v1/anomaly-reports", new { department = "ベンダ作業場所", signs = new[] { "other" }, incidentId = id }),
    };

    /// <summary>The commands an invited vendor must get through: proof that the requests above are right, so a refusal elsewhere means something.</summary>
    private static readonly string[] InvitedMayDo =
    [
        "POST /api/v1/incidents/{id}/notes",
        "POST /api/v1/incidents/{id}/contacts",
        "GET /api/v1/incidents/{id}/contacts",
        "GET /api/v1/incidents/{id}/updates",
        "POST /api/v1/incidents/{id}/evidence",
        "POST /api/v1/incidents/{id}/evidence/{evidence}/handover",
        "POST /api/v1/anomaly-reports",
    ];

    /// <summary>The ways a caller can name an incident; each is tried against an incident that does not exist too.</summary>
    private static readonly (string Name, Func<Guid, int, string> Form)[] Namings =
    [
        ("number", (_, number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("zero-padded number", (_, number) => number.ToString("000", System.Globalization.CultureInfo.InvariantCulture)),
        ("uuid", (id, _) => id.ToString("D")),
        ("UUID", (id, _) => id.ToString("D").ToUpperInvariant()),
        ("uuid without hyphens", (id, _) => id.ToString("N")),
        ("{uuid}", (id, _) => id.ToString("B")),
    ];

    private static readonly Guid NoSuchId = Guid.Parse("0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee");
    private const int NoSuchNumber = 987;
    private static readonly Guid NoSuchInvitation = Guid.Parse("0190ffff-0000-7000-8000-000000000001");

    [Fact]
    public void EveryEndpointThatNamesAnIncident_HasARequestInTheMatrix()
    {
        var named = ApiEndpoints().Where(e => e.Contains("{id}", StringComparison.Ordinal)).ToList();
        Assert.True(named.Count > 20, $"Only {named.Count} endpoints found: the list is not read right.");
        Assert.True(named.All(Api.ContainsKey), "Endpoints naming an incident without a request in the vendor matrix: " + string.Join(", ", named.Where(e => !Api.ContainsKey(e))));
    }

    [Fact]
    public async Task VendorKey_Api_EveryEndpoint_EveryNaming_InvitedNeverRevoked()
    {
        var (hospital, incidents) = await Arrange();
        await Invitation.Accept(hospital, incidents.Invited.Id.ToString());
        var revoked = await Invitation.Accept(hospital, incidents.Revoked.Id.ToString());
        await Invitation.Revoke(hospital, incidents.Revoked.Id.ToString(), revoked);
        var failures = new List<string>();
        var before = await Snapshot(incidents);

        foreach (var (naming, form) in Namings)
        {
            foreach (var (endpoint, request) in Api)
            {
                var absent = await Answer(hospital.Vendor, request(form(NoSuchId, NoSuchNumber)));
                foreach (var (state, incident) in new[] { ("never invited", incidents.Never), ("revoked", incidents.Revoked) })
                {
                    var name = form(incident.Id, incident.Number);
                    var answer = await Answer(hospital.Vendor, request(name));
                    if (!SameAs(answer, name, absent, form(NoSuchId, NoSuchNumber)))
                        failures.Add($"{endpoint} by {naming}, {state}: {answer.Status} {answer.Body} — but for an incident that does not exist: {absent.Status} {absent.Body}");
                }
                var invited = await Answer(hospital.Vendor, request(form(incidents.Invited.Id, incidents.Invited.Number)));
                if (invited.Status == HttpStatusCode.NotFound && invited.Body.Contains("incident-not-found", StringComparison.Ordinal) || (int)invited.Status >= 500)
                    failures.Add($"{endpoint} by {naming}, invited: {invited.Status} {invited.Body}");
                if (InvitedMayDo.Contains(endpoint) && (int)invited.Status is < 200 or >= 300)
                    failures.Add($"{endpoint} by {naming}, invited: {invited.Status} {invited.Body}, expected it to pass");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await Snapshot(incidents));
    }

    [Fact]
    public async Task VendorSessions_PageForms_EveryNaming_InvitedNeverRevoked()
    {
        var (hospital, incidents) = await Arrange();
        var keySession = await PageSession.SignedIn(factory, hospital.Keys[Role.Vendor]);
        await Invitation.Accept(hospital, incidents.Invited.Id.ToString());
        var revokedForKey = await Invitation.Accept(hospital, incidents.Revoked.Id.ToString());

        var user = await People.Ready(factory, hospital, "vendor" + Guid.NewGuid().ToString("N")[..6], Role.Vendor.Id());
        var (accountSession, _) = await People.SignIn(factory, user);
        await AcceptOnPage(accountSession, await Invitation.Make(hospital, incidents.Invited.Id.ToString()));
        var revokedForAccount = await Invitation.MakeWithId(hospital, incidents.Revoked.Id.ToString());
        await AcceptOnPage(accountSession, revokedForAccount.Secret);

        await Invitation.Revoke(hospital, incidents.Revoked.Id.ToString(), revokedForKey);
        await Invitation.Revoke(hospital, incidents.Revoked.Id.ToString(), revokedForAccount.Id);
        // A revocation ends the account's sessions (its stamp changes): the vendor signs in again, as they would.
        (accountSession, _) = await People.SignIn(factory, user);
        var before = await Snapshot(incidents);
        var failures = new List<string>();

        foreach (var (who, session) in new[] { ("vendor key", keySession), ("vendor account", accountSession) })
        {
            var token = await session.Token("/report");
            foreach (var (naming, form) in Namings)
            {
                foreach (var (what, send) in PageForms(session, token))
                {
                    var absentName = form(NoSuchId, NoSuchNumber);
                    if (!await Applies(what, absentName))
                        continue;
                    var absent = await send(absentName);
                    foreach (var (state, incident) in new[] { ("never invited", incidents.Never), ("revoked", incidents.Revoked) })
                    {
                        var name = form(incident.Id, incident.Number);
                        var answer = await send(name);
                        if (!SameAs(answer, name, absent, absentName))
                            failures.Add($"{who}: {what} by {naming}, {state}: {answer.Status} {answer.Body} — but for an incident that does not exist: {absent.Status} {absent.Body}");
                    }
                    var invited = await send(form(incidents.Invited.Id, incidents.Invited.Number));
                    if (!invited.Ok)
                        failures.Add($"{who}: {what} by {naming}, invited: {invited.Status} {invited.Body}, expected it to pass");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await Snapshot(incidents));
    }

    [Fact]
    public async Task VendorKey_RetriesItsOwnReport_GetsTheFirstAnswer_ButNoOtherCommandOnThatIncident()
    {
        var hospital = await factory.AddHospital($"再送 {Guid.NewGuid():N}"[..12]);
        var report = new { department = "保守作業中のサーバー室", signs = new[] { "antivirus-alert" } };
        var first = await (await hospital.Vendor.PostJson("/api/v1/anomaly-reports", report, "vendor-report-1")).Json(HttpStatusCode.Created);
        var again = await (await hospital.Vendor.PostJson("/api/v1/anomaly-reports", report, "vendor-report-1")).Json(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("incident").GetProperty("incidentId").GetString(), again.GetProperty("incident").GetProperty("incidentId").GetString());
        Assert.True(again.GetProperty("incident").GetProperty("replayed").GetBoolean());

        // The vendor reported it; they were not invited to it: nothing else of it is theirs.
        var id = first.GetProperty("incident").GetProperty("incidentId").GetString();
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{id}")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{id}/notes", new { text = "追記" }, "vendor-note-1")).Problem(HttpStatusCode.NotFound, "incident-not-found");
    }

    [Fact]
    public async Task RecordWriter_RevokedOnAnotherServer_RefusesASessionThatStillNamesTheIncident()
    {
        var (hospital, incidents) = await Arrange();
        var invitation = await Invitation.Accept(hospital, incidents.Invited.Id.ToString());
        var key = await factory.Database(db => db.ApiKeys.IgnoreQueryFilters()
            .Where(k => k.OrganizationId == hospital.Id && k.Roles == Role.Vendor.Id()).Select(k => k.Id).SingleAsync());
        // A session whose claims still name the incident: another server's, or one from before the revocation.
        var stale = new Sonae.Web.Access.Caller(hospital.Id,
            new Actor(Sonae.Web.Access.Caller.KeyPrefix + key.ToString("N"), "ベンダ", new HashSet<Role> { Role.Vendor }),
            new HashSet<Guid> { incidents.Invited.Id });
        async Task<Sonae.Web.Incidents.CommandOutcome> Note(string text)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Sonae.Web.Incidents.ApplyIncidentCommand>()
                .Run(stale, incidents.Invited.Id, new Sonae.Core.Incidents.AddNote(text, null), null, CancellationToken.None);
        }

        Assert.IsType<Sonae.Web.Incidents.CommandOutcome.Appended>(await Note("招待中"));
        // Revoked straight in the database, as another server would: no cache of this one is told.
        await factory.Database(db => db.IncidentAccess.IgnoreQueryFilters().Where(a => a.InvitationId == Guid.Parse(invitation))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.RevokedAt, DateTimeOffset.UtcNow)));
        var before = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().CountAsync(e => e.IncidentId == incidents.Invited.Id));

        Assert.IsType<Sonae.Web.Incidents.CommandOutcome.NotFound>(await Note("取消し後"));
        Assert.Equal(before, await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().CountAsync(e => e.IncidentId == incidents.Invited.Id)));
    }

    /// <summary>Whether a page form can be reached with this name at all (routes that take numbers only refuse others before any code runs).</summary>
    private static Task<bool> Applies(string what, string name) =>
        Task.FromResult(what switch
        {
            "act" or "contact log" => int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _),
            "report joining" => Guid.TryParse(name, out _),
            _ => true,
        });

    /// <summary>The page forms that name an incident, each sent as the pages send it; a form's answer is where it redirects and the one-time message it leaves.</summary>
    private static IEnumerable<(string What, Func<string, Task<Outcome>> Send)> PageForms(PageSession session, string token)
    {
        yield return ("act", async name => await Outcome.Of(await session.Post($"/incidents/{Uri.EscapeDataString(name)}/act",
            new() { ["Kind"] = "note", ["Text"] = "ベンダのメモ", ["ReturnUrl"] = "/vendor" }, token)));
        yield return ("contact log", async name => await Outcome.Of(await session.Post($"/incidents/{Uri.EscapeDataString(name)}/contacts", new()
        {
            ["_handler"] = "contact", ["Form.RequestId"] = Guid.NewGuid().ToString("N"), ["Form.Party"] = "情報システム課", ["Form.Direction"] = "outgoing",
            ["Form.Channel"] = "phone", ["Form.Result"] = "reached", ["Form.Reference"] = "MMS-0815",
        }, token)));
        yield return ("evidence hand-over", async name => await Outcome.Of(await session.Post($"/incidents/{Uri.EscapeDataString(name)}/evidence/do",
            new() { ["kind"] = "handover", ["evidence"] = "E1", ["to"] = "警察署" }, token)));
        yield return ("evidence upload", async name => await Outcome.Of(await session.PostFile($"/incidents/{Uri.EscapeDataString(name)}/evidence/do",
            new() { ["evidenceKind"] = "log" }, "file", "vendor.log", Encoding.UTF8.GetBytes("page upload " + Guid.NewGuid()), token)));
        yield return ("report joining", async name => await Outcome.Of(await session.Post("/report",
            new() { ["_handler"] = "report", ["Form.Department"] = "ベンダ作業場所", ["Form.Other"] = "true", ["Form.Join"] = name }, token)));
        yield return ("evidence download", async name => await Outcome.Of(await session.Get($"/incidents/{Uri.EscapeDataString(name)}/evidence/files/E1")));
        yield return ("evidence manifest", async name => await Outcome.Of(await session.Get($"/incidents/{Uri.EscapeDataString(name)}/evidence/manifest.csv")));
    }

    private static async Task AcceptOnPage(PageSession session, string secret)
    {
        var accepted = await session.Post($"/invite/{secret}/accept", [], await session.Token($"/invite/{secret}"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.StartsWith("/incidents/", accepted.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>A hospital with three incidents, each with a first piece of evidence: one to invite the vendor to, one never, one to revoke.</summary>
    private async Task<(Hospital Hospital, (Named Invited, Named Never, Named Revoked) Incidents)> Arrange()
    {
        var hospital = await factory.AddHospital($"ベンダ {Guid.NewGuid():N}"[..12]);
        async Task<Named> One(string department)
        {
            var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department, signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
            var incident = created.GetProperty("incident");
            var id = incident.GetProperty("incidentId").GetString()!;
            await (await hospital.Officer.PostAsync($"/api/v1/incidents/{id}/evidence?fileName=first.log&kind=log",
                new ByteArrayContent(Encoding.UTF8.GetBytes(department + Guid.NewGuid())))).Json(HttpStatusCode.Created);
            return new Named(Guid.Parse(id), incident.GetProperty("number").GetInt32());
        }
        return (hospital, (await One("招待あり"), await One("招待なし"), await One("取消し")));
    }

    /// <summary>
    /// What must not move: the record of each incident the vendor may not see (events, last sequence, head hash), and
    /// the locker, which holds no file that no record names (and nothing half-written).
    /// </summary>
    private async Task<string> Snapshot((Named Invited, Named Never, Named Revoked) incidents)
    {
        var counts = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters()
            .Where(e => e.IncidentId == incidents.Never.Id || e.IncidentId == incidents.Revoked.Id)
            .GroupBy(e => e.IncidentId).Select(g => new { g.Key, Count = g.Count(), Last = g.Max(e => e.Seq) }).OrderBy(g => g.Key).ToListAsync());
        var heads = await factory.Database(db => db.Incidents.IgnoreQueryFilters()
            .Where(i => i.Id == incidents.Never.Id || i.Id == incidents.Revoked.Id).OrderBy(i => i.Id).Select(i => i.LastSeq + ":" + i.HeadHash).ToListAsync());
        var locker = factory.Services.GetRequiredService<Sonae.Web.Evidence.EvidenceLocker>().Root;
        var files = Directory.Exists(locker) ? Directory.EnumerateFiles(locker, "*", SearchOption.AllDirectories).ToList() : [];
        var named = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().Where(e => e.Type == "evidence-added").Select(e => e.Body).ToListAsync());
        var unnamed = files.Where(f => !named.Any(body => body.Contains(Path.GetFileName(f), StringComparison.Ordinal))).Select(Path.GetFileName);
        return string.Join(";", counts.Select(c => $"{c.Key}={c.Count}/{c.Last}")) + " | " + string.Join(";", heads) + " | files no record names: " + string.Join(", ", unnamed);
    }

    /// <summary>Whether two answers are the same once each one's own name for the incident is set aside.</summary>
    private static bool SameAs(Outcome answer, string name, Outcome absent, string absentName) =>
        answer.Status == absent.Status
        && string.Equals(Normalize(answer.Body, name), Normalize(absent.Body, absentName), StringComparison.Ordinal);

    /// <summary>
    /// The body with every spelling of the incident's name (as given, escaped, as the number or UUID it stands for)
    /// set aside, where it stands as a whole word: "3" in "/incidents/3/notes" or "インシデント 3 は", not in "403" or "1-3".
    /// </summary>
    private static string Normalize(string body, string name)
    {
        var spellings = new List<string> { name, Uri.EscapeDataString(name), WebUtility.HtmlEncode(name) };
        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            spellings.Add(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Guid.TryParse(name, out var id))
            spellings.AddRange(new[] { "D", "N", "B" }.Select(f => id.ToString(f)).SelectMany(g => new[] { g, g.ToUpperInvariant() }));
        foreach (var spelling in spellings.Distinct().OrderByDescending(x => x.Length))
            body = System.Text.RegularExpressions.Regex.Replace(body, $"(?<![0-9A-Za-z-]){System.Text.RegularExpressions.Regex.Escape(spelling)}(?![0-9A-Za-z-])", "{name}");
        return body;
    }

    private static async Task<Outcome> Answer(HttpClient client, HttpRequestMessage request)
    {
        using (request)
            return await Outcome.Of(await client.SendAsync(request));
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) => new(method, path) { Content = JsonContent.Create(body) };

    private List<string> ApiEndpoints() => [.. RoutedEndpoints.Api(factory).Select(e => $"{e.Method} {e.Pattern}")];

    private sealed record Named(Guid Id, int Number);

    /// <summary>An answer as a caller sees it: its status, and its body (for a page form: where it leads and the message it leaves).</summary>
    private sealed record Outcome(HttpStatusCode Status, string Body, bool Ok)
    {
        public static async Task<Outcome> Of(HttpResponseMessage response)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    var flash = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(PageCommandsFlash, StringComparison.Ordinal))
                        ? PageSession.Flash(response) : (Ok: true, Text: "");
                    var location = response.Headers.Location?.OriginalString ?? "";
                    // The report page sends a filed report on to its "sent" page; any other form comes back with its message.
                    var ok = location.Contains("/report/sent/", StringComparison.Ordinal) || flash.Ok && flash.Text.Length > 0;
                    return new Outcome(response.StatusCode, $"→ {location} [{(flash.Ok ? "ok" : "error")}] {flash.Text}", ok);
                }
                if (response.RequestMessage?.RequestUri?.AbsolutePath == "/report" && response.StatusCode == HttpStatusCode.OK)
                {
                    // A refused report is the form again, with what was wrong listed at the top.
                    var start = body.IndexOf("<ul", StringComparison.Ordinal);
                    var errors = start < 0 ? "" : body[start..body.IndexOf("</ul>", start, StringComparison.Ordinal)];
                    return new Outcome(response.StatusCode, "form again: " + errors, false);
                }
                var json = body;
                if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && body.Length > 0 && JsonNode.Parse(body) is JsonObject problem)
                {
                    // A trace id is per request; everything else must be the same.
                    problem.Remove("traceId");
                    json = problem.ToJsonString(Readable);
                }
                return new Outcome(response.StatusCode, json, (int)response.StatusCode is >= 200 and < 300);
            }
        }

        private const string PageCommandsFlash = "sonae-flash=";

        /// <summary>Japanese as it is, so that a name like "002" is not found inside an escape such as \u3002.</summary>
        private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}

public sealed class SqliteVendorAccessMatrixTests(SqliteFactory factory) : VendorAccessMatrixTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresVendorAccessMatrixTests(PostgresFactory factory) : VendorAccessMatrixTests(factory), IClassFixture<PostgresFactory>;
