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
/// away to the home page; another hospital's or an uninvited incident must never show. On both databases: a page
/// that renders on SQLite can still fail on PostgreSQL, whose awaits really yield mid-render.
/// </summary>
public abstract class PageAuthorizationMatrixTests(SonaeFactory factory)
{
    private static readonly Dictionary<string, AccessRule> Rules = new(StringComparer.Ordinal)
    {
        ["GET /"] = AccessRule.SignedIn,
        ["GET /account"] = AccessRule.Accounts,
        ["GET /account/setup"] = AccessRule.Anyone,
        ["GET /audit"] = AccessRule.Leaders,
        ["GET /decisions"] = AccessRule.Management,
        ["GET /incidents/{Number:int}"] = AccessRule.SignedIn,
        ["GET /incidents/{Number:int}/contacts"] = AccessRule.SignedIn,
        ["GET /incidents/{Number:int}/updates"] = AccessRule.SignedIn,
        ["GET /incidents/{Number:int}/calls"] = AccessRule.InsideHospital,
        ["GET /incidents/{Number:int}/evidence"] = AccessRule.EvidenceKeepers,
        ["GET /incidents/{Number:int}/reports"] = AccessRule.InsideHospital,
        ["GET /incidents/{Number:int}/reports/{Report}"] = AccessRule.Leaders,
        ["GET /incidents/{Number:int}/reports/{Report}/refill"] = AccessRule.Leaders,
        ["GET /incidents/{Number:int}/summary"] = AccessRule.SignedIn,
        ["GET /incidents/{Number:int}/vendors"] = AccessRule.Leaders,
        ["GET /incidents/{Number:int}/join"] = AccessRule.Leaders,
        ["GET /incidents/{Number:int}/command"] = AccessRule.SignedIn,
        ["GET /invite/{Secret}"] = AccessRule.Anyone,
        ["GET /notices"] = AccessRule.SignedIn,
        ["GET /notices/new"] = AccessRule.Leaders,
        ["GET /notices/{Number:int}"] = AccessRule.SignedIn,
        ["GET /ack/{Token}"] = AccessRule.Anyone,
        ["GET /preparedness"] = AccessRule.InsideHospital,
        ["GET /preparedness/{Section}"] = AccessRule.InsideHospital,
        ["GET /report"] = AccessRule.SignedIn,
        ["GET /report/home"] = AccessRule.SignedIn,
        ["GET /report/sent/{Number:int}"] = AccessRule.SignedIn,
        ["GET /settings"] = AccessRule.Leaders,
        ["GET /settings/people"] = AccessRule.Leaders,
        ["GET /settings/channels"] = AccessRule.Leaders,
        ["GET /settings/monitoring"] = AccessRule.Leaders,
        ["GET /settings/backup"] = AccessRule.Leaders,
        ["GET /threats"] = AccessRule.Leaders,
        ["GET /threats/new"] = AccessRule.Leaders,
        ["GET /threats/advisories/{Advisory:guid}"] = AccessRule.Leaders,
        ["GET /signin"] = AccessRule.Anyone,
        ["GET /setup"] = AccessRule.Anyone,
        ["GET /signin/code"] = AccessRule.Anyone,
        ["GET /signin/enrol"] = AccessRule.Anyone,
        ["GET /signin/organization"] = AccessRule.Anyone,
        ["GET /vendor"] = AccessRule.Vendors,
        ["GET /binder"] = AccessRule.InsideHospital,
        ["GET /binder.pdf"] = AccessRule.InsideHospital,
        ["GET /binder/offline"] = AccessRule.Leaders,
        ["GET /poster"] = AccessRule.InsideHospital,
        ["GET /poster.pdf"] = AccessRule.InsideHospital,
        ["GET /incidents/{number:int}/situation"] = AccessRule.InsideHospital,
        ["GET /incidents/{number:int}/situation.pdf"] = AccessRule.InsideHospital,
        ["GET /incidents/{id}/evidence/files/{evidence}"] = AccessRule.EvidenceKeepers,
        ["GET /incidents/{id}/evidence/manifest.{format}"] = AccessRule.EvidenceKeepers,
        ["GET /incidents/{id}/reports/issued/{seq:long}"] = AccessRule.Leaders,
        ["GET /incidents/{id}/reports/{report}/preview"] = AccessRule.Leaders,
        ["GET /preparedness/ledgers/{ledger}.{format}"] = AccessRule.InsideHospital,
        ["GET /r/{secret}"] = AccessRule.Anyone,
        ["GET /signin/sso/done"] = AccessRule.Anyone,
        ["GET /culture"] = AccessRule.Anyone,
        ["GET /live/alerts"] = AccessRule.SignedIn,
        ["GET /date-style"] = AccessRule.Anyone,
        ["POST /account/authenticator"] = AccessRule.Accounts,
        ["POST /account/authenticator/remove"] = AccessRule.Accounts,
        ["POST /account/passkeys/remove"] = AccessRule.Accounts,
        ["POST /account/password"] = AccessRule.Accounts,
        ["POST /account/recovery-codes"] = AccessRule.Accounts,
        ["POST /account/sign-out-everywhere"] = AccessRule.Accounts,
        ["POST /account/passkeys/options"] = AccessRule.Anyone,
        ["POST /account/passkeys"] = AccessRule.Anyone,
        ["POST /account/setup/password"] = AccessRule.Anyone,
        ["POST /incidents/{id}/evidence/do"] = AccessRule.EvidenceKeepers,
        ["POST /incidents/{number:int}/act"] = AccessRule.SignedIn,
        ["POST /incidents/{number:int}/invitations"] = AccessRule.Leaders,
        ["POST /incidents/{number:int}/merge"] = AccessRule.Leaders,
        ["POST /incidents/{number:int}/attach"] = AccessRule.Leaders,
        ["POST /incidents/{number:int}/command/do"] = AccessRule.Leaders,
        ["POST /incidents/{number:int}/calls/record"] = AccessRule.InsideHospital,
        ["POST /incidents/{number:int}/reporting/do"] = AccessRule.InsideHospital,
        ["POST /invite/{secret}/accept"] = AccessRule.Anyone,
        ["POST /ack/{token}/do"] = AccessRule.Anyone,
        ["POST /notices/new/do"] = AccessRule.Leaders,
        ["POST /notices/{number:int}/do"] = AccessRule.SignedIn,
        ["POST /invite/{secret}/register"] = AccessRule.Anyone,
        ["POST /preparedness/{section}/do"] = AccessRule.Leaders,
        ["POST /threats/do"] = AccessRule.Leaders,
        ["POST /settings/people/add"] = AccessRule.Leaders,
        ["POST /settings/people/{accountId:guid}/remove"] = AccessRule.Leaders,
        ["POST /settings/people/{accountId:guid}/reset"] = AccessRule.Leaders,
        ["POST /settings/people/{accountId:guid}/roles"] = AccessRule.Leaders,
        ["POST /settings/people/{accountId:guid}/unlock"] = AccessRule.Leaders,
        ["POST /settings/reporting-links"] = AccessRule.Leaders,
        ["POST /settings/monitoring/do"] = AccessRule.Leaders,
        ["POST /settings/backup/do"] = AccessRule.Leaders,
        ["POST /poster.pdf"] = AccessRule.Leaders,
        ["POST /settings/second-factor"] = AccessRule.Management,
        ["POST /signin"] = AccessRule.Anyone,
        ["POST /signin/account"] = AccessRule.Anyone,
        ["POST /signin/code"] = AccessRule.Anyone,
        ["POST /signin/enrol/authenticator"] = AccessRule.Anyone,
        ["POST /signin/organization"] = AccessRule.Anyone,
        ["POST /signin/passkey"] = AccessRule.Anyone,
        ["POST /signin/passkey/options"] = AccessRule.Anyone,
        ["POST /signin/sso"] = AccessRule.Anyone,
        ["POST /signout"] = AccessRule.SignedIn,
        ["GET /measures"] = AccessRule.InsideHospital,
        ["GET /measures/new"] = AccessRule.Leaders,
        ["GET /measures/{Number:int}"] = AccessRule.InsideHospital,
        ["GET /contractor-instructions"] = AccessRule.InsideHospital,
        ["GET /contractor-instructions/{Number:int}"] = AccessRule.InsideHospital,
        ["GET /vendor-instructions/{Secret}"] = AccessRule.Anyone,
        ["POST /measures/new/do"] = AccessRule.Leaders,
        ["POST /measures/{number:int}/do"] = AccessRule.Leaders,
        ["POST /contractor-instructions/new/do"] = AccessRule.Leaders,
        ["POST /contractor-instructions/{number:int}/do"] = AccessRule.Leaders,
        ["POST /vendor-instructions/{secret}/do"] = AccessRule.Anyone,
        ["GET /drills"] = AccessRule.Leaders,
        ["GET /drills/{Number:int}"] = AccessRule.Leaders,
        ["POST /drills/do"] = AccessRule.Leaders,
        ["GET /response-metrics"] = AccessRule.Leaders,
        ["GET /incidents/{Number:int}/after-action"] = AccessRule.Leaders,
        ["GET /response-metrics/export.csv"] = AccessRule.Leaders,
        ["GET /response-metrics/export.xlsx"] = AccessRule.Leaders,
        ["GET /incidents/{id}/after-action.pdf"] = AccessRule.Leaders,
        ["POST /incidents/{id}/after-action/findings"] = AccessRule.Leaders,
        ["GET /checklists"] = AccessRule.Leaders,
        ["GET /checklists/{Year:int}/{Form}"] = AccessRule.Leaders,
        ["GET /checklists/editions/{Key}"] = AccessRule.Leaders,
        ["GET /checklists/vendor/{Secret}"] = AccessRule.Anyone,
        ["GET /checklists/{year:int}/print"] = AccessRule.Leaders,
        ["GET /checklists/{year:int}/print.pdf"] = AccessRule.Leaders,
        ["GET /checklists/{year:int}/export.xlsx"] = AccessRule.Leaders,
        ["POST /checklists/do"] = AccessRule.Leaders,
        ["POST /checklists/vendor/{secret}/do"] = AccessRule.Anyone,
    };

    /// <summary>
    /// The pages and page forms as the app routes them (not the API, the framework's own, or static files; nor the
    /// health endpoints and /metrics, which the API matrix covers).
    /// </summary>
    private List<(string Method, string Pattern)> PageEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith('/')
                && !raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.StartsWith("/_", StringComparison.Ordinal)
                && !raw.StartsWith("/openapi", StringComparison.Ordinal) && raw is not ("/health" or "/health/ready" or "/metrics"))
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
        foreach (var role in AccessRules.AllRoles)
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
            else if (rule != AccessRule.Anyone && !Refused(anonymousStatus, anonymous.LastLocation))
                failures.Add($"{method} {path} without a session: {(int)anonymousStatus}, expected to be sent to sign in");

            foreach (var role in AccessRules.AllRoles)
            {
                var session = sessions[role];
                var (status, body) = await Send(session, method, path);
                if (pattern == "/signout")
                    sessions[role] = session = await PageSession.SignedIn(factory, own.Hospital.Keys[role]);
                var refused = Refused(status, session.LastLocation);
                if ((int)status >= 500)
                    failures.Add($"{method} {path} as {role.Id()}: {(int)status}");
                else if (rule != AccessRule.Anyone && rule.Allows(role) == refused)
                    failures.Add($"{method} {path} as {role.Id()}: {(int)status} {session.LastLocation}, expected {(rule.Allows(role) ? "to pass" : "a refusal")}");

                // Another hospital's incident: its number here is one this hospital does not have, its id is not ours.
                if (rule.Allows(role) && rule != AccessRule.Anyone && (pattern.Contains("{id}", StringComparison.Ordinal) || pattern.Contains("umber:int}", StringComparison.Ordinal)))
                {
                    var (foreign, foreignBody) = await Send(session, method, Fill(pattern, other, account, number: 2));
                    if (Shows(foreign, foreignBody, other.Title, pattern))
                        failures.Add($"{method} {pattern} as {role.Id()} on another hospital's incident: {(int)foreign}, it shows");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Every page and download × every role it refuses × Japanese and English, and a reporting terminal on every page
    /// but its own: the refusal is the error page (403, HTML, in the browser's language, saying who may, with a way
    /// back to that person's home), never a problem as JSON and never a silent redirect to the start page.
    /// </summary>
    [Fact]
    public async Task EveryPageRefusal_IsTheErrorPage_InThePersonsLanguage_WithAWayHome()
    {
        var own = await Hospital("断り", incidents: 1);
        var account = await factory.Database(db => db.Memberships.IgnoreQueryFilters().Where(m => m.OrganizationId == own.Hospital.Id).Select(m => m.AccountId).FirstAsync());
        var link = await (await own.Hospital.Officer.PostJson("/api/v1/reporting-links", new { label = "3階西病棟" })).Json(HttpStatusCode.Created);
        var failures = new List<string>();
        var refusals = 0;
        var gets = PageEndpoints().Where(e => e.Method == "GET" && Rules[$"GET {e.Pattern}"] != AccessRule.Anyone).Select(e => e.Pattern).ToList();
        // The title, and a sentence saying who may: the roles, or an account of one's own.
        var says = new Dictionary<string, string[]>
        {
            ["ja"] = ["この操作を行う権限がありません", "このページを開けるのは", "自分のアカウントでサインインした人"],
            ["en"] = ["You may not do this", "Only these roles may open this page", "signed in with their own account"],
        };
        var terminalSays = new Dictionary<string, string[]> { ["ja"] = ["報告のほかはできません"], ["en"] = ["it can only report anomalies"] };
        foreach (var language in says.Keys)
        {
            foreach (var role in AccessRules.AllRoles)
            {
                var session = await PageSession.SignedIn(factory, own.Hospital.Keys[role], language);
                foreach (var pattern in gets.Where(p => !Rules[$"GET {p}"].Allows(role)))
                {
                    refusals++;
                    var path = Fill(pattern, own, account);
                    if (await NotTheErrorPage(session, path, language, says[language], home: "/") is { } why)
                        failures.Add($"GET {path} as {role.Id()} ({language}): {why}");
                }
            }

            var terminal = PageSession.Anonymous(factory, language);
            await terminal.Get(new Uri(link.GetProperty("url").GetString()!).PathAndQuery);
            foreach (var pattern in gets.Where(p => !p.StartsWith("/report", StringComparison.Ordinal) && p != "/"))
            {
                refusals++;
                var path = Fill(pattern, own, account);
                if (await NotTheErrorPage(terminal, path, language, terminalSays[language], home: "/report/home") is { } why)
                    failures.Add($"GET {path} as a reporting terminal ({language}): {why}");
            }
        }

        Assert.True(refusals > 60, $"Only {refusals} refusals walked: the walk did not reach the pages.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Why an answer is not the error page a refused person should get, or null when it is.</summary>
    private static async Task<string?> NotTheErrorPage(PageSession session, string path, string language, string[] sentences, string home)
    {
        var response = await session.Get(path);
        var body = await response.Content.ReadAsStringAsync();
        var type = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode != HttpStatusCode.Forbidden)
            return $"{(int)response.StatusCode} {response.Headers.Location}, not 403";
        if (type != "text/html")
            return $"answered as {type}, not a page";
        if (!body.Contains("id=\"error-title\"", StringComparison.Ordinal))
            return "not the error page";
        if (!body.Contains($"<html lang=\"{language}\"", StringComparison.Ordinal))
            return $"not in {language}";
        if (!body.Contains(sentences[0], StringComparison.Ordinal) && sentences.Length == 1)
            return $"does not say 「{sentences[0]}」";
        if (sentences.Length > 1 && (!body.Contains(sentences[0], StringComparison.Ordinal) || !sentences.Skip(1).Any(s => body.Contains(s, StringComparison.Ordinal))))
            return $"does not say 「{sentences[0]}」 and who may";
        if (!body.Contains($"<a href=\"{home}\">", StringComparison.Ordinal))
            return $"no way back to {home}";
        return null;
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
        .Replace("{Advisory:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{secret}", "sonae_not-a-secret", StringComparison.Ordinal)
        .Replace("{Secret}", "sonae_not-a-secret", StringComparison.Ordinal)
        .Replace("{Year:int}", "2025", StringComparison.Ordinal)
        .Replace("{year:int}", "2025", StringComparison.Ordinal)
        .Replace("{Form}", "hospital", StringComparison.Ordinal)
        .Replace("{Key}", "2025-05", StringComparison.Ordinal);

    private static async Task<(HttpStatusCode Status, string Body)> Send(PageSession session, string method, string path)
    {
        var response = method == "POST" ? await session.Post(path, [], await session.Token("/signin")) : await session.Get(path);
        session.LastLocation = response.Headers.Location?.OriginalString;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqlitePageAuthorizationMatrixTests(SqliteFactory factory) : PageAuthorizationMatrixTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresPageAuthorizationMatrixTests(PostgresFactory factory) : PageAuthorizationMatrixTests(factory), IClassFixture<PostgresFactory>;
