using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Documents;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Reporting;

/// <summary>
/// The forms of the reporting pages post here: management's answers to 第7条, the moment of awareness, a figure, a
/// draft saved, a report issued. Each goes through the same use cases as the API and back to the page with a
/// one-time message (post, redirect, get). A refused draft or issue keeps what was typed: the draft is saved first
/// when it is the issue that is refused.
/// </summary>
public static class ReportingPageCommands
{
    public const string FieldPrefix = "field.";

    public static IEndpointRouteBuilder MapReportingPageCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/incidents/{number:int}/reporting/do", Do).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    public static async Task<RedirectHttpResult> Do(
        int number, HttpContext context, IAntiforgery antiforgery, SonaeDbContext db, LoadReporting load, ApplyReportingCommand apply, IssueReportDocument issue)
    {
        var reports = $"/incidents/{number}/reports";
        if (!await antiforgery.IsRequestValidAsync(context))
            return Done(context, reports, false, ProblemTexts.BadRequest);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var caller = Caller.From(context.User);
        var ct = context.RequestAborted;
        var number_ = number.ToString(CultureInfo.InvariantCulture);
        if (await ReportingEndpoints.View(number_, context.User, db, load, ct) is not { } view)
            return Done(context, "/", false, ProblemResults(number_, context));

        var report = form["report"].ToString();
        var editor = $"{reports}/{Uri.EscapeDataString(report)}";
        switch (form["kind"].ToString())
        {
            case "assess":
                var answers = new List<CategoryAnswer>();
                foreach (var category in Enum.GetValues<ReportingCategory>())
                {
                    var applies = form[$"applies.{Wire.Name(category)}"].ToString();
                    if (applies is not ("yes" or "no"))
                        continue;
                    answers.Add(new CategoryAnswer(category, applies == "yes", form[$"reason.{Wire.Name(category)}"].ToString()));
                }
                return await Apply(context, reports + "#clocks", number_, apply, caller, view, new AssessReporting(answers), UiTexts.ReportingAssessed);
            case "awareness":
                if (!DateTime.TryParseExact(form["at"], "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                    return Done(context, reports + "#clocks", false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.FieldRequired, Texts.Field("at")));
                var at = new DateTimeOffset(local, JapanTime.Offset);
                return await Apply(context, reports + "#clocks", number_, apply, caller, view, new SetAwareness(at, form["reason"].ToString()), UiTexts.ReportingAwarenessSet);
            case "figure":
                if (!long.TryParse(form["value"].ToString().Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    return Done(context, reports + "#figures", false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.FieldOutOfRange, Texts.Field("value"), ReportingDecisions.MaxFigure));
                return await Apply(context, reports + "#figures", number_, apply, caller, view,
                    new RecordFigure(ReportingState.PeopleAffected, value, form["note"].ToString()), UiTexts.ReportingFigureRecorded);
            case "draft":
                return await Apply(context, editor, number_, apply, caller, view, new DraftReport(report, Fields(form)), UiTexts.ReportingDraftSaved);
            case "issue":
                if (!Wire.TryParse<ReportFormat>(form["format"], out var format) || !Wire.TryParse<ContactChannel>(form["via"], out var via))
                    return Done(context, editor, false, ProblemTexts.BadRequest);
                var fields = Fields(form);
                // Keep what was typed, whatever becomes of the issue.
                var saved = await apply.Run(caller.OrganizationId, view.Incident.Id, caller.Actor, new DraftReport(report, fields), null, ct);
                if (saved is not CommandOutcome.Appended)
                    return Done(context, editor, false, IncidentEndpoints.Problem(saved, number_).ProblemDetails.Detail ?? "");
                try
                {
                    var issued = await issue.Run(caller.OrganizationId, view, caller.Actor,
                        new IssueRequest(report, fields, format, form["to"], via, form["comment"], form["lateReason"]), ct);
                    if (issued is not { Outcome: CommandOutcome.Appended appended, File: { } file })
                        return Done(context, editor + "#issue", false, IncidentEndpoints.Problem(issued.Outcome, number_).ProblemDetails.Detail ?? "");
                    return Done(context, $"{reports}#issued-{appended.Events[^1].Seq}", true,
                        string.Format(CultureInfo.CurrentCulture, UiTexts.ReportingIssued, ReportTemplates.Find(report)!.Title.For(CultureInfo.CurrentUICulture), file.Sha256));
                }
                catch (PdfUnavailableException e)
                {
                    return Done(context, editor + "#issue", false, e.Message);
                }
            default:
                return Done(context, reports, false, ProblemTexts.BadRequest);
        }
    }

    private static Dictionary<string, string> Fields(IFormCollection form) =>
        form.Where(f => f.Key.StartsWith(FieldPrefix, StringComparison.Ordinal))
            .ToDictionary(f => f.Key[FieldPrefix.Length..], f => f.Value.ToString(), StringComparer.Ordinal);

    private static async Task<RedirectHttpResult> Apply(
        HttpContext context, string back, string number, ApplyReportingCommand apply, Caller caller, ReportingView view, ReportingCommand command, string success)
    {
        var outcome = await apply.Run(caller.OrganizationId, view.Incident.Id, caller.Actor, command, null, context.RequestAborted);
        return outcome is CommandOutcome.Appended
            ? Done(context, back, true, success)
            : Done(context, back, false, IncidentEndpoints.Problem(outcome, number).ProblemDetails.Detail ?? "");
    }

    private static string ProblemResults(string number, HttpContext context) =>
        Preparedness.PreparednessEndpoints.MayNotRead(context.User)?.ProblemDetails.Detail
        ?? Problems.ProblemResults.Format(ProblemTexts.IncidentNotFound, number);

    private static RedirectHttpResult Done(HttpContext context, string back, bool ok, string message)
    {
        PageCommands.SetFlash(context, ok, message);
        return TypedResults.Redirect(back);
    }
}
