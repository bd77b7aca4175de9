using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Web.Components;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Problems;

namespace Sonae.Web.Backups;

/// <summary>
/// <c>/api/v1/backup/schedule</c>: the installation's scheduled backup (folder, time of day in JST, how many to keep)
/// and its last result; a run on demand to test the folder. For the security officer and management.
/// </summary>
public static class BackupEndpoints
{
    public static IEndpointRouteBuilder MapBackupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/backup/schedule").WithTags("Backups").RequireAuthorization(Operation.ChangeSettings)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", GetSchedule).WithName("GetBackupSchedule").WithSummary("The scheduled backup's folder, time and count kept, and its last result");
        group.MapPut("/", PutSchedule).WithName("SetBackupSchedule").WithSummary("Set the scheduled backup's folder (empty: off), time of day (JST, HH:mm) and how many to keep")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/run", RunNow).WithName("RunBackupNow").WithSummary("Run the scheduled backup now (to test the folder); its result is recorded as a scheduled one's");
        app.MapPost(Pages.BackupPage.Path + "/do", PageForm).RequireAuthorization(Operation.ChangeSettings).ExcludeFromDescription();
        return app;
    }

    /// <summary>The settings page's forms: save the schedule, or run it now.</summary>
    public static async Task<RedirectHttpResult> PageForm(
        [FromForm] string? action, [FromForm] string? folder, [FromForm] string? timeOfDay, [FromForm] string? keep,
        HttpContext http, BackupScheduleSettings settings, RunScheduledBackup run, LoadOrganizations organizations)
    {
        const string back = Pages.BackupPage.Path;
        if (action == "run")
        {
            var ok = await run.Run(http.RequestAborted);
            var result = (await settings.Load(http.RequestAborted)).LastResult ?? "";
            return PageForms.Back(http, back, ok, result);
        }
        if ((await organizations.All(http.RequestAborted)).Count > 1)
            return PageForms.Back(http, back, false, Resources.UiTexts.BackupShared);
        int? kept = int.TryParse(keep?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;
        var request = new BackupScheduleRequest(folder, timeOfDay?.Trim(), kept);
        if (BackupScheduleSettings.Check(request) is ({ } _, { } problem))
            return PageForms.Back(http, back, false, problem);
        await settings.Save(request, Caller.From(http.User).Actor.Name, http.RequestAborted);
        return PageForms.Back(http, back, true, Resources.UiTexts.BackupSaved);
    }

    public static async Task<Ok<BackupScheduleView>> GetSchedule(BackupScheduleSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.Load(cancellationToken));

    public static async Task<Results<Ok<BackupScheduleView>, ProblemHttpResult>> PutSchedule(
        BackupScheduleRequest request, HttpContext context, BackupScheduleSettings settings, LoadOrganizations organizations, CancellationToken cancellationToken)
    {
        if ((await organizations.All(cancellationToken)).Count > 1)
            return ProblemResults.Create(StatusCodes.Status409Conflict, "backup-installation-shared", Resources.UiTexts.BackupShared);
        if (BackupScheduleSettings.Check(request) is ({ } field, { } problem))
            return ProblemResults.Field(field, problem);
        await settings.Save(request, Caller.From(context.User).Actor.Name, cancellationToken);
        return TypedResults.Ok(await settings.Load(cancellationToken));
    }

    public static async Task<Ok<BackupScheduleView>> RunNow(RunScheduledBackup run, BackupScheduleSettings settings, CancellationToken cancellationToken)
    {
        await run.Run(cancellationToken);
        return TypedResults.Ok(await settings.Load(cancellationToken));
    }
}
