using System.Globalization;
using Sonae.Web.Documents;

namespace Sonae.Web.Problems;

/// <summary>
/// Answers a person (not the API) with the one error page (<see cref="ErrorDocument"/>), in their language: the
/// status-code page, the exception handler, and the refusals written before any page runs.
/// </summary>
public static class ErrorPages
{
    /// <summary>Writes the page as the response, whose status is already set.</summary>
    public static async Task Write(HttpContext http, string title, string? detail, CancellationToken cancellationToken)
    {
        var html = await http.RequestServices.GetRequiredService<DocumentRenderer>().Render<ErrorDocument>(
            new Dictionary<string, object?>
            {
                [nameof(ErrorDocument.Title)] = title,
                [nameof(ErrorDocument.Detail)] = detail,
                [nameof(ErrorDocument.Home)] = Access.ReportingLinks.HomeFor(http.User),
            }, CultureInfo.CurrentUICulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html, cancellationToken);
    }

    /// <summary>
    /// For an endpoint a person reaches by a link (a download, a printable page): a problem it answers becomes the error
    /// page saying the same, in their language, with a way back; a caller of the API still gets the problem.
    /// </summary>
    public static RouteHandlerBuilder AnswersWithErrorPages(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var inner = result is Microsoft.AspNetCore.Http.INestedHttpResult nested ? nested.Result : result;
            return inner is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem && !Access.SignIn.IsApi(context.HttpContext)
                ? Result(problem.StatusCode, problem.ProblemDetails.Detail ?? ProblemResults.TitleFor(problem.StatusCode))
                : result;
        });

    /// <summary>An endpoint's answer: the page with <paramref name="status"/>, titled after it, saying <paramref name="detail"/>.</summary>
    public static IResult Result(int status, string detail) => new Page(status, detail);

    private sealed class Page(int status, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return Write(httpContext, ProblemResults.TitleFor(status), detail, httpContext.RequestAborted);
        }
    }
}
