using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Web.Resources;

namespace Sonae.Web.Problems;

/// <summary>
/// Turns what the framework throws at a malformed request (unreadable JSON, a body too large) into a problem in
/// the caller's language that says what and where; anything else becomes a 500 with a reference for the logs,
/// never a stack trace.
/// </summary>
public sealed partial class SonaeExceptionHandler(IProblemDetailsService problems, Health.StorageHealth storage, ILogger<SonaeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var tooLarge = () => ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "too-large",
            ProblemResults.Format(ProblemTexts.TooLarge, httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize));
        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => tooLarge(),
            BadHttpRequestException { InnerException: JsonException json } => ProblemResults.Create(StatusCodes.Status400BadRequest, "unreadable-json",
                json.Path is not null && json.LineNumber is not null
                    ? ProblemResults.Format(ProblemTexts.BadJsonAt, json.Path, json.LineNumber + 1, json.BytePositionInLine + 1)
                    : ProblemResults.Format(ProblemTexts.BadJson, json.Message)),
            BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && httpContext.Request.ContentLength is null or 0
                => ProblemResults.Create(StatusCodes.Status400BadRequest, "body-missing", ProblemTexts.BodyMissing),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", ProblemTexts.UnsupportedMediaType),
            BadHttpRequestException bad => ProblemResults.Create(bad.StatusCode, "bad-request", ProblemTexts.BadRequest),
            _ when UnreadableForm(httpContext, exception) is { } unreadable
                => unreadable.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                    ? tooLarge()
                    : ProblemResults.Create(StatusCodes.Status400BadRequest, "unreadable-form", ProblemTexts.UnreadableForm),
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => ProblemResults.Create(StatusCodes.Status400BadRequest, "form-expired", ProblemTexts.FormExpired),
            // A full disk is the administrator's to fix, not a fault: said clearly, counted, logged once a minute.
            _ when Data.StorageFailures.IsFull(exception) => StorageFull(exception),
            _ => null,
        };
        if (result is null)
        {
            var reference = Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
            LogUnexpected(logger, exception, reference);
            result = ProblemResults.Create(StatusCodes.Status500InternalServerError, "server-error", ProblemResults.Format(ProblemTexts.ServerError, reference));
        }
        httpContext.Response.StatusCode = result.StatusCode;
        if (!Access.SignIn.IsApi(httpContext))
        {
            // A person on a page gets the error page, in their language, with the reference to give the IT office.
            await ErrorPages.Write(httpContext, result.ProblemDetails.Title ?? "", result.ProblemDetails.Detail, cancellationToken);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = result.ProblemDetails, Exception = exception });
    }

    /// <summary>
    /// What ASP.NET Core's own form reader threw at a form body it could not parse (no boundary, over its limits, or
    /// cut short, which its multipart reader says with an IOException), also when the antiforgery check was reading
    /// it: the sender's mistake, not the server's. The same exceptions from Sonae's code stay server errors.
    /// </summary>
    private static Exception? UnreadableForm(HttpContext httpContext, Exception exception)
    {
        if (exception is Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException { InnerException: { } inner })
            exception = inner;
        // Not Request.HasFormContentType: after a failed antiforgery check, asking the form feature anything throws.
        return exception is InvalidDataException or IOException && IsForm(httpContext.Request.ContentType)
            && exception.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true
            ? exception
            : null;
    }

    private static bool IsForm(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase));

    private ProblemHttpResult StorageFull(Exception exception)
    {
        storage.Refused(exception);
        return ProblemResults.Create(StatusCodes.Status507InsufficientStorage, "storage-full", ProblemTexts.StorageFull);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error (reference {Reference})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string reference);
}
