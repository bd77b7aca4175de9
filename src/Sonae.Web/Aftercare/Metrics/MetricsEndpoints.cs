using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Documents;
using Sonae.Web.Problems;
using Sonae.Web.Resources;
using static Sonae.Web.Aftercare.Metrics.MetricsViews;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>
/// <c>/api/v1/metrics</c>: the times of a period's incidents, real ones and drills apart (JSON, CSV, Excel); and
/// an incident's after-action report (<c>/api/v1/incidents/{id}/after-action</c>, by number or id) with its
/// findings. Reading is for the security officer and management; so is writing a finding.
/// </summary>
public static class MetricsEndpoints
{
    public sealed record FindingRequest(string? Text, Guid? RequestId);

    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        var metrics = app.MapGroup("/api/v1/metrics").WithTags("Metrics").RequireAuthorization(Operation.ReadMetrics)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status400BadRequest);
        metrics.MapGet("", Get).WithName("GetMetrics").WithSummary("Times from the first report to each milestone, steps against targets and paging, for real incidents and drills apart (?from=&to= in yyyy-MM-dd, JST)");
        metrics.MapGet("/export.csv", (string? from, string? to, LoadMetrics load, CancellationToken ct) => Export(from, to, load, csv: true, ct))
            .WithName("ExportMetricsCsv").WithSummary("The incidents' times as CSV (UTF-8 with BOM)").Produces<byte[]>(contentType: "text/csv");
        metrics.MapGet("/export.xlsx", (string? from, string? to, LoadMetrics load, CancellationToken ct) => Export(from, to, load, csv: false, ct))
            .WithName("ExportMetricsXlsx").WithSummary("The incidents' times and the summaries as an Excel workbook").Produces<byte[]>(contentType: Xlsx);

        // The page's own links: a signed-in browser has no API key, so the files are served at the page's address too.
        app.MapGet("/response-metrics/export.csv", (string? from, string? to, LoadMetrics load, CancellationToken ct) => Export(from, to, load, csv: true, ct))
            .RequireAuthorization(Operation.ReadMetrics).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapGet("/response-metrics/export.xlsx", (string? from, string? to, LoadMetrics load, CancellationToken ct) => Export(from, to, load, csv: false, ct))
            .RequireAuthorization(Operation.ReadMetrics).AnswersWithErrorPages().ExcludeFromDescription();

        var report = app.MapGroup("/api/v1/incidents/{id}/after-action").WithTags("Metrics")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        report.MapGet("", GetAfterAction).RequireAuthorization(Operation.ReadMetrics).WithName("GetAfterAction")
            .WithSummary("An incident's after-action report: steps against targets, skipped steps, paging, the timeline and the findings");
        report.MapPost("/findings", PostFinding).RequireAuthorization(Operation.RecordFindings).WithName("AddFinding")
            .WithSummary("Add a finding to the after-action report (a request id makes it idempotent)").ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapGet("/incidents/{id}/after-action.pdf", Pdf).RequireAuthorization(Operation.ReadMetrics).WithMetadata(new Audit.AuditedRead())
            .AnswersWithErrorPages().ExcludeFromDescription();
        return app;
    }

    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<Results<Ok<MetricsJson>, ProblemHttpResult>> Get(string? from, string? to, LoadMetrics load, CancellationToken cancellationToken)
    {
        var (period, problem) = Read(from, to, load);
        if (period is null)
            return problem!;
        return TypedResults.Ok(Json(period, await load.Report(period, cancellationToken)));
    }

    private static async Task<IResult> Export(string? from, string? to, LoadMetrics load, bool csv, CancellationToken cancellationToken)
    {
        var (period, problem) = Read(from, to, load);
        if (period is null)
            return problem!;
        var report = await load.Report(period, cancellationToken);
        var name = $"metrics-{period.From.Iso()}-{period.To.Iso()}";
        return csv
            ? TypedResults.File(MetricsFiles.Csv(report), "text/csv; charset=utf-8", name + ".csv")
            : TypedResults.File(MetricsFiles.Xlsx(report), Xlsx, name + ".xlsx");
    }

    public static async Task<Results<Ok<AfterActionJson>, ProblemHttpResult>> GetAfterAction(string id, HttpContext context, LoadMetrics load, CancellationToken cancellationToken) =>
        await load.AfterAction(id, Caller.From(context.User).Actor, cancellationToken) is { } view
            ? TypedResults.Ok(Json(view))
            : ProblemResults.IncidentNotFound(id);

    public static async Task<Results<Created<FindingView>, ProblemHttpResult>> PostFinding(string id, FindingRequest? request, HttpContext context, AddFinding add, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        return await add.Add(id, request?.Text, request?.RequestId, caller.Actor, caller.OrganizationId, cancellationToken) switch
        {
            AddFindingResult.Added added => TypedResults.Created($"/api/v1/incidents/{added.IncidentNumber}/after-action", added.Finding),
            AddFindingResult.Refused refused => ProblemResults.Field(refused.Problem),
            _ => ProblemResults.IncidentNotFound(id),
        };
    }

    private static async Task<IResult> Pdf(string id, HttpContext http, LoadMetrics load, MakeAfterAction make)
    {
        if (await load.AfterAction(id, Caller.From(http.User).Actor, http.RequestAborted) is not { } view)
            return ErrorPages.Result(StatusCodes.Status404NotFound, ProblemResults.IncidentNotFoundText(id));
        try
        {
            var pdf = await make.Pdf(view, CultureInfo.CurrentUICulture, Localization.DateStyles.PrefersWareki(http), http.RequestAborted);
            return Results.File(pdf, "application/pdf", $"after-action-{view.Incident.Number}-{view.Now.ToJst():yyyyMMdd}.pdf");
        }
        catch (PdfUnavailableException e)
        {
            return ErrorPages.Result(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
    }

    /// <summary>The period the query names, or the problem naming the wrong field.</summary>
    private static (MetricsPeriod? Period, ProblemHttpResult? Problem) Read(string? from, string? to, LoadMetrics load)
    {
        var (period, field) = MetricsPeriod.Parse(from, to, load.Today);
        if (period is not null)
            return (period, null);
        var detail = ProblemResults.Format(ProblemTexts.MetricsBadPeriod, MetricsPeriod.MaxDays);
        return (null, ProblemResults.Create(StatusCodes.Status400BadRequest, "invalid-period", detail,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field!] = [detail] } }));
    }
}
