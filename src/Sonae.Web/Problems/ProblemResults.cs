using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Problems;

/// <summary>
/// RFC 9457 problem details in the caller's language (the request culture), each with a specific detail and a
/// stable <c>code</c> (also the end of its <c>type</c> URI, <c>urn:sonae:problem:{code}</c>).
/// </summary>
public static class ProblemResults
{
    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = $"urn:sonae:problem:{code}",
            Title = TitleFor(status),
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
            problem.Extensions[key] = value;
        return TypedResults.Problem(problem);
    }

    /// <summary>
    /// 429 after too many tries: sets the response's status and <c>Retry-After</c> (whole seconds, at least one) and
    /// gives the too-many-requests problem saying the same wait.
    /// </summary>
    public static ProblemHttpResult TooManyRequests(HttpResponse response, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(response);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status429TooManyRequests, "too-many-requests", Format(ProblemTexts.TooManyRequests, seconds));
    }

    public static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTexts.Title_Invalid,
        StatusCodes.Status401Unauthorized => ProblemTexts.Title_Unauthorized,
        StatusCodes.Status403Forbidden => ProblemTexts.Title_Forbidden,
        StatusCodes.Status404NotFound => ProblemTexts.Title_NotFound,
        StatusCodes.Status409Conflict => ProblemTexts.Title_Conflict,
        StatusCodes.Status410Gone => ProblemTexts.Title_Gone,
        StatusCodes.Status413PayloadTooLarge => ProblemTexts.Title_TooLarge,
        StatusCodes.Status414UriTooLong => ProblemTexts.Title_UriTooLong,
        StatusCodes.Status422UnprocessableEntity => ProblemTexts.Title_Invalid,
        StatusCodes.Status429TooManyRequests => ProblemTexts.Title_TooManyRequests,
        StatusCodes.Status503ServiceUnavailable => ProblemTexts.Title_Unavailable,
        StatusCodes.Status507InsufficientStorage => ProblemTexts.Title_StorageFull,
        >= 500 => ProblemTexts.Title_ServerError,
        _ => ProblemTexts.Title_Unreadable,
    };

    /// <summary>A request field that is missing or wrong: 400, with the field in <c>errors</c> as in a validation problem.</summary>
    /// <summary>
    /// 400 for a change that does not say which version it was made on: taken as 0 it would be refused as a conflict
    /// with someone's save, which it is not.
    /// </summary>
    public static ProblemHttpResult BaseVersionRequired() => Field("baseVersion", Format(ProblemTexts.FieldRequired, Texts.Field("baseVersion")));

    public static ProblemHttpResult Field(string field, string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-field", detail, new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
        });

    public static ProblemHttpResult Field(FieldRefused refused) => Field(refused.Field, Describe(refused));

    public static ProblemHttpResult IncidentNotFound(string id) =>
        Create(StatusCodes.Status404NotFound, "incident-not-found", IncidentNotFoundText(id));

    /// <summary>
    /// The sentence for an incident not found, naming it as a person does: by its number, or by what they typed; never
    /// by an internal id (a GUID means nothing to the reader, and the address already carries it).
    /// </summary>
    public static string IncidentNotFoundText(string id) =>
        int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? Format(ProblemTexts.IncidentNotFoundNumber, number)
        : NotFoundText(id, ProblemTexts.IncidentNotFound, ProblemTexts.IncidentNotFoundUnnamed, int.MaxValue);

    /// <summary>
    /// The sentence for anything not found (an incident, a notice, a webhook): naming it as the person typed it, or
    /// <paramref name="unnamed"/> when that is an internal id (a GUID), empty, or longer than <paramref name="longest"/>.
    /// </summary>
    public static string NotFoundText(string id, string named, string unnamed, int longest = 60) =>
        string.IsNullOrWhiteSpace(id) || Guid.TryParse(id, out _) || id.Length > longest ? unnamed : Format(named, id);

    /// <summary>Words a refusal of the rules for the caller, naming steps and facts as the incident's playbook does.</summary>
    public static ProblemHttpResult For(Refusal refusal, Playbook playbook)
    {
        var text = new Texts(playbook);
        return refusal switch
        {
            RoleRequired r => Create(StatusCodes.Status403Forbidden, "role-required",
                Format(ProblemTexts.RoleRequired, Texts.RoleList(r.Allowed), Texts.RoleList(r.Held)),
                new Dictionary<string, object?> { ["allowedRoles"] = r.Allowed.Select(x => x.Id()).ToList() }),
            IncidentIsClosed => Create(StatusCodes.Status409Conflict, "incident-closed", ProblemTexts.IncidentIsClosed),
            StepIsLocked r => Create(StatusCodes.Status409Conflict, "step-locked", (r.WaitingForSteps.Count, r.WaitingForFacts.Count) switch
                {
                    (> 0, > 0) => Format(ProblemTexts.StepIsLockedBoth, text.Step(r.Step), text.Steps(r.WaitingForSteps), text.Facts(r.WaitingForFacts)),
                    (0, > 0) => Format(ProblemTexts.StepIsLockedFacts, text.Step(r.Step), text.Facts(r.WaitingForFacts)),
                    _ => Format(ProblemTexts.StepIsLockedSteps, text.Step(r.Step), text.Steps(r.WaitingForSteps)),
                },
                new Dictionary<string, object?>
                {
                    ["waitingForSteps"] = r.WaitingForSteps.Select(s => s.Value).ToList(),
                    ["waitingForFacts"] = r.WaitingForFacts.Select(f => f.Value).ToList(),
                }),
            StepIsFinished r => Create(StatusCodes.Status409Conflict, "step-finished",
                Format(r.State == StepState.Skipped ? ProblemTexts.StepIsSkipped : ProblemTexts.StepIsDone, text.Step(r.Step))),
            StepDoesNotApply r => Create(StatusCodes.Status409Conflict, "step-not-applicable", Format(ProblemTexts.StepDoesNotApply, text.Step(r.Step))),
            ActionAlreadyDone r => Create(StatusCodes.Status409Conflict, "action-already-done",
                Format(ProblemTexts.ActionAlreadyDone, text.Step(r.Step), text.Action(r.Step, r.Action), r.By, Texts.Time(r.At))),
            FactsMissing r => Create(StatusCodes.Status409Conflict, "facts-missing", Format(ProblemTexts.FactsMissing, text.Step(r.Step), text.Facts(r.Facts)),
                new Dictionary<string, object?> { ["missingFacts"] = r.Facts.Select(f => f.Value).ToList() }),
            StepAsksDecision r => Create(StatusCodes.Status409Conflict, "step-asks-decision", Format(ProblemTexts.StepAsksDecision, text.Step(r.Step), text.Facts(r.Facts))),
            FactNotAskedNow r => Create(StatusCodes.Status409Conflict, "fact-not-asked-now", Format(ProblemTexts.FactNotAskedNow, text.Fact(r.Fact), text.Steps(r.AskedBy))),
            FactAlreadyRecorded r => Create(StatusCodes.Status409Conflict, "fact-already-recorded",
                Format(ProblemTexts.FactAlreadyRecorded, text.Fact(r.Fact), new Incidents.EventTexts(playbook).Value(r.Fact, r.Value), r.By, Texts.Time(r.At)),
                new Dictionary<string, object?> { ["value"] = r.Value, ["by"] = r.By, ["at"] = r.At.ToJst() }),
            DecisionsInForce r => Create(StatusCodes.Status409Conflict, "decisions-in-force", Format(ProblemTexts.DecisionsInForce, text.Facts(r.Facts)),
                new Dictionary<string, object?> { ["decisions"] = r.Facts.Select(f => f.Value).ToList() }),
            StepsStillOpen r => Create(StatusCodes.Status409Conflict, "steps-still-open", Format(ProblemTexts.StepsStillOpen, text.Steps(r.Steps)),
                new Dictionary<string, object?> { ["openSteps"] = r.Steps.Select(s => s.Value).ToList() }),
            UnknownStep r => Create(StatusCodes.Status404NotFound, "unknown-step", Format(ProblemTexts.UnknownStep, r.Step)),
            UnknownAction r => Create(StatusCodes.Status404NotFound, "unknown-action", Format(ProblemTexts.UnknownAction, text.Step(r.Step), r.Action,
                string.Join(", ", playbook.Step(r.Step).Actions.Select(a => a.Id)))),
            UnknownEvidence r => Create(StatusCodes.Status404NotFound, "unknown-evidence",
                Format(ProblemTexts.UnknownEvidenceIn, r.Evidence, r.Count == 0 ? ProblemTexts.EvidenceNone : $"E1–E{r.Count}")),
            UnknownFact r => Create(StatusCodes.Status404NotFound, "unknown-fact", Format(ProblemTexts.UnknownFact, r.Fact)),
            FactValueNotAllowed r => Field("value", Format(ProblemTexts.FactValueNotAllowed, text.Fact(r.Fact), r.Value, string.Join(", ", r.Allowed))),
            FactNeedsReason r => Field("reason", Format(ProblemTexts.FactNeedsReason, new Incidents.EventTexts(playbook).Value(r.Fact, r.Value))),
            FieldRefused r => Field(r),
            TimeBeforeOpening r => Field(r.Field, Format(ProblemTexts.TimeBeforeOpening, Texts.Field(r.Field), Texts.Time(r.OpenedAt))),
            JoinIntoItself r => Create(StatusCodes.Status400BadRequest, "join-into-itself", Format(ProblemTexts.JoinIntoItself, r.Incident.Number)),
            JoinAcrossDrill r => Create(StatusCodes.Status400BadRequest, "join-across-drill", Format(ProblemTexts.JoinAcrossDrill, r.Drill.Number, r.Real.Number)),
            IncidentIsMerged r => Create(StatusCodes.Status409Conflict, "incident-merged", Format(ProblemTexts.IncidentIsMerged, r.Incident.Number, r.Into.Number),
                new Dictionary<string, object?> { ["mergedInto"] = r.Into.Number }),
            ReportAlreadyMoved r => Create(StatusCodes.Status409Conflict, "report-already-moved", Format(ProblemTexts.ReportAlreadyMoved, r.Report, r.To.Number),
                new Dictionary<string, object?> { ["movedTo"] = r.To.Number }),
            UnknownAnomalyReport r => Create(StatusCodes.Status404NotFound, "unknown-anomaly-report", Format(ProblemTexts.UnknownAnomalyReport, r.Incident.Number, r.Report)),
            UnknownReport r => Create(StatusCodes.Status404NotFound, "unknown-report", Format(ProblemTexts.UnknownReport, r.Report, string.Join(", ", r.Known))),
            UnknownReportField r => Field(r.Field, Format(ProblemTexts.UnknownReportField, r.Field, ReportTitle(r.Report), string.Join(", ", r.Known))),
            ReportFieldsMissing r => Create(StatusCodes.Status400BadRequest, "report-fields-missing",
                Format(Core.Reporting.ReportTemplates.Find(r.Report) is { GoesToAuthority: true } ? ProblemTexts.ReportFieldsMissingToFile : ProblemTexts.ReportFieldsMissing,
                    ReportTitle(r.Report), Headings(r.Report, r.Fields)),
                new Dictionary<string, object?> { ["missingFields"] = r.Fields }),
            DraftSavedSince r => Create(StatusCodes.Status409Conflict, "draft-saved-since", Format(ProblemTexts.DraftSavedSince, ReportTitle(r.Report), r.By, Texts.Time(r.At))),
            ReportNotDrafted r => Create(StatusCodes.Status409Conflict, "report-not-drafted",
                Format(Core.Reporting.ReportTemplates.Find(r.Report) is { GoesToAuthority: true } ? ProblemTexts.ReportNotDraftedToFile : ProblemTexts.ReportNotDrafted, ReportTitle(r.Report), r.Report)),
            LateReasonRequired r => Field("lateReason", Format(ProblemTexts.LateReasonRequired, ReportTitle(r.Report), Texts.Time(r.Due.AddMinutes(-1)))),
            CategoriesIncomplete r => Field("answers", Format(ProblemTexts.CategoriesIncomplete, string.Join(ProblemTexts.ListSeparator, r.Missing.Select(c => Reporting.ReportingTexts.Category(c))))),
            IssueThroughReporting r => Create(StatusCodes.Status409Conflict, "issue-through-reporting", Format(ProblemTexts.IssueThroughReporting, ReportTitle(r.Report), r.Report)),
            PreliminaryDaysOutOfRange r => Field("preliminaryDays", Format(ProblemTexts.PreliminaryDaysOutOfRange, r.Days,
                Core.Reporting.ReportingRules.ShortestPreliminaryDays, Core.Reporting.ReportingRules.LongestPreliminaryDays)),
            DraftOutOfDate r => Create(StatusCodes.Status409Conflict, "draft-out-of-date",
                Format(Core.Reporting.ReportTemplates.Find(r.Report) is { GoesToAuthority: true } ? ProblemTexts.DraftOutOfDateToFile : ProblemTexts.DraftOutOfDate,
                    ReportTitle(r.Report), Headings(r.Report, r.Fields), r.Report),
                new Dictionary<string, object?> { ["outOfDateFields"] = r.Fields }),
            ReportingRulesAfterFiling r => Create(StatusCodes.Status409Conflict, "reporting-rules-after-filing", Format(ProblemTexts.ReportingRulesAfterFiling, ReportTitle(r.Report), Texts.Time(r.At))),
            ReportingRulesUnchanged r => Create(StatusCodes.Status400BadRequest, "reporting-rules-unchanged",
                Format(ProblemTexts.ReportingRulesUnchanged, Reporting.ReportingTexts.Rules(r.Rules))),
            UnknownFigure r => Create(StatusCodes.Status404NotFound, "unknown-figure", Format(ProblemTexts.UnknownFigure, r.Figure, string.Join(", ", r.Known))),
            MayNotLead r => Create(StatusCodes.Status400BadRequest, "may-not-lead",
                Format(ProblemTexts.MayNotLead, r.Name, Texts.RoleList(Permissions.RolesFor(Operation.LeadResponse)), Texts.RoleList(r.Roles))),
            MayNotScribe r => Create(StatusCodes.Status400BadRequest, "may-not-scribe", Format(ProblemTexts.MayNotScribe, r.Name)),
            HandOverToSelf => Create(StatusCodes.Status400BadRequest, "hand-over-to-self", ProblemTexts.HandOverToSelf),
            ScribeIsCommander => Create(StatusCodes.Status400BadRequest, "scribe-is-commander", ProblemTexts.ScribeIsCommander),
            NoCommander => Create(StatusCodes.Status409Conflict, "no-commander", ProblemTexts.NoCommander),
            NotTheCommander r => Create(StatusCodes.Status409Conflict, "not-the-commander", Format(ProblemTexts.NotTheCommander, r.Commander.Name),
                new Dictionary<string, object?> { ["commander"] = r.Commander.Name }),
            AlreadyInCommand r => Create(StatusCodes.Status409Conflict, "already-in-command", Format(ProblemTexts.AlreadyInCommand, Texts.Time(r.Since))),
            _ => throw new ArgumentException($"No wording for refusal {refusal.GetType().Name}.", nameof(refusal)),
        };
    }

    private static string ReportTitle(string report) =>
        Core.Reporting.ReportTemplates.Find(report)?.Title.For(CultureInfo.CurrentUICulture) ?? report;

    private static string Headings(string report, IEnumerable<string> fields) =>
        string.Join(ProblemTexts.ListSeparator, fields.Select(f => Core.Reporting.ReportTemplates.Find(report)?.FindField(f)?.Heading.For(CultureInfo.CurrentUICulture) ?? f));

    public static string Describe(FieldRefused refused)
    {
        var field = Texts.Field(refused.Field);
        return refused.Problem switch
        {
            FieldProblem.Required => Format(ProblemTexts.FieldRequired, field),
            FieldProblem.TooLong => Format(ProblemTexts.FieldTooLong, field, refused.Limit),
            FieldProblem.TooMany => Format(ProblemTexts.FieldTooMany, field, refused.Limit),
            FieldProblem.InTheFuture => Format(ProblemTexts.FieldInTheFuture, field),
            FieldProblem.TooLongAgo => Format(ProblemTexts.FieldTooLongAgo, field, refused.Limit),
            FieldProblem.NotHex64 => Format(ProblemTexts.FieldNotHex64, field),
            FieldProblem.InvalidId => Format(ProblemTexts.FieldInvalidId, field),
            FieldProblem.ControlCharacters => Format(ProblemTexts.FieldControlCharacters, field),
            FieldProblem.OutOfRange => Format(ProblemTexts.FieldOutOfRange, field, refused.Limit),
            FieldProblem.NotAhead => Format(ProblemTexts.FieldNotAhead, field),
            FieldProblem.TooFarAhead => Format(ProblemTexts.FieldTooFarAhead, field, refused.Limit),
        };
    }

    public static string Format(string template, params object?[] args) => string.Format(CultureInfo.CurrentCulture, template, args);

    /// <summary>Reads an enum value named in kebab-case, or says which values there are.</summary>
    public static ProblemHttpResult? Choice<TEnum>(string field, string? value, out TEnum parsed) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            parsed = default;
            return ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.FieldRequired, Texts.Field(field)));
        }
        if (Wire.TryParse(value, out parsed))
            return null;
        return ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field(field), value, string.Join(", ", Wire.Names<TEnum>())));
    }

    /// <summary>Declares, for the OpenAPI document, the problems every endpoint of a group may answer with.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.ProducesProblem(status);
        return builder;
    }
}
