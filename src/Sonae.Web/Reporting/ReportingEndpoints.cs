using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Documents;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Reporting;

public sealed record CategoryAnswerRequest(string? Category, bool? Applies, string? Reason);

public sealed record AssessReportingRequest(IReadOnlyList<CategoryAnswerRequest>? Answers);

/// <param name="At">An ISO 8601 time; without an offset it is read as JST (+09:00). At most a year ago.</param>
public sealed record SetAwarenessRequest([property: System.Text.Json.Serialization.JsonConverter(typeof(CallerTimeJsonConverter))] DateTimeOffset? At, string? Reason);

/// <param name="PreliminaryDays">3 to 5.</param>
/// <param name="CountFirstDay">Whether the day of awareness is day 1; left out, it stays as it is.</param>
public sealed record ChangeReportingRulesRequest(int? PreliminaryDays, bool? CountFirstDay, string? Reason);

/// <summary>A change of the incident's preliminary period by management: the rules before and after, why, who and when.</summary>
public sealed record RulesChangeView(long Seq, int PreliminaryDays, bool CountFirstDay, int PreviousDays, bool PreviousCountFirstDay, string Reason, DateTimeOffset At, string By);

public sealed record RecordFigureRequest(string? Figure, long? Value, string? Note);

/// <param name="Basis">The draft's <c>basis</c> as read, so that what the record changed since still shows as out of date; without it, the saved draft's own (a first draft: the record as it stands).</param>
public sealed record DraftReportRequest(IReadOnlyDictionary<string, string>? Fields, long? Basis = null);

/// <param name="Take">The headings to take from the record (<c>[]</c>: keep every heading as it is).</param>
/// <param name="Basis">The <c>basis</c> of the changes read (what was offered is what is taken); without it, the record as it stands now.</param>
public sealed record RefillDraftRequest(IReadOnlyList<string>? Take, long? Basis);

public sealed record IssueReportDocumentRequest(IReadOnlyDictionary<string, string>? Fields, string? Format, string? To, string? Via, string? Comment, string? LateReason);

public sealed record AwarenessView(DateTimeOffset At, string Basis, string? Reason);

/// <param name="State">running, within-48-hours, within-24-hours, overdue, done, done-late, or not-needed (nothing on the record asks for the report, or management answered that none of the four situations applies: never overdue).</param>
public sealed record ClockView(string Report, DateTimeOffset Due, string State, DateTimeOffset? DoneAt, string? LateReason);

public sealed record AssessmentView(IReadOnlyList<CategoryAnswer> Answers, DateTimeOffset At, string By);

public sealed record FigureView(long Value, string? Note, DateTimeOffset At, string By);

public sealed record IssuedView(long Seq, string Report, DateTimeOffset At, string By, string To, string Via, string? Format, string Sha256, string? LateReason, string? Download);

/// <param name="Step">The step of the incident's playbook at which the report is made; null when the playbook ties it to none.</param>
public sealed record ReportListItem(string Id, string Title, string? Step, bool Applies, DateTimeOffset? DraftSavedAt);

/// <param name="OutgrewAnswer">The latest count of people affected is over 1,000 while management answered that situation 4 does not apply: the answer needs a second look (the pages say so too).</param>
/// <param name="PreliminaryDays">The incident's preliminary period, fixed at its opening from the profile (only management changes it after, see <paramref name="RulesChanges"/>).</param>
/// <param name="CountFirstDay">Whether the day of awareness counts as day 1, fixed with <paramref name="PreliminaryDays"/>.</param>
/// <param name="RulesFrom">opening (fixed when the incident was opened), changed (by management since), or profile-at-opening (an incident opened before they were fixed on the record: the profile as it was then).</param>
public sealed record ReportingSummary(
    string Need,
    AwarenessView? Awareness,
    AwarenessView? AwarenessFromRecord,
    int PreliminaryDays,
    IReadOnlyList<ClockView> Clocks,
    AssessmentView? Assessment,
    IReadOnlyDictionary<string, IReadOnlyList<FigureView>> Figures,
    IReadOnlyList<IssuedView> Issued,
    IReadOnlyList<ReportListItem> Reports,
    bool OutgrewAnswer,
    bool CountFirstDay,
    string RulesFrom,
    IReadOnlyList<RulesChangeView> RulesChanges);

/// <param name="OutOfDate">The record would now fill this heading of the saved draft differently.</param>
public sealed record DraftFieldView(string Id, string Heading, string Hint, bool Required, string? Value, bool OutOfDate);

/// <param name="Step">The step of the incident's playbook at which the report is made; null when the playbook ties it to none.</param>
/// <param name="Basis">The last event of the record the headings are compared with: send it back when saving the draft.</param>
/// <param name="OutOfDate">The record would now fill some heading of the saved draft differently (<c>outOfDateFields</c>; <c>…/draft/refill</c> shows how).</param>
public sealed record DraftView(
    string Report, string Title, string Recipient, string? Step, DateTimeOffset? SavedAt, string? SavedBy, long Basis, bool OutOfDate,
    IReadOnlyList<string> OutOfDateFields, IReadOnlyList<DraftFieldView> Fields);

/// <param name="Draft">What the saved draft says (null: nothing).</param>
/// <param name="Record">What the record would write now (null: nothing).</param>
/// <param name="TypedByHand">The draft's text is not what the record filled when it was drafted: someone wrote it; kept unless taken.</param>
public sealed record HeadingChangeView(string Id, string Heading, string? Draft, string? Record, bool TypedByHand);

/// <param name="Basis">The record's last event these changes were read at: send it back with the headings to take.</param>
public sealed record RefillView(string Report, string Title, DateTimeOffset? SavedAt, string? SavedBy, long Basis, IReadOnlyList<HeadingChangeView> Changes);

public sealed record IssuedResult(long Seq, string Sha256, string FileName, string Download);

/// <summary>
/// <c>/api/v1/incidents/{id}/reporting</c> and <c>…/reports/{report}</c>: the legal clocks and management's answers,
/// figures with their history, drafts, issuing and the issued files. Only people of the hospital read or write them
/// (vendors do not). Issued files and previews are also served to signed-in pages under <c>/incidents/{n}/reports</c>.
/// </summary>
public static partial class ReportingEndpoints
{
    public static IEndpointRouteBuilder MapReportingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents/{id}").WithTags("Reporting").RequireAuthorization(Core.Access.Operation.ReadReports)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapGet("/reporting", Summary).WithName("GetReporting").WithSummary("The legal clocks, management's answers to rule 7, figures with history, issued reports");
        group.MapPost("/reporting/assessment", Assess).WithName("AssessReporting").WithSummary("Management answers the four situations of rule 7, each with a reason");
        group.MapPost("/reporting/awareness", SetAwareness).WithName("SetAwareness").WithSummary("Management sets when the organization became aware, with a reason");
        group.MapPost("/reporting/rules", ChangeRules).WithName("ChangeReportingRules").WithSummary("Management changes the incident's preliminary period (3 to 5 days) or its day count, with a reason");
        group.MapPost("/reporting/figures", RecordFigure).WithName("RecordFigure").WithSummary("Record a figure that changes (people-affected), keeping its history");
        group.MapGet("/reports/{report}/draft", Draft).WithName("GetReportDraft").WithSummary("A report's draft: as last saved, or first filled from the record");
        group.MapPut("/reports/{report}/draft", SaveDraft).WithName("SaveReportDraft").WithSummary("Save a report's draft");
        group.MapGet("/reports/{report}/draft/refill", Changes).WithName("GetReportDraftChanges")
            .WithSummary("The headings of a saved draft the record would now fill differently: the draft's text, the record's, and whether it was typed by hand");
        group.MapPost("/reports/{report}/draft/refill", Refill).WithName("RefillReportDraft")
            .WithSummary("Take the record's text for the headings named, keeping every other heading of the saved draft as it is");
        group.MapPost("/reports/{report}/issue", Issue).WithName("IssueReportDocument").WithSummary("Issue a report as PDF, DOCX or text; records its SHA-256 and keeps the file");
        group.MapGet("/reports/issued/{seq:long}", Download).WithMetadata(new AuditedRead()).WithName("DownloadIssuedReport").WithSummary("An issued report's file, checked against the record's hash");
        // The same files for a person on the pages: their door is the contents', and what refuses them is a page.
        app.MapGet("/incidents/{id}/reports/issued/{seq:long}", Download).WithMetadata(new AuditedRead()).RequireAuthorization(Core.Access.Operation.ReadReportContents).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapGet("/incidents/{id}/reports/{report}/preview", Preview).RequireAuthorization(Core.Access.Operation.ReadReportContents).AnswersWithErrorPages().ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<ReportingSummary>, ProblemHttpResult>> Summary(string id, ClaimsPrincipal user, LoadReporting load, CancellationToken cancellationToken)
    {
        if (await View(id, user, load, cancellationToken) is not { } view)
            return Refusal(id, user);
        return TypedResults.Ok(SummaryOf(view, MayNotReadContents(user) is null));
    }

    /// <summary>The reporting's status; the issued files' addresses only for those who may read what they say.</summary>
    private static ReportingSummary SummaryOf(ReportingView view, bool contents)
    {
        var clocks = view.Clocks;
        return new ReportingSummary(
            Wire.Name(view.State.Need(view.Snapshot.Progress)),
            Awareness(view.State.Awareness),
            Awareness(view.State.FromRecord),
            view.Rules.PreliminaryDays,
            clocks is null ? [] : [Clock(clocks.Preliminary), Clock(clocks.Final)],
            view.State.Assessment is { } a ? new AssessmentView(a.Answers, a.At, a.By) : null,
            ReportingState.KnownFigures.ToDictionary(f => f, f => (IReadOnlyList<FigureView>)view.State.History(f).Select(v => new FigureView(v.Value, v.Note, v.At, v.By)).ToList()),
            view.State.Issued.Select(i => Issued(view, i, contents)).ToList(),
            ReportTemplates.All.Select(t => new ReportListItem(t.Id, t.Title.For(CultureInfo.CurrentUICulture), view.Step(t)?.Value, view.Applies(t), view.State.Draft(t.Id)?.At)).ToList(),
            clocks?.OutgrewAnswer == true,
            view.Rules.Count == DayCount.IncludingFirstDay,
            view.State.RulesChanges.Count > 0 ? "changed" : view.State.OpenedUnder is not null ? "opening" : "profile-at-opening",
            view.State.RulesChanges.Select(c => new RulesChangeView(c.Seq, c.Rules.PreliminaryDays, c.Rules.Count == DayCount.IncludingFirstDay,
                c.Previous.PreliminaryDays, c.Previous.Count == DayCount.IncludingFirstDay, c.Reason, c.At, c.By)).ToList());
    }

    private static AwarenessView? Awareness(Awareness? awareness) =>
        awareness is null ? null : new AwarenessView(awareness.At, Wire.Name(awareness.Basis), awareness.Reason);

    private static ClockView Clock(Clock clock) =>
        new(ReportTemplates.Get(clock.Report).Id, clock.Due, Wire.Name(clock.State), clock.Done?.At, clock.Done?.Data.LateReason);

    private static IssuedView Issued(ReportingView view, IssuedReport issued, bool contents) => new(
        issued.Seq, issued.Data.Report, issued.At, issued.By, issued.Data.To, Wire.Name(issued.Data.Via),
        issued.Data.Format is { } format ? Wire.Name(format) : null, issued.Data.Sha256, issued.Data.LateReason,
        issued.Data.Format is null || !contents ? null : $"/api/v1/incidents/{view.Incident.Number}/reports/issued/{issued.Seq}");

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Assess(
        string id, [FromBody] AssessReportingRequest? request, HttpContext http, IncidentQueries incidents, ApplyReportingCommand apply, CancellationToken cancellationToken)
    {
        var answers = new List<CategoryAnswer>();
        foreach (var answer in request?.Answers ?? [])
        {
            if (answer is null)
                return ProblemResults.Field(new FieldRefused("answers", FieldProblem.Required));
            if (ProblemResults.Choice<ReportingCategory>("category", answer.Category, out var category) is { } bad)
                return bad;
            if (answer.Applies is not { } applies)
                return ProblemResults.Field("applies", ProblemResults.Format(ProblemTexts.FieldRequired, "applies"));
            answers.Add(new CategoryAnswer(category, applies, answer.Reason ?? ""));
        }
        return await Run(id, http, incidents, apply, new AssessReporting(answers), cancellationToken);
    }

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> SetAwareness(
        string id, [FromBody] SetAwarenessRequest? request, HttpContext http, IncidentQueries incidents, ApplyReportingCommand apply, CancellationToken cancellationToken) =>
        request?.At is not { } at
            ? Task.FromResult<Results<Ok<CommandResult>, ProblemHttpResult>>(ProblemResults.Field(new FieldRefused("at", FieldProblem.Required)))
            : Run(id, http, incidents, apply, new Core.Reporting.SetAwareness(at, request.Reason ?? ""), cancellationToken);

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> ChangeRules(
        string id, [FromBody] ChangeReportingRulesRequest? request, HttpContext http, IncidentQueries incidents, ApplyReportingCommand apply, CancellationToken cancellationToken) =>
        request?.PreliminaryDays is not { } days
            ? Task.FromResult<Results<Ok<CommandResult>, ProblemHttpResult>>(ProblemResults.Field(new FieldRefused("preliminaryDays", FieldProblem.Required)))
            : Run(id, http, incidents, apply, new ChangeReportingRules(days, request.CountFirstDay is { } first ? (first ? DayCount.IncludingFirstDay : DayCount.FromNextDay) : null, request.Reason ?? ""), cancellationToken);

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> RecordFigure(
        string id, [FromBody] RecordFigureRequest? request, HttpContext http, IncidentQueries incidents, ApplyReportingCommand apply, CancellationToken cancellationToken) =>
        request?.Value is not { } value
            ? Task.FromResult<Results<Ok<CommandResult>, ProblemHttpResult>>(ProblemResults.Field(new FieldRefused("value", FieldProblem.Required)))
            : Run(id, http, incidents, apply, new Core.Reporting.RecordFigure(request.Figure ?? ReportingState.PeopleAffected, value, request.Note), cancellationToken);

    public static async Task<Results<Ok<DraftView>, ProblemHttpResult>> Draft(
        string id, string report, ClaimsPrincipal user, LoadReporting load, CancellationToken cancellationToken)
    {
        var (refused, view, template, draft) = await ReadDraft(id, report, user, load, cancellationToken);
        return refused ?? (Results<Ok<DraftView>, ProblemHttpResult>)TypedResults.Ok(DraftOf(template, view.Step(template), draft));
    }

    /// <summary>A report's draft as the caller may read it, or why not: what they may not read, the incident, the report.</summary>
    private static async Task<(ProblemHttpResult? Refused, ReportingView View, ReportTemplate Template, ReportDraft Draft)> ReadDraft(
        string id, string report, ClaimsPrincipal user, LoadReporting load, CancellationToken cancellationToken)
    {
        if (MayNotReadContents(user) is { } refused)
            return (refused, null!, null!, null!);
        if (await View(id, user, load, cancellationToken) is not { } view)
            return (Refusal(id, user), null!, null!, null!);
        if (ReportTemplates.Find(report) is not { } template)
            return (UnknownReport(report), null!, null!, null!);
        return (null, view, template, await load.Draft(view, template, cancellationToken));
    }

    private static DraftView DraftOf(ReportTemplate template, StepId? step, ReportDraft draft)
    {
        var culture = CultureInfo.CurrentUICulture;
        var outOfDate = draft.Changes.Select(c => c.Field.Id).ToHashSet(StringComparer.Ordinal);
        return new DraftView(template.Id, template.Title.For(culture), template.Recipient.For(culture), step?.Value, draft.Saved?.At, draft.Saved?.By,
            draft.Basis, draft.OutOfDate, [.. draft.Changes.Select(c => c.Field.Id)],
            template.Fields.Select(f => new DraftFieldView(f.Id, f.Heading.For(culture), f.Hint.For(culture), f.Required, draft.Fields.GetValueOrDefault(f.Id), outOfDate.Contains(f.Id))).ToList());
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SaveDraft(
        string id, string report, [FromBody] DraftReportRequest? request, HttpContext http, IncidentQueries incidents, LoadReporting load,
        ApplyReportingCommand apply, CancellationToken cancellationToken)
    {
        if (request?.Basis is { } basis && await View(id, http.User, load, cancellationToken) is { } view && BasisProblem(view, basis) is { } bad)
            return bad;
        return await Run(id, http, incidents, apply, new DraftReport(report, request?.Fields ?? new Dictionary<string, string>(), request?.Basis), cancellationToken);
    }

    public static async Task<Results<Ok<RefillView>, ProblemHttpResult>> Changes(
        string id, string report, ClaimsPrincipal user, LoadReporting load, CancellationToken cancellationToken)
    {
        var (refused, _, template, draft) = await ReadDraft(id, report, user, load, cancellationToken);
        if (refused is not null)
            return refused;
        var culture = CultureInfo.CurrentUICulture;
        return TypedResults.Ok(new RefillView(template.Id, template.Title.For(culture), draft.Saved?.At, draft.Saved?.By, draft.Head,
            draft.Changes.Select(c => new HeadingChangeView(c.Field.Id, c.Field.Heading.For(culture), c.Draft, c.Record, c.TypedByHand)).ToList()));
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Refill(
        string id, string report, [FromBody] RefillDraftRequest? request, HttpContext http, IncidentQueries incidents, LoadReporting load,
        ApplyReportingCommand apply, CancellationToken cancellationToken)
    {
        // Only those who may read what the draft and the record say are shown the changes, so only they take them.
        if (MayNotReadContents(http.User) is { } refused)
            return refused;
        if (await View(id, http.User, load, cancellationToken) is not { } view)
            return Refusal(id, http.User);
        if (ReportTemplates.Find(report) is not { } template)
            return UnknownReport(report);
        if (request?.Take is not { } take || take.Any(string.IsNullOrWhiteSpace))
            return ProblemResults.Field(new FieldRefused("take", FieldProblem.Required));
        var basis = request.Basis ?? view.Incident.LastSeq;
        if (BasisProblem(view, basis) is { } bad)
            return bad;
        var filled = await load.FilledAt(view, template, basis, cancellationToken);
        return await Run(id, http, incidents, apply, new RefillDraft(template.Id, take, filled, basis), cancellationToken);
    }

    /// <summary>A basis past the record's last event was never read from it.</summary>
    private static ProblemHttpResult? BasisProblem(ReportingView view, long basis) =>
        basis < 0 || basis > view.Incident.LastSeq
            ? ProblemResults.Field(new FieldRefused("basis", FieldProblem.OutOfRange, (int)Math.Min(view.Incident.LastSeq, int.MaxValue)))
            : null;

    public static async Task<Results<Created<IssuedResult>, ProblemHttpResult>> Issue(
        string id, string report, [FromBody] IssueReportDocumentRequest? request, HttpContext http, LoadReporting load,
        IssueReportDocument issue, CancellationToken cancellationToken)
    {
        var user = http.User;
        if (await View(id, user, load, cancellationToken) is not { } view)
            return Refusal(id, user);
        if (RequestIds.Read(http.Request, out var requestId) is { } badKey)
            return badKey;
        if (ProblemResults.Choice<ReportFormat>("format", request?.Format, out var format) is { } badFormat)
            return badFormat;
        if (ProblemResults.Choice<ContactChannel>("via", request?.Via, out var via) is { } badVia)
            return badVia;
        // Named alone, the saved draft goes as saved, but never unseen over what the record has said since.
        if (request?.Fields is null && ReportTemplates.Find(report) is { } template && view.State.Draft(template.Id) is not null
            && await load.Draft(view, template, cancellationToken) is { OutOfDate: true } stale)
            return ProblemResults.For(new DraftOutOfDate(template.Id, [.. stale.Changes.Select(c => c.Field.Id)]), view.Playbook.Playbook);
        RequestAudit.SucceedsWith(http, StatusCodes.Status201Created);
        try
        {
            var issued = await issue.Run(Caller.From(user), view,
                new IssueRequest(report, request!.Fields, format, request.To, via, request.Comment, request.LateReason), cancellationToken, requestId);
            if (issued.Outcome is not CommandOutcome.Appended appended)
                return CommandProblems.Problem(issued.Outcome, id);
            // A replayed request answers with the file kept the first time, as its event names it.
            var last = appended.Events[^1];
            var recorded = (ReportIssued)EventChain.Parse(last.Body).Data;
            var download = $"/api/v1/incidents/{view.Incident.Number}/reports/issued/{last.Seq}";
            var fileName = issued.File?.FileName ?? await load.IssuedFileName(view.Incident.Id, last.Seq, cancellationToken);
            return TypedResults.Created(download, new IssuedResult(last.Seq, recorded.Sha256, fileName, download));
        }
        catch (PdfUnavailableException e)
        {
            return ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, "pdf-unavailable", e.Message);
        }
    }

    /// <summary>
    /// An issued file, exactly as issued. Its bytes are hashed again on every download and compared with the
    /// record: a file that no longer matches is not served (500, logged), since it is not what was sent.
    /// </summary>
    public static async Task<IResult> Download(string id, long seq, ClaimsPrincipal user, IncidentQueries incidents, LoadReporting load, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (MayNotReadContents(user) is { } refused)
            return refused;
        if (await incidents.ResolveId(id, cancellationToken) is not { } incidentId)
            return ProblemResults.IncidentNotFound(id);
        if (await load.Issued(incidentId, seq, cancellationToken) is not ({ } document, { } issued))
            return ProblemResults.Create(StatusCodes.Status404NotFound, "issued-report-not-found", ProblemResults.Format(ProblemTexts.IssuedReportNotFound, seq));
        var actual = Convert.ToHexStringLower(SHA256.HashData(document.Content));
        if (!string.Equals(actual, issued.Sha256, StringComparison.Ordinal))
        {
            ReportingLog.IssuedFileAltered(loggers.CreateLogger("Sonae.Reporting"), incidentId, seq, actual, issued.Sha256);
            return ProblemResults.Create(StatusCodes.Status500InternalServerError, "issued-report-altered", ProblemResults.Format(ProblemTexts.IssuedReportAltered, seq));
        }
        return Results.File(document.Content, document.MediaType, document.FileName);
    }

    /// <summary>The current draft (as saved, else as first filled) as a page, PDF, DOCX or text, marked as not issued.</summary>
    public static async Task<IResult> Preview(string id, string report, string? format, ClaimsPrincipal user, LoadReporting load, ReportFiles files, CancellationToken cancellationToken)
    {
        if (MayNotReadContents(user) is { } refused)
            return refused;
        if (await View(id, user, load, cancellationToken) is not { } view)
            return Refusal(id, user);
        if (ReportTemplates.Find(report) is not { } template)
            return UnknownReport(report);
        var fields = await load.Fields(view, template, cancellationToken);
        var paper = new ReportPaper(template, fields, view.Today, view.Dates, view.Incident.Number, Draft: true, Drill: view.Incident.Drill);
        if (string.IsNullOrEmpty(format) || format == "html")
            return Results.Content(await files.Html(paper), "text/html; charset=utf-8");
        if (!Wire.TryParse<ReportFormat>(format, out var wanted))
            return ProblemResults.Choice<ReportFormat>("format", format, out _)!;
        try
        {
            var file = await files.Make(paper, wanted, cancellationToken);
            return Results.File(file.Content, file.MediaType, "draft-" + file.FileName);
        }
        catch (PdfUnavailableException e)
        {
            return ErrorPages.Result(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
    }

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Run(
        string id, HttpContext http, IncidentQueries incidents, ApplyReportingCommand apply, ReportingCommand command, CancellationToken cancellationToken)
    {
        if (MayNotRead(http.User) is { } refused)
            return refused;
        if (RequestIds.Read(http.Request, out var requestId) is { } badKey)
            return badKey;
        if (await incidents.ResolveId(id, cancellationToken) is not { } incidentId)
            return ProblemResults.IncidentNotFound(id);
        var caller = Caller.From(http.User);
        var outcome = await apply.Run(caller, incidentId, command, null, cancellationToken, requestId);
        return outcome is CommandOutcome.Appended appended ? TypedResults.Ok(IncidentViews.Result(appended)) : CommandProblems.Problem(outcome, id);
    }

    /// <summary>The incident's reporting, or null when the caller may not read it or there is no such incident.</summary>
    private static async Task<ReportingView?> View(string id, ClaimsPrincipal user, LoadReporting load, CancellationToken cancellationToken) =>
        MayNotRead(user) is null ? await load.View(id, cancellationToken) : null;

    private static ProblemHttpResult? MayNotRead(ClaimsPrincipal user) => AccessPolicies.Refusal(Caller.From(user), Core.Access.Operation.ReadReports);

    private static ProblemHttpResult? MayNotReadContents(ClaimsPrincipal user) => AccessPolicies.Refusal(Caller.From(user), Core.Access.Operation.ReadReportContents);

    private static ProblemHttpResult Refusal(string id, ClaimsPrincipal user) => MayNotRead(user) ?? ProblemResults.IncidentNotFound(id);

    private static ProblemHttpResult UnknownReport(string report) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "unknown-report",
            ProblemResults.Format(ProblemTexts.UnknownReport, report, string.Join(", ", ReportTemplates.All.Select(t => t.Id))));
}

internal static partial class ReportingLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Issued report {Incident}/{Seq} does not match its record: {Actual} instead of {Expected}.")]
    public static partial void IssuedFileAltered(ILogger logger, Guid incident, long seq, string actual, string expected);
}
