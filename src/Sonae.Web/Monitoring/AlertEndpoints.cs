using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Monitoring;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Components;
using Sonae.Web.Incidents;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Monitoring;

/// <param name="Kind"><c>alertmanager</c>, <c>zabbix</c> or <c>generic</c>.</param>
/// <param name="WindowMinutes">How long a quiet group of alerts still joins its report (default 1440: a day).</param>
public sealed record NewAlertSourceRequest(string? Name, string? Kind, int? WindowMinutes);

/// <summary>
/// Monitoring in: <c>POST /api/v1/alerts</c>, where a source posts with its own token (and nothing else does), and
/// <c>/api/v1/settings/alert-sources</c>, where the security officer and management make, mute and revoke sources.
/// </summary>
public static class AlertEndpoints
{
    public const string ReceivePath = "/api/v1/alerts";

    /// <summary>The most a delivery may weigh: Alertmanager's groups of many alerts with their labels.</summary>
    public const long MaxDeliveryBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ReceivePath, Receive).AllowAnonymous().WithTags("Monitoring").WithName("ReceiveAlerts")
            .WithSummary("Post monitoring alerts with an alert source's token (Authorization: Bearer sonae_alert_…)")
            .WithMetadata(new RequestSizeLimitAttribute(MaxDeliveryBytes + 64 * 1024));
        var group = app.MapGroup("/api/v1/settings/alert-sources").WithTags("Monitoring").RequireAuthorization(Operation.ManageAlertSources);
        group.MapGet("/", List).WithName("ListAlertSources").WithSummary("The alert sources, each with its last delivery (never a token)");
        group.MapPost("/", Make).WithName("MakeAlertSource").WithSummary("Make an alert source; its token is answered once");
        group.MapGet("/{source:int}", Get).WithName("GetAlertSource");
        group.MapPost("/{source:int}/mute", (int source, HttpContext http, AlertSources sources) => Mute(source, true, http, sources)).WithName("MuteAlertSource")
            .WithSummary("Mute a noisy source: its alerts are counted but open no report");
        group.MapPost("/{source:int}/unmute", (int source, HttpContext http, AlertSources sources) => Mute(source, false, http, sources)).WithName("UnmuteAlertSource");
        group.MapPost("/{source:int}/revoke", Revoke).WithName("RevokeAlertSource").WithSummary("Revoke a source: its token stops working at once");
        app.MapPost(Pages.MonitoringPage.Path + "/do", PageForm).RequireAuthorization(Operation.ManageAlertSources).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A delivery: the token names the source (and its organization); the payload is read as the source's kind sends
    /// it; the alerts become reports. 202 with what became of them; 400 with what is wrong with a payload (also kept
    /// as the source's last problem for the settings page); 401 without a working alert token.
    /// </summary>
    public static async Task<IResult> Receive(HttpContext http, AlertSources sources, SignInThrottle throttle, OrganizationScope scope, ReceiveAlerts receive, TimeProvider clock, Health.SonaeMetrics metrics)
    {
        // Wrong alert tokens wait apart from wrong sign-ins: a mistyped token in one monitor must not lock staff out,
        // nor staff's mistakes a monitor. A right token is never refused.
        var address = "alerts:" + (http.Connection.RemoteIpAddress?.ToString() ?? "local");
        var token = Token(http);
        if (!AlertSources.IsToken(token))
            return Unauthorized(http, ProblemTexts.AlertTokenMissing);
        var source = await sources.ByToken(token!, http.RequestAborted);
        if (source is null)
        {
            http.Items[AuditMiddleware.ActionItem] = "alert-token-refused";
            if (await throttle.WaitAsync(address, http.RequestAborted) is { } wait)
                return ProblemResults.TooManyRequests(http.Response, wait);
            await throttle.FailedAsync(address, http.RequestAborted);
            return Unauthorized(http, ProblemTexts.AlertTokenInvalid);
        }
        scope.Enter(source.OrganizationId);
        http.Items[AuditMiddleware.WhoItem] = ReceiveAlerts.CallerOf(source);
        RequestAudit.SucceedsWith(http, StatusCodes.Status202Accepted);

        using var body = await Body(http);
        if (body is null)
            return ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "too-large", ProblemResults.Format(ProblemTexts.AlertsTooLarge, MaxDeliveryBytes / (1024 * 1024)));
        var kind = AlertSourceKinds.TryParse(source.Kind, out var parsed) ? parsed : AlertSourceKind.Generic;
        var payload = AlertPayloads.Read(kind, body.GetBuffer().AsMemory(0, (int)body.Length), clock.GetUtcNow());
        if (payload.Problem is { } problem)
        {
            var detail = Describe(problem, kind);
            await sources.Delivered(source.Id, "refused", Both(() => Describe(problem, kind)), 0, CancellationToken.None);
            return ProblemResults.Field(problem.Field ?? "body", detail);
        }
        AlertDelivery delivery;
        try
        {
            delivery = await receive.Run(source, payload.Alerts, http.RequestAborted);
        }
        catch (AlertsNotFiledException e) when (e.Outcome is CommandOutcome.Overloaded or CommandOutcome.Contended)
        {
            // Busy: the monitor's retry delivers them.
            await sources.Delivered(source.Id, "refused", Both(() => ProblemTexts.AlertsNotFiled), 0, CancellationToken.None);
            return ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, "alerts-not-filed", ProblemTexts.AlertsNotFiled);
        }
        catch (AlertsNotFiledException e)
        {
            // Refused for good (no playbook, a closed incident): say why, and do not ask for a retry.
            string Why() => ProblemResults.Format(ProblemTexts.AlertsRefused, CommandProblems.Problem(e.Outcome, "").ProblemDetails.Detail);
            await sources.Delivered(source.Id, "refused", Both(Why), 0, CancellationToken.None);
            return ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "alerts-refused", Why());
        }
        await sources.Delivered(source.Id, delivery.Outcome, null, delivery.Alerts, CancellationToken.None);
        metrics.AlertsReceived(delivery.Alerts, delivery.Outcome);
        return TypedResults.Accepted((string?)null, delivery);
    }

    /// <summary>The request's body, or null when it is larger than <see cref="MaxDeliveryBytes"/> (read no further).</summary>
    private static async Task<MemoryStream?> Body(HttpContext http)
    {
        if (http.Request.ContentLength > MaxDeliveryBytes)
            return null;
        var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxDeliveryBytes)
                return null;
            body.Write(buffer, 0, read);
        }
        return body;
    }

    private static ProblemHttpResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemResults.Create(StatusCodes.Status401Unauthorized, "unauthorized", detail);
    }

    private static string? Token(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>The payload's problem in the caller's language.</summary>
    public static string Describe(AlertPayloadProblem problem, AlertSourceKind kind) =>
        ProblemResults.Format(ProblemTexts.ResourceManager.GetString("AlertPayload_" + problem.Code, CultureInfo.CurrentUICulture) ?? problem.Code,
            problem.Field ?? "body", problem.Detail, kind.Id());

    /// <summary>A sentence in Japanese then English, kept on the source for whoever opens the settings page.</summary>
    private static string Both(Func<string> sentence)
    {
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Core.Bilingual.Japanese;
            var ja = sentence();
            CultureInfo.CurrentUICulture = Core.Bilingual.English;
            return $"{ja}\n{sentence()}";
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    public static async Task<Ok<IReadOnlyList<AlertSourceView>>> List(AlertSources sources, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sources.List(cancellationToken));

    public static async Task<Results<Ok<AlertSourceView>, ProblemHttpResult>> Get(int source, AlertSources sources, CancellationToken cancellationToken) =>
        await sources.Find(source, cancellationToken) is { } view ? TypedResults.Ok(view) : NotFound(source);

    public static async Task<Results<Created<NewAlertSource>, ProblemHttpResult>> Make([FromBody] NewAlertSourceRequest? request, HttpContext http, AlertSources sources)
    {
        if (Check(request?.Name, request?.Kind, request?.WindowMinutes) is { } bad)
            return bad.Field is null ? ProblemResults.Field("kind", bad.Detail) : ProblemResults.Field(bad.Field, bad.Detail);
        var kind = Kind(request!.Kind);
        var made = await sources.Make(Caller.From(http.User).OrganizationId, request.Name!.Trim(), kind, request.WindowMinutes ?? DefaultWindowMinutes, Caller.From(http.User), http.RequestAborted);
        return TypedResults.Created($"/api/v1/settings/alert-sources/{made.Number}", made);
    }

    public const int DefaultWindowMinutes = 24 * 60;

    /// <summary>A kind <see cref="Check"/> passed.</summary>
    private static AlertSourceKind Kind(string? kind) =>
        AlertSourceKinds.TryParse(kind, out var parsed) ? parsed : throw new ArgumentException("The kind was not checked.", nameof(kind));

    /// <summary>What is wrong with a new source's fields, if anything: the field and the sentence.</summary>
    public static (string? Field, string Detail)? Check(string? name, string? kind, int? windowMinutes)
    {
        if (TextRules.Check("name", name, 100, required: true) is { } badName)
            return ("name", ProblemResults.Describe(badName));
        if (!AlertSourceKinds.TryParse(kind, out _))
            return ("kind", ProblemTexts.AlertSourceKindInvalid);
        var (min, max) = ((int)AlertGrouping.MinWindow.TotalMinutes, (int)AlertGrouping.MaxWindow.TotalMinutes);
        if (windowMinutes is { } window && (window < min || window > max))
            return ("windowMinutes", ProblemResults.Format(ProblemTexts.AlertSourceWindowInvalid, min, max));
        return null;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Mute(int source, bool mute, HttpContext http, AlertSources sources) =>
        await sources.Mute(source, mute, Caller.From(http.User), http.RequestAborted) ? TypedResults.NoContent() : NotFound(source);

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(int source, AlertSources sources, CancellationToken cancellationToken) =>
        await sources.Revoke(source, cancellationToken) ? TypedResults.NoContent() : NotFound(source);

    private static ProblemHttpResult NotFound(int source) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "alert-source-not-found", ProblemResults.Format(ProblemTexts.AlertSourceNotFound, source));

    /// <summary>The monitoring page's forms: make a source (its token is shown once, in the message), mute, unmute, revoke.</summary>
    public static async Task<RedirectHttpResult> PageForm(
        [FromForm] string? action, [FromForm] string? name, [FromForm] string? kind, [FromForm] string? windowHours, [FromForm] int? source, HttpContext http, AlertSources sources)
    {
        const string back = Pages.MonitoringPage.Path;
        if (action is "mute" or "unmute" or "revoke" && source is { } number)
        {
            var done = action == "revoke" ? await sources.Revoke(number, http.RequestAborted) : await sources.Mute(number, action == "mute", Caller.From(http.User), http.RequestAborted);
            var message = !done ? ProblemResults.Format(ProblemTexts.AlertSourceNotFound, number)
                : action == "revoke" ? UiTexts.MonitoringRevoked : action == "mute" ? UiTexts.MonitoringMuted : UiTexts.MonitoringUnmuted;
            return PageForms.Back(http, back, done, message);
        }
        int window;
        if (string.IsNullOrWhiteSpace(windowHours))
            window = DefaultWindowMinutes;
        else if (int.TryParse(windowHours.Trim(), System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours is >= 1 and <= 168)
            window = hours * 60;
        else
            return PageForms.Back(http, back, false, UiTexts.MonitoringWindowHoursInvalid);
        if (Check(name, kind, window) is { } bad)
            return PageForms.Back(http, back, false, bad.Detail);
        var parsedKind = Kind(kind);
        var caller = Caller.From(http.User);
        var made = await sources.Make(caller.OrganizationId, name!.Trim(), parsedKind, window, caller, http.RequestAborted);
        return PageForms.Back(http, back, true, ProblemResults.Format(UiTexts.MonitoringMade, made.Name, made.Token, $"{http.Request.Scheme}://{http.Request.Host}{ReceivePath}"));
    }
}
