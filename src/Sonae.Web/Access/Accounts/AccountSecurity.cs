using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Data.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Access;

/// <summary>
/// What a person does to their own account on /account: change the password, set up or remove the authenticator
/// app, make new recovery codes, add or remove passkeys. Also setting the first password from the link an
/// administrator handed over. A second factor that the person's role requires cannot be removed while it is the
/// last one.
/// </summary>
public static class AccountSecurity
{
    public const string Page = "/account";

    /// <summary>Recovery codes: shown once, each works once, for the day the phone is lost.</summary>
    public const int RecoveryCodes = 10;

    public static IEndpointRouteBuilder MapAccountSecurity(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup(Page).RequireAuthorization(AccessPolicies.Accounts).ExcludeFromDescription()
            .ValidateAntiforgery();
        account.MapPost("/password", ChangePassword);
        account.MapPost("/authenticator", AddAuthenticator);
        account.MapPost("/authenticator/remove", RemoveAuthenticator);
        account.MapPost("/recovery-codes", NewRecoveryCodes);
        account.MapPost("/passkeys/remove", RemovePasskey);
        account.MapPost("/sign-out-everywhere", SignOutEverywhere);
        // Adding a passkey works signed in, or while a sign-in requires one to be set up.
        app.MapPost(Page + "/passkeys/options", PasskeyCreationOptions).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Page + "/passkeys", AddPasskey).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Page + "/setup/password", SetFirstPassword).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The person's account: from their session, or from a sign-in in progress that must set up its first second
    /// factor (never one whose account already has one: that sign-in proves it instead).
    /// </summary>
    private static async Task<(Account Account, bool SignedIn)?> Current(HttpContext http, UserManager<Account> users, AccountSignIn flow)
    {
        if (Caller.AccountId(http.User) is { } id && await users.FindByIdAsync(id.ToString()) is { } account)
            return (account, true);
        return await flow.ReadPendingEnrolment(http) is { } pending ? (pending.Account, false) : null;
    }

    private static async Task<Account?> SignedIn(HttpContext http, UserManager<Account> users) =>
        Caller.AccountId(http.User) is { } id ? await users.FindByIdAsync(id.ToString()) : null;

    private static string Errors(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    /// <summary>
    /// The session goes on after the account's security stamp changed (a new password, a new second factor): it is
    /// reissued with the new stamp, since the old one now ends every other session of the account.
    /// </summary>
    private static async Task Reissue(HttpContext http, UserManager<Account> users, Account account)
    {
        var principal = http.User;
        var claims = principal.Claims.Where(c => c.Type != Caller.StampClaim).Append(new Claim(Caller.StampClaim, await users.GetSecurityStampAsync(account)));
        await AccountSignIn.StartSession(http, new ClaimsPrincipal(new ClaimsIdentity(claims, SignIn.CookieScheme)), http.RequestServices.GetRequiredService<TimeProvider>());
    }

    public static async Task<RedirectHttpResult> ChangePassword(
        [FromForm] string? current, [FromForm] string? password, [FromForm] string? confirm, HttpContext http, UserManager<Account> users)
    {
        if (await SignedIn(http, users) is not { } account)
            return TypedResults.Redirect("/signin");
        if (string.IsNullOrEmpty(password) || password != confirm)
            return PageForms.Back(http, Page, false, UiTexts.AccountPasswordsDiffer);
        var result = await users.ChangePasswordAsync(account, current ?? "", password);
        if (!result.Succeeded)
            return PageForms.Back(http, Page, false, Errors(result));
        await Reissue(http, users, account);
        return PageForms.Back(http, Page, true, UiTexts.AccountPasswordChanged);
    }

    /// <summary>
    /// A lost or stolen laptop or phone: every session of the account ends (this one too, within the request; the
    /// others at their next page), by a new security stamp.
    /// </summary>
    public static async Task<RedirectHttpResult> SignOutEverywhere(HttpContext http, UserManager<Account> users, ApiKeyCache cache)
    {
        if (await SignedIn(http, users) is not { } account)
            return TypedResults.Redirect("/signin");
        await users.UpdateSecurityStampAsync(account);
        cache.ForgetActor(Caller.AccountActor(account.Id));
        await http.SignOutAsync(SignIn.CookieScheme);
        http.Items[AuditMiddleware.ActionItem] = "signed-out-everywhere";
        return PageForms.Back(http, "/signin", true, UiTexts.AccountSignedOutEverywhere);
    }

    /// <summary>Checks the code an authenticator app shows for the account's key, then turns the app on.</summary>
    public static async Task<bool> TurnOnAuthenticator(UserManager<Account> users, Account account, string? code)
    {
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 6 || string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(account))
            || !await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, digits))
            return false;
        await users.SetTwoFactorEnabledAsync(account, true);
        return true;
    }

    /// <summary>
    /// The key an authenticator app is set up with: made on first need, kept until the app is removed. Never shown
    /// once the app is on (whoever reads it could make the codes).
    /// </summary>
    public static async Task<string> AuthenticatorKey(UserManager<Account> users, Account account)
    {
        if (account.TwoFactorEnabled)
            throw new InvalidOperationException("The authenticator key is not shown once the app is on.");
        var key = await users.GetAuthenticatorKeyAsync(account);
        if (!string.IsNullOrEmpty(key))
            return key;
        await users.ResetAuthenticatorKeyAsync(account);
        return (await users.GetAuthenticatorKeyAsync(account))!;
    }

    /// <summary>The address an authenticator app reads from the QR code (otpauth://, RFC 6238 with the app defaults).</summary>
    public static string AuthenticatorUri(Account account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("Sonae:" + account.UserName)}?secret={key}&issuer=Sonae&digits=6";

    public static async Task<RedirectHttpResult> AddAuthenticator([FromForm] string? code, HttpContext http, UserManager<Account> users)
    {
        if (await SignedIn(http, users) is not { } account)
            return TypedResults.Redirect("/signin");
        if (!await TurnOnAuthenticator(users, account, code))
            return PageForms.Back(http, Page, false, UiTexts.AccountCodeWrong);
        await Reissue(http, users, account);
        return PageForms.Back(http, Page, true, UiTexts.AccountAuthenticatorOn);
    }

    public static async Task<RedirectHttpResult> RemoveAuthenticator(HttpContext http, UserManager<Account> users, AccountSignIn flow)
    {
        if (await SignedIn(http, users) is not { } account)
            return TypedResults.Redirect("/signin");
        if (await LastRequiredFactor(http, users, flow, account, removingAuthenticator: true))
            return PageForms.Back(http, Page, false, UiTexts.AccountLastFactor);
        await users.SetTwoFactorEnabledAsync(account, false);
        await users.ResetAuthenticatorKeyAsync(account);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 0);
        await Reissue(http, users, account);
        return PageForms.Back(http, Page, true, UiTexts.AccountAuthenticatorOff);
    }

    public static async Task<RedirectHttpResult> NewRecoveryCodes(HttpContext http, UserManager<Account> users)
    {
        if (await SignedIn(http, users) is not { } account)
            return TypedResults.Redirect("/signin");
        if (!account.TwoFactorEnabled)
            return PageForms.Back(http, Page, false, UiTexts.AccountRecoveryNeedsApp);
        return ShowNewRecoveryCodes(http, await NewRecoveryCodeList(users, account));
    }

    /// <summary>New recovery codes for an account with an authenticator app (the ones before stop working).</summary>
    public static async Task<IReadOnlyList<string>> NewRecoveryCodeList(UserManager<Account> users, Account account) =>
        [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(account, RecoveryCodes) ?? []];

    /// <summary>The account page, showing the codes once (in its one-time message).</summary>
    public static RedirectHttpResult ShowNewRecoveryCodes(HttpContext http, IReadOnlyList<string> codes) =>
        PageForms.Back(http, Page, true, string.Format(System.Globalization.CultureInfo.CurrentCulture, UiTexts.AccountRecoveryCodes, string.Join("  ", codes)));

    /// <summary>Whether removing this factor would leave a person whose role requires a second factor without any.</summary>
    private static async Task<bool> LastRequiredFactor(HttpContext http, UserManager<Account> users, AccountSignIn flow, Account account, bool removingAuthenticator, byte[]? removingPasskey = null)
    {
        var passkeys = await users.GetPasskeysAsync(account);
        var left = (removingAuthenticator ? 0 : account.TwoFactorEnabled ? 1 : 0)
            + passkeys.Count(p => removingPasskey is null || !p.CredentialId.AsSpan().SequenceEqual(removingPasskey));
        if (left > 0)
            return false;
        var places = await flow.Places(account.Id, http.RequestAborted);
        return places.Any(p => SignInRules.SecondFactorRequired(p.Membership.RoleSet(), p.Organization.MfaRelaxed));
    }

    /// <summary>Options for the browser's prompt to make a passkey for this account on this site.</summary>
    public static async Task<IResult> PasskeyCreationOptions(HttpContext http, UserManager<Account> users, SignInManager<Account> signIn, AccountSignIn flow)
    {
        if (await Current(http, users, flow) is not { } current)
            return Results.Unauthorized();
        var account = current.Account;
        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = await users.GetUserIdAsync(account),
            Name = account.UserName!,
            DisplayName = account.DisplayName,
        });
        return Results.Content(options, "application/json");
    }

    /// <summary>The browser's new passkey, posted as a form: kept, named as the person wrote it.</summary>
    public static async Task<RedirectHttpResult> AddPasskey(
        [FromForm] string? credential, [FromForm] string? name, HttpContext http, UserManager<Account> users, SignInManager<Account> signIn, AccountSignIn flow)
    {
        if (await Current(http, users, flow) is not { } current)
            return TypedResults.Redirect("/signin");
        var back = current.SignedIn ? Page : "/signin/enrol";
        PasskeyAttestationResult? result = null;
        if (!string.IsNullOrWhiteSpace(credential))
        {
            try
            {
                result = await signIn.PerformPasskeyAttestationAsync(credential);
            }
            catch (InvalidOperationException)
            {
            }
        }
        if (result is not { Succeeded: true } || result.UserEntity.Id != current.Account.Id.ToString())
            return PageForms.Back(http, back, false, UiTexts.AccountPasskeyRefused);
        var passkey = result.Passkey;
        passkey.Name = string.IsNullOrWhiteSpace(name) ? UiTexts.AccountPasskeyDefaultName : name.Trim()[..Math.Min(name.Trim().Length, 100)];
        var added = await users.AddOrUpdatePasskeyAsync(current.Account, passkey);
        if (!added.Succeeded)
            return PageForms.Back(http, back, false, Errors(added));
        http.Items[AuditMiddleware.ActionItem] = "passkey-added";
        if (!current.SignedIn && await flow.ReadPending(http) is { } pending)
            return TypedResults.Redirect(await flow.Continue(http, current.Account, SignInStrength.TwoFactor, pending.Method == "sso" ? "sso" : "passkey", pending.OrganizationId, pending.ReturnUrl));
        await Reissue(http, users, current.Account);
        return PageForms.Back(http, back, true, UiTexts.AccountPasskeyAdded);
    }

    public static async Task<RedirectHttpResult> RemovePasskey([FromForm] string? id, HttpContext http, UserManager<Account> users, AccountSignIn flow)
    {
        if (await SignedIn(http, users) is not { } account)
            return TypedResults.Redirect("/signin");
        byte[] credentialId;
        try
        {
            credentialId = Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Decode(id ?? "");
        }
        catch (FormatException)
        {
            return PageForms.Back(http, Page, false, ProblemTexts.BadRequest);
        }
        if (await LastRequiredFactor(http, users, flow, account, removingAuthenticator: false, credentialId))
            return PageForms.Back(http, Page, false, UiTexts.AccountLastFactor);
        var removed = await users.RemovePasskeyAsync(account, credentialId);
        if (!removed.Succeeded)
            return PageForms.Back(http, Page, false, Errors(removed));
        await Reissue(http, users, account);
        return PageForms.Back(http, Page, true, UiTexts.AccountPasskeyRemoved);
    }

    /// <summary>
    /// The link an administrator hands over (a new account, or a reset): sets the password. The token works once (the
    /// new password changes the account's stamp, which it is bound to) and for three days.
    /// </summary>
    public static async Task<RedirectHttpResult> SetFirstPassword(
        [FromForm] string? account, [FromForm] string? token, [FromForm] string? password, [FromForm] string? confirm, HttpContext http, UserManager<Account> users)
    {
        var back = $"{Page}/setup?account={Uri.EscapeDataString(account ?? "")}&token={Uri.EscapeDataString(token ?? "")}";
        if (string.IsNullOrEmpty(password) || password != confirm)
            return PageForms.Back(http, back, false, UiTexts.AccountPasswordsDiffer);
        var target = Guid.TryParse(account, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        if (target is null || string.IsNullOrEmpty(token))
            return PageForms.Back(http, "/signin", false, UiTexts.AccountSetupLinkInvalid);
        var result = await users.ResetPasswordAsync(target, token, password);
        if (!result.Succeeded)
        {
            var invalid = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            return PageForms.Back(http, invalid ? "/signin" : back, false, invalid ? UiTexts.AccountSetupLinkInvalid : Errors(result));
        }
        await users.SetLockoutEndDateAsync(target, null);
        await users.ResetAccessFailedCountAsync(target);
        http.Items[AuditMiddleware.ActionItem] = "password-set";
        http.Items[AuditMiddleware.TargetItem] = "account:" + target.UserName;
        return PageForms.Back(http, "/signin", true, UiTexts.AccountPasswordSet);
    }
}
