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
        group.MapGet("/", GetSchedule).WithName("GetBackupSchedule").WithSummary("The scheduled backup's folder, time and count kept, and its last result")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/", PutSchedule).WithName("SetBackupSchedule").WithSummary("Set the scheduled backup's folder (empty: off), time of day (JST, HH:mm) and how many to keep")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/run", RunNow).WithName("RunBackupNow").WithSummary("Run the scheduled backup now (to test the folder); its result is recorded as a scheduled one's")
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/v1/backup", Download).WithTags("Backups").RequireAuthorization(Operation.ChangeSettings).WithMetadata(new Audit.AuditedRead())
            .WithName("DownloadBackup").WithSummary("A backup made now, as a tar archive of the backup folder with its manifest (for a standby copy)")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-tar")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost(Pages.BackupPage.Path + "/do", PageForm).RequireAuthorization(Operation.ChangeSettings).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A backup made now into a private hidden folder beside the database (on the data disk: not /tmp, which may be
    /// memory, and never left behind when the backup fails), streamed as a tar archive (the folder's files and its
    /// manifest), then removed. It holds every organization of the installation, so a server shared by several
    /// hospitals gives it to none of them.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Download(TakeBackup take, LoadOrganizations organizations, TimeProvider clock, CancellationToken cancellationToken)
    {
        if ((await organizations.All(cancellationToken)).Count > 1)
            return Shared();
        var scratch = Path.Combine(take.DataFolder, ".sonae-download-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(scratch, "backup");
        var streaming = false;
        try
        {
            BackupFiles.CreateFolder(scratch);
            var outcome = await take.Run(folder, cancellationToken);
            if (outcome.Manifest is null)
                return ProblemResults.Create(StatusCodes.Status409Conflict, "backup-refused", outcome.Refusal!);
            streaming = true;
        }
        finally
        {
            if (!streaming && Directory.Exists(scratch))
                Directory.Delete(scratch, recursive: true);
        }
        var name = $"sonae-{Core.JapanTime.ToJst(clock.GetUtcNow()).ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}.tar";
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
        if ((await organizations.All(http.RequestAborted)).Count > 1)
            return PageForms.Back(http, back, false, Resources.UiTexts.BackupShared);
        if (action == "run")
        {
            var ok = await run.Run(http.RequestAborted);
            var result = (await settings.Load(http.RequestAborted)).LastResult ?? "";
            return PageForms.Back(http, back, ok, result);
        }
        int? kept = int.TryParse(keep?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;
        var request = new BackupScheduleRequest(folder, timeOfDay?.Trim(), kept);
        if (BackupScheduleSettings.Check(request) is ({ } _, { } problem))
            return PageForms.Back(http, back, false, problem);
        await settings.Save(request, Caller.From(http.User).Actor.Name, http.RequestAborted);
        return PageForms.Back(http, back, true, Resources.UiTexts.BackupSaved);
    }

    /// <summary>
    /// The schedule and its last result (the server's folder, its errors) are the installation's: a server shared
    /// by several hospitals shows and runs it for none of them.
    /// </summary>
    public static async Task<Results<Ok<BackupScheduleView>, ProblemHttpResult>> GetSchedule(BackupScheduleSettings settings, LoadOrganizations organizations, CancellationToken cancellationToken) =>
        (await organizations.All(cancellationToken)).Count > 1 ? Shared() : TypedResults.Ok(await settings.Load(cancellationToken));

    public static async Task<Results<Ok<BackupScheduleView>, ProblemHttpResult>> PutSchedule(
        BackupScheduleRequest request, HttpContext context, BackupScheduleSettings settings, LoadOrganizations organizations, CancellationToken cancellationToken)
    {
        if ((await organizations.All(cancellationToken)).Count > 1)
            return Shared();
        if (BackupScheduleSettings.Check(request) is ({ } field, { } problem))
            return ProblemResults.Field(field, problem);
        await settings.Save(request, Caller.From(context.User).Actor.Name, cancellationToken);
        return TypedResults.Ok(await settings.Load(cancellationToken));
    }

    public static async Task<Results<Ok<BackupScheduleView>, ProblemHttpResult>> RunNow(RunScheduledBackup run, BackupScheduleSettings settings, LoadOrganizations organizations, CancellationToken cancellationToken)
    {
        if ((await organizations.All(cancellationToken)).Count > 1)
            return Shared();
        await run.Run(cancellationToken);
        return TypedResults.Ok(await settings.Load(cancellationToken));
    }

    private static ProblemHttpResult Shared() =>
        ProblemResults.Create(StatusCodes.Status409Conflict, "backup-installation-shared", Resources.UiTexts.BackupShared);
}
