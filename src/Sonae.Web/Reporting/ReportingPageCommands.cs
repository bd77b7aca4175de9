using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;
using Sonae.Web.Access;
using Sonae.Web.Cluster;
using Sonae.Web.Documents;
using Sonae.Web.Hosting;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Reporting;

/// <summary>
/// The forms of the reporting pages post here: management's answers to 第7条, the moment of awareness, the
/// preliminary period, a figure, a draft saved, a draft refilled from the record heading by heading, a report issued.
/// Each goes through the same use cases as the API and back to the page with a one-time message (post, redirect,
/// get). A refused draft or issue keeps what was typed: the draft is saved first when it is the issue that is refused.
/// </summary>
public static class ReportingPageCommands
{
    public const string FieldPrefix = "field.";

    /// <summary>The largest report form the server reads.</summary>
    public const long MaxFormBytes = 4 * 1024 * 1024;

    /// <summary>The query parameter that brings back what was typed into a refused report form.</summary>
    public const string KeptParameter = "kept";

    /// <summary>The kind a refused report form's fields are kept under (<see cref="KeptValues"/>, ten minutes).</summary>
    public const string KeptKind = "reporting-form";

    public static IEndpointRouteBuilder MapReportingPageCommands(this IEndpointRouteBuilder app)
    {
        // Ten headings of up to 20,000 characters each, form-encoded (a kanji is 9 bytes), are more than the server's 1 MB default.
        app.MapPost("/incidents/{number:int}/reporting/do", Do).RequireAuthorization(Core.Access.Operation.ReadReports).ExcludeFromDescription().DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxFormBytes));
        return app;
    }

    public static async Task<RedirectHttpResult> Do(
        int number, HttpContext context, LoadReporting load, ApplyReportingCommand apply, IssueReportDocument issue,
        KeptValues keep)
    {
        var reports = $"/incidents/{number}/reports";
        if (await PageForms.RefuseExpired(context, reports) is { } expired)
            return expired;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var caller = Caller.From(context.User);
        var ct = context.RequestAborted;
        var number_ = number.ToString(CultureInfo.InvariantCulture);
        if (AccessPolicies.RefusalText(caller, Core.Access.Operation.ReadReports) is { } refused)
            return PageForms.Back(context, "/", false, refused);
        if (await load.View(number_, ct) is not { } view)
            return PageForms.Back(context, "/", false, Problems.ProblemResults.Format(ProblemTexts.IncidentNotFound, number_));

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
                if (!JapanTime.TryParseFormMinute(form["at"], out var at))
                    return PageForms.Back(context, reports + "#clocks", false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.FieldRequired, Texts.Field("at")));
                return await Apply(context, reports + "#clocks", number_, apply, caller, view, new SetAwareness(at, form["reason"].ToString()), UiTexts.ReportingAwarenessSet,
                    Typed(keep, caller, form, "awareness", "at", "reason"));
            case "rules":
                if (!int.TryParse(form["preliminaryDays"], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
                    return PageForms.Back(context, reports + "#rules", false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.FieldRequired, Texts.Field("preliminaryDays")));
                var count = form["countFirstDay"] == "true" ? DayCount.IncludingFirstDay : DayCount.FromNextDay;
                return await Apply(context, reports + "#rules", number_, apply, caller, view, new ChangeReportingRules(days, count, form["reason"].ToString()), UiTexts.ReportingRulesChanged,
                    Typed(keep, caller, form, "rules", "preliminaryDays", "countFirstDay", "reason"));
            case "figure":
                var typed = form["value"].ToString().Normalize(System.Text.NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal).Trim();
                if (!long.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    return PageForms.Back(context, reports + "#figures", false, string.Format(CultureInfo.CurrentCulture, UiTexts.FiguresNotANumber, form["value"].ToString()));
                return await Apply(context, reports + "#figures", number_, apply, caller, view,
                    new RecordFigure(ReportingState.PeopleAffected, value, form["note"].ToString()), UiTexts.ReportingFigureRecorded);
            case "draft":
            {
                var fields = Fields(form);
                var saved = await apply.Run(caller, view.Incident.Id, new DraftReport(report, fields, Basis(form, view)), null, ct, RequestId(form, "draft"));
                return saved is CommandOutcome.Appended
                    ? PageForms.Back(context, editor, true, UiTexts.ReportingDraftSaved)
                    : await Kept(context, keep, caller, editor, fields, CommandProblems.Problem(saved, number_).ProblemDetails.Detail ?? "");
            }
            case "issue":
            {
                if (!Wire.TryParse<ReportFormat>(form["format"], out var format) || !Wire.TryParse<ContactChannel>(form["via"], out var via))
                    return PageForms.Back(context, editor, false, ProblemTexts.BadRequest);
                var fields = Fields(form);
                // Keep what was typed, whatever becomes of the issue.
                var saved = await apply.Run(caller, view.Incident.Id, new DraftReport(report, fields, Basis(form, view)), null, ct, RequestId(form, "draft"));
                if (saved is not CommandOutcome.Appended)
                    return await Kept(context, keep, caller, editor, fields, CommandProblems.Problem(saved, number_).ProblemDetails.Detail ?? "");
                try
                {
                    var issued = await issue.Run(caller, view,
                        new IssueRequest(report, fields, format, form["to"], via, form["comment"], form["lateReason"]), ct, RequestId(form, "issue"));
                    if (issued.Outcome is not CommandOutcome.Appended appended)
                        return PageForms.Back(context, editor + "#issue", false, CommandProblems.Problem(issued.Outcome, number_).ProblemDetails.Detail ?? "");
                    var sha = ((ReportIssued)EventChain.Parse(appended.Events[^1].Body).Data).Sha256;
                    return PageForms.Back(context, $"{reports}#issued-{appended.Events[^1].Seq}", true,
                        string.Format(CultureInfo.CurrentCulture, ReportingTexts.Issuing(ReportTemplates.Find(report), UiTexts.ReportingFiled, UiTexts.ReportingIssued),
                            ReportTemplates.Find(report)!.Title.For(CultureInfo.CurrentUICulture), sha));
                }
                catch (PdfUnavailableException e)
                {
                    return PageForms.Back(context, editor + "#issue", false, e.Message);
                }
            }
            case "refill":
            {
                var refill = $"{editor}/refill";
                if (ReportTemplates.Find(report) is not { } template || Basis(form, view) is not { } basis)
                    return PageForms.Back(context, refill, false, ProblemTexts.BadRequest);
                var take = form["take"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList();
                var filled = await load.FilledAt(view, template, basis, ct);
                var outcome = await apply.Run(caller, view.Incident.Id, new RefillDraft(template.Id, take, filled, basis), null, ct, RequestId(form, "refill"));
                return outcome is CommandOutcome.Appended
                    ? PageForms.Back(context, editor, true, string.Format(CultureInfo.CurrentCulture, UiTexts.ReportingRefilled, take.Count))
                    : PageForms.Back(context, refill, false, CommandProblems.Problem(outcome, number_).ProblemDetails.Detail ?? "");
            }
            default:
                return PageForms.Back(context, reports, false, ProblemTexts.BadRequest);
        }
    }

    /// <summary>The record's event the page's draft was compared from (a hidden field); none past the record's last.</summary>
    private static long? Basis(IFormCollection form, ReportingView view) =>
        long.TryParse(form["basis"], NumberStyles.None, CultureInfo.InvariantCulture, out var basis) && basis <= view.Incident.LastSeq ? basis : null;

    /// <summary>
    /// The form's own idempotency key (a hidden field made when the page was drawn), per kind of command: pressing
    /// "issue" twice issues once.
    /// </summary>
    private static string? RequestId(IFormCollection form, string kind) =>
        form["requestId"].ToString() is { Length: > 0 and <= 64 } id && id.All(char.IsAsciiLetterOrDigit) ? $"page:{id}:{kind}" : null;

    /// <summary>Goes back to the report with what was typed (the draft was refused, so nothing of it was saved).</summary>
    private static async Task<RedirectHttpResult> Kept(HttpContext context, KeptValues keep, Caller caller, string editor, Dictionary<string, string> fields, string message) =>
        PageForms.Back(context, WithKept(editor, await Keep(keep, caller, fields, context.RequestAborted)), false, message);

    /// <summary>
    /// Keeps what a form said for ten minutes under a new id, in the database (the page may be drawn by another
    /// server), for the page to fill the form again from (<see cref="KeptKind"/>); gives the id.
    /// </summary>
    private static Task<string> Keep(KeptValues keep, Caller caller, Dictionary<string, string> values, CancellationToken cancellationToken) =>
        keep.KeepAsync(KeptKind, caller.OrganizationId, values, cancellationToken);

    /// <summary>The page's address naming what was kept, before its anchor (<c>/incidents/3/reports?kept=…#clocks</c>).</summary>
    private static string WithKept(string back, string id) => back.Split('#', 2) switch
    {
        [var path, var anchor] => $"{path}?{KeptParameter}={id}#{anchor}",
        _ => $"{back}?{KeptParameter}={id}",
    };

    private static Dictionary<string, string> Fields(IFormCollection form) =>
        form.Where(f => f.Key.StartsWith(FieldPrefix, StringComparison.Ordinal))
            .ToDictionary(f => f.Key[FieldPrefix.Length..], f => f.Value.ToString(), StringComparer.Ordinal);

    /// <param name="typed">Keeps what was typed when the command is refused, and says where (<see cref="Typed"/>); null: nothing to keep.</param>
    private static async Task<RedirectHttpResult> Apply(
        HttpContext context, string back, string number, ApplyReportingCommand apply, Caller caller, ReportingView view, ReportingCommand command, string success,
        Func<Task<string>>? typed = null)
    {
        var outcome = await apply.Run(caller, view.Incident.Id, command, null, context.RequestAborted);
        if (outcome is CommandOutcome.Appended)
            return PageForms.Back(context, back, true, success);
        // Back to the form with what was typed in it: a reason written at 3 a.m. is not written twice.
        if (typed is not null)
            back = WithKept(back, await typed());
        return PageForms.Back(context, back, false, CommandProblems.Problem(outcome, number).ProblemDetails.Detail ?? "");
    }

    /// <summary>
    /// What a small form of the reports page said, kept (<see cref="Keep"/>) if the command is refused; the form's
    /// <c>kind</c> says which form it was.
    /// </summary>
    private static Func<Task<string>> Typed(KeptValues keep, Caller caller, IFormCollection form, string kind, params string[] names) => () =>
    {
        var values = names.ToDictionary(n => n, n => form[n].ToString(), StringComparer.Ordinal);
        values["kind"] = kind;
        return Keep(keep, caller, values, CancellationToken.None);
    };
}
