using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Incidents;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Drills;

/// <summary>
/// The forms of <c>/drills</c> and <c>/drills/{number}</c> post here: start a drill, deliver or skip an inject, record
/// the table's decision, pause, resume, end. Each goes back with a one-time message (post, redirect, get).
/// </summary>
public static class DrillPageCommands
{
    public static IEndpointRouteBuilder MapDrillPageCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/drills/do", Do).RequireAuthorization(Operation.RunDrills).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    public static async Task<RedirectHttpResult> Do(HttpContext context, LoadDrills load, StartDrill start, DeliverInject deliver, SteerDrill steer, EndDrill end)
    {
        // Read by hand (several kinds of form post here), so the antiforgery token is checked by hand too.
        if (await PageForms.RefuseExpired(context, "/drills") is { } expired)
            return expired;
        var caller = Caller.From(context.User);
        var ct = context.RequestAborted;
        var form = await context.Request.ReadFormAsync(ct);
        var kind = form["kind"].ToString();
        if (kind == "start")
        {
            double? speed = double.TryParse(form["speed"], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
            var request = new StartDrillRequest(form["scenario"], form["mode"], [.. form["participant"].OfType<string>()], speed);
            var requestId = form["request"].ToString() is { Length: > 0 and <= 64 } id ? id : null;
            return await start.Run(caller, request, requestId, ct) switch
            {
                StartDrill.Started started => PageForms.Back(context, $"/drills/{started.Drill.Drill.Number}", true,
                    string.Format(CultureInfo.CurrentCulture, UiTexts.DrillStarted, started.Drill.Drill.Number)),
                StartDrill.Invalid invalid => PageForms.Back(context, "/drills#start", false, invalid.Detail),
                StartDrill.Failed failed => PageForms.Back(context, "/drills#start", false, Detail(CommandProblems.Problem(failed.Outcome, ""))),
                _ => PageForms.Back(context, "/drills", false, ProblemTexts.BadRequest),
            };
        }
        var number = form["number"].ToString();
        var back = $"/drills/{Uri.EscapeDataString(number)}";
        if (await load.Find(number, ct) is not { } run)
            return PageForms.Back(context, "/drills", false, UiTexts.DrillNotFoundUnnamed);
        var inject = form["inject"].ToString();
        var outcome = kind switch
        {
            "deliver" => await deliver.Deliver(caller, run, inject, form.ContainsKey("decision") ? form["decision"].ToString() : null, ct),
            "skip" => await deliver.Skip(caller, run, inject, ct),
            "pause" => await steer.Pause(caller, run, ct),
            "resume" => await steer.Resume(caller, run, ct),
            "end" => await end.Run(caller, run, ct),
            _ => null,
        };
        if (outcome is null)
            return PageForms.Back(context, back, false, ProblemTexts.BadRequest);
        if (outcome is not CommandOutcome.Appended)
            return PageForms.Back(context, back, false, Detail(DrillEndpoints.Problem(outcome, number)));
        var done = kind switch
        {
            "deliver" => UiTexts.DrillDoneDelivered,
            "skip" => UiTexts.DrillDoneSkipped,
            "pause" => UiTexts.DrillDonePaused,
            "resume" => UiTexts.DrillDoneResumed,
            _ => UiTexts.DrillDoneEnded,
        };
        return PageForms.Back(context, kind == "deliver" || kind == "skip" ? $"{back}#inject-{inject}" : back, true, done);
    }

    private static string Detail(ProblemHttpResult problem) => problem.ProblemDetails.Detail ?? ProblemTexts.BadRequest;
}
