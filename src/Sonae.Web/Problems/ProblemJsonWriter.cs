using Microsoft.AspNetCore.Http.Json;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.Extensions.Options;

namespace Sonae.Web.Problems;

/// <summary>
/// The last of the problem writers: a problem as <c>application/problem+json</c> whatever the request's
/// <c>Accept</c> header says. ASP.NET Core's own writer declines a request that accepts only XML, and with no writer
/// left the answer was an empty 500. Sonae speaks JSON alone, and a refusal the client can read beats one it cannot.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        context.ProblemDetails.Status ??= response.StatusCode;
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        // The application's JSON options, as for every other answer.
        return new ValueTask(response.WriteAsJsonAsync(context.ProblemDetails, json.Value.SerializerOptions.GetTypeInfo(typeof(ProblemDetails)), "application/problem+json", context.HttpContext.RequestAborted));
    }}
