using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Sonae.Core.Access;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Reporting without an account: a link made by the security officer signs a shared terminal in to report and to do
/// nothing else; revoking it ends it at once; a wrong or revoked link says so.
/// </summary>
public sealed class ReportingLinkTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
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

        foreach (var path in new[] { "/", "/incidents/1", "/preparedness", "/binder", "/settings", "/audit" })
            Assert.Equal(HttpStatusCode.Forbidden, (await terminal.GetAsync(path)).StatusCode);
        var secret = new Uri(url).Segments[^1];
        using var api = factory.Client(secret);
        await (await api.GetAsync("/api/v1/incidents")).Problem(HttpStatusCode.Forbidden, "report-only");
        await (await api.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var list = await (await hospital.Officer.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK);
        Assert.Equal(1, list.GetArrayLength());

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
}
