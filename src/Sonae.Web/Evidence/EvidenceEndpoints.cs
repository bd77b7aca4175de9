using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Evidence;
using Sonae.Core.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Evidence;

public sealed record CustodyView(DateTimeOffset At, string By, string To, string? Comment);

public sealed record EvidenceView(
    string Id, string FileName, string Kind, long Size, string Sha256, string CollectedBy, DateTimeOffset CollectedAt, string? FromAsset,
    string? Description, DateTimeOffset AddedAt, string AddedBy, IReadOnlyList<CustodyView> Custody, string Download);

public sealed record HandOverRequest(string? To, string? Comment);

/// <summary>
/// The evidence locker (2-14) of an incident: upload (the body is the file; what it is goes in the query), list,
/// download (checked against its hash, never shown inline), hand-over, and the manifest for the police and forensic
/// vendors. Only those who keep evidence — the security officer, vendors and management — read or add it.
/// </summary>
public static class EvidenceEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents/{id}/evidence").WithTags("Evidence").RequireAuthorization(Operation.ReadEvidence)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", List).WithName("ListEvidence").WithSummary("The locker: every piece of evidence with its hash and chain of custody");
        group.MapPost("/", Upload).WithName("AddEvidence").DisableAntiforgery()
            .WithSummary("Add a file (the request body) with ?fileName=&kind=&collectedBy=&collectedAt=&fromAsset=&description=; its SHA-256 is computed on arrival");
        group.MapGet("/{evidence}", Download).WithMetadata(new AuditedRead()).WithName("DownloadEvidence").WithSummary("A piece of evidence as a download, checked against its SHA-256");
        group.MapPost("/{evidence}/handover", HandOver).WithName("HandOverEvidence").WithSummary("Record that it was handed to someone");
        group.MapGet("/manifest.{format}", Manifest).WithMetadata(new AuditedRead()).WithName("EvidenceManifest").WithSummary("The evidence manifest as csv or txt");
        // The same downloads for a person on the pages: what refuses them is the error page, not JSON.
        app.MapGet("/incidents/{id}/evidence/files/{evidence}", Download).WithMetadata(new AuditedRead()).RequireAuthorization(Operation.ReadEvidence).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapGet("/incidents/{id}/evidence/manifest.{format}", Manifest).WithMetadata(new AuditedRead()).RequireAuthorization(Operation.ReadEvidence).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapPost("/incidents/{id}/evidence/do", PageForm).RequireAuthorization(Operation.KeepEvidence).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    /// <summary>Refused for anyone who does not keep evidence (staff).</summary>
    private static ProblemHttpResult? MayNotKeep(ClaimsPrincipal user) => AccessPolicies.Refusal(Caller.From(user), Operation.ReadEvidence);

    public static async Task<Results<Ok<IReadOnlyList<EvidenceView>>, ProblemHttpResult>> List(string id, ClaimsPrincipal user, EvidenceQueries evidence, CancellationToken cancellationToken)
    {
        if (MayNotKeep(user) is { } refused)
            return refused;
        return await evidence.Register(id, cancellationToken) is { } register ? TypedResults.Ok(register.Items) : ProblemResults.IncidentNotFound(id);
    }

    public static async Task<Results<Created<CommandResult>, ProblemHttpResult>> Upload(
        string id, string? fileName, string? kind, string? collectedBy, string? collectedAt, string? fromAsset, string? description,
        HttpContext http, IncidentQueries incidents, AddEvidenceFile add, CancellationToken cancellationToken)
    {
        if (MayNotKeep(http.User) is { } refused)
            return refused;
        // An ISO 8601 time; without an offset, JST (the query binder alone would take the server's zone).
        DateTimeOffset? collected = null;
        if (!string.IsNullOrEmpty(collectedAt))
        {
            if (!JapanTime.TryParseIso(collectedAt, out var parsed))
                return ProblemResults.Field("collectedAt", ProblemResults.Format(ProblemTexts.FieldNotATime, Texts.Field("collectedAt")));
            collected = parsed;
        }
        if (ProblemResults.Choice<EvidenceKind>("kind", kind ?? "other", out var parsedKind) is { } badKind)
            return badKind;
        if (string.IsNullOrWhiteSpace(fileName))
            return ProblemResults.Field(new FieldRefused("fileName", FieldProblem.Required));
        if (await incidents.ResolveId(id, cancellationToken) is not { } incidentId)
            return ProblemResults.IncidentNotFound(id);
        RequestAudit.SucceedsWith(http, StatusCodes.Status201Created);
        var outcome = await add.Run(http, incidentId, http.Request.Body, new EvidenceDetails(fileName, parsedKind, collectedBy, collected, fromAsset, description), cancellationToken);
        return outcome switch
        {
            AddEvidenceFile.Outcome.Added added => TypedResults.Created($"/api/v1/incidents/{added.Appended.Number}/evidence/{added.Event.Evidence}", IncidentViews.Result(added.Appended)),
            AddEvidenceFile.Outcome.TooLarge large => TooLarge(large.Limit),
            AddEvidenceFile.Outcome.Refused { Command: var command } => CommandProblems.Problem(command, id),
            _ => throw new InvalidOperationException($"Unknown outcome {outcome}."),
        };
    }

    private static ProblemHttpResult TooLarge(long limit) => ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "too-large",
        ProblemResults.Format(ProblemTexts.EvidenceTooLarge, limit / (1024 * 1024)));

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> HandOver(
        string id, string evidence, [FromBody] HandOverRequest? request, ClaimsPrincipal user, IncidentQueries incidents, ApplyIncidentCommand apply, CancellationToken cancellationToken)
    {
        if (MayNotKeep(user) is { } refused)
            return refused;
        if (await incidents.ResolveId(id, cancellationToken) is not { } incidentId)
            return ProblemResults.IncidentNotFound(id);
        var caller = Caller.From(user);
        var outcome = await apply.Run(caller, incidentId, new HandOverEvidence(evidence, request?.To ?? "", request?.Comment), null, cancellationToken);
        return outcome is CommandOutcome.Appended appended ? TypedResults.Ok(IncidentViews.Result(appended)) : CommandProblems.Problem(outcome, id);
    }

    /// <summary>
    /// A piece of evidence, only ever as a download: a generic type, <c>nosniff</c>, a sandboxing CSP, the stored
    /// name made harmless. The bytes are hashed first and sent only if they are still what the record says.
    /// </summary>
    public static async Task<IResult> Download(string id, string evidence, HttpContext http, EvidenceQueries queries, EvidenceLocker locker, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (MayNotKeep(http.User) is { } refused)
            return refused;
        if (await queries.Register(id, cancellationToken) is not { Incident: var incident } register)
            return ProblemResults.IncidentNotFound(id);
        if (register.Find(evidence) is not { } item)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "unknown-evidence", ProblemResults.Format(ProblemTexts.UnknownEvidence, evidence, incident.Number));
        if (!await locker.Intact(item.Sha256, cancellationToken))
        {
            EvidenceLog.Altered(loggers.CreateLogger("Sonae.Evidence"), incident.Id, item.Id, item.Sha256);
            return ProblemResults.Create(StatusCodes.Status500InternalServerError, "evidence-altered", ProblemResults.Format(ProblemTexts.EvidenceAltered, item.Id, item.Sha256));
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers["X-Evidence-SHA256"] = item.Sha256;
        return Results.File(locker.Open(item.Sha256), "application/octet-stream", $"{item.Id}_{item.FileName}");
    }

    /// <summary>The manifest for whoever takes the evidence over: every file, its hash, who collected it from where, and each hand-over.</summary>
    public static async Task<IResult> Manifest(string id, string format, ClaimsPrincipal user, EvidenceQueries evidence, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (MayNotKeep(user) is { } refused)
            return refused;
        if (await evidence.Manifest(id, clock.GetUtcNow(), cancellationToken) is not { } manifest)
            return ProblemResults.IncidentNotFound(id);
        return format switch
        {
            "csv" => Results.File(manifest.Csv(), "text/csv; charset=utf-8", $"evidence-manifest-incident-{manifest.Number}.csv"),
            "txt" => Results.File(Encoding.UTF8.GetBytes(manifest.Text()), "text/plain; charset=utf-8", $"evidence-manifest-incident-{manifest.Number}.txt"),
            _ => ProblemResults.Field("format", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("format"), format, "csv, txt")),
        };
    }

    /// <summary>The evidence page's forms: an upload (multipart, the file and what it is) or a hand-over.</summary>
    public static async Task<RedirectHttpResult> PageForm(string id, HttpContext http, IncidentQueries incidents, EvidenceLocker locker, AddEvidenceFile add, ApplyIncidentCommand apply)
    {
        var back = $"/incidents/{Uri.EscapeDataString(id)}/evidence";
        // The form may carry a large file: its size limit is raised before anything reads it, and the token checked by hand.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = locker.MaxBytes + 1024 * 1024;
        if (MayNotKeep(http.User) is { } refused)
            return PageForms.Back(http, back, false, refused.ProblemDetails.Detail ?? "");
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = locker.MaxBytes + 1024 * 1024 }, http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return PageForms.Back(http, back, false, ProblemResults.Format(ProblemTexts.EvidenceTooLarge, locker.MaxBytes / (1024 * 1024)));
        }
        if (await PageForms.RefuseExpired(http, back) is { } expired)
            return expired;
        if (await incidents.ResolveId(id, http.RequestAborted) is not { } incidentId)
            return PageForms.Back(http, "/", false, ProblemResults.IncidentNotFoundText(id));
        if (form["kind"] == "handover")
        {
            var caller = Caller.From(http.User);
            var outcome = await apply.Run(caller, incidentId, new HandOverEvidence(form["evidence"].ToString(), form["to"].ToString(), form["comment"]), null, http.RequestAborted);
            return outcome is CommandOutcome.Appended ? PageForms.Back(http, back, true, UiTexts.EvidenceHandedOver) : PageForms.Back(http, back, false, CommandProblems.Problem(outcome, id).ProblemDetails.Detail ?? "");
        }
        if (form.Files.GetFile("file") is not { Length: > 0 } upload)
            return PageForms.Back(http, back, false, UiTexts.EvidenceChooseFile);
        if (!Wire.TryParse<EvidenceKind>(form["evidenceKind"], out var kind))
            return PageForms.Back(http, back, false, ProblemTexts.BadRequest);
        DateTimeOffset? collectedAt = JapanTime.TryParseFormMinute(form["collectedAt"], out var typed) ? typed : null;
        await using var stream = upload.OpenReadStream();
        var added = await add.Run(http, incidentId, stream, new EvidenceDetails(upload.FileName, kind, form["collectedBy"], collectedAt, form["fromAsset"], form["description"]), http.RequestAborted);
        return added switch
        {
            AddEvidenceFile.Outcome.Added stored => PageForms.Back(http, back, true, ProblemResults.Format(UiTexts.EvidenceAdded, stored.Event.Evidence, stored.Event.Sha256)),
            AddEvidenceFile.Outcome.TooLarge large => PageForms.Back(http, back, false, ProblemResults.Format(ProblemTexts.EvidenceTooLarge, large.Limit / (1024 * 1024))),
            AddEvidenceFile.Outcome.Refused r => PageForms.Back(http, back, false, CommandProblems.Problem(r.Command, id).ProblemDetails.Detail ?? ""),
            _ => throw new InvalidOperationException($"Unknown outcome {added}."),
        };
    }

}

internal static partial class EvidenceLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Evidence {Evidence} of incident {Incident} no longer hashes to {Sha256}: not served.")]
    public static partial void Altered(ILogger logger, Guid incident, string evidence, string sha256);
}
