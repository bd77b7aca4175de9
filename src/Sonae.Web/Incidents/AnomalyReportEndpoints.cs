using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Localization;
using Sonae.Web.Problems;

namespace Sonae.Web.Incidents;

/// <param name="IncidentId">The open incident this report is about, when the reporter chose one; otherwise a new incident opens.</param>
/// <param name="Signs">What they saw: ransom-note, odd-files, homepage-changed, data-missing, antivirus-alert, slow-or-frozen, other.</param>
/// <param name="Since">Since when: an ISO 8601 time; without an offset it is read as JST (+09:00). At most a year ago.</param>
public sealed record AnomalyReportRequest(
    string? IncidentId,
    string? Department,
    string? Location,
    string? Device,
    IReadOnlyList<string>? Signs,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(Localization.CallerTimeJsonConverter))] DateTimeOffset? Since,
    string? Description,
    string? ReporterName,
    string? ReporterContact);

/// <param name="Next">What the reporter should do at once at the device they reported, in the playbook's words (for signs
/// of infection: pull the cable, keep the power on), whether the report opened an incident or joined one. Calling the
/// security officer always follows.</param>
/// <param name="Call">Whom to phone now, and at which numbers: the same as the report page, the poster and the binder
/// show. Null when nobody is on record (then tell the IT office in person).</param>
public sealed record AnomalyReportResult(CommandResult Incident, bool Opened, IReadOnlyList<NextStep> Next, CallView? Call);

/// <param name="Numbers">In the order to try them; empty when none is on record.</param>
public sealed record CallView(string Name, IReadOnlyList<CallNumber> Numbers);

/// <param name="Kind">The line: phs, extension, mobile, home, office, hotline24h; null for a number kept as free text.</param>
/// <param name="Text">How the pages write it, in the caller's language ("院内PHS 2100").</param>
public sealed record CallNumber(string? Kind, string Value, string Text);

public sealed record NextStep(string Step, TextPair StepTitle, string Kind, TextPair Text);

/// <summary><c>/api/v1/anomaly-reports</c>: the staff's report that opens an incident or joins an open one.</summary>
public static class AnomalyReportEndpoints
{
    public static IEndpointRouteBuilder MapAnomalyReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/anomaly-reports", File)
            .WithTags("Incidents")
            .WithName("FileAnomalyReport")
            .WithSummary("Report something wrong: opens an incident, or joins the one named")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<Results<Created<AnomalyReportResult>, Ok<AnomalyReportResult>, ProblemHttpResult>> File(
        AnomalyReportRequest request, ClaimsPrincipal user, HttpRequest http, FileAnomalyReport file, IncidentQueries incidents,
        Preparedness.LoadEmergencyContact contact, CancellationToken cancellationToken)
    {
        if (RequestIds.Read(http, out var requestId) is { } badKey)
            return badKey;
        var signs = new List<AnomalySign>();
        foreach (var sign in request.Signs ?? [])
        {
            if (ProblemResults.Choice<AnomalySign>("signs", sign, out var parsed) is { } badSign)
                return badSign;
            signs.Add(parsed);
        }
        Guid? join = null;
        if (!string.IsNullOrWhiteSpace(request.IncidentId))
        {
            if (await incidents.ResolveId(request.IncidentId, cancellationToken) is not { } incidentId)
                return ProblemResults.IncidentNotFound(request.IncidentId);
            join = incidentId;
        }

        var caller = Caller.From(user);
        var report = new AnomalyReport(request.Department ?? "", request.Location, request.Device, signs, request.Since,
            request.Description, request.ReporterName, request.ReporterContact);
        if (join is null)
            RequestAudit.SucceedsWith(http.HttpContext, StatusCodes.Status201Created);
        var outcome = await file.Run(caller, report, join, requestId, cancellationToken);
        if (outcome is not CommandOutcome.Appended appended)
            return CommandProblems.Problem(outcome, request.IncidentId ?? "");

        var next = appended.Playbook.ActionsOnReport(report.ShowsInfection)
            .Select(a => new NextStep(a.Step.Id.Value, TextPair.From(a.Step.Title), Wire.Name(NextKind.DoAction), TextPair.From(a.Action.Text)))
            .ToList();
        var call = await contact.For(caller, cancellationToken) is { } found
            ? new CallView(found.Name, [.. found.Numbers.Select(n => new CallNumber(n.Kind is { } kind ? Labels.Id(kind) : null, n.Value, Preparedness.EmergencyContactText.Number(n)))])
            : null;
        var result = new AnomalyReportResult(IncidentViews.Result(appended), join is null && !appended.Replayed, next, call);
        return result.Opened
            ? TypedResults.Created($"/api/v1/incidents/{appended.IncidentId}", result)
            : TypedResults.Ok(result);
    }
}
