using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>The after-action page's form posts here: add a finding, then back to the report with what became of it.</summary>
public static class MetricsPageCommands
{
    public static IEndpointRouteBuilder MapMetricsPageCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/incidents/{id}/after-action/findings", Add).RequireAuthorization(Operation.RecordFindings).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    public static async Task<RedirectHttpResult> Add(string id, HttpContext context, AddFinding add)
    {
        var back = $"/incidents/{Uri.EscapeDataString(id)}/after-action";
        if (await PageForms.RefuseExpired(context, back) is { } expired)
            return expired;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var caller = Caller.From(context.User);
        Guid? request = Guid.TryParse(form["requestId"], out var r) ? r : null;
        return await add.Add(id, form["text"], request, caller.Actor, caller.OrganizationId, context.RequestAborted) switch
        {
            AddFindingResult.Added added => PageForms.Back(context, $"/incidents/{added.IncidentNumber}/after-action#aar-findings", true, UiTexts.AfterActionFindingAdded),
            AddFindingResult.Refused refused => PageForms.Back(context, back, false, ProblemResults.Describe(refused.Problem)),
            _ => PageForms.Back(context, "/response-metrics", false, ProblemResults.IncidentNotFoundText(id)),
        };
    }
}
