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
public sealed class AuthorizationMatrixTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    private enum Rule
    {
        /// <summary>No key needed.</summary>
        Anyone,

        /// <summary>Any role of the hospital; the rules refuse finer.</summary>
        SignedIn,

        /// <summary>Everyone of the hospital but vendors (preparedness, reporting).</summary>
        InsideHospital,

        /// <summary>Those who keep evidence: the security officer, vendors, management.</summary>
        EvidenceKeepers,

        /// <summary>The security officer and management.</summary>
        Leaders,

        /// <summary>Any role reaches the endpoint; the rules decide per command which role may (a 403 from them is right).</summary>
        ByTheRules,

        /// <summary>Vendors are refused at the door; the rules decide for the others.</summary>
        InsideThenRules,
    }

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["GET /health"] = Rule.Anyone,
        ["GET /api/v1/setup"] = Rule.Anyone,
        ["POST /api/v1/setup"] = Rule.Anyone,
        ["GET /api/v1/playbooks"] = Rule.SignedIn,
        ["GET /api/v1/playbooks/{playbookId}"] = Rule.SignedIn,
        ["GET /api/v1/playbooks/{playbookId}/versions/{version:int}"] = Rule.SignedIn,
        ["POST /api/v1/playbooks/validate"] = Rule.Leaders,
        ["POST /api/v1/playbooks"] = Rule.Leaders,
        ["POST /api/v1/anomaly-reports"] = Rule.SignedIn,
        ["GET /api/v1/incidents"] = Rule.SignedIn,
        ["POST /api/v1/incidents"] = Rule.ByTheRules,
        ["GET /api/v1/incidents/{id}"] = Rule.SignedIn,
        ["GET /api/v1/incidents/{id}/events"] = Rule.SignedIn,
        ["POST /api/v1/incidents/{id}/steps/{step}/actions/{action}/complete"] = Rule.ByTheRules,
        ["POST /api/v1/incidents/{id}/steps/{step}/complete"] = Rule.ByTheRules,
        ["POST /api/v1/incidents/{id}/steps/{step}/skip"] = Rule.ByTheRules,
        ["PUT /api/v1/incidents/{id}/facts/{fact}"] = Rule.ByTheRules,
        ["POST /api/v1/incidents/{id}/notes"] = Rule.SignedIn,
        ["POST /api/v1/incidents/{id}/assets"] = Rule.ByTheRules,
        ["POST /api/v1/incidents/{id}/contacts"] = Rule.SignedIn,
        ["POST /api/v1/incidents/{id}/reports"] = Rule.ByTheRules,
        ["POST /api/v1/incidents/{id}/close"] = Rule.ByTheRules,
        ["GET /api/v1/incidents/{id}/reporting"] = Rule.InsideHospital,
        ["POST /api/v1/incidents/{id}/reporting/assessment"] = Rule.InsideThenRules,
        ["POST /api/v1/incidents/{id}/reporting/awareness"] = Rule.InsideThenRules,
        ["POST /api/v1/incidents/{id}/reporting/figures"] = Rule.InsideThenRules,
        ["GET /api/v1/incidents/{id}/reports/{report}/draft"] = Rule.InsideHospital,
        ["PUT /api/v1/incidents/{id}/reports/{report}/draft"] = Rule.InsideThenRules,
        ["POST /api/v1/incidents/{id}/reports/{report}/issue"] = Rule.InsideThenRules,
        ["GET /api/v1/incidents/{id}/reports/issued/{seq:long}"] = Rule.InsideHospital,
        ["GET /api/v1/incidents/{id}/evidence"] = Rule.EvidenceKeepers,
        ["POST /api/v1/incidents/{id}/evidence"] = Rule.EvidenceKeepers,
        ["GET /api/v1/incidents/{id}/evidence/{evidence}"] = Rule.EvidenceKeepers,
        ["POST /api/v1/incidents/{id}/evidence/{evidence}/handover"] = Rule.EvidenceKeepers,
        ["GET /api/v1/incidents/{id}/evidence/manifest.{format}"] = Rule.EvidenceKeepers,
        ["GET /api/v1/incidents/{id}/invitations"] = Rule.Leaders,
        ["POST /api/v1/incidents/{id}/invitations"] = Rule.Leaders,
        ["POST /api/v1/incidents/{id}/invitations/{invitationId:guid}/revoke"] = Rule.Leaders,
        ["POST /api/v1/invitations/{secret}/accept"] = Rule.SignedIn,
        ["GET /api/v1/reporting-links"] = Rule.Leaders,
        ["POST /api/v1/reporting-links"] = Rule.Leaders,
        ["POST /api/v1/reporting-links/{linkId:guid}/revoke"] = Rule.Leaders,
        ["GET /api/v1/preparedness"] = Rule.InsideHospital,
        ["GET /api/v1/preparedness/ledgers/{ledger}.{format}"] = Rule.InsideHospital,
        ["POST /api/v1/preparedness/ledgers/{ledger}.{format}"] = Rule.Leaders,
        ["GET /api/v1/preparedness/{section}"] = Rule.InsideHospital,
        ["PUT /api/v1/preparedness/{section}"] = Rule.Leaders,
        ["GET /api/v1/preparedness/{section}/versions"] = Rule.InsideHospital,
        ["GET /api/v1/preparedness/{section}/versions/{version:int}"] = Rule.InsideHospital,
        ["GET /api/v1/preparedness/{section}/compare"] = Rule.InsideHospital,
    };

    private static readonly Role[] AllRoles = [Role.Staff, Role.SecurityOfficer, Role.Management, Role.Vendor];

    private static bool Allows(Rule rule, Role role) => rule switch
    {
        Rule.Anyone or Rule.SignedIn or Rule.ByTheRules => true,
        Rule.InsideHospital or Rule.InsideThenRules => role != Role.Vendor,
        Rule.EvidenceKeepers => role != Role.Staff,
        Rule.Leaders => role is Role.SecurityOfficer or Role.Management,
    };

    /// <summary>The API's endpoints as the app routes them: method, pattern, and a content type the endpoint takes.</summary>
    private List<(string Method, string Pattern, string ContentType)> ApiEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) || raw.TrimStart('/') == "health"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m,
                "/" + e.RoutePattern.RawText!.TrimStart('/').TrimEnd('/'),
                (e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? types[0] : "application/json"))))
            .DistinctBy(e => (e.m, e.Item2))];

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
            if (rule != Rule.Anyone && anonymous != HttpStatusCode.Unauthorized)
                failures.Add($"{method} {path} without a key: {(int)anonymous}, expected 401");

            foreach (var role in AllRoles)
            {
                var status = await Send(own.Hospital.Clients[role], method, path, contentType);
                var decidedByRules = rule is Rule.ByTheRules || rule is Rule.InsideThenRules && role != Role.Vendor;
                var wrong = !Allows(rule, role) ? status != HttpStatusCode.Forbidden
                    : decidedByRules ? status == HttpStatusCode.Unauthorized
                    : status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                if (wrong)
                    failures.Add($"{method} {path} as {role.Id()}: {(int)status}, expected {(Allows(rule, role) ? "to pass" : "403")}");

                // Another hospital's incident: never served, never changed (found as nothing, or refused).
                if (pattern.Contains("{id}", StringComparison.Ordinal) && Allows(rule, role))
                {
                    var foreign = await Send(own.Hospital.Clients[role], method, Fill(pattern, other.Incident), contentType);
                    if ((int)foreign is >= 200 and < 300)
                        failures.Add($"{method} {pattern} as {role.Id()} on another hospital's incident: {(int)foreign}, expected a refusal");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
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
        .Replace("{invitationId:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{secret}", "sonae_not-an-invitation", StringComparison.Ordinal);

    private static async Task<HttpStatusCode> Send(HttpClient client, string method, string path, string contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
            request.Content = new StringContent(contentType.Contains("json", StringComparison.Ordinal) ? JsonSerializer.Serialize(new { }) : "x", Encoding.UTF8, contentType);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
