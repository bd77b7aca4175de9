using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;

namespace Sonae.Web.Notices;

/// <param name="Known">What is known now (required).</param>
/// <param name="Doing">What is being done.</param>
/// <param name="NextAt">When the next update comes (without an offset, Japan time): by default, while the incident is open, one rhythm of the hospital (its profile's <c>updateEveryMinutes</c>) from now; after closing, none.</param>
/// <param name="Audience">Whom the update is sent to as a notice (kind <c>status-update</c>, with acknowledgement links); by default management, the department heads and the vendors invited to the incident.</param>
/// <param name="Send">False to post the update on the record without sending it to anyone.</param>
public sealed record PostStatusUpdateRequest(string? Known, string? Doing,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(CallerTimeJsonConverter))] DateTimeOffset? NextAt = null,
    AudienceRequest? Audience = null, bool? Send = null);

/// <summary>
/// An incident's status updates on the API: <c>GET /api/v1/incidents/{id}/updates</c> (everyone who sees the incident:
/// the updates are written for them) and <c>POST</c> (those who lead the response), by the incident's number or id, with
/// an <c>Idempotency-Key</c> like every command.
/// </summary>
public static class StatusUpdateEndpoints
{
    public static IEndpointRouteBuilder MapStatusUpdateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents/{id}").WithTags("Incidents")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/updates", Get).WithName("GetStatusUpdates")
            .WithSummary("The incident's status updates, newest first, with when the next is due and whether it is overdue");
        group.MapPost("/updates", Post).RequireAuthorization(Operation.LeadResponse).WithName("PostStatusUpdate")
            .WithSummary("Post a status update: what is known, what is being done, when the next update comes (by default one rhythm of the hospital from now)");
        return app;
    }

    public static string Page(int number) => $"/incidents/{number}/updates";

    public static async Task<Results<Ok<StatusUpdatesView>, ProblemHttpResult>> Get(string id, StatusUpdateQueries updates, TimeProvider clock, CancellationToken cancellationToken) =>
        await updates.History(id, cancellationToken) is { } reading ? TypedResults.Ok(StatusUpdatesView.Of(reading, clock.GetUtcNow())) : ProblemResults.IncidentNotFound(id);

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Post(string id, PostStatusUpdateRequest request, HttpContext http,
        IncidentQueries incidents, StatusUpdateQueries updates, PostUpdate post, CancellationToken cancellationToken)
    {
        if (RequestIds.Read(http.Request, out var requestId) is { } badKey)
            return badKey;
        Audience? audience = null;
        if (request.Audience is not null)
        {
            if (SendNotice.ReadAudience(request.Audience, out var chosen) is { } badAudience)
                return badAudience;
            var source = await post.Source(cancellationToken);
            if (Audiences.Check(chosen, source.People, source.Accounts) is [var first, ..])
                return SendNotice.AudienceProblem(first);
            audience = chosen;
        }
        if (await incidents.ResolveId(id, cancellationToken) is not { } incidentId)
            return ProblemResults.IncidentNotFound(id);
        var command = new PostStatusUpdate(request.Known ?? "", request.Doing, request.NextAt, await updates.Rhythm(cancellationToken));
        var posted = await post.Run(Caller.From(http.User), incidentId, command, audience, request.Send ?? true, requestId, cancellationToken);
        return posted.Outcome is CommandOutcome.Appended appended ? TypedResults.Ok(IncidentViews.Result(appended)) : CommandProblems.Problem(posted.Outcome, id);
    }
}
