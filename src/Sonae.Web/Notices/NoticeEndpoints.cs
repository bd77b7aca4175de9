using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Core.Notices;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Data.Incidents;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Notices;

/// <summary>An acknowledgement as the API answers it.</summary>
/// <param name="Outcome"><c>acknowledged</c> or <c>already-acknowledged</c>.</param>
public sealed record AcknowledgementResult(string Outcome, int Notice, string Title, string Name, DateTimeOffset? AcknowledgedAt);

/// <summary>A standard notice's first draft, in both languages.</summary>
public sealed record DraftResult(string Kind, string Title, string Body, string TitleEn, string BodyEn);

/// <summary>What the compose page and the notice page's buttons send.</summary>
public sealed class NoticeForm
{
    public string? Kind { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public string? Incident { get; set; }
    public bool Everyone { get; set; }
    public string[]? Departments { get; set; }
    public string[]? Roles { get; set; }
    public string[]? People { get; set; }

    /// <summary>A one-time id of the form: sending it twice (a double tap) sends one notice.</summary>
    public string? RequestId { get; set; }

    /// <summary><c>remind</c>, <c>escalate</c>, <c>stop</c> or <c>acknowledge</c>, on the notice page.</summary>
    public string? Action { get; set; }
}

/// <summary>
/// Notices on the API (<c>/api/v1/notices</c>: send, list, read with who acknowledged, remind, escalate, stop,
/// acknowledge), the personal links (<c>/ack/{token}</c>, <c>/api/v1/acknowledgements/{token}</c>, no sign-in) and the
/// page forms.
/// </summary>
public static class NoticeEndpoints
{
    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notices").WithTags("Notices")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapGet("/", List).RequireAuthorization(Operation.ReadIncident).WithName("ListNotices")
            .WithSummary("The hospital's notices and pages, newest first (those who may send them); anyone else, the ones sent to them");
        group.MapPost("/", Send).RequireAuthorization(Operation.SendNotices).WithName("SendNotice")
            .WithSummary("Send a notice to an audience (everyone, departments, roles, chosen people), with a personal acknowledgement link each");
        group.MapGet("/draft", Draft).RequireAuthorization(Operation.SendNotices).WithName("DraftNotice")
            .WithSummary("The first draft of a standard notice, filled from the preparedness record (systems, paper fallbacks)");
        group.MapGet("/{notice}", Get).RequireAuthorization(Operation.ReadIncident).WithName("GetNotice")
            .WithSummary("A notice by number or id, with each recipient and when they acknowledged");
        group.MapPost("/{notice}/remind", Remind).RequireAuthorization(Operation.SendNotices).WithName("RemindNotice")
            .WithSummary("Send the notice again to those who have not acknowledged it");
        group.MapPost("/{notice}/escalate", Escalate).RequireAuthorization(Operation.SendNotices).WithName("EscalateNotice")
            .WithSummary("Tell each department's head who in their department has not acknowledged");
        group.MapPost("/{notice}/stop", Stop).RequireAuthorization(Operation.SendNotices).WithName("StopNotice")
            .WithSummary("Stop a page's escalation or withdraw a notice: its links acknowledge no more");
        group.MapPost("/{notice}/acknowledge", AcknowledgeSignedIn).RequireAuthorization(Operation.ReadIncident).WithName("AcknowledgeNotice")
            .WithSummary("Acknowledge a notice sent to the signed-in account");
        app.MapPost("/api/v1/acknowledgements/{token}", AcknowledgeByLink).AllowAnonymous().WithTags("Notices").WithName("AcknowledgeByLink")
            .WithSummary("Acknowledge through a personal link's token, without signing in")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status410Gone);
        app.MapPost(AckLinks.Path + "{token}/do", AckForm).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/notices/new/do", ComposeForm).RequireAuthorization(Operation.SendNotices).ExcludeFromDescription();
        app.MapPost("/notices/{number:int}/do", NoticeForm).RequireAuthorization(Operation.ReadIncident).ExcludeFromDescription();
        return app;
    }

    public static async Task<Ok<IReadOnlyList<NoticeSummary>>> List(ClaimsPrincipal user, NoticeQueries notices, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notices.List(Caller.From(user), cancellationToken));

    public static async Task<Results<Created<NoticeSummary>, ProblemHttpResult>> Send(
        SendNoticeRequest request, HttpContext http, SendNotice send, CancellationToken cancellationToken)
    {
        if (RequestIds.Read(http.Request, out var requestId) is { } badKey)
            return badKey;
        return await send.Run(Caller.From(http.User), request, requestId, cancellationToken);
    }

    public static async Task<Results<Ok<DraftResult>, ProblemHttpResult>> Draft(
        string? kind, string? incident, IncidentQueries incidents, NoticeAudiences audiences, CancellationToken cancellationToken)
    {
        if (!NoticeKinds.TryParse(kind, out var parsed) || parsed == NoticeKind.Page)
            return ProblemResults.Field("kind", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("kind"), kind ?? "", string.Join(", ", NoticeKinds.Written.Select(k => k.Id()))));
        var source = await audiences.Load(cancellationToken);
        var title = "";
        IEnumerable<string> affected = [];
        if (!string.IsNullOrWhiteSpace(incident))
        {
            if (await incidents.Find(incident.Trim(), cancellationToken) is not { } found)
                return ProblemResults.IncidentNotFound(incident.Trim());
            title = found.Title;
            affected = found.ReadProgress().Assets.Where(a => a.Value != Core.Incidents.AssetStatus.Restored || parsed == NoticeKind.Recovery).Select(a => a.Key);
        }
        var draft = NoticeDrafts.For(parsed, title, NoticeDrafts.SystemsOf(source.Inventory, affected));
        return TypedResults.Ok(new DraftResult(parsed.Id(), draft.Title.Ja, draft.Body.Ja, draft.Title.En, draft.Body.En));
    }

    public static async Task<Results<Ok<NoticeDetail>, ProblemHttpResult>> Get([FromRoute(Name = "notice")] string id, ClaimsPrincipal user, NoticeQueries notices, CancellationToken cancellationToken) =>
        await notices.Detail(Caller.From(user), id, cancellationToken) is { } detail ? TypedResults.Ok(detail) : NotFound(id);

    public static async Task<Results<Ok<NoticeActionResult>, ProblemHttpResult>> Remind([FromRoute(Name = "notice")] string id, NoticeActions actions, CancellationToken cancellationToken) =>
        await actions.Remind(id, cancellationToken) is { } done ? TypedResults.Ok(done) : NotFound(id);

    public static async Task<Results<Ok<NoticeActionResult>, ProblemHttpResult>> Escalate([FromRoute(Name = "notice")] string id, NoticeActions actions, CancellationToken cancellationToken) =>
        await actions.EscalateToHeads(id, cancellationToken) is { } done ? TypedResults.Ok(done) : NotFound(id);

    public static async Task<Results<Ok<NoticeActionResult>, ProblemHttpResult>> Stop([FromRoute(Name = "notice")] string id, NoticeActions actions, CancellationToken cancellationToken) =>
        await actions.Stop(id, cancellationToken) is { } done ? TypedResults.Ok(done) : NotFound(id);

    public static async Task<Results<Ok<AcknowledgementResult>, ProblemHttpResult>> AcknowledgeSignedIn(
        [FromRoute(Name = "notice")] string id, ClaimsPrincipal user, AcknowledgeNotice acknowledge, CancellationToken cancellationToken) =>
        Answer(await acknowledge.ByAccount(Caller.From(user), id, cancellationToken), id);

    public static async Task<Results<Ok<AcknowledgementResult>, ProblemHttpResult>> AcknowledgeByLink(
        string token, AcknowledgeNotice acknowledge, CancellationToken cancellationToken) =>
        Answer(await acknowledge.ByLink(token, cancellationToken), null);

    /// <summary>The acknowledgement page's button: acknowledged (or not), then back to the page, which says what became of it.</summary>
    public static async Task<RedirectHttpResult> AckForm(string token, AcknowledgeNotice acknowledge, CancellationToken cancellationToken)
    {
        var result = await acknowledge.ByLink(token, cancellationToken);
        return TypedResults.Redirect($"{AckLinks.Path}{Uri.EscapeDataString(token)}?done={Wire.Name(result.Outcome)}");
    }

    public static async Task<RedirectHttpResult> ComposeForm([FromForm] NoticeForm? form, HttpContext http, SendNotice send)
    {
        form ??= new NoticeForm();
        var request = new SendNoticeRequest(form.Kind, form.Title, form.Body,
            new AudienceRequest(form.Everyone, form.Departments, form.Roles, form.People), form.Incident);
        var requestId = form.RequestId is { Length: > 0 and <= RequestIds.MaxLength } given ? given : null;
        var result = await send.Run(Caller.From(http.User), request, requestId, http.RequestAborted);
        return result.Result switch
        {
            Created<NoticeSummary> created => PageForms.Back(http, $"/notices/{created.Value!.Number}", true, UiTexts.NoticeSent),
            ProblemHttpResult problem => PageForms.Back(http, "/notices/new", false, problem.ProblemDetails.Detail ?? ProblemTexts.BadRequest),
            _ => PageForms.Back(http, "/notices/new", false, ProblemTexts.BadRequest),
        };
    }

    public static async Task<RedirectHttpResult> NoticeForm(int number, [FromForm] NoticeForm? form, HttpContext http, NoticeActions actions, AcknowledgeNotice acknowledge)
    {
        form ??= new NoticeForm();
        var id = number.ToString(CultureInfo.InvariantCulture);
        var back = $"/notices/{number}";
        var ct = http.RequestAborted;
        var caller = Caller.From(http.User);
        if (form.Action == "acknowledge")
        {
            var result = await acknowledge.ByAccount(caller, id, ct);
            return PageForms.Back(http, back, result.Outcome is AckOutcome.Acknowledged or AckOutcome.AlreadyAcknowledged, AckMessage(result.Outcome));
        }
        if (!caller.Actor.May(Operation.SendNotices))
            return PageForms.Back(http, back, false, ProblemTexts.Title_Forbidden);
        var done = form.Action switch
        {
            "remind" => await actions.Remind(id, ct),
            "escalate" => await actions.EscalateToHeads(id, ct),
            "stop" => await actions.Stop(id, ct),
            _ => null,
        };
        return done is null
            ? PageForms.Back(http, back, false, ProblemTexts.BadRequest)
            : PageForms.Back(http, back, true, done.Action switch
            {
                "remind" => ProblemResults.Format(UiTexts.NoticeReminded, done.People),
                "escalate" => ProblemResults.Format(UiTexts.NoticeEscalated, done.People),
                _ => UiTexts.NoticeStopped,
            });
    }

    public static string AckMessage(AckOutcome outcome) => outcome switch
    {
        AckOutcome.Acknowledged => UiTexts.AckDone,
        AckOutcome.AlreadyAcknowledged => UiTexts.AckAlready,
        AckOutcome.Stopped => ProblemTexts.NoticeStopped,
        AckOutcome.Expired => ProblemTexts.AckLinkExpired,
        AckOutcome.NotFound => ProblemTexts.AckLinkNotFound,
    };

    private static Results<Ok<AcknowledgementResult>, ProblemHttpResult> Answer(AckResult result, string? id) => result.Outcome switch
    {
        AckOutcome.Acknowledged or AckOutcome.AlreadyAcknowledged => TypedResults.Ok(new AcknowledgementResult(Wire.Name(result.Outcome),
            result.View!.Number, result.View.Title, result.View.Name, result.View.AcknowledgedAt)),
        AckOutcome.Stopped => ProblemResults.Create(StatusCodes.Status410Gone, "notice-stopped", ProblemTexts.NoticeStopped),
        AckOutcome.Expired => ProblemResults.Create(StatusCodes.Status410Gone, "link-expired", ProblemTexts.AckLinkExpired),
        _ => id is null ? ProblemResults.Create(StatusCodes.Status404NotFound, "link-not-found", ProblemTexts.AckLinkNotFound) : NotFound(id),
    };

    /// <summary>A notice not found, named as a person names it: by its number or what they typed, never by an internal id.</summary>
    private static ProblemHttpResult NotFound(string id) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "notice-not-found", ProblemResults.NotFoundText(id, ProblemTexts.NoticeNotFound, ProblemTexts.NoticeNotFoundUnnamed));
}
