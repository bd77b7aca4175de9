using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Drills;

/// <param name="Decision">What the group decided (tabletop drills only, where it is required).</param>
public sealed record DeliverInjectRequest(string? Decision);

/// <summary>
/// <c>/api/v1/drills</c>: the scenario library, start a drill, list them, one by its incident's number or id, deliver
/// or skip an inject, pause, resume, end. For the security officer and management (<see cref="Operation.RunDrills"/>);
/// participants work in the drill's incident through the incidents API like in any other.
/// </summary>
public static class DrillEndpoints
{
    public static IEndpointRouteBuilder MapDrillEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/drills").WithTags("Drills").RequireAuthorization(Operation.RunDrills)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/scenarios", Scenarios).WithName("ListDrillScenarios").WithSummary("The scenario library: summary, objectives, steps exercised, injects");
        group.MapGet("/", List).WithName("ListDrills").WithSummary("The organization's drills, newest first");
        group.MapPost("/", Start).WithName("StartDrill").WithSummary("Start a drill from a scenario: live or tabletop, its participants, its speed")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id}", Get).WithName("GetDrill").WithSummary("One drill by its incident's number or id, with its injects and where each stands")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/injects/{inject}/deliver", Deliver).WithName("DeliverDrillInject").WithSummary("Deliver an inject now (at the table: with what the group decided)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/injects/{inject}/skip", Skip).WithName("SkipDrillInject").WithSummary("Leave an inject out")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/pause", Pause).WithName("PauseDrill").WithSummary("Pause the drill's clock").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/resume", Resume).WithName("ResumeDrill").WithSummary("Run the drill's clock again").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/end", End).WithName("EndDrill").WithSummary("End the drill and record it as held in the preparedness record")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static Ok<IReadOnlyList<ScenarioView>> Scenarios() => TypedResults.Ok(LoadDrills.Scenarios());

    public static async Task<Ok<IReadOnlyList<DrillSummary>>> List(LoadDrills load, CancellationToken cancellationToken) =>
        TypedResults.Ok(await load.List(cancellationToken));

    public static async Task<Results<Created<DrillDetail>, Ok<DrillDetail>, ProblemHttpResult>> Start(
        StartDrillRequest request, ClaimsPrincipal user, HttpRequest http, StartDrill start, CancellationToken cancellationToken)
    {
        if (RequestIds.Read(http, out var requestId) is { } badKey)
            return badKey;
        RequestAudit.SucceedsWith(http.HttpContext, StatusCodes.Status201Created);
        return await start.Run(Caller.From(user), request, requestId, cancellationToken) switch
        {
            StartDrill.Started started => TypedResults.Created($"/api/v1/drills/{started.Drill.Drill.Number}", started.Drill),
            StartDrill.Invalid invalid => Invalid(invalid),
            StartDrill.Failed failed => CommandProblems.Problem(failed.Outcome, ""),
            var other => throw new InvalidOperationException($"Unexpected outcome {other.GetType().Name}."),
        };
    }

    public static async Task<Results<Ok<DrillDetail>, ProblemHttpResult>> Get(string id, LoadDrills load, CancellationToken cancellationToken) =>
        await load.Find(id, cancellationToken) is { } run ? TypedResults.Ok(load.Detail(run)) : NotFound(id);

    public static Task<Results<Ok<DrillDetail>, ProblemHttpResult>> Deliver(string id, string inject, DeliverInjectRequest? request, ClaimsPrincipal user, LoadDrills load, DeliverInject deliver, CancellationToken cancellationToken) =>
        Act(id, load, run => deliver.Deliver(Caller.From(user), run, inject, request?.Decision, cancellationToken), cancellationToken);

    public static Task<Results<Ok<DrillDetail>, ProblemHttpResult>> Skip(string id, string inject, ClaimsPrincipal user, LoadDrills load, DeliverInject deliver, CancellationToken cancellationToken) =>
        Act(id, load, run => deliver.Skip(Caller.From(user), run, inject, cancellationToken), cancellationToken);

    public static Task<Results<Ok<DrillDetail>, ProblemHttpResult>> Pause(string id, ClaimsPrincipal user, LoadDrills load, SteerDrill steer, CancellationToken cancellationToken) =>
        Act(id, load, run => steer.Pause(Caller.From(user), run, cancellationToken), cancellationToken);

    public static Task<Results<Ok<DrillDetail>, ProblemHttpResult>> Resume(string id, ClaimsPrincipal user, LoadDrills load, SteerDrill steer, CancellationToken cancellationToken) =>
        Act(id, load, run => steer.Resume(Caller.From(user), run, cancellationToken), cancellationToken);

    public static Task<Results<Ok<DrillDetail>, ProblemHttpResult>> End(string id, ClaimsPrincipal user, LoadDrills load, EndDrill end, CancellationToken cancellationToken) =>
        Act(id, load, run => end.Run(Caller.From(user), run, cancellationToken), cancellationToken);

    /// <summary>Finds the drill, runs the command on it, and answers with the drill as it now stands or the problem.</summary>
    private static async Task<Results<Ok<DrillDetail>, ProblemHttpResult>> Act(string id, LoadDrills load, Func<DrillRun, Task<CommandOutcome>> command, CancellationToken cancellationToken)
    {
        if (await load.Find(id, cancellationToken) is not { } run)
            return NotFound(id);
        var outcome = await command(run);
        if (outcome is not CommandOutcome.Appended)
            return Problem(outcome, id);
        return TypedResults.Ok(load.Detail((await load.Find(id, cancellationToken))!));
    }

    /// <summary>The problem for a drill command that recorded nothing.</summary>
    public static ProblemHttpResult Problem(CommandOutcome outcome, string id) => outcome switch
    {
        DrillRefused { Code: "drill-inject-not-found" } refused => ProblemResults.Create(StatusCodes.Status404NotFound, refused.Code, refused.Detail()),
        DrillRefused { Code: "drill-decision-required" or "drill-decision-tabletop-only" } refused => ProblemResults.Field("decision", refused.Detail()),
        DrillRefused refused => ProblemResults.Create(StatusCodes.Status409Conflict, refused.Code, refused.Detail()),
        CommandOutcome.NotFound => NotFound(id),
        _ => CommandProblems.Problem(outcome, id),
    };

    public static ProblemHttpResult Invalid(StartDrill.Invalid invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        return ProblemResults.Create(StatusCodes.Status400BadRequest, invalid.Code, invalid.Detail, new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { [invalid.Field] = [invalid.Detail] },
        });
    }

    private static ProblemHttpResult NotFound(string id) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "drill-not-found",
            ProblemResults.NotFoundText(id, UiTexts.DrillNotFound, UiTexts.DrillNotFoundUnnamed));
}
