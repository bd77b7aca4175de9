using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Audit;
using Sonae.Web.Resources;

namespace Sonae.Web.Access;

/// <summary>
/// Signing in with an account: a password (then, where the person has one or the role needs one, a second factor:
/// a code from an authenticator app, a recovery code, or a passkey), or a passkey alone, or single sign-on; then the
/// organization, when the account belongs to several. Each step leaves a short-lived "sign-in in progress" cookie
/// (<see cref="PendingScheme"/>) that holds nothing but the account and what it proved so far; only the last step
/// gives a session, with the claims of the chosen organization alone.
/// </summary>
public sealed class AccountSignIn(SonaeDbContext db, UserManager<Account> users, TimeProvider clock)
{
    public const string PendingScheme = "SonaePending";

    /// <summary>How long a session of an account lasts without use (a ward terminal's key session lasts longer).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private const string AccountClaim = "sonae:pending-account";
    private const string StrengthClaim = "sonae:pending-strength";
    private const string MethodClaim = "sonae:pending-method";
    private const string OrganizationClaim = "sonae:pending-organization";
    private const string ReturnUrlItem = "returnUrl";

    public sealed record Place(Organization Organization, Membership Membership);

    /// <summary>
    /// ASP.NET Core Identity on Sonae's database: passwords of at least 12 characters with no rules of composition
    /// (length and a refusal of the commonest ones protect better than forced symbols, NIST SP 800-63B), 5 wrong
    /// passwords or codes in a row lock the account for 15 minutes, setup links last 3 days, an authenticator code
    /// works once (<see cref="OnceOnlyAuthenticatorCodes"/>).
    /// </summary>
    public static void AddAccounts(IServiceCollection services)
    {
        services.AddIdentityCore<Account>(options =>
            {
                options.Password.RequiredLength = PasswordRules.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
                options.Stores.SchemaVersion = IdentitySchema.Version;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<SonaeDbContext>()
            .AddDefaultTokenProviders()
            // In place of Identity's authenticator provider, under its name: every code check goes through it.
            .AddTokenProvider<OnceOnlyAuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddPasswordValidator<PasswordRules>();
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromDays(3));
        // Data protection signs the sign-in cookies, antiforgery tokens and setup links. Its keys live in the database,
        // so a restart signs nobody out and a link made by `sonae account` opens on the server.
        services.AddDataProtection().SetApplicationName("Sonae").PersistKeysToDbContext<SonaeDbContext>();
        services.AddScoped<AccountSignIn>();
        services.AddScoped<AccountChanges>();
    }

    /// <summary>A sign-in in progress, read from its cookie.</summary>
    public sealed record Pending(Account Account, SignInStrength Strength, string Method, Guid? OrganizationId, string ReturnUrl);

    /// <summary>The organizations an account belongs to, by name.</summary>
    public async Task<List<Place>> Places(Guid accountId, CancellationToken cancellationToken) =>
        (await db.Memberships.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(m => m.AccountId == accountId)
            .Join(db.Organizations.AsNoTracking(), m => m.OrganizationId, o => o.Id, (m, o) => new { m, o })
            .ToListAsync(cancellationToken))
        .Select(x => new Place(x.o, x.m)).OrderBy(p => p.Organization.Name, StringComparer.Ordinal).ToList();

    public async Task<bool> HasSecondFactor(Account account) =>
        account.TwoFactorEnabled || (await users.GetPasskeysAsync(account)).Count > 0;

    /// <summary>The sign-in in progress on this browser, if any (and if its account still exists).</summary>
    public async Task<Pending?> ReadPending(HttpContext http)
    {
        var result = await http.AuthenticateAsync(PendingScheme);
        if (!result.Succeeded || result.Principal.FindFirstValue(AccountClaim) is not { } id || !Guid.TryParse(id, out var accountId))
            return null;
        var account = await users.FindByIdAsync(accountId.ToString());
        if (account is null)
            return null;
        return new Pending(
            account,
            Enum.Parse<SignInStrength>(result.Principal.FindFirstValue(StrengthClaim)!),
            result.Principal.FindFirstValue(MethodClaim)!,
            Guid.TryParse(result.Principal.FindFirstValue(OrganizationClaim), out var organization) ? organization : null,
            SignIn.Local(result.Properties?.Items.TryGetValue(ReturnUrlItem, out var back) == true ? back : "/"));
    }

    /// <summary>
    /// The sign-in in progress, only when it may set up a second factor: its account has none yet. An account that
    /// has one proves it (the code step); it never gets to add another, or to read its authenticator key, with a
    /// password alone.
    /// </summary>
    public async Task<Pending?> ReadPendingEnrolment(HttpContext http) =>
        await ReadPending(http) is { } pending && !await HasSecondFactor(pending.Account) ? pending : null;

    /// <summary>
    /// Takes a sign-in on to its next step: the organization to choose, the second factor to prove or set up, or
    /// the session itself. Returns where the browser goes next.
    /// </summary>
    public async Task<string> Continue(HttpContext http, Account account, SignInStrength strength, string method, Guid? organizationId, string returnUrl)
    {
        var places = await Places(account.Id, http.RequestAborted);
        if (places.Count == 0)
        {
            await http.SignOutAsync(PendingScheme);
            return "/signin?failed=no-organization";
        }
        var place = organizationId is { } chosen ? places.SingleOrDefault(p => p.Organization.Id == chosen) : places.Count == 1 ? places[0] : null;
        if (place is null)
        {
            await StorePending(http, account, strength, method, null, returnUrl);
            return "/signin/organization";
        }
        switch (SignInRules.Need(place.Membership.RoleSet(), place.Organization.MfaRelaxed, strength, await HasSecondFactor(account)))
        {
            case SignInNeed.Code:
                await StorePending(http, account, strength, method, place.Organization.Id, returnUrl);
                return "/signin/code";
            case SignInNeed.EnrolSecondFactor:
                await StorePending(http, account, strength, method, place.Organization.Id, returnUrl);
                return "/signin/enrol";
            default:
                await http.SignOutAsync(PendingScheme);
                var principal = await Principal(account, place, method, strength, http.RequestAborted);
                await StartSession(http, principal, clock);
                http.Items[AuditMiddleware.ActionItem] = "sign-in";
                http.Items[AuditMiddleware.WhoItem] = Caller.From(principal);
                return returnUrl;
        }
    }

    /// <summary>Signs the browser in with an account's claims, for <see cref="SessionLifetime"/> of use.</summary>
    public static Task StartSession(HttpContext http, ClaimsPrincipal principal, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return http.SignInAsync(SignIn.CookieScheme, principal,
            new AuthenticationProperties { IsPersistent = true, IssuedUtc = now, ExpiresUtc = now + SessionLifetime, AllowRefresh = true });
    }

    /// <summary>The session's claims: the account in one organization, with its roles there and, for a vendor, its invitations.</summary>
    public async Task<ClaimsPrincipal> Principal(Account account, Place place, string method, SignInStrength strength, CancellationToken cancellationToken)
    {
        var actorId = Caller.AccountActor(account.Id);
        var roles = place.Membership.RoleSet();
        var incidents = Permissions.SeesEveryIncident(new Actor(actorId, account.DisplayName, roles))
            ? null
            : await db.InvitedIncidents(place.Organization.Id, actorId).ToListAsync(cancellationToken);
        return Caller.Principal(SignIn.CookieScheme, place.Organization.Id, actorId, account.DisplayName, roles,
            incidents: incidents, stamp: account.SecurityStamp, method: method, strength: strength);
    }

    private static async Task StorePending(HttpContext http, Account account, SignInStrength strength, string method, Guid? organizationId, string returnUrl)
    {
        var claims = new List<Claim>
        {
            new(AccountClaim, account.Id.ToString("D")),
            new(StrengthClaim, strength.ToString()),
            new(MethodClaim, method),
        };
        if (organizationId is { } organization)
            claims.Add(new Claim(OrganizationClaim, organization.ToString("D")));
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[ReturnUrlItem] = SignIn.Local(returnUrl);
        await http.SignInAsync(PendingScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, PendingScheme)), properties);
    }
}

/// <summary>The form posts of signing in with an account (the pages are under Access/Pages).</summary>
public static class AccountSignInEndpoints
{
    public static IEndpointRouteBuilder MapAccountSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/signin/account", Password).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin/code", Code).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin/organization", ChooseOrganization).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin/passkey/options", PasskeyOptions).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin/passkey", Passkey).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin/enrol/authenticator", EnrolAuthenticator).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>A hash to check wrong passwords of unknown names against (made once, with the same hasher settings).</summary>
    private static readonly Lazy<string> UnknownNameHash = new(() =>
        new PasswordHasher<Account>().HashPassword(new Account { DisplayName = "" }, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>
    /// The password step. Wrong passwords count twice: towards the account's lockout (5 in a row lock it for 15
    /// minutes, whoever tries) and towards the address's wait (as for keys). The answer never says whether the name
    /// exists.
    /// </summary>
    public static async Task<IResult> Password(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, UserManager<Account> users, SignInManager<Account> signIn, AccountSignIn flow, SignInThrottle throttle)
    {
        var back = SignIn.Local(returnUrl);
        var failed = "/signin?failed=account&returnUrl=" + Uri.EscapeDataString(back);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return Results.Redirect(failed);
        // A name with control characters is no account's (and PostgreSQL cannot even compare U+0000): a wrong name.
        var account = Core.TextRules.HasUnfitCharacters(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (account is null)
        {
            // As long as a wrong password for a real name takes: the answer's time does not tell whether the name exists.
            users.PasswordHasher.VerifyHashedPassword(new Account { DisplayName = "" }, UnknownNameHash.Value, password);
            if (await SignIn.Throttled(http, throttle) is { } waiting)
                return waiting;
            await throttle.FailedAsync(Address(http), http.RequestAborted);
            http.Items[AuditMiddleware.ActionItem] = "sign-in-failed";
            return Results.Redirect(failed);
        }
        var result = await signIn.CheckPasswordSignInAsync(account, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            http.Items[AuditMiddleware.ActionItem] = "sign-in-locked-out";
            http.Items[AuditMiddleware.TargetItem] = "account:" + account.UserName;
            return Results.Redirect("/signin?failed=locked&returnUrl=" + Uri.EscapeDataString(back));
        }
        if (!result.Succeeded)
        {
            if (await SignIn.Throttled(http, throttle) is { } waiting)
                return waiting;
            await throttle.FailedAsync(Address(http), http.RequestAborted);
            http.Items[AuditMiddleware.ActionItem] = "sign-in-failed";
            http.Items[AuditMiddleware.TargetItem] = "account:" + account.UserName;
            return Results.Redirect(failed);
        }
        return Results.Redirect(await flow.Continue(http, account, SignInStrength.OneFactor, "password", null, back));
    }

    /// <summary>The second step: a code from the authenticator app, or one of the recovery codes (each works once).</summary>
    public static async Task<IResult> Code(
        [FromForm] string? code, [FromForm] string? recoveryCode, HttpContext http, UserManager<Account> users, AccountSignIn flow, TimeProvider clock)
    {
        if (await flow.ReadPending(http) is not { } pending)
            return Results.Redirect("/signin?failed=expired");
        var account = pending.Account;
        if (await users.IsLockedOutAsync(account))
        {
            http.Items[AuditMiddleware.ActionItem] = "sign-in-locked-out";
            http.Items[AuditMiddleware.TargetItem] = "account:" + account.UserName;
            return Results.Redirect("/signin?failed=locked");
        }
        var typed = (recoveryCode ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        bool ok;
        if (typed.Length > 0)
        {
            // Recovery codes stand in for the authenticator app: without the app on, they open nothing.
            ok = account.TwoFactorEnabled && (await users.RedeemTwoFactorRecoveryCodeAsync(account, typed)).Succeeded;
        }
        else
        {
            var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
            ok = account.TwoFactorEnabled && digits.Length == 6
                && await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, digits);
        }
        if (!ok)
        {
            await users.AccessFailedAsync(account);
            http.Items[AuditMiddleware.ActionItem] = "second-factor-failed";
            http.Items[AuditMiddleware.TargetItem] = "account:" + account.UserName;
            return Results.Redirect("/signin/code?failed=1");
        }
        await users.ResetAccessFailedCountAsync(account);
        return Results.Redirect(await flow.Continue(http, account, SignInStrength.TwoFactor, pending.Method == "sso" ? "sso" : "two-factor", pending.OrganizationId, pending.ReturnUrl));
    }

    /// <summary>
    /// Choosing the organization: during a sign-in, or to switch while signed in (the session is replaced by one in
    /// the other organization, through the same second-factor rule: a switch never skips what that hospital requires).
    /// </summary>
    public static async Task<IResult> ChooseOrganization(
        [FromForm] Guid? organizationId, HttpContext http, UserManager<Account> users, AccountSignIn flow)
    {
        if (await flow.ReadPending(http) is { } pending)
            return Results.Redirect(await flow.Continue(http, pending.Account, pending.Strength, pending.Method, organizationId, pending.ReturnUrl));
        if (Caller.AccountId(http.User) is { } accountId && await users.FindByIdAsync(accountId.ToString()) is { } account)
        {
            var method = http.User.FindFirstValue(Caller.MethodClaim) ?? "password";
            var strength = http.User.HasClaim(Caller.StrengthClaim, nameof(SignInStrength.TwoFactor)) ? SignInStrength.TwoFactor : SignInStrength.OneFactor;
            return Results.Redirect(await flow.Continue(http, account, strength, method, organizationId, "/"));
        }
        return Results.Redirect("/signin");
    }

    /// <summary>The options for the browser's passkey prompt (any passkey of this site: the person picks theirs).</summary>
    public static async Task<IResult> PasskeyOptions(SignInManager<Account> signIn) =>
        Results.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    /// <summary>
    /// Signing in with a passkey: the browser's answer to the prompt, posted as a form. A passkey is a second factor
    /// by itself (something held, unlocked by a PIN or a fingerprint), so no code is asked.
    /// </summary>
    public static async Task<IResult> Passkey(
        [FromForm] string? credential, [FromForm] string? returnUrl, HttpContext http, SignInManager<Account> signIn, UserManager<Account> users, AccountSignIn flow, SignInThrottle throttle)
    {
        var back = SignIn.Local(returnUrl);
        PasskeyAssertionResult<Account>? result = null;
        if (!string.IsNullOrWhiteSpace(credential))
        {
            try
            {
                result = await signIn.PerformPasskeyAssertionAsync(credential);
            }
            catch (InvalidOperationException)
            {
                // No prompt was started on this browser (or it expired): the same as a refused passkey.
            }
        }
        if (result is not { Succeeded: true })
        {
            if (await SignIn.Throttled(http, throttle) is { } waiting)
                return waiting;
            await throttle.FailedAsync(Address(http), http.RequestAborted);
            http.Items[AuditMiddleware.ActionItem] = "sign-in-failed";
            http.Items[AuditMiddleware.TargetItem] = "passkey";
            return Results.Redirect("/signin?failed=passkey&returnUrl=" + Uri.EscapeDataString(back));
        }
        if (await users.IsLockedOutAsync(result.User))
        {
            http.Items[AuditMiddleware.ActionItem] = "sign-in-locked-out";
            http.Items[AuditMiddleware.TargetItem] = "account:" + result.User.UserName;
            return Results.Redirect("/signin?failed=locked");
        }
        var pending = await flow.ReadPending(http);
        // An account of the hospital group's single sign-on answers to the provider: its passkey is a second factor
        // after the provider's sign-in, never a way around it (someone the provider disabled stays out).
        if ((await users.GetLoginsAsync(result.User)).Any(l => l.LoginProvider == SingleSignOn.LoginProvider)
            && !(pending is { Method: "sso" } && pending.Account.Id == result.User.Id))
        {
            http.Items[AuditMiddleware.ActionItem] = "sign-in-failed";
            http.Items[AuditMiddleware.TargetItem] = "account:" + result.User.UserName + " passkey without single sign-on";
            return Results.Redirect("/signin?failed=sso-passkey&returnUrl=" + Uri.EscapeDataString(back));
        }
        await users.AddOrUpdatePasskeyAsync(result.User, result.Passkey);
        var organization = pending?.Account.Id == result.User.Id ? pending.OrganizationId : null;
        var method = pending is { Method: "sso" } ? "sso" : "passkey";
        return Results.Redirect(await flow.Continue(http, result.User, SignInStrength.TwoFactor, method, organization, pending?.ReturnUrl ?? back));
    }

    /// <summary>
    /// Setting up an authenticator app during a sign-in that requires one: the code it shows proves it was set up
    /// right, and the sign-in goes on as a two-factor one.
    /// </summary>
    public static async Task<IResult> EnrolAuthenticator([FromForm] string? code, HttpContext http, UserManager<Account> users, AccountSignIn flow)
    {
        if (await flow.ReadPendingEnrolment(http) is not { } pending)
            return Results.Redirect("/signin?failed=expired");
        if (!await AccountSecurity.TurnOnAuthenticator(users, pending.Account, code))
        {
            await users.AccessFailedAsync(pending.Account);
            return Results.Redirect("/signin/enrol?failed=1");
        }
        http.Items[AuditMiddleware.ActionItem] = "authenticator-added";
        var next = await flow.Continue(http, pending.Account, SignInStrength.TwoFactor, pending.Method == "sso" ? "sso" : "two-factor", pending.OrganizationId, pending.ReturnUrl);
        if (next != pending.ReturnUrl)
            return Results.Redirect(next);
        // Signed in: the recovery codes that go with the app, shown once on the account page, as when the app is added
        // there (a lost phone must not lock a leader out on the worst day).
        return AccountSecurity.ShowNewRecoveryCodes(http, await AccountSecurity.NewRecoveryCodeList(users, pending.Account));
    }
}
