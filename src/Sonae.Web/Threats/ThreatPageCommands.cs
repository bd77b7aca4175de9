using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Web.Hosting;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Cluster;
using Sonae.Web.Components;
using Sonae.Web.Resources;

namespace Sonae.Web.Threats;

/// <summary>
/// The forms of the threat pages post here: import a file, enter an alert by hand, confirm or dismiss a fuzzy match,
/// close a task, match again, set the scheduled fetch or fetch now. Each goes back with a one-time message; a file's
/// problems are kept in memory for ten minutes under a random id for the page to list them all.
/// </summary>
public static class ThreatPageCommands
{
    /// <summary>The threat page, where every form goes back to.</summary>
    private const string Page = "/threats";

    public static IEndpointRouteBuilder MapThreatPageCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/threats/do", Do).RequireAuthorization(Operation.ManageThreats).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    public static async Task<RedirectHttpResult> Do(HttpContext context, ThreatChanges changes, LoadThreats load, FetchThreatFeeds fetch, KeptValues keep)
    {
        // The form is read by hand (it may carry a file), so its antiforgery token is checked by hand too.
        if (await PageForms.RefuseExpired(context, Page) is { } expired)
            return expired;
        var caller = Caller.From(context.User);
        var ct = context.RequestAborted;
        var form = await context.Request.ReadFormAsync(ct);
        var by = caller.Actor.Name;
        Guid? match = Guid.TryParse(form["match"], out var m) ? m : null;
        switch (form["kind"].ToString())
        {
            case "import":
                if (form.Files.GetFile("file") is not { Length: > 0 } upload)
                    return PageForms.Back(context, "/threats/new#import", false, UiTexts.PreparednessChooseFile);
                if (upload.Length > ThreatChanges.MaxFileBytes)
                    return PageForms.Back(context, "/threats/new#import", false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.TooLarge, ThreatChanges.MaxFileBytes));
                using (var buffer = new MemoryStream())
                {
                    await upload.CopyToAsync(buffer, ct);
                    var outcome = await changes.Import(buffer.ToArray(), by, ct);
                    var problems = outcome.Imported?.Problems ?? outcome.Refused!.Problems;
                    string? id = null;
                    if (problems.Count > 0)
                        id = await keep.KeepAsync(ProblemsKind, caller.OrganizationId, problems, ct);
                    if (outcome.Imported is { } imported)
                        return PageForms.Back(context, id is null ? Page : $"/threats/new?problems={id}#import", true,
                            string.Format(CultureInfo.CurrentCulture, UiTexts.ThreatsImported, imported.Read, imported.Added, imported.Updated, imported.Matches, problems.Count));
                    return PageForms.Back(context, $"/threats/new?problems={id}#import", false, string.Format(CultureInfo.CurrentCulture, UiTexts.ThreatsFileRefused, problems.Count));
                }
            case "add":
                var request = new AddAdvisoryRequest(form["source"], form["id"], form["title"], form["vendor"], form["product"], form["cpe"], form["versions"],
                    form["published"], form["due"], form["link"], form["description"], form["ransomware"] == "true");
                var (advisory, _, problem) = ThreatChanges.Check(request);
                if (advisory is null)
                    return PageForms.Back(context, "/threats/new#add", false, problem!);
                var saved = await changes.Save([advisory], by, ct);
                return PageForms.Back(context, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.ThreatsAdded, advisory.Id, saved.Matches));
            case "confirm" or "dismiss" when match is { } decided:
                var confirm = form["kind"] == "confirm";
                return await changes.Decide(decided, confirm, by, ct) is { } count
                    ? PageForms.Back(context, Page, true, string.Format(CultureInfo.CurrentCulture, confirm ? UiTexts.ThreatsConfirmed : UiTexts.ThreatsDismissed, count))
                    : PageForms.Back(context, Page, false, UiTexts.ThreatsAlreadyDecided);
            case "close" when match is { } closed:
                if (Sonae.Core.TextRules.Check("note", form["note"], Sonae.Core.Incidents.TextLimits.LongText) is { } refused)
                    return PageForms.Back(context, Page, false, Problems.ProblemResults.Describe(refused));
                return await changes.Close(closed, form["note"], by, ct)
                    ? PageForms.Back(context, Page, true, UiTexts.ThreatsClosed)
                    : PageForms.Back(context, Page, false, UiTexts.ThreatsAlreadyDecided);
            case "rematch":
                return PageForms.Back(context, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.ThreatsRematched, await changes.Rematch(ct)));
            case "feed" or "fetch":
                if (AccessPolicies.RefusalText(caller, Operation.ChangeSettings) is { } notAllowed)
                    return PageForms.Back(context, "/threats#feed", false, notAllowed);
                if (form["kind"] == "fetch")
                {
                    var ok = await fetch.Run(ct);
                    return PageForms.Back(context, "/threats#feed", ok, ok ? UiTexts.ThreatsFetchDone : UiTexts.ThreatsFetchFailedFlash);
                }
                var feed = new FeedRequest(form["kevUrl"], form["jvnUrl"], form["enabled"] == "true");
                if (ThreatChanges.Check(feed, context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ThreatFeedOptions>>().Value) is (_, { } bad))
                    return PageForms.Back(context, "/threats#feed", false, bad);
                await changes.SaveFeed(feed, by, ct);
                return PageForms.Back(context, "/threats#feed", true, feed.Enabled == true ? UiTexts.ThreatsFeedOn : UiTexts.ThreatsFeedOff);
        }
        return PageForms.Back(context, Page, false, ProblemTexts.BadRequest);
    }

    /// <summary>The kind an import's problems are kept under (<see cref="KeptValues"/>) for the page it goes back to.</summary>
    public const string ProblemsKind = "threat-problems";
}
