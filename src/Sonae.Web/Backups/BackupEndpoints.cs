using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Components;
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
        // The backup and its schedule are the installation's: a server shared by several hospitals gives them to none.
        var backup = app.MapGroup("/api/v1/backup").WithTags("Backups").RequireAuthorization(Operation.ChangeSettings).AddEndpointFilter(RefuseWhenShared)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        backup.MapGet("", Download).WithMetadata(new Audit.AuditedRead())
            .WithName("DownloadBackup").WithSummary("A backup made now, as a tar archive of the backup folder with its manifest (for a standby copy)")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-tar").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        var group = backup.MapGroup("/schedule");
        group.MapGet("/", GetSchedule).WithName("GetBackupSchedule").WithSummary("The scheduled backup's folder, time and count kept, and its last result");
        group.MapPut("/", PutSchedule).WithName("SetBackupSchedule").WithSummary("Set the scheduled backup's folder (empty: off), time of day (JST, HH:mm) and how many to keep")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/run", RunNow).WithName("RunBackupNow").WithSummary("Run the scheduled backup now (to test the folder); its result is recorded as a scheduled one's");
        app.MapPost(Pages.BackupPage.Path + "/do", PageForm).RequireAuthorization(Operation.ChangeSettings).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A backup made now into a private hidden folder beside the database (on the data disk: not /tmp, which may be
    /// memory, and never left behind when the backup fails), streamed as a tar archive (the folder's files and its
    /// manifest), then removed. A standby copy refuses it as it refuses any change: making one writes checkpoints.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Download(TakeBackup take, StandbyMode standby, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (standby.IsStandby)
            return StandbyReadOnly.Refusal();
        var scratch = Path.Combine(take.StagingFolder, ".sonae-download-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(scratch, "backup");
        var streaming = false;
        try
        {
            PrivateFiles.CreateFolder(scratch);
            var outcome = await take.Run(folder, cancellationToken);
            if (outcome.Manifest is null)
                return ProblemResults.Create(StatusCodes.Status409Conflict, outcome.Failed ? "backup-failed" : "backup-refused", outcome.Reason!);
            streaming = true;
        }
        finally
        {
            if (!streaming && Directory.Exists(scratch))
                Directory.Delete(scratch, recursive: true);
        }
        var name = RunScheduledBackup.FolderName(clock.GetUtcNow()) + ".tar";
        return TypedResults.Stream(async body =>
        {
            try
            {
                await System.Formats.Tar.TarFile.CreateFromDirectoryAsync(folder, body, includeBaseDirectory: false, CancellationToken.None);
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        }, "application/x-tar", name);
    }

    /// <summary>The settings page's forms: save the schedule, or run it now.</summary>
    public static async Task<RedirectHttpResult> PageForm(
        [FromForm] string? action, [FromForm] string? folder, [FromForm] string? timeOfDay, [FromForm] string? keep,
        HttpContext http, BackupScheduleSettings settings, RunScheduledBackup run, LoadOrganizations organizations)
    {
        const string back = Pages.BackupPage.Path;
        if (await organizations.HoldsSeveralHospitals(http.RequestAborted))
            return PageForms.Back(http, back, false, Resources.UiTexts.BackupShared);
        if (action == "run")
        {
            var (ok, result) = await run.Run(http.RequestAborted);
            return PageForms.Back(http, back, ok, result);
        }
        var kept = int.TryParse(keep?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;
        var request = new BackupScheduleRequest(folder, timeOfDay?.Trim(), kept);
        if (BackupScheduleSettings.Check(request) is ({ } _, { } problem))
            return PageForms.Back(http, back, false, problem);
        await settings.Save(request, Caller.From(http.User).Actor.Name, http.RequestAborted);
        return PageForms.Back(http, back, true, Resources.UiTexts.BackupSaved);
    }

    public static async Task<Ok<BackupScheduleView>> GetSchedule(BackupScheduleSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.Load(cancellationToken));

    public static async Task<Results<Ok<BackupScheduleView>, ProblemHttpResult>> PutSchedule(
        BackupScheduleRequest request, HttpContext context, BackupScheduleSettings settings, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// The backup, the schedule and its last result (the server's folder, its errors) are the installation's: a
    /// server shared by several hospitals shows, gives and runs them for none of them.
    /// </summary>
    private static async ValueTask<object?> RefuseWhenShared(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await context.HttpContext.RequestServices.GetRequiredService<LoadOrganizations>().HoldsSeveralHospitals(context.HttpContext.RequestAborted)
            ? ProblemResults.Create(StatusCodes.Status409Conflict, "backup-installation-shared", Resources.UiTexts.BackupShared)
            : await next(context);
}
