using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Reporting without an account: a link made by the security officer signs a shared terminal in to report and to do
/// nothing else; revoking it ends it at once; a wrong or revoked link says so.
/// </summary>
public abstract partial class ReportingLinkTests(SonaeFactory factory)
{
    private async Task<(Hospital Hospital, string Url, string Id)> Link()
    {
        var hospital = await factory.AddHospital("リンク病院 " + Guid.NewGuid().ToString("N")[..6]);
        var made = await (await hospital.Officer.PostJson("/api/v1/reporting-links", new { label = "3階西 共用端末" })).Json(HttpStatusCode.Created);
        return (hospital, made.GetProperty("url").GetString()!, made.GetProperty("id").GetString()!);
    }

    private HttpClient Terminal() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Link_SignsTheTerminalInToReport_AndToNothingElse()
    {
        var (hospital, url, _) = await Link();
        var terminal = Terminal();

        var opened = await terminal.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/report", opened.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync("/report")).StatusCode);
        // The report page does not list the hospital's open incidents to a terminal anyone with the poster can open.
        await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "院長室の端末 見せない件" })).Json(HttpStatusCode.Created);
        Assert.DoesNotContain("見せない件", await terminal.GetStringAsync("/report"), StringComparison.Ordinal);
        Assert.Contains("見せない件", await factory.Client(hospital.Keys[Role.Staff]).GetStringAsync("/report"), StringComparison.Ordinal);

        // The start page is the hospital's: a terminal's "home" is its own.
        var home = await terminal.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(ReportingLinks.TerminalHome, home.Headers.Location?.OriginalString);
        foreach (var path in new[] { "/incidents/1", "/preparedness", "/binder", "/settings", "/audit" })
            Assert.Equal(HttpStatusCode.Forbidden, (await terminal.GetAsync(path)).StatusCode);
        var secret = new Uri(url).Segments[^1];
        using var api = factory.Client(secret);
        await (await api.GetAsync("/api/v1/incidents")).Problem(HttpStatusCode.Forbidden, "report-only");
        await (await api.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var list = await (await hospital.Officer.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK);
        Assert.Equal(2, list.GetArrayLength()); // the officer's and the terminal's

        // The audit log records the link's use, never its working secret.
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        var targets = await factory.Database(db => db.AuditEntries.Select(e => e.Target).ToListAsync());
        Assert.Contains(targets, t => t.StartsWith("/r/", StringComparison.Ordinal));
        Assert.DoesNotContain(targets, t => t.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terminal_SeesThePageOfTheReportItFiled_AndNoOtherIncidentsNumber()
    {
        var (hospital, url, _) = await Link();
        var other = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "端末に見せない件" })).Json(HttpStatusCode.Created);
        var otherNumber = other.GetProperty("number").GetInt32();
        var terminal = Terminal();
        await terminal.GetAsync(new Uri(url).PathAndQuery);
        var page = await (await terminal.GetAsync("/report")).Content.ReadAsStringAsync();
        var token = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value);

        var filed = await terminal.PostAsync("/report", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "report", ["Form.Department"] = "外来", ["Form.Other"] = "true", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var sent = filed.Headers.Location!.OriginalString;
        Assert.Contains("/report/sent/", sent, StringComparison.Ordinal);

        var own = await (await terminal.GetAsync(sent)).Content.ReadAsStringAsync();
        var another = await (await terminal.GetAsync($"/report/sent/{otherNumber}")).Content.ReadAsStringAsync();
        var none = await (await terminal.GetAsync("/report/sent/9999")).Content.ReadAsStringAsync();
        Assert.Contains("報告を記録しました", own, StringComparison.Ordinal);
        Assert.DoesNotContain("報告を記録しました", another, StringComparison.Ordinal);
        Assert.Equal(Body(none), Body(another));
    }

    /// <summary>The page's main content (the part that depends on the number asked for).</summary>
    private static string Body(string html) => html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    [Fact]
    public async Task RevokedLink_StopsAtOnce_AndAWrongLinkSaysSo()
    {
        var (hospital, url, id) = await Link();
        var terminal = Terminal();
        await terminal.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync("/report")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Management.PostJson($"/api/v1/reporting-links/{id}/revoke", null)).StatusCode);

        Assert.NotEqual(HttpStatusCode.OK, (await terminal.GetAsync("/report")).StatusCode);
        var again = await Terminal().GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("取り消されたか", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Terminal().GetAsync("/r/sonae_not-a-link")).StatusCode);
        var staffKey = await Terminal().GetAsync($"/r/{hospital.Keys[Role.Staff]}");
        Assert.Equal(HttpStatusCode.NotFound, staffKey.StatusCode);
    }

    [Fact]
    public async Task OnlyLeaders_MakeOrRevokeLinks_AndTheSecretIsNeverListed()
    {
        var (hospital, url, _) = await Link();

        await (await hospital.Staff.PostJson("/api/v1/reporting-links", new { label = "x" })).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.GetAsync("/api/v1/reporting-links")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Officer.PostJson("/api/v1/reporting-links", new { label = " " })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        var listed = await (await hospital.Management.GetAsync("/api/v1/reporting-links")).Content.ReadAsStringAsync();

        Assert.Contains("3階西 共用端末", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(new Uri(url).Segments[^1], listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminal_ReportsWithTheWardPrefilled_AndItsHomeShowsFirstAid_TheNumber_AndItsReportsStatusOnly()
    {
        var (hospital, url, _) = await Link();
        // Whom to call: the security officer, as the people record names them.
        var people = new Sonae.Core.Preparedness.PeopleDirectory(
            [new("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], null, [new(Sonae.Core.Preparedness.ChannelKind.Mobile, "090-0000-2100")])],
            [], "p-tanaka", []);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people",
            new { baseVersion = 0, content = System.Text.Json.JsonSerializer.SerializeToElement(people, Sonae.Core.Incidents.RecordJson.Options) })).Json(HttpStatusCode.OK);
        var other = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "端末に見せない件" })).Json(HttpStatusCode.Created);
        var terminal = PageSession.Anonymous(factory);
        await terminal.Get(new Uri(url).PathAndQuery);

        // The report page: the ward is the link's label, filled in and still a field to change.
        var form = await (await terminal.Get("/report")).Content.ReadAsStringAsync();
        var department = RenderedControls.Forms(form).SelectMany(f => f.Fields).Single(f => f.Attributes.GetValueOrDefault("id") == "department");
        Assert.Equal("3階西 共用端末", department.Attributes.GetValueOrDefault("value"));
        Assert.False(department.Attributes.ContainsKey("readonly"));

        var before = await (await terminal.Get(ReportingLinks.TerminalHome)).Content.ReadAsStringAsync();
        Assert.Contains("この端末からは、まだ報告を送っていません", before, StringComparison.Ordinal);

        var filed = await terminal.Post("/report", new()
        {
            ["_handler"] = "report", ["Form.Department"] = department.Attributes["value"], ["Form.RansomNote"] = "true",
        }, await terminal.Token("/report"));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var sentPath = new Uri(new Uri("http://localhost"), filed.Headers.Location!).PathAndQuery;
        var number = int.Parse(System.Text.RegularExpressions.Regex.Match(sentPath, "^/report/sent/([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var sent = await (await terminal.Get(sentPath)).Content.ReadAsStringAsync();

        var home = await terminal.Get(ReportingLinks.TerminalHome);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var homeHtml = await home.Content.ReadAsStringAsync();
        var page = Body(homeHtml);
        Assert.Contains("報告用端末", page, StringComparison.Ordinal);
        Assert.Contains("3階西 共用端末", page, StringComparison.Ordinal);
        Assert.Contains("電源は切らない", page, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:09000002100\"", page, StringComparison.Ordinal);
        Assert.Contains($"報告 #{number}", page, StringComparison.Ordinal);
        Assert.Contains("対応中", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/report\"", page, StringComparison.Ordinal);
        // No other incident at all: not its title, not its number.
        Assert.DoesNotContain("端末に見せない件", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"#{other.GetProperty("number").GetInt32()}", page, StringComparison.Ordinal);

        // Every "home" the terminal can reach leads to its own home, never to the start page that would refuse it.
        var refused = await (await terminal.Get("/preparedness")).Content.ReadAsStringAsync();
        foreach (var (name, html) in new[] { ("report", form), ("sent", sent), ("home", homeHtml), ("refusal", refused) })
        {
            Assert.False(HomeLink().IsMatch(html), $"The {name} page links to the start page.");
            Assert.Contains($"href=\"{ReportingLinks.TerminalHome}\"", html, StringComparison.Ordinal);
        }

        await (await hospital.Management.PostJson($"/api/v1/incidents/{number}/close", new { reason = "誤報と確認" })).Json(HttpStatusCode.OK);
        var closed = Body(await (await terminal.Get(ReportingLinks.TerminalHome)).Content.ReadAsStringAsync());
        Assert.Contains("対応を終えました", closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminal_PagesInEnglish_TheHomeToo()
    {
        var (_, url, _) = await Link();
        var terminal = PageSession.Anonymous(factory, "en");
        await terminal.Get(new Uri(url).PathAndQuery);
        var home = Body(await (await terminal.Get(ReportingLinks.TerminalHome)).Content.ReadAsStringAsync());
        Assert.Contains("Reporting terminal", home, StringComparison.Ordinal);
        Assert.Contains("No report has been sent from this terminal yet.", home, StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex("""<a\b[^>]*href="/"[\s>]""")]
    private static partial System.Text.RegularExpressions.Regex HomeLink();
}

public sealed class SqliteReportingLinkTests(SqliteFactory factory) : ReportingLinkTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresReportingLinkTests(PostgresFactory factory) : ReportingLinkTests(factory), IClassFixture<PostgresFactory>;
