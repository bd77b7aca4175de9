using System.Net;
using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>A server that lets one address try 3 wrong keys and file 4 reports a minute.</summary>
public sealed class LimitedSqliteFactory : SqliteFactory
{
    public override IReadOnlyList<string> StorageArguments =>
        [.. base.StorageArguments, "--Sonae:Limits:FailedSignInsPerMinute=3", "--Sonae:Limits:ReportsPerMinute=4"];
}

/// <summary>Security headers on every response, no inline script anywhere, and the limits on guessing keys and flooding reports.</summary>
public sealed partial class HardeningTests(LimitedSqliteFactory factory) : IClassFixture<LimitedSqliteFactory>
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/report")]
    [InlineData("/api/v1/incidents")]
    [InlineData("/health")]
    public async Task EveryResponse_CarriesTheSecurityHeaders_AndAStrictScriptPolicy(string path)
    {
        var response = await factory.Client(null).GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS only over TLS");
    }

    [Fact]
    public async Task Pages_HaveNoInlineScriptOrHandler()
    {
        var hospital = await factory.AddHospital("ヘッダ病院 " + Guid.NewGuid().ToString("N")[..6]);
        foreach (var path in new[] { "/", "/report", "/binder", "/binder/offline", "/poster", "/preparedness", "/decisions", "/settings" })
        {
            var html = await hospital.Management.GetStringAsync(path);
            Assert.False(InlineHandler().IsMatch(html), $"{path} has an inline event handler");
            foreach (Match script in ScriptTag().Matches(html))
                Assert.True(script.Groups[1].Value.Contains("src=", StringComparison.Ordinal), $"{path} has an inline script: {script.Value}");
        }
    }

    [Fact]
    public async Task SignIn_GuessingKeys_IsStoppedAfterTheLimit_ButRightKeysNeverCount()
    {
        var hospital = await factory.AddHospital("鍵病院 " + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < 5; i++)
            await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        var page = PageSession.Anonymous(factory);
        var token = await page.Token("/signin");

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await page.Post("/signin", new() { ["key"] = $"sonae_guess{i}", ["returnUrl"] = "/" }, token)).StatusCode);
        var refused = await page.Post("/signin", new() { ["key"] = "sonae_guess-again", ["returnUrl"] = "/" }, token);
        var rightKey = await page.Post("/signin", new() { ["key"] = hospital.Keys[Role.Staff], ["returnUrl"] = "/" }, token);

        Assert.Equal(HttpStatusCode.Redirect, rightKey.StatusCode);
        Assert.Equal("/", rightKey.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Contains("秒ほど待って", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_FloodFromOneAddress_IsStoppedAfterTheLimit()
    {
        var hospital = await factory.AddHospital("連打病院 " + Guid.NewGuid().ToString("N")[..6]);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            codes.Add((await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).StatusCode);

        Assert.Contains(HttpStatusCode.Created, codes);
        var refused = await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } });
        await refused.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
    }

    [GeneratedRegex(@"<[a-zA-Z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"<script([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}

/// <summary>A server told it listens on HTTPS.</summary>
public sealed class TlsSqliteFactory : SqliteFactory
{
    public override IReadOnlyList<string> StorageArguments => [.. base.StorageArguments, "--urls=https://sonae.hospital.example:443", "--https_port=443"];
}

/// <summary>Served over TLS: browsers are told to stay on HTTPS, and plain HTTP is sent there.</summary>
public sealed class TlsTests(TlsSqliteFactory factory) : IClassFixture<TlsSqliteFactory>
{
    [Fact]
    public async Task OverTls_ResponsesCarryHsts_AndHttpIsRedirected()
    {
        var https = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://sonae.hospital.example"), AllowAutoRedirect = false });
        var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://sonae.hospital.example"), AllowAutoRedirect = false });

        var secure = await https.GetAsync("/health");
        var plain = await http.GetAsync("/health");

        Assert.Contains("max-age=", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://sonae.hospital.example/health", plain.Headers.Location?.ToString());
    }
}

/// <summary>Wrong API keys count against the address like wrong keys on the sign-in page (a server of its own: the count is per server).</summary>
public sealed class ApiKeyGuessingTests(LimitedSqliteFactory factory) : IClassFixture<LimitedSqliteFactory>
{
    [Fact]
    public async Task Api_GuessingKeys_IsStoppedAfterTheLimit_ButRightKeysNeverCount()
    {
        var hospital = await factory.AddHospital("鍵当て病院 " + Guid.NewGuid().ToString("N")[..6]);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await factory.Client($"sonae_api-guess-{i}").GetAsync("/api/v1/incidents")).StatusCode);

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        var refused = await factory.Client("sonae_api-guess-again").GetAsync("/api/v1/incidents");
        await refused.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await hospital.Staff.GetAsync("/api/v1/incidents")).StatusCode);
    }
}
