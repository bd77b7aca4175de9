using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Web.Components;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Backups;

/// <summary>
/// On a standby copy every request that would change something is refused before it reaches its endpoint: the API
/// with 503 <c>standby-read-only</c>, a page's form by going back to its page with the sentence. Signing in and out
/// (and their audit entries, kept on this copy alone) and the live pages' connection still work.
/// </summary>
public static class StandbyReadOnly
{
    private const string Code = "standby-read-only";

    /// <summary>The API's answer to a change asked of a standby copy.</summary>
    public static ProblemHttpResult Refusal() => ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, Code, UiTexts.StandbyReadOnly);

    public static void UseStandbyReadOnly(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<StandbyMode>().IsStandby)
            return;
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || StillWorks(request.Path))
            {
                await next(context);
                return;
            }
            if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await Refusal().ExecuteAsync(context);
                return;
            }
            PageForms.SetFlash(context, false, UiTexts.StandbyReadOnly);
            context.Response.Redirect(Back(request));
        });
    }

    /// <summary>Signing in and out, and the live pages' connection (whose commands the workspace itself refuses).</summary>
    private static bool StillWorks(PathString path) =>
        path.StartsWithSegments("/signin", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/signout", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page the form was on (its path on this server), or the start page.</summary>
    private static string Back(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) && referer.PathAndQuery.StartsWith('/') && !referer.PathAndQuery.StartsWith("//", StringComparison.Ordinal)
            ? referer.PathAndQuery
            : "/";
}
