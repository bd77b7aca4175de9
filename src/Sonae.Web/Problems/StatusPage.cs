using Microsoft.AspNetCore.Diagnostics;
using Sonae.Web.Access;
using Sonae.Web.Resources;

namespace Sonae.Web.Problems;

/// <summary>What an error status with no body of its own says (<c>UseStatusCodePages</c>).</summary>
public static class StatusPage
{
    /// <summary>
    /// The key under which a page leaves its own words for the error page (<c>HttpContext.Items</c>): a Blazor page that
    /// answers 404 is sent without its body, so what it would have said is said here instead.
    /// </summary>
    public const string DetailItem = "sonae.status-detail";

    /// <summary>An empty error response: a problem for the API, the error page in the person's language otherwise.</summary>
    public static async Task Write(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (SignIn.IsApi(http))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http });
            return;
        }
        var (title, detail) = http.Response.StatusCode == StatusCodes.Status404NotFound
            ? (UiTexts.NotFoundTitle, UiTexts.NotFoundText)
            : (ProblemResults.TitleFor(http.Response.StatusCode), null);
        if (http.Items[DetailItem] is string own)
            detail = own;
        await ErrorPages.Write(http, title, detail, http.RequestAborted);
    }
}
