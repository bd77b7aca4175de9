using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Checkpoints;

public sealed record CheckpointSummary(long Number, DateTimeOffset MadeAt, string Digest, int Incidents, long AuditSeq, string KeyFingerprint, string Download);

/// <summary>
/// <c>/api/v1/checkpoints</c>: the organization's signed checkpoints (list, download), and one made now, for the
/// security officer and management. Keep the downloads somewhere Sonae's database is not.
/// </summary>
public static class CheckpointEndpoints
{
    public static IEndpointRouteBuilder MapCheckpointEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/checkpoints").WithTags("Checkpoints").RequireAuthorization(Core.Access.Operation.MakeCheckpoints)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", List).WithName("ListCheckpoints").WithSummary("The organization's checkpoints, newest first");
        group.MapPost("/", Make).WithName("MakeCheckpoint").WithSummary("Make and sign a checkpoint of every incident's record and the audit chain now");
        group.MapGet("/{number:long}", Download).WithMetadata(new AuditedRead()).WithName("DownloadCheckpoint").WithSummary("A checkpoint's signed document, as kept")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CheckpointSummary>>> List(LoadCheckpoints load, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CheckpointSummary>>([.. (await load.Recent(cancellationToken)).Select(Summary)]);

    public static async Task<Created<CheckpointSummary>> Make(MakeCheckpoint make, CancellationToken cancellationToken)
    {
        var made = await make.Run(onlyIfMoved: false, cancellationToken);
        var summary = Summary(made.Checkpoint);
        return TypedResults.Created(summary.Download, summary);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(long number, LoadCheckpoints load, CancellationToken cancellationToken)
    {
        if (await load.Document(number, cancellationToken) is not { } document)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "checkpoint-not-found", ProblemResults.Format(ProblemTexts.CheckpointNotFound, number));
        var signed = Core.Checkpoints.SignedCheckpoint.Parse(document);
        return TypedResults.File(Encoding.UTF8.GetBytes(document + "\n"), "application/json", MakeCheckpoint.FileName(signed.Checkpoint));
    }

    private static CheckpointSummary Summary(Core.Checkpoints.SignedCheckpoint signed) => new(
        signed.Checkpoint.Number, signed.Checkpoint.MadeAt, signed.Digest(), signed.Checkpoint.Incidents.Count, signed.Checkpoint.AuditSeq,
        signed.KeyFingerprint(), $"/api/v1/checkpoints/{signed.Checkpoint.Number}");
}
