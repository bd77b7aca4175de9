using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>Sonae with single sign-on set to a real OpenID Connect provider that the test starts on loopback.</summary>
public sealed class SsoSqliteFactory : SqliteFactory
{
    public const string HospitalName = "SSO 病院グループ 中央病院";
    public const string Tenant = "tenant-chuo";

    public OidcProvider Oidc { get; } = OidcProvider.Start().GetAwaiter().GetResult();

    private readonly SemaphoreSlim _once = new(1, 1);
    private Hospital? _hospital;

    /// <summary>The hospital the provider's users belong to, made once.</summary>
    public async Task<Hospital> TheHospital()
    {
        await _once.WaitAsync();
        try
        {
            return _hospital ??= await AddHospital(HospitalName);
        }
        finally
        {
            _once.Release();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sonae:Sso:Authority", Oidc.Authority);
        builder.UseSetting("Sonae:Sso:ClientId", OidcProvider.ClientId);
        builder.UseSetting("Sonae:Sso:ClientSecret", OidcProvider.ClientSecret);
        builder.UseSetting("Sonae:Sso:DisplayName", "病院グループ ID");
        builder.UseSetting("Sonae:Sso:Organization", HospitalName);
        builder.UseSetting("Sonae:Sso:OrganizationClaim", "tid");
        builder.UseSetting("Sonae:Sso:OrganizationValue", Tenant);
        builder.UseSetting("Sonae:Sso:Roles:management", "sonae-management");
        builder.UseSetting("Sonae:Sso:Roles:security-officer", "sonae-officer");
        builder.UseSetting("Sonae:Sso:RequireHttpsMetadata", "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            Oidc.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// Single sign-on: the whole OpenID Connect round trip (Sonae → provider → Sonae, code exchanged on the back
/// channel, the ID token's signature checked against the provider's keys); the provider's roles; its second factor
/// counted, or Sonae's asked for; a user of another organization refused.
/// </summary>
public sealed class SingleSignOnTests(SsoSqliteFactory factory) : IClassFixture<SsoSqliteFactory>
{
    /// <summary>Signs in through the provider as one of its users; returns the session and where Sonae sent it at the end.</summary>
    private async Task<(PageSession Session, string Next)> SignInAs(OidcProvider.User user)
    {
        await factory.TheHospital();
        factory.Oidc.Users[user.Subject] = user;
        var session = PageSession.Anonymous(factory);
        var start = await session.Post("/signin/sso", new() { ["returnUrl"] = "/" }, await session.Token("/signin"));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(factory.Oidc.Authority, authorize.OriginalString, StringComparison.Ordinal);

        using var browserAtProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = await browserAtProvider.GetAsync(authorize + "&login_hint=" + Uri.EscapeDataString(user.Subject));
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        var callback = answer.Headers.Location!;
        Assert.Equal("/signin-oidc", callback.AbsolutePath);

        var back = await session.Get(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var done = await session.Get(back.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return (session, done.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task StaffOfTheHospital_SignsInThroughTheProvider_AndGetsAnAccountHere()
    {
        var subject = "nurse-" + Guid.NewGuid().ToString("N")[..6];
        var (session, next) = await SignInAs(new(subject, "看護師 山田", SsoSqliteFactory.Tenant, [], ["pwd"]));

        Assert.Equal("/", next);
        var home = await (await session.Get("/")).Content.ReadAsStringAsync();
        Assert.Contains("看護師 山田", home, StringComparison.Ordinal);
        var roles = await factory.Database(db => db.Memberships.IgnoreQueryFilters()
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { m.Roles, u.UserName }).SingleAsync(x => x.UserName == subject));
        Assert.Equal("staff", roles.Roles);

        // The same person again: the same account, found by the provider's subject.
        await SignInAs(new(subject, "看護師 山田", SsoSqliteFactory.Tenant, [], ["pwd"]));
        Assert.Equal(1, await factory.Database(db => db.Users.CountAsync(u => u.UserName == subject)));
    }

    [Theory]
    [InlineData("Sonae:Sso:ClientId=x", "Sonae:Sso:Authority, Sonae:Sso:ClientSecret, Sonae:Sso:Organization missing")]
    [InlineData("Sonae:Sso:Authority=http://keycloak.hospital.local/realms/h;Sonae:Sso:ClientId=x;Sonae:Sso:ClientSecret=y;Sonae:Sso:Organization=z", "plain HTTP")]
    [InlineData("Sonae:Sso:Authority=https://login.example/t/v2.0;Sonae:Sso:ClientId=x;Sonae:Sso:ClientSecret=y;Sonae:Sso:Organization=z;Sonae:Sso:OrganizationClaim=tid", "go together")]
    [InlineData("Sonae:Sso:Authority=https://login.example/t/v2.0;Sonae:Sso:ClientId=x;Sonae:Sso:ClientSecret=y;Sonae:Sso:Organization=z;Sonae:Sso:Roles:director=d", "is not a role")]
    public void HalfOrWrongSettings_StopSonaeAtStart_WithWhatToFix(string settings, string expected)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(settings.Split(';').Select(s => s.Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p[1])))
            .Build();

        var refused = Assert.Throws<Sonae.Web.Hosting.SonaeConfigurationException>(() => Sonae.Web.Hosting.SonaeConfiguration.SingleSignOn(configuration));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSettings_LeaveSingleSignOnOff() =>
        Assert.False(Sonae.Web.Hosting.SonaeConfiguration.SingleSignOn(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).Enabled);

    [Theory]
    [InlineData(new[] { "mfa" }, true)]
    [InlineData(new[] { "pwd", "otp" }, true)]
    [InlineData(new[] { "pin", "hwk" }, true)]
    [InlineData(new[] { "pwd" }, false)]
    [InlineData(new[] { "hwk" }, false)]
    [InlineData(new[] { "pin" }, false)]
    [InlineData(new[] { "otp", "sms" }, false)]
    public void ProvidersMethods_CountAsTwoFactors_OnlyWhenTwoKindsWereUsed(string[] methods, bool two) =>
        Assert.Equal(two, Sonae.Web.Access.SingleSignOn.TwoFactors(methods));

    [Fact]
    public async Task UserOfAnotherOrganization_IsRefused_AndGetsNoAccount()
    {
        var subject = "outsider-" + Guid.NewGuid().ToString("N")[..6];
        var (session, next) = await SignInAs(new(subject, "他院 職員", "tenant-other-hospital", ["sonae-management"], ["pwd", "mfa"]));

        Assert.Equal("/signin?failed=sso-organization", next);
        Assert.Contains("この病院の", await (await session.Get(next)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Get("/")).StatusCode);
        Assert.Equal(0, await factory.Database(db => db.Users.CountAsync(u => u.UserName == subject)));
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        Assert.True(await factory.Database(db => db.AuditEntries.AnyAsync(e => e.Action == "sso-refused-other-organization" && e.Target.Contains(subject))));
    }

    [Fact]
    public async Task ProvidersRoles_AndSecondFactor_AreHonoured()
    {
        // Management whose provider used a second factor: straight in, as management.
        var director = "director-" + Guid.NewGuid().ToString("N")[..6];
        var (session, next) = await SignInAs(new(director, "院長", SsoSqliteFactory.Tenant, ["sonae-management"], ["pwd", "mfa"]));
        Assert.Equal("/", next);
        Assert.Equal(HttpStatusCode.OK, (await session.Get("/decisions")).StatusCode);

        // Dropped from every mapped group at the provider: staff from the next sign-in, and other sessions end.
        var (again, _) = await SignInAs(new(director, "院長", SsoSqliteFactory.Tenant, [], ["pwd", "mfa"]));
        Assert.NotEqual(HttpStatusCode.OK, (await again.Get("/decisions")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Get("/decisions")).StatusCode);

        // The officer whose provider used a password alone: Sonae asks for its own second factor first.
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..6];
        var (_, step) = await SignInAs(new(officer, "情報システム課", SsoSqliteFactory.Tenant, ["sonae-officer"], ["pwd"]));
        Assert.Equal("/signin/enrol", step);
    }
}
