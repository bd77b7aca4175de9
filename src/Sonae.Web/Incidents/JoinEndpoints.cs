using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Incidents;

/// <param name="Into">The incident that carries on: its id or its number.</param>
/// <param name="Reason">Why, for the record (optional).</param>
public sealed record MergeIncidentRequest(string? Into, string? Reason);

/// <param name="Into">The incident the report belongs to: its id or its number.</param>
/// <param name="Reason">Why, for the record (optional).</param>
public sealed record AttachReportRequest(string? Into, string? Reason);

/// <summary>
/// One incident per attack, on the API and from the join page's forms: merge an incident into another
/// (<c>POST /api/v1/incidents/{id}/merge</c>), attach one anomaly report to another incident
/// (<c>POST /api/v1/incidents/{id}/anomaly-reports/{seq}/attach</c>). Both answer with the receiving incident's
/// record after the command. Only those who run the response (the security officer, management) may.
/// </summary>
public static class JoinEndpoints
{
    public static IEndpointRouteBuilder MapJoinEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents/{id}").WithTags("Incidents").RequireAuthorization(Operation.RunResponse)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/merge", Merge).WithName("MergeIncident")
            .WithSummary("Merge this incident into another (the same attack): both records say so; this one is closed as merged and points to the other");
        group.MapPost("/anomaly-reports/{seq:long}/attach", Attach).WithName("AttachAnomalyReport")
            .WithSummary("Attach one of this incident's anomaly reports (by its event's sequence number) to another incident: both records say so");
        var pages = app.MapGroup("/incidents/{number:int}").RequireAuthorization(Operation.RunResponse).ExcludeFromDescription();
        pages.MapPost("/merge", MergeForm);
        pages.MapPost("/attach", AttachForm);
        return app;
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Merge(
        string id, MergeIncidentRequest request, ClaimsPrincipal user, IncidentQueries incidents, JoinIncidents join, CancellationToken cancellationToken)
    {
        var (source, target, problem) = await Resolve(id, request.Into, "into", incidents, cancellationToken);
        if (problem is not null)
            return problem;
        return Answer(await join.Merge(Caller.From(user), source, target, request.Reason, cancellationToken), id);
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Attach(
        string id, long seq, AttachReportRequest request, ClaimsPrincipal user, IncidentQueries incidents, JoinIncidents join, CancellationToken cancellationToken)
    {
        var (source, target, problem) = await Resolve(id, request.Into, "into", incidents, cancellationToken);
        if (problem is not null)
            return problem;
        return Answer(await join.Attach(Caller.From(user), source, seq, target, request.Reason, cancellationToken), id);
    }

    /// <summary>The join page's merge form: to the incident that carries on when done, back to the join page with what went wrong when not.</summary>
    public static async Task<RedirectHttpResult> MergeForm(int number, [FromForm] string? into, [FromForm] string? reason, HttpContext http, IncidentQueries incidents, JoinIncidents join)
    {
        var id = number.ToString(CultureInfo.InvariantCulture);
        var answer = await Merge(id, new MergeIncidentRequest(into, reason), http.User, incidents, join, http.RequestAborted);
        return Back(http, number, answer.Result, UiTexts.JoinMerged);
    }

    /// <summary>The join page's attach form.</summary>
    public static async Task<RedirectHttpResult> AttachForm(int number, [FromForm] long? report, [FromForm] string? into, [FromForm] string? reason, HttpContext http, IncidentQueries incidents, JoinIncidents join)
    {
        var id = number.ToString(CultureInfo.InvariantCulture);
        if (report is not { } seq)
            return PageForms.Back(http, JoinPage(number), false, UiTexts.JoinChooseReport);
        var answer = await Attach(id, seq, new AttachReportRequest(into, reason), http.User, incidents, join, http.RequestAborted);
        return Back(http, number, answer.Result, UiTexts.JoinAttached);
    }

    public static string JoinPage(int number) => $"/incidents/{number}/join";

    private static RedirectHttpResult Back(HttpContext http, int number, IResult result, string done) => result switch
    {
        Ok<CommandResult> ok => PageForms.Back(http, $"/incidents/{ok.Value!.Number}", true, string.Format(CultureInfo.CurrentCulture, done, number, ok.Value.Number)),
        ProblemHttpResult problem => PageForms.Back(http, JoinPage(number), false, problem.ProblemDetails.Detail ?? ProblemTexts.BadRequest),
        _ => throw new InvalidOperationException($"Unexpected answer {result.GetType().Name}."),
    };

    private sealed record Resolved(Guid Source, Guid Target, ProblemHttpResult? Problem);

    /// <summary>Both incidents through the caller's filters: one the caller cannot see answers as one that does not exist.</summary>
    private static async Task<Resolved> Resolve(string id, string? other, string field, IncidentQueries incidents, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(other))
            return new(default, default, ProblemResults.Field(new Core.Incidents.FieldRefused(field, Core.Incidents.FieldProblem.Required)));
        if (await incidents.ResolveId(id, cancellationToken) is not { } source)
            return new(default, default, ProblemResults.IncidentNotFound(id));
        if (await incidents.ResolveId(other.Trim().TrimStart('#'), cancellationToken) is not { } target)
            return new(default, default, ProblemResults.IncidentNotFound(other));
        return new(source, target, null);
    }

    private static Results<Ok<CommandResult>, ProblemHttpResult> Answer(CommandOutcome outcome, string id) =>
        outcome is CommandOutcome.Appended appended ? TypedResults.Ok(IncidentViews.Result(appended)) : CommandProblems.Problem(outcome, id);
}
