using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Audit;

namespace Sonae.Web.Access;

/// <summary>
/// Single sign-on by OpenID Connect, set in configuration (<c>Sonae:Sso</c>): a hospital group on Entra ID or
/// Keycloak signs its people in with the accounts they already have. The provider's users belong to one
/// organization; a token that does not carry that organization's value in <see cref="OrganizationClaim"/> is refused.
/// Roles come from the provider's <see cref="RolesClaim"/> when it sends them.
/// </summary>
public sealed class SsoOptions
{
    public const string Section = "Sonae:Sso";

    /// <summary>The provider's issuer address (https://login.microsoftonline.com/{tenant}/v2.0, https://keycloak…/realms/…).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in button names ("病院グループの ID").</summary>
    public string DisplayName { get; set; } = "SSO";

    /// <summary>The organization whose people the provider signs in: its id, or its name as registered.</summary>
    public string? Organization { get; set; }

    /// <summary>
    /// The claim that says which organization a user is of (Entra ID: <c>tid</c>; Keycloak: a mapped claim), and the
    /// value this hospital's users carry. Both set, or neither (a provider that only ever signs in this hospital's people).
    /// </summary>
    public string? OrganizationClaim { get; set; }

    public string? OrganizationValue { get; set; }

    /// <summary>The claim holding the user's roles or groups at the provider.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>The provider's value for each Sonae role (key: <c>management</c>, <c>security-officer</c>, <c>staff</c>, <c>vendor</c>).</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the provider's own second factor counts as Sonae's (else its <c>amr</c> claim must say so).</summary>
    public bool TrustProviderMfa { get; set; }

    /// <summary>Only for a provider on this machine in tests and trials: metadata over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(Organization);
}

public static partial class SingleSignOn
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Sonae:Sso:Organization ({Organization}) names no hospital here, or several: give the id, or the exact name as registered")]
    private static partial void LogNoOrganization(ILogger logger, string organization);

    public const string Scheme = "Sso";
    public const string ExternalScheme = "SonaeExternal";
    public const string LoginProvider = "sso";

    private static readonly string[] Scopes = ["openid", "profile", "email"];

    /// <summary>The <c>amr</c> values (RFC 8176) of something known, and of something held or something one is.</summary>
    private static readonly HashSet<string> Knowledge = new(StringComparer.Ordinal) { "pwd", "pin", "kba" };

    private static readonly HashSet<string> PossessionOrInherence = new(StringComparer.Ordinal) { "otp", "hwk", "swk", "sms", "tel", "sc", "fpt", "face", "iris", "retina", "vbm" };

    /// <summary>Whether the provider says it used two factors: <c>mfa</c>, or one known and one held (or one is).</summary>
    public static bool TwoFactors(IEnumerable<string> methods)
    {
        var said = methods.ToHashSet(StringComparer.Ordinal);
        return said.Contains("mfa") || said.Overlaps(Knowledge) && said.Overlaps(PossessionOrInherence);
    }

    public static void AddSingleSignOn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var options = Hosting.SonaeConfiguration.SingleSignOn(configuration);
        authentication.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        if (!options.Enabled)
            return;
        authentication
            .AddCookie(ExternalScheme, cookie =>
            {
                cookie.Cookie.Name = "sonae-sso";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddOpenIdConnect(Scheme, options.DisplayName, oidc =>
            {
                oidc.Authority = options.Authority;
                oidc.ClientId = options.ClientId;
                oidc.ClientSecret = options.ClientSecret;
                oidc.ResponseType = "code";
                // The code comes back in the address (a top-level GET), so the correlation cookies can stay SameSite=Lax.
                oidc.ResponseMode = "query";
                oidc.UsePkce = true;
                oidc.SignInScheme = ExternalScheme;
                oidc.CallbackPath = "/signin-oidc";
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.SaveTokens = false;
                oidc.RequireHttpsMetadata = options.RequireHttpsMetadata;
                oidc.Scope.Clear();
                foreach (var scope in Scopes)
                    oidc.Scope.Add(scope);
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect("/signin?failed=sso");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
    }

    public static IEndpointRouteBuilder MapSingleSignOn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/signin/sso", Start).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/signin/sso/done", Done).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The sign-in page's button: off to the provider, back to <see cref="Done"/>.</summary>
    public static IResult Start([FromForm] string? returnUrl, Microsoft.Extensions.Options.IOptions<SsoOptions> options)
    {
        if (!options.Value.Enabled)
            return Results.NotFound();
        return Results.Challenge(new AuthenticationProperties { RedirectUri = "/signin/sso/done?returnUrl=" + Uri.EscapeDataString(SignIn.Local(returnUrl)) }, [Scheme]);
    }

    /// <summary>
    /// Back from the provider: a user of another organization is refused; anyone else is matched to their account by
    /// the provider's subject (made on first sign-in), given the roles the provider says, and signed in through the
    /// same steps as a password (a leader whose provider did not use a second factor is asked for Sonae's).
    /// </summary>
    public static async Task<IResult> Done(
        string? returnUrl, HttpContext http, Microsoft.Extensions.Options.IOptions<SsoOptions> settings,
        UserManager<Account> users, SonaeDbContext db, AccountSignIn flow, TimeProvider clock)
    {
        var options = settings.Value;
        if (!options.Enabled)
            return Results.Redirect("/signin?failed=sso");
        var external = await http.AuthenticateAsync(ExternalScheme);
        await http.SignOutAsync(ExternalScheme);
        if (!external.Succeeded || external.Principal.FindFirstValue("sub") is not { Length: > 0 } subject)
            return Results.Redirect("/signin?failed=sso");
        var user = external.Principal;
        var name = user.FindFirstValue("name") ?? user.FindFirstValue("preferred_username") ?? subject;
        http.Items[AuditMiddleware.TargetItem] = "sso:" + (user.FindFirstValue("preferred_username") ?? subject);
        if (options.OrganizationClaim is { Length: > 0 } claim
            && !string.Equals(user.FindFirstValue(claim), options.OrganizationValue, StringComparison.Ordinal))
        {
            http.Items[AuditMiddleware.ActionItem] = "sso-refused-other-organization";
            return Results.Redirect("/signin?failed=sso-organization");
        }

        var organization = await ResolveOrganization(db, options.Organization!, http.RequestAborted);
        if (organization is null)
        {
            LogNoOrganization(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn)), options.Organization!);
            return Results.Redirect("/signin?failed=sso");
        }

        var account = await users.FindByLoginAsync(LoginProvider, subject);
        if (account is null)
        {
            account = AccountChanges.New(
                await FreeUserName(users, user.FindFirstValue("preferred_username") ?? user.FindFirstValue("email"), subject),
                name.Length > AccountChanges.MaxDisplayName ? name[..AccountChanges.MaxDisplayName] : name,
                clock.GetUtcNow());
            var created = await users.CreateAsync(account);
            if (!created.Succeeded || !(await users.AddLoginAsync(account, new UserLoginInfo(LoginProvider, subject, options.DisplayName))).Succeeded)
                return Results.Redirect("/signin?failed=sso");
        }
        await EnsureMembership(http, organization.Value, account, options, user, clock);
        var strength = options.TrustProviderMfa || TwoFactors(user.FindAll("amr").Select(a => a.Value))
            ? SignInStrength.TwoFactor : SignInStrength.OneFactor;
        return Results.Redirect(await flow.Continue(http, account, strength, "sso", organization, SignIn.Local(returnUrl)));
    }

    /// <summary>The configured organization, by id or by its exact name (null when none, or several, match).</summary>
    private static async Task<Guid?> ResolveOrganization(SonaeDbContext db, string configured, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(configured, out var id))
            return await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken) ? id : null;
        var matches = await db.Organizations.Where(o => o.Name == configured).OrderBy(o => o.Id).Select(o => o.Id).Take(2).ToListAsync(cancellationToken);
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>
    /// The provider's roles for this user, as Sonae's. With roles mapped, the provider decides at every sign-in:
    /// someone it no longer gives any mapped role is staff. Without a mapping, null: the roles given here stay.
    /// </summary>
    private static HashSet<Role>? RolesFrom(ClaimsPrincipal user, SsoOptions options)
    {
        if (options.Roles.Count == 0)
            return null;
        var values = user.FindAll(options.RolesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var roles = Roles.All.Where(r => options.Roles.TryGetValue(r.Id(), out var value) && values.Contains(value)).ToHashSet();
        return roles.Count == 0 ? [Role.Staff] : roles;
    }

    /// <summary>The account is a member of the provider's organization, with the roles the provider gives (staff by default).</summary>
    private static async Task EnsureMembership(HttpContext http, Guid organization, Account account, SsoOptions options, ClaimsPrincipal user, TimeProvider clock)
    {
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organization);
        var scoped = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var roles = RolesFrom(user, options);
        var membership = await scoped.Memberships.SingleOrDefaultAsync(m => m.AccountId == account.Id);
        if (membership is null)
        {
            scoped.Memberships.Add(new Membership
            {
                AccountId = account.Id,
                OrganizationId = organization,
                Roles = string.Join(',', Roles.All.Where((roles ?? [Role.Staff]).Contains).Select(r => r.Id())),
                AddedAt = clock.GetUtcNow(),
                AddedBy = "sso",
            });
        }
        else if (roles is not null && !membership.RoleSet().SetEquals(roles))
        {
            membership.Roles = string.Join(',', Roles.All.Where(roles.Contains).Select(r => r.Id()));
            // Sessions carry the roles they began with: the account's other sessions end, as on the people page.
            await scoped.SaveChangesAsync(http.RequestAborted);
            await http.RequestServices.GetRequiredService<UserManager<Account>>().UpdateSecurityStampAsync(account);
            http.RequestServices.GetRequiredService<ApiKeyCache>().ForgetActor(Caller.AccountActor(account.Id));
            return;
        }
        await scoped.SaveChangesAsync(http.RequestAborted);
    }

    /// <summary>A user name for a new account: the provider's, when free and valid; else made unique from the subject.</summary>
    private static async Task<string> FreeUserName(UserManager<Account> users, string? wanted, string subject)
    {
        var allowed = users.Options.User.AllowedUserNameCharacters;
        var name = new string((wanted ?? "").Where(c => allowed.Contains(c, StringComparison.Ordinal)).ToArray());
        var suffix = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)))[..8];
        if (name.Length == 0)
            return "sso-" + suffix;
        // A local account of the same name is never taken over: the provider's user gets a name of their own.
        return await users.FindByNameAsync(name) is null ? name : name + "-" + suffix;
    }
}
