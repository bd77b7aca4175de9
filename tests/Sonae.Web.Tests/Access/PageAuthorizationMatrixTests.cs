using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Every page and every page form × no session × every role's session × own or another hospital's incident × a
/// vendor invited or not, built from the app's endpoint list (like <see cref="AuthorizationMatrixTests"/> for the
/// API): a new page or form without a rule below fails the test. Refused means 401 or 403, or sent to sign in or
/// away to the home page; another hospital's or an uninvited incident must never show.
/// </summary>
public sealed class PageAuthorizationMatrixTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    private enum Rule
    {
        /// <summary>No session needed (sign-in steps, links that carry their own secret).</summary>
        Anyone,

        /// <summary>Any role of the hospital (the page or the rules decide finer).</summary>
        SignedIn,

        /// <summary>Everyone of the hospital but vendors.</summary>
        InsideHospital,

        /// <summary>The security officer, vendors and management.</summary>
        EvidenceKeepers,

        /// <summary>The security officer and management.</summary>
        Leaders,

        Management,

        /// <summary>Vendors' own page.</summary>
        Vendors,

        /// <summary>Only someone signed in with their own account (no terminal key).</summary>
        Accounts,
    }

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["GET /"] = Rule.SignedIn,
        ["GET /account"] = Rule.Accounts,
        ["GET /account/setup"] = Rule.Anyone,
        ["GET /audit"] = Rule.Leaders,
        ["GET /decisions"] = Rule.Management,
        ["GET /incidents/{Number:int}"] = Rule.SignedIn,
        ["GET /incidents/{Number:int}/evidence"] = Rule.EvidenceKeepers,
        ["GET /incidents/{Number:int}/reports"] = Rule.InsideHospital,
        ["GET /incidents/{Number:int}/reports/{Report}"] = Rule.InsideHospital,
        ["GET /incidents/{Number:int}/summary"] = Rule.SignedIn,
        ["GET /incidents/{Number:int}/vendors"] = Rule.Leaders,
        ["GET /invite/{Secret}"] = Rule.Anyone,
        ["GET /preparedness"] = Rule.InsideHospital,
        ["GET /preparedness/{Section}"] = Rule.InsideHospital,
        ["GET /report"] = Rule.SignedIn,
        ["GET /report/sent/{Number:int}"] = Rule.SignedIn,
        ["GET /settings"] = Rule.Leaders,
        ["GET /settings/people"] = Rule.Leaders,
        ["GET /signin"] = Rule.Anyone,
        ["GET /signin/code"] = Rule.Anyone,
        ["GET /signin/enrol"] = Rule.Anyone,
        ["GET /signin/organization"] = Rule.Anyone,
        ["GET /vendor"] = Rule.Vendors,
        ["GET /binder"] = Rule.InsideHospital,
        ["GET /binder.pdf"] = Rule.InsideHospital,
        ["GET /poster"] = Rule.InsideHospital,
        ["GET /poster.pdf"] = Rule.InsideHospital,
        ["GET /incidents/{id}/evidence/files/{evidence}"] = Rule.EvidenceKeepers,
        ["GET /incidents/{id}/evidence/manifest.{format}"] = Rule.EvidenceKeepers,
        ["GET /incidents/{id}/reports/issued/{seq:long}"] = Rule.InsideHospital,
        ["GET /incidents/{id}/reports/{report}/preview"] = Rule.InsideHospital,
        ["GET /preparedness/ledgers/{ledger}.{format}"] = Rule.InsideHospital,
        ["GET /r/{secret}"] = Rule.Anyone,
        ["GET /signin/sso/done"] = Rule.Anyone,
        ["GET /culture"] = Rule.Anyone,
        ["GET /date-style"] = Rule.Anyone,
        ["POST /account/authenticator"] = Rule.Accounts,
        ["POST /account/authenticator/remove"] = Rule.Accounts,
        ["POST /account/passkeys/remove"] = Rule.Accounts,
        ["POST /account/password"] = Rule.Accounts,
        ["POST /account/recovery-codes"] = Rule.Accounts,
        ["POST /account/passkeys/options"] = Rule.Anyone,
        ["POST /account/passkeys"] = Rule.Anyone,
        ["POST /account/setup/password"] = Rule.Anyone,
        ["POST /incidents/{id}/evidence/do"] = Rule.EvidenceKeepers,
        ["POST /incidents/{number:int}/act"] = Rule.SignedIn,
        ["POST /incidents/{number:int}/invitations"] = Rule.Leaders,
        ["POST /incidents/{number:int}/reporting/do"] = Rule.InsideHospital,
        ["POST /invite/{secret}/accept"] = Rule.Anyone,
        ["POST /invite/{secret}/register"] = Rule.Anyone,
        ["POST /preparedness/{section}/do"] = Rule.Leaders,
        ["POST /settings/people/add"] = Rule.Leaders,
        ["POST /settings/people/{accountId:guid}/remove"] = Rule.Leaders,
        ["POST /settings/people/{accountId:guid}/reset"] = Rule.Leaders,
        ["POST /settings/people/{accountId:guid}/roles"] = Rule.Leaders,
        ["POST /settings/people/{accountId:guid}/unlock"] = Rule.Leaders,
        ["POST /settings/reporting-links"] = Rule.Leaders,
        ["POST /settings/second-factor"] = Rule.Management,
        ["POST /signin"] = Rule.Anyone,
        ["POST /signin/account"] = Rule.Anyone,
        ["POST /signin/code"] = Rule.Anyone,
        ["POST /signin/enrol/authenticator"] = Rule.Anyone,
        ["POST /signin/organization"] = Rule.Anyone,
        ["POST /signin/passkey"] = Rule.Anyone,
        ["POST /signin/passkey/options"] = Rule.Anyone,
        ["POST /signin/sso"] = Rule.Anyone,
        ["POST /signout"] = Rule.SignedIn,
    };

    private static readonly Role[] AllRoles = [Role.Staff, Role.SecurityOfficer, Role.Management, Role.Vendor];

    private static bool Allows(Rule rule, Role role) => rule switch
    {
        Rule.Anyone or Rule.SignedIn => true,
        Rule.InsideHospital => role != Role.Vendor,
        Rule.EvidenceKeepers => role != Role.Staff,
        Rule.Leaders => role is Role.SecurityOfficer or Role.Management,
        Rule.Management => role == Role.Management,
        Rule.Vendors => role == Role.Vendor,
        Rule.Accounts => false,
    };

    /// <summary>The pages and page forms as the app routes them (not the API, the framework's own, or static files).</summary>
    private List<(string Method, string Pattern)> PageEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith('/')
                && !raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.StartsWith("/_", StringComparison.Ordinal)
                && !raw.StartsWith("/openapi", StringComparison.Ordinal) && raw != "/health")
            .SelectMany(e =>
            {
                var component = e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;
                // A page's POST is its own form's (Blazor form handling): the page's rule is tested by its GET.
                var methods = component ? ["GET"] : e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                return methods.Where(m => m != "HEAD").Select(m => (m, e.RoutePattern.RawText!));
            })
            .Distinct()];

    [Fact]
    public void EveryPageAndForm_HasARule_AndEveryRuleAnEndpoint()
    {
        var routed = PageEndpoints().Select(e => $"{e.Method} {e.Pattern}").ToHashSet(StringComparer.Ordinal);
        Assert.True(routed.Count > 50, $"Only {routed.Count} pages and forms found: the list is not read right.");

        Assert.True(routed.All(Rules.ContainsKey), "Pages or forms without an access rule: " + string.Join(", ", routed.Where(r => !Rules.ContainsKey(r))));
        Assert.True(Rules.Keys.All(routed.Contains), "Rules for pages that do not exist: " + string.Join(", ", Rules.Keys.Where(r => !routed.Contains(r))));
    }

    [Fact]
    public async Task EveryPage_EveryRole_OwnAndAnotherHospitalsIncident_InvitedOrNot()
    {
        var own = await Hospital("自院", incidents: 1);
        var other = await Hospital("他院", incidents: 2);
        var account = await factory.Database(db => db.Memberships.IgnoreQueryFilters().Where(m => m.OrganizationId == own.Hospital.Id).Select(m => m.AccountId).FirstAsync());
        var failures = new List<string>();
        var anonymous = PageSession.Anonymous(factory);
        var sessions = new Dictionary<Role, PageSession>();
        foreach (var role in AllRoles)
            sessions[role] = await PageSession.SignedIn(factory, own.Hospital.Keys[role]);
        var endpoints = PageEndpoints();

        // A vendor not invited: nothing of the incident shows, whatever the page.
        foreach (var (method, pattern) in endpoints.Where(e => e.Pattern.Contains("{id}", StringComparison.Ordinal) || e.Pattern.Contains("umber:int}", StringComparison.Ordinal)))
        {
            var (status, body) = await Send(sessions[Role.Vendor], method, Fill(pattern, own, account));
            if (Shows(status, body, own.Title, pattern))
                failures.Add($"{method} {pattern} as a vendor not invited: {(int)status}, the incident shows");
        }
        await Invitation.Accept(own.Hospital, own.Incident);

        foreach (var (method, pattern) in endpoints)
        {
            var rule = Rules[$"{method} {pattern}"];
            var path = Fill(pattern, own, account);
            var (anonymousStatus, _) = await Send(anonymous, method, path);
            if ((int)anonymousStatus >= 500)
                failures.Add($"{method} {path} without a session: {(int)anonymousStatus}");
            else if (rule != Rule.Anyone && !Refused(anonymousStatus, anonymous.LastLocation))
                failures.Add($"{method} {path} without a session: {(int)anonymousStatus}, expected to be sent to sign in");

            foreach (var role in AllRoles)
            {
                var session = sessions[role];
                var (status, body) = await Send(session, method, path);
                if (pattern == "/signout")
                    sessions[role] = session = await PageSession.SignedIn(factory, own.Hospital.Keys[role]);
                var refused = Refused(status, session.LastLocation);
                if ((int)status >= 500)
                    failures.Add($"{method} {path} as {role.Id()}: {(int)status}");
                else if (rule != Rule.Anyone && Allows(rule, role) == refused)
                    failures.Add($"{method} {path} as {role.Id()}: {(int)status} {session.LastLocation}, expected {(Allows(rule, role) ? "to pass" : "a refusal")}");

                // Another hospital's incident: its number here is one this hospital does not have, its id is not ours.
                if (Allows(rule, role) && rule != Rule.Anyone && (pattern.Contains("{id}", StringComparison.Ordinal) || pattern.Contains("umber:int}", StringComparison.Ordinal)))
                {
                    var (foreign, foreignBody) = await Send(session, method, Fill(pattern, other, account, number: 2));
                    if (Shows(foreign, foreignBody, other.Title, pattern))
                        failures.Add($"{method} {pattern} as {role.Id()} on another hospital's incident: {(int)foreign}, it shows");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Whether an answer gives away the incident: a file or a change (2xx on a form or download), or its title on a page.</summary>
    private static bool Shows(HttpStatusCode status, string body, string title, string pattern) =>
        (int)status is >= 200 and < 300 && (pattern.Contains("{id}", StringComparison.Ordinal) || body.Contains(title, StringComparison.Ordinal));

    private static bool Refused(HttpStatusCode status, string? location) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
            && location is { } to && (new Uri(new Uri("http://localhost"), to).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal)
                || to.Contains("/?ReturnUrl", StringComparison.OrdinalIgnoreCase));

    private sealed record Place(Hospital Hospital, string Incident, int Number, string Title);

    private async Task<Place> Hospital(string name, int incidents)
    {
        var hospital = await factory.AddHospital($"{name} {Guid.NewGuid():N}"[..12]);
        var title = "";
        var incident = "";
        for (var i = 0; i < incidents; i++)
        {
            title = $"見えてはならない件 {Guid.NewGuid():N}";
            var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title })).Json(HttpStatusCode.Created);
            incident = created.GetProperty("incidentId").GetString()!;
            await (await hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=a.log&kind=log", new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(title)))).Json(HttpStatusCode.Created);
        }
        await People.Ready(factory, hospital, "matrix" + Guid.NewGuid().ToString("N")[..6], "staff");
        return new Place(hospital, incident, incidents, title);
    }

    /// <summary>The pattern with real values of a hospital: its (last) incident, its evidence, an account, a report, a section.</summary>
    private static string Fill(string pattern, Place place, Guid account, int? number = null) => pattern
        .Replace("{id}", place.Incident, StringComparison.Ordinal)
        .Replace("{Number:int}", (number ?? place.Number).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{number:int}", (number ?? place.Number).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{evidence}", "E1", StringComparison.Ordinal)
        .Replace("{seq:long}", "1", StringComparison.Ordinal)
        .Replace("{report}", "damage-status", StringComparison.Ordinal)
        .Replace("{Report}", "damage-status", StringComparison.Ordinal)
        .Replace("{format}", "csv", StringComparison.Ordinal)
        .Replace("{ledger}", "assets", StringComparison.Ordinal)
        .Replace("{section}", "profile", StringComparison.Ordinal)
        .Replace("{Section}", "profile", StringComparison.Ordinal)
        .Replace("{accountId:guid}", account.ToString(), StringComparison.Ordinal)
        .Replace("{secret}", "sonae_not-a-secret", StringComparison.Ordinal)
        .Replace("{Secret}", "sonae_not-a-secret", StringComparison.Ordinal);

    private static async Task<(HttpStatusCode Status, string Body)> Send(PageSession session, string method, string path)
    {
        var response = method == "POST" ? await session.Post(path, [], await session.Token("/signin")) : await session.Get(path);
        session.LastLocation = response.Headers.Location?.OriginalString;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
