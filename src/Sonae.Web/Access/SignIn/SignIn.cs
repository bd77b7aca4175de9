using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Sonae.Web.Audit;
using Sonae.Web.Localization;

namespace Sonae.Web.Access;

/// <summary>
/// Signing in to the pages, and the session cookie every way in ends with. A person signs in with an account
/// (<see cref="AccountSignIn"/> walks its steps), and a shared terminal once with its role's API key; either way the
/// cookie carries the same claims as a key (organization, actor, roles) and is checked again every 30 seconds at most.
/// A shared ward terminal stays signed in as staff. Also the language and date-style switches, which are remembered in
/// cookies.
/// </summary>
public static class SignIn
{
    public const string PolicyScheme = "Sonae";
    public const string CookieScheme = "SonaeCookie";

    /// <summary>How long a terminal stays signed in without use.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>API callers (a key in a header, or the API's paths) use the key scheme; people use the cookie.</summary>
    public static string SchemeFor(HttpContext context) =>
        IsApi(context) ? ApiKeyAuthenticationHandler.SchemeName : CookieScheme;

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || context.Request.Headers.Authorization.Count > 0
        || context.Request.Headers.ContainsKey("X-Api-Key");

    /// <summary>Ends a page session whose key was revoked or whose account changed (checked at most every 30 seconds).</summary>
    public static async Task ValidateKeyStillActive(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var verifier = context.HttpContext.RequestServices.GetRequiredService<ApiKeyVerifier>();
        if (context.Principal is null || !await verifier.IsActive(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        // A vendor's incidents follow their invitations: accepted or revoked since the session began, the session
        // sees it at once (the session's claims are replaced and the cookie renewed).
        if (await verifier.CurrentInvitations(context.Principal, context.HttpContext.RequestAborted) is { } refreshed)
        {
            context.ReplacePrincipal(refreshed);
            context.ShouldRenew = true;
        }
    }

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/signin", SignInWithKey).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signout", SignOut).ExcludeFromDescription();
        app.MapGet("/culture", SetCulture).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/date-style", SetDateStyle).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> SignInWithKey(
        [FromForm] string? key, [FromForm] string? returnUrl, HttpContext context, ApiKeyVerifier verifier, SignInThrottle throttle, CancellationToken cancellationToken)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "local";
        // A right key always works (it cannot be guessed); only wrong keys count, and only they are refused while
        // the address waits, so a ward behind one address is never locked out by someone guessing.
        var principal = string.IsNullOrWhiteSpace(key) ? null : await verifier.Verify(key, CookieScheme, cancellationToken);
        if (principal is null && await Throttled(context, throttle) is { } waiting)
            return waiting;
        if (principal is null)
        {
            context.Items[AuditMiddleware.ActionItem] = "sign-in-failed";
            await throttle.FailedAsync(address, cancellationToken);
            return TypedResults.Redirect("/signin?failed=1&returnUrl=" + Uri.EscapeDataString(Local(returnUrl)));
        }
        await context.SignInAsync(CookieScheme, principal, new AuthenticationProperties { IsPersistent = true, AllowRefresh = true });
        context.Items[AuditMiddleware.ActionItem] = "sign-in";
        context.Items[AuditMiddleware.WhoItem] = Caller.From(principal);
        return TypedResults.Redirect(Local(returnUrl));
    }

    /// <summary>
    /// Checks the antiforgery token of forms that carry no field but the token (a button that unlocks, removes,
    /// accepts): ASP.NET Core checks it only where a form is bound, so these say so themselves. Refused as every form
    /// with a bad token is (<see cref="Hosting.Hardening.UseAntiforgeryRefusal"/>): 400 form-expired.
    /// </summary>
    public static TBuilder ValidateAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            await context.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(context.HttpContext);
            return await next(context);
        });

    /// <summary>
    /// The answer to a wrong key, password or passkey while the address must wait (too many wrong ones in a minute),
    /// or null when it need not.
    /// </summary>
    public static async Task<IResult?> Throttled(HttpContext context, SignInThrottle throttle)
    {
        if (await throttle.WaitAsync(context.Connection.RemoteIpAddress?.ToString() ?? "local", context.RequestAborted) is not { } wait)
            return null;
        context.Items[AuditMiddleware.ActionItem] = "sign-in-throttled";
        var problem = Problems.ProblemResults.TooManyRequests(context.Response, wait);
        return Problems.ErrorPages.Result(StatusCodes.Status429TooManyRequests, problem.ProblemDetails.Detail!);
    }

    /// <summary>
    /// Signing out takes no form field, so nothing checks its antiforgery token unless asked: it is checked here, so
    /// that no other site can sign a ward PC out in the middle of an incident.
    /// </summary>
    public static async Task<Results<RedirectHttpResult, BadRequest>> SignOut(HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return TypedResults.BadRequest();
        await context.SignOutAsync(CookieScheme);
        await context.SignOutAsync(AccountSignIn.PendingScheme);
        return TypedResults.Redirect("/signin");
    }

    /// <summary>Switches the language of the pages (remembered for a year) and goes back.</summary>
    public static RedirectHttpResult SetCulture(string? lang, string? returnUrl, HttpContext context)
    {
        var culture = string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) ? "en" : "ja";
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return TypedResults.Redirect(Local(returnUrl));
    }

    /// <summary>Switches dates between 西暦 and 和暦 (remembered for a year) and goes back.</summary>
    public static RedirectHttpResult SetDateStyle(string? style, string? returnUrl, HttpContext context)
    {
        context.Response.Cookies.Append(DateStyles.CookieName, string.Equals(style, DateStyles.Wareki, StringComparison.Ordinal) ? DateStyles.Wareki : DateStyles.Seireki,
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return TypedResults.Redirect(Local(returnUrl));
    }

    /// <summary>
    /// Only ever redirects within Sonae: a path that starts with one "/", with no backslash, no control character
    /// (browsers drop tabs and line breaks, which would turn "/\t/evil.example" into "//evil.example") and nothing but
    /// ASCII. Anything else goes home. An open redirect would let a link send people to a fake sign-in page.
    /// </summary>
    public static string Local(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || url.Length > 2000)
            return "/";
        if (url.Length > 1 && url[1] is '/' or '\\')
            return "/";
        return url.Any(c => c < ' ' || c > '~' || c == '\\') ? "/" : url;
    }

    public static string CurrentLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "ja";
}
