using System.Net;
using System.Net.Http.Headers;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// Refusals that used to answer with an empty body: a request asking for XML (no problem writer matched its Accept
/// header), and an address too long for Kestrel. Each answers an RFC 9457 problem in the caller's language.
/// </summary>
public abstract class RefusalBodyTests(SonaeFactory factory)
{
    private static HttpRequestMessage AskingForXml(HttpMethod method, string path, string language, string? key = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    [Fact]
    public async Task AskingForXml_GetsTheProblemAsJson_InTheCallersLanguage()
    {
        var hospital = await factory.AddHospital("XML病院 " + Guid.NewGuid().ToString("N")[..6]);
        using var client = factory.CreateClient();

        var noKey = await (await client.SendAsync(AskingForXml(HttpMethod.Get, "/api/v1/incidents", "ja"))).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        var noRoute = await (await client.SendAsync(AskingForXml(HttpMethod.Get, "/api/v1/nowhere", "en", hospital.Keys[Core.Access.Role.Staff])))
            .Problem(HttpStatusCode.NotFound, "route-not-found");
        var badBody = AskingForXml(HttpMethod.Post, "/api/v1/anomaly-reports", "en", hospital.Keys[Core.Access.Role.Staff]);
        badBody.Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        await (await client.SendAsync(badBody)).Problem(HttpStatusCode.BadRequest, "unreadable-json");

        Assert.Contains("キー", noKey.Detail(), StringComparison.Ordinal);
        Assert.Contains("/api/v1/nowhere", noRoute.Detail(), StringComparison.Ordinal);
        Assert.DoesNotContain("ページ", noRoute.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressTooLong_IsRefusedWithAProblem_InTheCallersLanguage()
    {
        await using var server = await ServerProcess.Start(factory);
        using var client = server.Client();
        var path = "/api/v1/incidents?q=" + new string('a', 10_000);

        var japanese = await (await client.GetAsync(path)).Problem(HttpStatusCode.RequestUriTooLong, "address-too-long");
        var english = new HttpRequestMessage(HttpMethod.Get, path);
        english.Headers.AcceptLanguage.Clear();
        english.Headers.AcceptLanguage.ParseAdd("en");
        var inEnglish = await (await client.SendAsync(english)).Problem(HttpStatusCode.RequestUriTooLong, "address-too-long");

        var page = await client.GetAsync("/report?q=" + new string('a', 10_000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, page.StatusCode);
        Assert.Contains("アドレスが長すぎます", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("8192", japanese.Detail(), StringComparison.Ordinal);
        Assert.Contains("too long", inEnglish.Detail(), StringComparison.Ordinal);
    }
}

public sealed class SqliteRefusalBodyTests(SqliteFactory factory) : RefusalBodyTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresRefusalBodyTests(PostgresFactory factory) : RefusalBodyTests(factory), IClassFixture<PostgresFactory>;
