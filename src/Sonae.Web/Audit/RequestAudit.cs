using Sonae.Data;
using Sonae.Web.Access;

namespace Sonae.Web.Audit;

/// <summary>
/// Audits every request that changes something (any method but GET, HEAD and OPTIONS), every read marked
/// <see cref="AuditedRead"/>, and every refused key: who (the caller, when signed in), what (the route, or the
/// named act a handler set), the address, the status and the client's address. Bodies are never logged.
/// </summary>
/// <remarks>
/// No answer starts before its entry is in the database: the entry is written with the status being answered, just
/// before the answer's headers go out (<see cref="HttpResponse.OnStarting(Func{Task})"/>), and the answer waits for
/// it. A change of an incident record goes further: its entry is saved in the same transaction as its events
/// (<see cref="RequestAudit.ForChange"/>, used by the record writer).
/// </remarks>
public static class AuditMiddleware
{
    /// <summary>Where a handler names what happened (<c>sign-in</c>, <c>sign-in-failed</c>) and for whom.</summary>
    public const string ActionItem = "sonae.audit.action";
    public const string WhoItem = "sonae.audit.who";

    /// <summary>What was acted on when the address does not say it (the account a failed sign-in tried).</summary>
    public const string TargetItem = "sonae.audit.target";

    public static void UseAuditLog(this WebApplication app) => app.Use((context, next) =>
    {
        // Blazor's own traffic (the live connection of the workspace) is not an act of anyone's.
        if (context.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase) || context.Request.Path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase))
            return next(context);
        var audit = new RequestAudit(context);
        context.Items[RequestAudit.Item] = audit;
        context.Response.OnStarting(audit.BeforeAnswer);
        context.Response.OnCompleted(audit.AfterAnswer);
        return next(context);
    });

    /// <summary>Addresses whose next segment is a secret (a reporting link, an invitation).</summary>
    private static readonly string[] SecretPaths = [ReportingLinks.LinkPath, Invitations.LinkPath, "/api/v1/invitations", Notices.AckLinks.Path.TrimEnd('/'), "/api/v1/acknowledgements",
        .. SecretLinks.SecretPaths];

    /// <summary>The address acted on, with a reporting link's secret cut to its prefix: the log never holds a working secret.</summary>
    internal static string Target(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        foreach (var secretPath in SecretPaths)
        {
            if (path.StartsWith(secretPath + "/", StringComparison.OrdinalIgnoreCase))
            {
                var rest = path[(secretPath.Length + 1)..];
                var end = rest.IndexOf('/', StringComparison.Ordinal);
                path = secretPath + "/" + ApiKeySecrets.Display(end < 0 ? rest : rest[..end]) + "…" + (end < 0 ? "" : rest[end..]);
                break;
            }
        }
        if (context.Items[TargetItem] is string named)
            return path + " " + named;
        return path + context.Request.QueryString.Value;
    }
}

/// <summary>
/// The audit entry of one request, from its start to its answer: written once, either with the change it describes
/// (<see cref="ForChange"/>) or just before the answer starts (<see cref="BeforeAnswer"/>); should the answer never
/// start (the client went away), after the request ends, without waiting.
/// </summary>
public sealed partial class RequestAudit(HttpContext context)
{
    public const string Item = "sonae.audit.request";

    /// <summary>How long an answer waits for its entry before it goes out anyway (and the failure is logged).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private int? _written;

    // Taken on the way in: the exception handler clears the endpoint before it answers a request that failed.
    private readonly Endpoint? _endpoint = context.GetEndpoint();

    /// <summary>Whether the entry is in the database (or was handed to the queue for a request that was never answered).</summary>
    public bool Done => _written is not null;

    /// <summary>What a successful change of this request answers (200, 201 for a creation, a redirect for a page form).</summary>
    public int SuccessStatus { get; set; } = SignIn.IsApi(context) ? StatusCodes.Status200OK : StatusCodes.Status302Found;

    /// <summary>The request's audit, when it has one (none for Blazor's live connection, the console, the demo script).</summary>
    public static RequestAudit? Of(HttpContext? context) => context?.Items[Item] as RequestAudit;

    /// <summary>
    /// The entry of a command from a live page (the incident workspace, over its live connection): no request carries
    /// it, so the page names it itself (<c>live-page</c>, the command, the incident's page); the client's address is
    /// not known there.
    /// </summary>
    public static AuditRecord LivePage(Caller caller, int number, object command, TimeProvider clock) => new(
        caller.OrganizationId, clock.GetUtcNow(), caller.Actor.Id, caller.Actor.Name,
        $"live-page {System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(command.GetType().Name)}", $"/incidents/{number}", StatusCodes.Status200OK, null);

    /// <summary>Says that a successful change of this request answers <paramref name="status"/> (201 Created).</summary>
    public static void SucceedsWith(HttpContext context, int status)
    {
        if (Of(context) is { } audit)
            audit.SuccessStatus = status;
    }

    /// <summary>
    /// The entry of a change that is about to be saved, for the transaction that saves it; null when this request
    /// has one already (a request that changes a record twice has one entry). <see cref="Saved"/> follows the commit.
    /// </summary>
    public AuditRecord? ForChange() => _written is null && Describe(SuccessStatus) is { } record ? record : null;

    /// <summary>The change's transaction committed with the entry <see cref="ForChange"/> gave.</summary>
    public void Saved(AuditRecord record) => _written = record.Status;

    /// <summary>Just before the answer's headers: writes the entry with the status being answered, and waits for it.</summary>
    public async Task BeforeAnswer()
    {
        if (_written is { } status)
        {
            if (status != context.Response.StatusCode)
                LogStatusDiffers(Logger, Action(), status, context.Response.StatusCode);
            return;
        }
        AuditRecord? record = null;
        try
        {
            if ((record = Describe(context.Response.StatusCode)) is null)
                return;
            _written = record.Status;
            await context.RequestServices.GetRequiredService<AuditLog>().Save(record).WaitAsync(MaxWait);
        }
#pragma warning disable CA1031 // The answer goes out; that its entry was not kept is logged as an error.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // A full disk is already counted and reported once a minute by the writer.
            if (!StorageFailures.IsFull(e))
                LogNotSaved(Logger, record?.Action ?? Action(), e);
        }
    }

    /// <summary>After the request: an answer that never started still gets its entry, queued.</summary>
    public Task AfterAnswer()
    {
        if (_written is null && Describe(context.Response.StatusCode) is { } record)
        {
            _written = record.Status;
            context.RequestServices.GetRequiredService<AuditLog>().Record(record);
        }
        return Task.CompletedTask;
    }

    private ILogger Logger => context.RequestServices.GetRequiredService<ILogger<RequestAudit>>();

    private string Action()
    {
        var route = (_endpoint as RouteEndpoint)?.RoutePattern.RawText;
        return $"{context.Request.Method} {(route is null ? context.Request.Path.Value : "/" + route.TrimStart('/'))}";
    }

    /// <summary>The entry, as the request stands now and answering <paramref name="status"/>; null when it is not audited.</summary>
    private AuditRecord? Describe(int status)
    {
        var method = context.Request.Method;
        var changes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        var read = _endpoint?.Metadata.GetMetadata<AuditedRead>() is not null;
        var refusedKey = status == StatusCodes.Status401Unauthorized && context.Request.Headers.Authorization.Count > 0;
        var named = context.Items[AuditMiddleware.ActionItem] as string;
        if (!changes && !read && !refusedKey && named is null)
            return null;
        var caller = context.Items[AuditMiddleware.WhoItem] as Caller ?? (context.User.Identity?.IsAuthenticated == true ? Caller.From(context.User) : null);
        return new AuditRecord(
            caller?.OrganizationId ?? Guid.Empty,
            context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            caller?.Actor.Id,
            caller?.Actor.Name,
            named ?? (refusedKey ? "api-key-refused" : Action()),
            AuditMiddleware.Target(context),
            status,
            context.Connection.RemoteIpAddress?.ToString());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit entry of {Action} was not saved before its answer.")]
    private static partial void LogNotSaved(ILogger logger, string action, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Action} was audited with its change as {Written} but answered {Answered}.")]
    private static partial void LogStatusDiffers(ILogger logger, string action, int written, int answered);
}
