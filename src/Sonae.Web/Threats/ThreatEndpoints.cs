using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Threats;

/// <summary>
/// <c>/api/v1/threats</c>: advisories (list, one, add by hand, import a KEV catalogue or a JVNRSS feed), the matches
/// in the hospital's lines and assets (confirm or dismiss a fuzzy one, close a task), and the scheduled fetch's
/// settings. Reading is for the security officer and management; so is changing.
/// </summary>
public static class ThreatEndpoints
{
    public static IEndpointRouteBuilder MapThreatEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/threats").WithTags("Threats")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var read = group.MapGroup("").RequireAuthorization(Operation.ReadThreats);
        var manage = group.MapGroup("").RequireAuthorization(Operation.ManageThreats);
        read.MapGet("/advisories", ListAdvisories).WithName("ListAdvisories").WithSummary("The organization's advisories, those with open matches first");
        read.MapGet("/advisories/{advisory:guid}", GetAdvisory).WithName("GetAdvisory").WithSummary("One advisory with its matches of every status")
            .ProducesProblem(StatusCodes.Status404NotFound);
        manage.MapPost("/advisories", AddAdvisory).WithName("AddAdvisory").WithSummary("Enter an advisory by hand (the ministry's or NISC's alert, a vendor's notice) and match it")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        manage.MapPost("/import", Import).WithName("ImportAdvisories")
            .WithSummary("Import CISA's KEV catalogue (JSON) or a JVNRSS feed (XML), sent as the request body; entries with problems are listed by line and left out")
            .Accepts<string>("application/json", "application/xml", "application/rdf+xml", "text/xml")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity).DisableAntiforgery();
        manage.MapPost("/rematch", Rematch).WithName("RematchAdvisories").WithSummary("Match every advisory again against the lines and assets as they are now");
        read.MapGet("/matches", ListMatches).WithName("ListThreatMatches").WithSummary("Open tasks (external lines first) and fuzzy matches to confirm or dismiss");
        manage.MapPost("/matches/{match:guid}/confirm", Confirm).WithName("ConfirmThreatMatch").WithSummary("Confirm a fuzzy match: it becomes a task, and the pair is remembered")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        manage.MapPost("/matches/{match:guid}/dismiss", Dismiss).WithName("DismissThreatMatch").WithSummary("Dismiss a fuzzy match: not ours, and the pair is not asked again")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        manage.MapPost("/matches/{match:guid}/close", Close).WithName("CloseThreatTask").WithSummary("Close a task: what was done")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        var settings = group.MapGroup("/feed").RequireAuthorization(Operation.ChangeSettings);
        settings.MapGet("/", GetFeed).WithName("GetThreatFeed").WithSummary("The scheduled fetch's addresses, whether it is on, and its last result");
        settings.MapPut("/", PutFeed).WithName("SetThreatFeed").WithSummary("Set the KEV and JVN addresses and turn the scheduled fetch on or off")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        settings.MapPost("/fetch", FetchNow).WithName("FetchThreatFeed").WithSummary("Fetch the configured feeds now");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<AdvisoryView>>> ListAdvisories(LoadThreats load, CancellationToken cancellationToken) =>
        TypedResults.Ok(await load.Advisories(cancellationToken));

    public sealed record AdvisoryDetail(AdvisoryView Advisory, IReadOnlyList<MatchView> Matches);

    public static async Task<Results<Ok<AdvisoryDetail>, ProblemHttpResult>> GetAdvisory(Guid advisory, LoadThreats load, CancellationToken cancellationToken) =>
        await load.Advisory(advisory, cancellationToken) is { } found
            ? TypedResults.Ok(new AdvisoryDetail(found, await load.Matches(advisory, cancellationToken)))
            : NotFound(UiTexts.ThreatsAdvisoryNotFound);

    public static async Task<Results<Created<ImportResult>, ProblemHttpResult>> AddAdvisory(AddAdvisoryRequest request, HttpContext context, ThreatChanges changes, CancellationToken cancellationToken)
    {
        var (advisory, field, problem) = ThreatChanges.Check(request);
        if (advisory is null)
            return ProblemResults.Field(field!, problem!);
        var saved = await changes.Save([advisory], Caller.From(context.User).Actor.Name, cancellationToken);
        return TypedResults.Created("/api/v1/threats/advisories", saved);
    }

    public static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> Import(HttpContext context, ThreatChanges changes, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > ThreatChanges.MaxFileBytes)
            return TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ThreatChanges.MaxFileBytes)
                return TooLarge();
        }
        var outcome = await changes.Import(buffer.ToArray(), Caller.From(context.User).Actor.Name, cancellationToken);
        if (outcome.Imported is { } imported)
            return TypedResults.Ok(imported);
        return ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "advisory-file-refused",
            ProblemResults.Format(UiTexts.ThreatsFileRefused, outcome.Refused!.Problems.Count),
            new Dictionary<string, object?> { ["problems"] = outcome.Refused.Problems });
    }

    public sealed record RematchResult(int Matches);

    public static async Task<Ok<RematchResult>> Rematch(ThreatChanges changes, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RematchResult(await changes.Rematch(cancellationToken)));

    public static async Task<Ok<IReadOnlyList<MatchView>>> ListMatches(LoadThreats load, CancellationToken cancellationToken) =>
        TypedResults.Ok(await load.Matches(null, cancellationToken));

    public static Task<Results<Ok<MatchView>, ProblemHttpResult>> Confirm(Guid match, HttpContext context, ThreatChanges changes, LoadThreats load, CancellationToken cancellationToken) =>
        Decide(match, true, context, changes, load, cancellationToken);

    public static Task<Results<Ok<MatchView>, ProblemHttpResult>> Dismiss(Guid match, HttpContext context, ThreatChanges changes, LoadThreats load, CancellationToken cancellationToken) =>
        Decide(match, false, context, changes, load, cancellationToken);

    private static async Task<Results<Ok<MatchView>, ProblemHttpResult>> Decide(Guid match, bool confirm, HttpContext context, ThreatChanges changes, LoadThreats load, CancellationToken cancellationToken)
    {
        if (await load.Match(match, cancellationToken) is not { } found)
            return NotFound(UiTexts.ThreatsMatchNotFound);
        if (await changes.Decide(match, confirm, Caller.From(context.User).Actor.Name, cancellationToken) is null)
            return ProblemResults.Create(StatusCodes.Status409Conflict, "match-not-pending", ProblemResults.Format(UiTexts.ThreatsNotPending, found.AdvisoryId, found.TargetName));
        return TypedResults.Ok((await load.Match(match, cancellationToken))!);
    }

    public static async Task<Results<Ok<MatchView>, ProblemHttpResult>> Close(Guid match, CloseMatchRequest? request, HttpContext context, ThreatChanges changes, LoadThreats load, CancellationToken cancellationToken)
    {
        if (await load.Match(match, cancellationToken) is not { } found)
            return NotFound(UiTexts.ThreatsMatchNotFound);
        if (Sonae.Core.TextRules.Check("note", request?.Note, Sonae.Core.Incidents.TextLimits.LongText) is { } refused)
            return ProblemResults.Field(refused);
        if (!await changes.Close(match, request?.Note, Caller.From(context.User).Actor.Name, cancellationToken))
            return ProblemResults.Create(StatusCodes.Status409Conflict, "match-not-open", ProblemResults.Format(UiTexts.ThreatsNotOpen, found.AdvisoryId, found.TargetName));
        return TypedResults.Ok((await load.Match(match, cancellationToken))!);
    }

    public static async Task<Ok<FeedView>> GetFeed(LoadThreats load, CancellationToken cancellationToken) => TypedResults.Ok(await load.Feed(cancellationToken));

    public static async Task<Results<Ok<FeedView>, ProblemHttpResult>> PutFeed(
        FeedRequest request, HttpContext context, ThreatChanges changes, LoadThreats load, IOptions<ThreatFeedOptions> options, CancellationToken cancellationToken)
    {
        if (ThreatChanges.Check(request, options.Value) is ({ } field, { } problem))
            return ProblemResults.Field(field, problem);
        await changes.SaveFeed(request, Caller.From(context.User).Actor.Name, cancellationToken);
        return TypedResults.Ok(await load.Feed(cancellationToken));
    }

    public static async Task<Ok<FeedView>> FetchNow(FetchThreatFeeds fetch, LoadThreats load, CancellationToken cancellationToken)
    {
        await fetch.Run(cancellationToken);
        return TypedResults.Ok(await load.Feed(cancellationToken));
    }

    private static ProblemHttpResult NotFound(string text) => ProblemResults.Create(StatusCodes.Status404NotFound, "not-found", text);

    private static ProblemHttpResult TooLarge() =>
        ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "too-large", ProblemResults.Format(ProblemTexts.TooLarge, ThreatChanges.MaxFileBytes));
}
