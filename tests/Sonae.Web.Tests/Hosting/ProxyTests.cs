using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Hosting;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>Sonae on a real socket (Kestrel on loopback), letting one address try 3 wrong keys a minute.</summary>
public class KestrelSqliteFactory : SqliteFactory
{
    public KestrelSqliteFactory() => UseKestrel(0);

    public override IReadOnlyList<string> StorageArguments => [.. base.StorageArguments, "--Sonae:Limits:FailedSignInsPerMinute=3"];
}

/// <summary>The same, behind a reverse proxy on this machine that Sonae is told to trust.</summary>
public sealed class ProxiedSqliteFactory : KestrelSqliteFactory
{
    public override IReadOnlyList<string> StorageArguments => [.. base.StorageArguments, "--Sonae:Proxy:Trusted=127.0.0.1, 10.20.0.0/16"];
}

/// <summary>
/// Behind the hospital's reverse proxy every request comes from the proxy's address: Sonae believes the client's
/// address and scheme the proxy forwards, and only from a proxy it was told to trust.
/// </summary>
public sealed class ProxyTests(ProxiedSqliteFactory proxied, KestrelSqliteFactory direct)
    : IClassFixture<ProxiedSqliteFactory>, IClassFixture<KestrelSqliteFactory>
{
    private static async Task<HttpStatusCode> WrongKey(SonaeFactory factory, string forwardedFor, string guess)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/incidents");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", guess);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await factory.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The addresses of every audited request to this server (here: the refused keys, and the waits).</summary>
    private static async Task<List<string?>> AuditedAddresses(SonaeFactory factory)
    {
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        return await factory.Database(db => db.AuditEntries.AsNoTracking().Select(e => e.Address).ToListAsync());
    }

    [Fact]
    public async Task BehindATrustedProxy_TheWaitAfterWrongKeys_IsTheGuessersAlone_AndTheAuditLogHasTheirAddress()
    {
        var guesser = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            guesser.Add(await WrongKey(proxied, "203.0.113.7", $"sonae_proxied-{i}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, guesser[^1]);
        // A colleague behind the same proxy is not made to wait for the guesser.
        Assert.Equal(HttpStatusCode.Unauthorized, await WrongKey(proxied, "203.0.113.8", "sonae_proxied-colleague"));
        // Through two proxies, both trusted: the client at the far end.
        Assert.Equal(HttpStatusCode.Unauthorized, await WrongKey(proxied, "198.51.100.9, 10.20.3.4", "sonae_proxied-chain"));
        // An untrusted hop ends the chain there: what the client wrote before it is not believed.
        Assert.Equal(HttpStatusCode.Unauthorized, await WrongKey(proxied, "198.51.100.66, 203.0.113.50", "sonae_proxied-spoof"));
        var addresses = await AuditedAddresses(proxied);
        Assert.Contains("203.0.113.7", addresses);
        Assert.Contains("203.0.113.8", addresses);
        Assert.Contains("198.51.100.9", addresses);
        Assert.Contains("203.0.113.50", addresses);
        Assert.DoesNotContain("198.51.100.66", addresses);
        Assert.DoesNotContain("127.0.0.1", addresses);
    }

    [Fact]
    public async Task BehindATrustedProxy_HttpsForwarded_GetsHsts_AndPlainHttpDoesNot()
    {
        async Task<HttpResponseMessage> Health(string scheme)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
            request.Headers.Host = "sonae.hospital.test";
            request.Headers.Add("X-Forwarded-For", "203.0.113.20");
            request.Headers.Add("X-Forwarded-Proto", scheme);
            return await proxied.CreateClient().SendAsync(request);
        }

        Assert.True((await Health("https")).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await Health("http")).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task WithoutATrustedProxy_ForwardedHeadersAreIgnored_SoAGuesserCannotHideBehindThem()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add(await WrongKey(direct, $"198.51.100.{i + 1}", $"sonae_direct-{i}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var addresses = await AuditedAddresses(direct);
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.Equal("127.0.0.1", a));
    }

    [Theory]
    [InlineData("10.0.0.300")]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.hospital.local")]
    public void ATrustedProxyThatIsNoAddress_StopsSonaeAtStart_SayingWhichEntry(string entry)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [TrustedProxies.Key] = "10.0.0.5, " + entry }).Build();

        var refused = Assert.Throws<SonaeConfigurationException>(() => SonaeConfiguration.Proxies(configuration));

        Assert.Contains($"\"{entry}\"", refused.Message, StringComparison.Ordinal);
    }
}
