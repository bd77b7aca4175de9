using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// Error messages never show an internal id: every API endpoint (from the app's own list) asked about things that do
/// not exist, named by fresh GUIDs where the route takes an id, by the security officer and management; the page forms
/// that name an account, a link or an invitation by id; and the report form choosing an incident that is not there.
/// No problem's detail, no one-time message and no page error may carry a GUID or a 32-hex database key.
/// </summary>
public abstract partial class NoInternalIdsTests(SonaeFactory factory)
{
    [Fact]
    public async Task NoProblemOrMessage_AnyWalkCanProvoke_ShowsAGuid()
    {
        var hospital = await factory.AddHospital("番号病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "既にある件" })).Json(HttpStatusCode.Created);
        var leaks = new List<string>();
        var problems = 0;

        var api = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, e.RoutePattern)))
            .ToList();
        foreach (var (method, pattern) in api)
        {
            var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => Value(parameter),
                _ => "",
            }))));
            foreach (var client in new[] { hospital.Officer, hospital.Management })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                var response = await client.SendAsync(request);
                if ((int)response.StatusCode < 400)
                    continue;
                problems++;
                var body = await response.Content.ReadAsStringAsync();
                if (Leak(Said(body)) is { } id)
                    leaks.Add($"{method} {pattern.RawText}: {(int)response.StatusCode} names {id}: {body}");
            }
        }

        // The page forms that name something by its id, and the report form choosing an incident that is not there.
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var token = await page.Token("/settings");
        foreach (var (form, fields) in new (string, Dictionary<string, string>)[]
        {
            ("/settings/reporting-links", new() { ["kind"] = "revoke", ["linkId"] = Guid.NewGuid().ToString() }),
            ($"/settings/people/{Guid.NewGuid()}/remove", []),
            ($"/settings/people/{Guid.NewGuid()}/reset", []),
            ($"/settings/people/{Guid.NewGuid()}/unlock", []),
            ($"/settings/people/{Guid.NewGuid()}/roles", new() { ["roles"] = "staff" }),
            ("/incidents/1/invitations", new() { ["kind"] = "revoke", ["invitationId"] = Guid.NewGuid().ToString() }),
            ($"/incidents/{Guid.NewGuid()}/evidence/do", new() { ["kind"] = "handover", ["evidence"] = "E1", ["to"] = "警察" }),
        })
        {
            var response = await page.Post(form, new(fields), token);
            problems++;
            var said = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sonae-flash=", StringComparison.Ordinal))
                ? PageSession.Flash(response).Text
                : await response.Content.ReadAsStringAsync();
            if (Leak(said) is { } id)
                leaks.Add($"POST {form}: names {id}: {said}");
        }
        var reportToken = await page.Token("/report");
        var joined = await page.Post("/report", new()
        {
            ["_handler"] = "report", ["Form.Department"] = "外来", ["Form.Other"] = "true", ["Form.Join"] = Guid.NewGuid().ToString(),
        }, reportToken);
        var joinedPage = await joined.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Contains("選んだインシデントは見つからなくなりました", joinedPage, StringComparison.Ordinal);
        if (Leak(Errors(joinedPage)) is { } joinLeak)
            leaks.Add($"POST /report choosing an incident that is not there: names {joinLeak}");

        Assert.True(problems > 80, $"Only {problems} problems provoked: the walk did not reach the endpoints.");
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    /// <summary>A route value that names nothing there is: a fresh GUID for an id, 1 for a number, a word otherwise.</summary>
    private static string Value(Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") ? "999"
        : parameter.Name == "playbookId" ? "no-such-playbook" // a playbook's id is the name its author gave it
        : parameter.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase) || parameter.ParameterPolicies.Any(p => p.Content == "guid") ? Guid.NewGuid().ToString()
        : parameter.Name == "format" ? "csv"
        : "none";

    /// <summary>What a problem says to its reader: its title, detail and field errors (its instance is the address asked).</summary>
    private static string Said(string body)
    {
        try
        {
            var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
            return string.Join("\n", new[] { "title", "detail", "errors" }.Select(p => problem.TryGetProperty(p, out var value) ? value.ToString() : ""));
        }
        catch (System.Text.Json.JsonException)
        {
            return MainOf(body);
        }
    }

    /// <summary>The page's error messages (its form's choices carry ids as values, which no one reads).</summary>
    private static string Errors(string html) =>
        Regex.Match(html, """<div class="errors".*?</div>""", RegexOptions.Singleline).Value;

    private static string MainOf(string html) =>
        html.Contains("<main", StringComparison.Ordinal) ? html[html.IndexOf("<main", StringComparison.Ordinal)..] : html;

    /// <summary>A GUID (with or without dashes) in <paramref name="text"/>, or null.</summary>
    private static string? Leak(string text) => InternalId().Match(text) is { Success: true } match ? match.Value : null;

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex InternalId();
}

public sealed class SqliteNoInternalIdsTests(SqliteFactory factory) : NoInternalIdsTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresNoInternalIdsTests(PostgresFactory factory) : NoInternalIdsTests(factory), IClassFixture<PostgresFactory>;
