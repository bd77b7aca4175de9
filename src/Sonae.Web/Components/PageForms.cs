using Microsoft.AspNetCore.Http.HttpResults;

namespace Sonae.Web.Components;

/// <summary>
/// The plain-HTML forms of every area post, then redirect back with a one-time message of what became of them
/// (post, redirect, get: reloading a page never sends a form again).
/// </summary>
public static class PageForms
{
    public const string FlashCookie = "sonae-flash";

    /// <summary>Leaves the one-time message the next page shows (<see cref="TakeFlash"/>).</summary>
    public static void SetFlash(HttpContext context, bool ok, string message) =>
        context.Response.Cookies.Append(FlashCookie, (ok ? "ok:" : "error:") + message,
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromMinutes(5) });

    /// <summary>Back to the page a form came from, with the one-time message of what became of it (post, redirect, get).</summary>
    public static RedirectHttpResult Back(HttpContext context, string back, bool ok, string message)
    {
        SetFlash(context, ok, message);
        return TypedResults.Redirect(back);
    }

    /// <summary>
    /// The antiforgery check of a form its handler reads by hand (one that may carry a file, or takes several kinds of
    /// post), which ASP.NET Core does not check for it: null when the token is good; otherwise back to
    /// <paramref name="back"/> (a page with a new token) saying the form had expired and was not sent.
    /// </summary>
    public static async Task<RedirectHttpResult?> RefuseExpired(HttpContext context, string back) =>
        await context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(context)
            ? null
            : Back(context, back, false, Resources.ProblemTexts.FormExpiredSendAgain);

    /// <summary>The message left by the last command, read once.</summary>
    public static (bool Ok, string Text)? TakeFlash(HttpContext context)
    {
        if (context.Request.Cookies[FlashCookie] is not { Length: > 0 } value)
            return null;
        context.Response.Cookies.Delete(FlashCookie);
        return value.StartsWith("ok:", StringComparison.Ordinal) ? (true, value[3..]) : (false, value[(value.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }
}
