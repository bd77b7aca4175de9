using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Incidents;

public sealed record OpenIncidentRequest(string? Title, string? Description, string? Source, bool? Drill, string? Playbook);

public sealed record CompleteActionRequest(string? Comment, string? ForPerson);

public sealed record CompleteStepRequest(string? Comment);

public sealed record SkipStepRequest(string? Reason);

public sealed record RecordFactRequest(string? Value, string? Reason, string? ForPerson = null);

public sealed record AddNoteRequest(string? Text, string? Step, string? ForPerson = null);

public sealed record AssetStatusRequest(string? Asset, string? Status, string? Comment);

/// <param name="Direction"><c>outgoing</c> (the hospital contacted them) or <c>incoming</c> (they contacted the hospital).</param>
/// <param name="Subject">What it was about, in a few words.</param>
/// <param name="Reference">The number the other side gave: the police's receipt number, the insurer's claim number.</param>
/// <param name="At">When it happened, if earlier than now (without an offset, Japan time); not before the incident was opened.</param>
/// <param name="SpokeBy">Who spoke for the hospital, when not the caller (a scribe recording the officer's call).</param>
public sealed record LogContactRequest(string? Party, string? Channel, string? Result, string? Comment,
    string? Direction = null, string? Subject = null, string? Reference = null,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(CallerTimeJsonConverter))] DateTimeOffset? At = null, string? SpokeBy = null);

public sealed record IssueReportRequest(string? Report, string? Sha256, string? To, string? Via, string? Comment);

public sealed record CloseIncidentRequest(string? Reason);

/// <summary>
/// <c>/api/v1/incidents</c>: open and list incidents, read an incident's state and its record page by page, and
/// every command on it. An incident is named by its id or by its number within the caller's organization.
/// </summary>
public static class IncidentEndpoints
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents").WithTags("Incidents")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListIncidents").WithSummary("Incidents of the caller's organization, most recently changed first");
        group.MapPost("/", Open).WithName("OpenIncident").WithSummary("Open an incident by hand or from an alert");
        group.MapGet("/{id}", Get).WithName("GetIncident").WithSummary("An incident's state, with every step's state and what each role can do next");
        group.MapGet("/{id}/events", Events).WithName("GetIncidentEvents").WithSummary("An incident's record, a page at a time (the latest page by default)");
        group.MapPost("/{id}/steps/{step}/actions/{action}/complete", CompleteAction).WithName("CompleteAction").WithSummary("Tick an action of a step");
        group.MapPost("/{id}/steps/{step}/complete", CompleteStep).WithName("CompleteStep").WithSummary("Complete a step");
        group.MapPost("/{id}/steps/{step}/skip", SkipStep).WithName("SkipStep").WithSummary("Skip a step, with a reason");
        group.MapPut("/{id}/facts/{fact}", RecordFact).WithName("RecordFact").WithSummary("Record a fact, or revise it with a reason");
        group.MapPost("/{id}/notes", AddNote).WithName("AddNote").WithSummary("Add a note to the record");
        group.MapPost("/{id}/assets", ChangeAssetStatus).WithName("ChangeAssetStatus").WithSummary("Mark a system or asset suspected, infected, isolated or restored");
        group.MapPost("/{id}/contacts", LogContact).WithName("LogContact")
            .WithSummary("Log a call or message with someone: which way, about what, the reference number they gave, when, who spoke, and its result");
        group.MapGet("/{id}/contacts", ContactLog).WithName("GetContactLog").WithSummary("The incident's contact log, newest first");
        group.MapPost("/{id}/reports", IssueReport).WithName("IssueReport").WithSummary("Record that a report was sent: which, its SHA-256, to whom, how");
        group.MapPost("/{id}/close", Close).WithName("CloseIncident").WithSummary("Close the incident");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<IncidentSummary>>, ProblemHttpResult>> List(
        IncidentQueries incidents, string? status, string? limit, CancellationToken cancellationToken)
    {
        if (Number("limit", limit, 1, MaxPageSize, out var size) is { } badLimit)
            return badLimit;
        IncidentStatus? wanted = null;
        switch (status)
        {
            case null or "" or "all":
                break;
            case var s when Wire.TryParse<IncidentStatus>(s, out var parsed):
                wanted = parsed;
                break;
            default:
                return ProblemResults.Field("status", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("status"), status, "open, closed, all"));
        }
        return TypedResults.Ok(await incidents.List(wanted, (int)(size ?? 50), cancellationToken));
    }

    public static async Task<Results<Created<CommandResult>, Ok<CommandResult>, ProblemHttpResult>> Open(
        OpenIncidentRequest request, ClaimsPrincipal user, HttpRequest http, OpenIncident open, CancellationToken cancellationToken)
    {
        if (RequestIds.Read(http, out var requestId) is { } badKey)
            return badKey;
        var source = IncidentSource.Manual;
        if (request.Source is not null && !(Wire.TryParse(request.Source, out source) && source != IncidentSource.AnomalyReport))
            return ProblemResults.Field("source", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("source"), request.Source, "manual, alert"));
        // A drill is started with its scenario and participants (POST /api/v1/drills): opened here it would have no run,
        // so no list would show it and every notice for it would be refused.
        if (request.Drill == true)
            return ProblemResults.Create(StatusCodes.Status400BadRequest, "drill-through-drills", ProblemTexts.DrillThroughDrills);
        var caller = Caller.From(user);
        RequestAudit.SucceedsWith(http.HttpContext, StatusCodes.Status201Created);
        var outcome = await open.Run(caller,
            new NewIncident(request.Title ?? "", source, request.Description), request.Playbook, requestId, cancellationToken);
        return Opened(outcome);
    }

    public static async Task<Results<Ok<IncidentState>, ProblemHttpResult>> Get(string id, IncidentQueries incidents, CancellationToken cancellationToken) =>
        await incidents.State(id, cancellationToken) is { } state ? TypedResults.Ok(state) : ProblemResults.IncidentNotFound(id);

    public static async Task<Results<Ok<EventsPage>, ProblemHttpResult>> Events(
        string id, string? after, string? before, string? limit, ClaimsPrincipal user, IncidentQueries incidents, CancellationToken cancellationToken)
    {
        if (Number("limit", limit, 1, MaxPageSize, out var pageSize) is { } badLimit)
            return badLimit;
        if (Number("after", after, 0, long.MaxValue, out var afterSeq) is { } badAfter)
            return badAfter;
        if (Number("before", before, 1, long.MaxValue, out var beforeSeq) is { } badBefore)
            return badBefore;
        return await incidents.Events(id, Caller.From(user).Actor, afterSeq, beforeSeq, (int)(pageSize ?? DefaultPageSize), cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : ProblemResults.IncidentNotFound(id);
    }

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> CompleteAction(
        string id, string step, string action, [FromBody] CompleteActionRequest? request, CommandContext context, CancellationToken cancellationToken) =>
        context.Step(id, step, stepId => new Core.Incidents.CompleteAction(stepId, action, request?.Comment, request?.ForPerson), cancellationToken);

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> CompleteStep(
        string id, string step, [FromBody] CompleteStepRequest? request, CommandContext context, CancellationToken cancellationToken) =>
        context.Step(id, step, stepId => new Core.Incidents.CompleteStep(stepId, request?.Comment), cancellationToken);

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> SkipStep(
        string id, string step, [FromBody] SkipStepRequest? request, CommandContext context, CancellationToken cancellationToken) =>
        context.Step(id, step, stepId => new Core.Incidents.SkipStep(stepId, request?.Reason ?? ""), cancellationToken);

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> RecordFact(
        string id, string fact, RecordFactRequest request, CommandContext context, CancellationToken cancellationToken)
    {
        if (!FactId.IsValid(fact))
            return ProblemResults.Create(StatusCodes.Status404NotFound, "unknown-fact", ProblemResults.Format(ProblemTexts.UnknownFact, fact));
        return await context.Run(id, new Core.Incidents.RecordFact(new FactId(fact), request.Value ?? "", request.Reason, request.ForPerson), cancellationToken);
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> AddNote(
        string id, AddNoteRequest request, CommandContext context, CancellationToken cancellationToken)
    {
        StepId? step = null;
        if (request.Step is not null)
        {
            if (!StepId.IsValid(request.Step))
                return ProblemResults.Create(StatusCodes.Status404NotFound, "unknown-step", ProblemResults.Format(ProblemTexts.UnknownStep, request.Step));
            step = new StepId(request.Step);
        }
        return await context.Run(id, new Core.Incidents.AddNote(request.Text ?? "", step, request.ForPerson), cancellationToken);
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> ChangeAssetStatus(
        string id, AssetStatusRequest request, CommandContext context, CancellationToken cancellationToken)
    {
        if (ProblemResults.Choice<AssetStatus>("status", request.Status, out var status) is { } bad)
            return bad;
        return await context.Run(id, new Core.Incidents.ChangeAssetStatus(request.Asset ?? "", status, request.Comment), cancellationToken);
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> LogContact(
        string id, LogContactRequest request, CommandContext context, CancellationToken cancellationToken)
    {
        if (ProblemResults.Choice<ContactChannel>("channel", request.Channel, out var channel) is { } badChannel)
            return badChannel;
        if (ProblemResults.Choice<ContactResult>("result", request.Result, out var result) is { } badResult)
            return badResult;
        ContactDirection? direction = null;
        if (!string.IsNullOrWhiteSpace(request.Direction))
        {
            if (ProblemResults.Choice<ContactDirection>("direction", request.Direction, out var given) is { } badDirection)
                return badDirection;
            direction = given;
        }
        return await context.Run(id, new Core.Incidents.LogContact(request.Party ?? "", channel, result, request.Comment,
            direction, request.Subject, request.Reference, request.At, request.SpokeBy), cancellationToken);
    }

    public static async Task<Results<Ok<ContactLogView>, ProblemHttpResult>> ContactLog(string id, ContactLogQueries contacts, CancellationToken cancellationToken) =>
        await contacts.Log(id, cancellationToken) is { } log ? TypedResults.Ok(ContactLogView.Of(log)) : ProblemResults.IncidentNotFound(id);

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> IssueReport(
        string id, IssueReportRequest request, CommandContext context, CancellationToken cancellationToken)
    {
        if (ProblemResults.Choice<ContactChannel>("via", request.Via, out var via) is { } bad)
            return bad;
        return await context.Run(id, new Core.Incidents.IssueReport(request.Report ?? "", request.Sha256 ?? "", request.To ?? "", via, request.Comment), cancellationToken);
    }

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> Close(
        string id, [FromBody] CloseIncidentRequest? request, CommandContext context, CancellationToken cancellationToken) =>
        context.Run(id, new CloseIncident(request?.Reason), cancellationToken);

    /// <summary>A new incident: 201 with where it is (200 when an Idempotency-Key replays), or the problem.</summary>
    private static Results<Created<CommandResult>, Ok<CommandResult>, ProblemHttpResult> Opened(CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Appended { Replayed: false } a => TypedResults.Created($"/api/v1/incidents/{a.IncidentId}", IncidentViews.Result(a)),
        CommandOutcome.Appended a => TypedResults.Ok(IncidentViews.Result(a)),
        _ => CommandProblems.Problem(outcome, ""),
    };

    /// <summary>Reads an optional whole-number query parameter within bounds, or says what is wrong with it.</summary>
    private static ProblemHttpResult? Number(string field, string? text, long min, long max, out long? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
            return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            return ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.FieldNotInteger, Texts.Field(field), text));
        if (parsed < min)
            return ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.FieldTooSmall, Texts.Field(field), min));
        if (parsed > max)
            return ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.FieldTooBig, Texts.Field(field), max));
        value = parsed;
        return null;
    }
}

/// <summary>What every command endpoint needs: the caller, the idempotency key and the use case.</summary>
public sealed class CommandContext(IHttpContextAccessor http, ApplyIncidentCommand apply, IncidentQueries incidents)
{
    public async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Run(string id, IncidentCommand command, CancellationToken cancellationToken)
    {
        var context = http.HttpContext!;
        if (RequestIds.Read(context.Request, out var requestId) is { } badKey)
            return badKey;
        // An id goes straight to the record writer, whose transaction finds the incident through the caller's own
        // filters (organization; a vendor's invitations, read again there) and answers one it cannot see exactly as
        // one that does not exist. A number is looked up first, through the same filters. (A lookup here as well cost
        // a third of the appends a second: docs/performance.md.)
        Guid incidentId;
        if (Guid.TryParse(id, out var given))
            incidentId = given;
        else if (await incidents.ResolveId(id, cancellationToken) is { } found)
            incidentId = found;
        else
            return ProblemResults.IncidentNotFound(id);
        var caller = Caller.From(context.User);
        var outcome = await apply.Run(caller, incidentId, command, requestId, cancellationToken);
        return outcome is CommandOutcome.Appended appended
            ? TypedResults.Ok(IncidentViews.Result(appended))
            : CommandProblems.Problem(outcome, id);
    }

    public Task<Results<Ok<CommandResult>, ProblemHttpResult>> Step(string id, string step, Func<StepId, IncidentCommand> command, CancellationToken cancellationToken) =>
        StepId.IsValid(step)
            ? Run(id, command(new StepId(step)), cancellationToken)
            : Task.FromResult<Results<Ok<CommandResult>, ProblemHttpResult>>(
                ProblemResults.Create(StatusCodes.Status404NotFound, "unknown-step", ProblemResults.Format(ProblemTexts.UnknownStep, step)));
}

/// <summary>The <c>Idempotency-Key</c> header: a retried request with the same key records nothing new.</summary>
public static class RequestIds
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    public static ProblemHttpResult? Read(HttpRequest request, out string? requestId)
    {
        requestId = null;
        var value = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Length > MaxLength)
            return ProblemResults.Field("idempotencyKey", ProblemResults.Format(ProblemTexts.FieldTooLong, Texts.Field("idempotencyKey"), MaxLength));
        if (value.Any(c => c is < '!' or > '~'))
            return ProblemResults.Field("idempotencyKey", ProblemResults.Format(ProblemTexts.FieldControlCharacters, Texts.Field("idempotencyKey")));
        requestId = value;
        return null;
    }
}
