using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Every API endpoint × every role × own or another hospital's incident × a vendor invited or not, built from the app's own endpoint list:
/// an endpoint with no rule below fails the test, so a new endpoint cannot ship without someone deciding who may
/// use it. What a role may not do answers 403; no key answers 401; another hospital's incident is never found.
/// (Finer refusals inside an allowed endpoint — which step a role may complete — are the rules' tests.)
/// </summary>
public abstract class AuthorizationMatrixTests(SonaeFactory factory)
{
    private static readonly Dictionary<string, AccessRule> Rules = new(StringComparer.Ordinal)
    {
        ["GET /health"] = AccessRule.Anyone,
        ["GET /health/ready"] = AccessRule.Anyone,
        // From this machine only (the test server's requests are); anyone else finds nothing (Health/MetricsTests).
        ["GET /metrics"] = AccessRule.Anyone,
        ["GET /api/v1/setup"] = AccessRule.Anyone,
        ["POST /api/v1/setup"] = AccessRule.Anyone,
        ["GET /api/v1/playbooks"] = AccessRule.SignedIn,
        ["GET /api/v1/playbooks/{playbookId}"] = AccessRule.SignedIn,
        ["GET /api/v1/playbooks/{playbookId}/versions/{version:int}"] = AccessRule.SignedIn,
        ["POST /api/v1/playbooks/validate"] = AccessRule.Leaders,
        ["POST /api/v1/playbooks"] = AccessRule.Leaders,
        ["POST /api/v1/anomaly-reports"] = AccessRule.SignedIn,
        ["GET /api/v1/incidents"] = AccessRule.SignedIn,
        ["POST /api/v1/incidents"] = AccessRule.ByTheRules,
        ["GET /api/v1/incidents/{id}"] = AccessRule.SignedIn,
        ["GET /api/v1/incidents/{id}/events"] = AccessRule.SignedIn,
        ["POST /api/v1/incidents/{id}/steps/{step}/actions/{action}/complete"] = AccessRule.ByTheRules,
        ["POST /api/v1/incidents/{id}/steps/{step}/complete"] = AccessRule.ByTheRules,
        ["POST /api/v1/incidents/{id}/steps/{step}/skip"] = AccessRule.ByTheRules,
        ["PUT /api/v1/incidents/{id}/facts/{fact}"] = AccessRule.ByTheRules,
        ["POST /api/v1/incidents/{id}/notes"] = AccessRule.SignedIn,
        ["POST /api/v1/incidents/{id}/assets"] = AccessRule.ByTheRules,
        ["POST /api/v1/incidents/{id}/contacts"] = AccessRule.SignedIn,
        ["GET /api/v1/incidents/{id}/contacts"] = AccessRule.SignedIn,
        ["GET /api/v1/incidents/{id}/updates"] = AccessRule.SignedIn,
        ["POST /api/v1/incidents/{id}/updates"] = AccessRule.Leaders,
        ["GET /api/v1/incidents/{id}/calls"] = AccessRule.InsideHospital,
        ["POST /api/v1/incidents/{id}/reports"] = AccessRule.ByTheRules,
        ["POST /api/v1/incidents/{id}/close"] = AccessRule.ByTheRules,
        ["POST /api/v1/incidents/{id}/merge"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/anomaly-reports/{seq:long}/attach"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/command/take"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/command/hand-over"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/scribe"] = AccessRule.Leaders,
        ["GET /api/v1/notices"] = AccessRule.SignedIn,
        ["POST /api/v1/notices"] = AccessRule.Leaders,
        ["GET /api/v1/notices/draft"] = AccessRule.Leaders,
        ["GET /api/v1/notices/{notice}"] = AccessRule.SignedIn,
        ["POST /api/v1/notices/{notice}/remind"] = AccessRule.Leaders,
        ["POST /api/v1/notices/{notice}/escalate"] = AccessRule.Leaders,
        ["POST /api/v1/notices/{notice}/stop"] = AccessRule.Leaders,
        ["POST /api/v1/notices/{notice}/acknowledge"] = AccessRule.SignedIn,
        ["POST /api/v1/acknowledgements/{token}"] = AccessRule.Anyone,
        ["POST /api/v1/alerts"] = AccessRule.AlertToken,
        ["GET /api/v1/settings/alert-sources"] = AccessRule.Leaders,
        ["POST /api/v1/settings/alert-sources"] = AccessRule.Leaders,
        ["GET /api/v1/settings/alert-sources/{source:int}"] = AccessRule.Leaders,
        ["POST /api/v1/settings/alert-sources/{source:int}/mute"] = AccessRule.Leaders,
        ["POST /api/v1/settings/alert-sources/{source:int}/unmute"] = AccessRule.Leaders,
        ["POST /api/v1/settings/alert-sources/{source:int}/revoke"] = AccessRule.Leaders,
        ["GET /api/v1/incidents/{id}/reporting"] = AccessRule.InsideHospital,
        ["POST /api/v1/incidents/{id}/reporting/assessment"] = AccessRule.InsideThenRules,
        ["POST /api/v1/incidents/{id}/reporting/awareness"] = AccessRule.InsideThenRules,
        ["POST /api/v1/incidents/{id}/reporting/rules"] = AccessRule.InsideThenRules,
        ["POST /api/v1/incidents/{id}/reporting/figures"] = AccessRule.InsideThenRules,
        ["GET /api/v1/incidents/{id}/reports/{report}/draft"] = AccessRule.Leaders,
        ["PUT /api/v1/incidents/{id}/reports/{report}/draft"] = AccessRule.InsideThenRules,
        ["GET /api/v1/incidents/{id}/reports/{report}/draft/refill"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/reports/{report}/draft/refill"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/reports/{report}/issue"] = AccessRule.InsideThenRules,
        ["GET /api/v1/incidents/{id}/reports/issued/{seq:long}"] = AccessRule.Leaders,
        ["GET /api/v1/incidents/{id}/evidence"] = AccessRule.EvidenceKeepers,
        ["POST /api/v1/incidents/{id}/evidence"] = AccessRule.EvidenceKeepers,
        ["GET /api/v1/incidents/{id}/evidence/{evidence}"] = AccessRule.EvidenceKeepers,
        ["POST /api/v1/incidents/{id}/evidence/{evidence}/handover"] = AccessRule.EvidenceKeepers,
        ["GET /api/v1/incidents/{id}/evidence/manifest.{format}"] = AccessRule.EvidenceKeepers,
        ["GET /api/v1/incidents/{id}/invitations"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/invitations"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/invitations/{invitationId:guid}/revoke"] = AccessRule.Leaders,
        ["POST /api/v1/invitations/{secret}/accept"] = AccessRule.SignedIn,
        ["GET /api/v1/checkpoints"] = AccessRule.Leaders,
        ["POST /api/v1/checkpoints"] = AccessRule.Leaders,
        ["GET /api/v1/checkpoints/{number:long}"] = AccessRule.Leaders,
        ["GET /api/v1/reporting-links"] = AccessRule.Leaders,
        ["POST /api/v1/reporting-links"] = AccessRule.Leaders,
        ["POST /api/v1/reporting-links/{linkId:guid}/revoke"] = AccessRule.Leaders,
        ["GET /api/v1/emergency-contact"] = AccessRule.Leaders,
        ["PUT /api/v1/emergency-contact"] = AccessRule.Leaders,
        ["GET /api/v1/settings/channels"] = AccessRule.Leaders,
        ["PUT /api/v1/settings/channels"] = AccessRule.Leaders,
        ["POST /api/v1/settings/channels/mail/test"] = AccessRule.Leaders,
        ["POST /api/v1/settings/channels/webhooks/{webhookId}/test"] = AccessRule.Leaders,
        ["GET /api/v1/preparedness"] = AccessRule.InsideHospital,
        ["GET /api/v1/threats/advisories"] = AccessRule.Leaders,
        ["GET /api/v1/threats/advisories/{advisory:guid}"] = AccessRule.Leaders,
        ["POST /api/v1/threats/advisories"] = AccessRule.Leaders,
        ["POST /api/v1/threats/import"] = AccessRule.Leaders,
        ["POST /api/v1/threats/rematch"] = AccessRule.Leaders,
        ["GET /api/v1/threats/matches"] = AccessRule.Leaders,
        ["POST /api/v1/threats/matches/{match:guid}/confirm"] = AccessRule.Leaders,
        ["POST /api/v1/threats/matches/{match:guid}/dismiss"] = AccessRule.Leaders,
        ["POST /api/v1/threats/matches/{match:guid}/close"] = AccessRule.Leaders,
        ["GET /api/v1/threats/feed"] = AccessRule.Leaders,
        ["PUT /api/v1/threats/feed"] = AccessRule.Leaders,
        ["POST /api/v1/threats/feed/fetch"] = AccessRule.Leaders,
        ["GET /api/v1/backup"] = AccessRule.Leaders,
        ["GET /api/v1/backup/schedule"] = AccessRule.Leaders,
        ["PUT /api/v1/backup/schedule"] = AccessRule.Leaders,
        ["POST /api/v1/backup/schedule/run"] = AccessRule.Leaders,
        ["GET /api/v1/preparedness/ledgers/{ledger}.{format}"] = AccessRule.InsideHospital,
        ["POST /api/v1/preparedness/ledgers/{ledger}.{format}"] = AccessRule.Leaders,
        ["GET /api/v1/preparedness/{section}"] = AccessRule.InsideHospital,
        ["PUT /api/v1/preparedness/{section}"] = AccessRule.Leaders,
        ["GET /api/v1/preparedness/{section}/versions"] = AccessRule.InsideHospital,
        ["GET /api/v1/preparedness/{section}/versions/{version:int}"] = AccessRule.InsideHospital,
        ["GET /api/v1/preparedness/{section}/compare"] = AccessRule.InsideHospital,
        ["GET /api/v1/measures"] = AccessRule.InsideHospital,
        ["POST /api/v1/measures"] = AccessRule.Leaders,
        ["GET /api/v1/measures/{measure}"] = AccessRule.InsideHospital,
        ["PUT /api/v1/measures/{measure}"] = AccessRule.Leaders,
        ["POST /api/v1/measures/{measure}/status"] = AccessRule.Leaders,
        ["POST /api/v1/measures/{measure}/training-sessions"] = AccessRule.Leaders,
        ["POST /api/v1/measures/{measure}/notices"] = AccessRule.Leaders,
        ["GET /api/v1/contractor-instructions"] = AccessRule.InsideHospital,
        ["POST /api/v1/contractor-instructions"] = AccessRule.Leaders,
        ["GET /api/v1/contractor-instructions/{instruction}"] = AccessRule.InsideHospital,
        ["PUT /api/v1/contractor-instructions/{instruction}"] = AccessRule.Leaders,
        ["POST /api/v1/contractor-instructions/{instruction}/end"] = AccessRule.Leaders,
        ["POST /api/v1/contractor-instructions/{instruction}/checks"] = AccessRule.Leaders,
        ["POST /api/v1/contractor-instructions/{instruction}/links"] = AccessRule.Leaders,
        ["POST /api/v1/contractor-instructions/{instruction}/links/{link:guid}/revoke"] = AccessRule.Leaders,
        // A vendor's link carries its own secret (Aftercare/Measures/MeasureTests: invited, revoked, expired).
        ["GET /api/v1/vendor-instructions/{secret}"] = AccessRule.Anyone,
        ["POST /api/v1/vendor-instructions/{secret}/acknowledge"] = AccessRule.Anyone,
        ["POST /api/v1/vendor-instructions/{secret}/checks"] = AccessRule.Anyone,
        ["GET /api/v1/drills/scenarios"] = AccessRule.Leaders,
        ["GET /api/v1/drills"] = AccessRule.Leaders,
        ["POST /api/v1/drills"] = AccessRule.Leaders,
        ["GET /api/v1/drills/{id}"] = AccessRule.Leaders,
        ["POST /api/v1/drills/{id}/injects/{inject}/deliver"] = AccessRule.Leaders,
        ["POST /api/v1/drills/{id}/injects/{inject}/skip"] = AccessRule.Leaders,
        ["POST /api/v1/drills/{id}/pause"] = AccessRule.Leaders,
        ["POST /api/v1/drills/{id}/resume"] = AccessRule.Leaders,
        ["POST /api/v1/drills/{id}/end"] = AccessRule.Leaders,
        ["GET /api/v1/metrics"] = AccessRule.Leaders,
        ["GET /api/v1/metrics/export.csv"] = AccessRule.Leaders,
        ["GET /api/v1/metrics/export.xlsx"] = AccessRule.Leaders,
        ["GET /api/v1/incidents/{id}/after-action"] = AccessRule.Leaders,
        ["POST /api/v1/incidents/{id}/after-action/findings"] = AccessRule.Leaders,
        ["GET /api/v1/checklists/editions"] = AccessRule.Leaders,
        ["GET /api/v1/checklists/editions/{edition}"] = AccessRule.Leaders,
        ["POST /api/v1/checklists/editions"] = AccessRule.Leaders,
        ["PUT /api/v1/checklists/editions/{edition}/items/{**item}"] = AccessRule.Leaders,
        ["POST /api/v1/checklists/editions/{edition}/items"] = AccessRule.Leaders,
        ["GET /api/v1/checklists"] = AccessRule.Leaders,
        ["POST /api/v1/checklists"] = AccessRule.Leaders,
        ["GET /api/v1/checklists/{year:int}/{form}"] = AccessRule.Leaders,
        ["PUT /api/v1/checklists/{year:int}/{form}/items/{**item}"] = AccessRule.Leaders,
        ["POST /api/v1/checklists/{year:int}/{form}/links"] = AccessRule.Leaders,
        ["POST /api/v1/checklists/{year:int}/{form}/links/{link:guid}/revoke"] = AccessRule.Leaders,
        ["GET /api/v1/checklists/{year:int}/export.xlsx"] = AccessRule.Leaders,
        // The vendor's link is the key: anyone holding it, signed in or not (ChecklistApiTests: invited, used, expired, revoked).
        ["GET /api/v1/checklists/vendor/{secret}"] = AccessRule.Anyone,
        ["PUT /api/v1/checklists/vendor/{secret}/items/{**item}"] = AccessRule.Anyone,
        ["POST /api/v1/checklists/vendor/{secret}/return"] = AccessRule.Anyone,
    };

    private List<(string Method, string Pattern, string ContentType)> ApiEndpoints() => RoutedEndpoints.Api(factory);

    [Fact]
    public void EveryApiEndpoint_HasARule_AndEveryRuleAnEndpoint()
    {
        var routed = ApiEndpoints().Select(e => $"{e.Method} {e.Pattern}").ToHashSet(StringComparer.Ordinal);
        Assert.True(routed.Count > 40, $"Only {routed.Count} endpoints found: the list is not read right.");

        Assert.True(routed.All(Rules.ContainsKey), "Endpoints without an access rule: " + string.Join(", ", routed.Where(r => !Rules.ContainsKey(r))));
        Assert.True(Rules.Keys.All(routed.Contains), "Rules for endpoints that do not exist: " + string.Join(", ", Rules.Keys.Where(r => !routed.Contains(r))));
    }

    [Fact]
    public async Task EveryEndpoint_EveryRole_OwnAndAnotherHospitalsIncident_InvitedOrNot()
    {
        var own = await Hospital("自院");
        var other = await Hospital("他院");
        var failures = new List<string>();

        // A vendor not invited to the incident: nothing of it is served or changed, whatever the endpoint.
        foreach (var (method, pattern, contentType) in ApiEndpoints().Where(e => e.Pattern.Contains("{id}", StringComparison.Ordinal)))
        {
            var status = await Send(own.Hospital.Vendor, method, Fill(pattern, own.Incident), contentType);
            if ((int)status is >= 200 and < 300)
                failures.Add($"{method} {pattern} as a vendor not invited: {(int)status}, expected a refusal");
        }
        await Invitation.Accept(own.Hospital, own.Incident);

        foreach (var (method, pattern, contentType) in ApiEndpoints().Where(e => e.Pattern != "/api/v1/setup"))
        {
            var rule = Rules[$"{method} {pattern}"];
            var path = Fill(pattern, own.Incident);

            var anonymous = await Send(factory.Client(null), method, path, contentType);
            if (rule != AccessRule.Anyone && anonymous != HttpStatusCode.Unauthorized)
                failures.Add($"{method} {path} without a key: {(int)anonymous}, expected 401");

            foreach (var role in AccessRules.AllRoles)
            {
                var status = await Send(own.Hospital.Clients[role], method, path, contentType);
                // Whatever the rule, an empty or odd body is the caller's mistake: a clear 4xx, never the server's 500.
                if ((int)status >= 500)
                    failures.Add($"{method} {path} as {role.Id()}: {(int)status}, the server failed on a {contentType} body");
                var decidedByRules = rule is AccessRule.ByTheRules || rule is AccessRule.InsideThenRules && role != Role.Vendor;
                var wrong = rule == AccessRule.AlertToken ? status != HttpStatusCode.Unauthorized
                    : !rule.Allows(role) ? status != HttpStatusCode.Forbidden
                    : decidedByRules ? status == HttpStatusCode.Unauthorized
                    : status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                if (wrong)
                    failures.Add($"{method} {path} as {role.Id()}: {(int)status}, expected {(rule == AccessRule.AlertToken ? "401" : rule.Allows(role) ? "to pass" : "403")}");

                // Another hospital's incident: never served, never changed (found as nothing, or refused).
                if (pattern.Contains("{id}", StringComparison.Ordinal) && rule.Allows(role))
                {
                    var foreign = await Send(own.Hospital.Clients[role], method, Fill(pattern, other.Incident), contentType);
                    if ((int)foreign is >= 200 and < 300)
                        failures.Add($"{method} {pattern} as {role.Id()} on another hospital's incident: {(int)foreign}, expected a refusal");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// A monitoring source's token posts alerts and does nothing else: on every other endpoint (and page) it is no key
    /// at all (401, or the sign-in page), whatever the endpoint's rule; at its own endpoint it files a report.
    /// </summary>
    [Fact]
    public async Task AnAlertToken_IsRefusedEverywhere_ButItsOwnEndpoint()
    {
        var (hospital, incident) = await Hospital("警報トークン病院");
        var made = await (await hospital.Officer.PostJson("/api/v1/settings/alert-sources", new { name = "監視", kind = "generic" })).Json(HttpStatusCode.Created);
        var alerts = factory.Client(null);
        alerts.DefaultRequestHeaders.Authorization = new("Bearer", made.GetProperty("token").GetString());
        var failures = new List<string>();
        foreach (var (method, pattern, contentType) in ApiEndpoints().Where(e => Rules[$"{e.Method} {e.Pattern}"] is not (AccessRule.Anyone or AccessRule.AlertToken)))
        {
            var status = await Send(alerts, method, Fill(pattern, incident), contentType);
            if (status != HttpStatusCode.Unauthorized)
                failures.Add($"{method} {pattern} with an alert token: {(int)status}, expected 401");
        }
        foreach (var page in new[] { "/", "/incidents", "/settings/monitoring", "/report" })
        {
            using var response = await alerts.GetAsync(page);
            if (response.StatusCode != HttpStatusCode.Unauthorized && response.Headers.Location?.OriginalString.Contains("signin", StringComparison.OrdinalIgnoreCase) != true)
                failures.Add($"GET {page} with an alert token: {(int)response.StatusCode} {response.Headers.Location}, expected 401 or the sign-in page");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var filed = await (await alerts.PostJson("/api/v1/alerts", new { title = "UPS 停電", host = "UPS-01" })).Json(HttpStatusCode.Accepted);
        Assert.Equal("opened", filed.GetProperty("outcome").GetString());
    }

    private async Task<(Hospital Hospital, string Incident)> Hospital(string name)
    {
        var hospital = await factory.AddHospital($"{name} {Guid.NewGuid():N}"[..12]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        await (await hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=a.log&kind=log", new ByteArrayContent(Encoding.UTF8.GetBytes(name + Guid.NewGuid())))).Json(HttpStatusCode.Created);
        return (hospital, incident);
    }

    /// <summary>The pattern with real values: the incident, its first evidence, a report, a section that exist.</summary>
    private static string Fill(string pattern, string incident) => pattern
        .Replace("{id}", incident, StringComparison.Ordinal)
        .Replace("{evidence}", "E1", StringComparison.Ordinal)
        .Replace("{seq:long}", "1", StringComparison.Ordinal)
        .Replace("{report}", "damage-status", StringComparison.Ordinal)
        .Replace("{step}", "1-3", StringComparison.Ordinal)
        .Replace("{action}", "call-officer", StringComparison.Ordinal)
        .Replace("{fact}", "reported-by", StringComparison.Ordinal)
        .Replace("{format}", "csv", StringComparison.Ordinal)
        .Replace("{ledger}", "assets", StringComparison.Ordinal)
        .Replace("{section}", "profile", StringComparison.Ordinal)
        .Replace("{version:int}", "1", StringComparison.Ordinal)
        .Replace("{playbookId}", "mhlw-incident-flowchart", StringComparison.Ordinal)
        .Replace("{linkId:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{number:long}", "1", StringComparison.Ordinal)
        .Replace("{invitationId:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{advisory:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{match:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{secret}", "sonae_not-an-invitation", StringComparison.Ordinal)
        .Replace("{source:int}", "1", StringComparison.Ordinal)
        .Replace("{measure}", "1", StringComparison.Ordinal)
        .Replace("{instruction}", "1", StringComparison.Ordinal)
        .Replace("{year:int}", "2025", StringComparison.Ordinal)
        .Replace("{form}", "hospital", StringComparison.Ordinal)
        .Replace("{edition}", "2025-05", StringComparison.Ordinal)
        .Replace("{**item}", "bcp", StringComparison.Ordinal)
        .Replace("{link:guid}", Guid.Empty.ToString(), StringComparison.Ordinal);

    private static async Task<HttpStatusCode> Send(HttpClient client, string method, string path, string contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
            request.Content = new StringContent(contentType.Contains("json", StringComparison.Ordinal) ? JsonSerializer.Serialize(new { }) : "x", Encoding.UTF8, contentType);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}

public sealed class SqliteAuthorizationMatrixTests(SqliteFactory factory) : AuthorizationMatrixTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresAuthorizationMatrixTests(PostgresFactory factory) : AuthorizationMatrixTests(factory), IClassFixture<PostgresFactory>;
