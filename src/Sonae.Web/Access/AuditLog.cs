using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Audit;
using Sonae.Data;
using Sonae.Data.Audit;

namespace Sonae.Web.Access;

/// <summary>What the audit log is told: who did what to which address, with what result, from where.</summary>
public sealed record AuditRecord(Guid Organization, DateTimeOffset At, string? ActorId, string? ActorName, string Action, string Target, int Status, string? Address);

/// <summary>
/// Appends entries to the audit chains inside the caller's transaction: each organization's chain is held
/// (<see cref="SonaeDbContext.LockAuditChainAsync"/>), its end read (counting entries this unit of work already
/// holds), and the entries sealed onto it. Used by the audit log's own writer and by the record writer, which saves a
/// command's entry in the same transaction as the command's events.
/// </summary>
public static class AuditChains
{
    public static async Task Append(SonaeDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        // In the order of their lock keys, so that two writers holding several chains always take them in the same order.
        foreach (var organization in records.Select(r => r.Organization).Distinct().OrderBy(SonaeDbContext.AuditChainLockKey))
        {
            await db.LockAuditChainAsync(organization, cancellationToken);
            var head = await Head(db, organization, cancellationToken);
            foreach (var record in records.Where(r => r.Organization == organization))
            {
                var (entry, hash, next) = head.Append(record.At, record.ActorId, record.ActorName, record.Action, record.Target, record.Status, record.Address);
                db.AuditEntries.Add(AuditEntryRow.From(entry, hash));
                head = next;
            }
        }
    }

    private static async Task<AuditHead> Head(SonaeDbContext db, Guid organization, CancellationToken cancellationToken)
    {
        if (db.Tracked<AuditEntryRow>().Where(e => e.OrganizationId == organization).MaxBy(e => e.Seq) is { } staged)
            return new AuditHead(organization, staged.Seq, staged.Hash);
        var last = await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organization)
            .OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        return last is null ? AuditHead.New(organization) : new AuditHead(organization, last.Seq, last.Hash);
    }
}

/// <summary>
/// Writes the audit log's entries that are not part of another transaction: refusals, sign-ins, audited reads, and
/// changes outside the incident record. Entries queue here; one writer saves whatever is waiting in one transaction
/// (group commit), and whoever waits on an entry (<see cref="Save"/>: the request, before its answer starts) learns
/// when it is in the database. A change of an incident record has its entry saved with its events instead
/// (<see cref="RecordWriter"/>). On a shutdown the queue is emptied into the database after the server has stopped
/// taking requests. What is lost when the process dies is only what is queued and not waited on: entries of requests
/// whose answer had not started yet (see docs/security.md).
/// </summary>
public sealed partial class AuditLog(IServiceScopeFactory scopes, Health.StorageHealth storage, ILogger<AuditLog> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The most entries saved in one transaction.</summary>
    public const int MaxBatch = 500;

    private readonly Channel<(AuditRecord? Record, TaskCompletionSource? Done)> _queue =
        Channel.CreateBounded<(AuditRecord?, TaskCompletionSource?)>(new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _start = new();
    private Task? _loop;

    /// <summary>Queues an entry without waiting for it (the console's verbs flush before they exit).</summary>
    public void Record(AuditRecord record)
    {
        EnsureStarted();
        if (!_queue.Writer.TryWrite((record, null)))
            LogDropped(logger, record.Action, record.Target);
    }

    /// <summary>Queues an entry; completes when it is in the database, or fails with <see cref="AuditNotSavedException"/>.</summary>
    public Task Save(AuditRecord record)
    {
        EnsureStarted();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_queue.Writer.TryWrite((record, done)))
            return done.Task;
        LogDropped(logger, record.Action, record.Target);
        return Task.FromException(new AuditNotSavedException(1, new InvalidOperationException("The audit queue is full or shut.")));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>Saves what is queued; the host calls it after the server has stopped, while the database is still there.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
            await _loop.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when everything recorded before it is saved (tests, and the CLI before it exits).</summary>
    public Task Flush()
    {
        EnsureStarted();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((null, done)) ? done.Task : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
            await _loop;
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
            return;
        lock (_start)
            _loop ??= Task.Run(Loop);
    }

    private async Task Loop()
    {
        var batch = new List<AuditRecord>();
        var saved = new List<TaskCompletionSource>();
        var flushed = new List<TaskCompletionSource>();
        // A batch that failed since the last flush was answered: the next flush must say so, even when the batch it
        // arrives in is empty or saved (the writer may wake between a record and the flush that follows it).
        Exception? unsaved = null;
        var unsavedCount = 0;
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            saved.Clear();
            flushed.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item.Record is { } record)
                {
                    batch.Add(record);
                    if (item.Done is { } waiting)
                        saved.Add(waiting);
                }
                else if (item.Done is { } done)
                {
                    flushed.Add(done);
                }
            }
            var failure = batch.Count > 0 ? await SaveBatch(batch) : null;
            if (failure is not null)
            {
                unsaved ??= failure;
                unsavedCount += batch.Count;
            }
            foreach (var waiting in saved)
            {
                if (failure is null)
                    waiting.TrySetResult();
                else
                    waiting.TrySetException(new AuditNotSavedException(1, failure));
            }
            if (flushed.Count == 0)
                continue;
            // Whoever waits on a flush (the command line before it exits) learns that entries were not kept.
            foreach (var done in flushed)
            {
                if (unsaved is null)
                    done.TrySetResult();
                else
                    done.TrySetException(new AuditNotSavedException(unsavedCount, unsaved));
            }
            unsaved = null;
            unsavedCount = 0;
        }
    }

    /// <summary>Saves the batch in one transaction; gives the error when it could not, after logging it.</summary>
    private async Task<Exception?> SaveBatch(List<AuditRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
                using var writer = await db.EnterWriterAsync(CancellationToken.None);
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await AuditChains.Append(db, batch, CancellationToken.None);
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                storage.Wrote(Health.StoragePlace.Database);
                return null;
            }
            catch (DbUpdateException e) when (attempt < 5 && StorageRegistration.IsUniqueViolation(e))
            {
                // Another process appended to one of these chains without holding it (the console on SQLite): again.
                LogRetry(logger, attempt, e.Message);
            }
#pragma warning disable CA1031 // Whatever went wrong is logged and told to whoever waits; the writer goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (StorageFailures.IsFull(e))
                    storage.Refused(e);
                else
                    LogFailed(logger, batch.Count, e);
                return e;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit queue is full or shut: an entry for {Action} {Target} was dropped.")]
    private static partial void LogDropped(ILogger logger, string action, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entries lost a race (attempt {Attempt}): {Message}")]
    private static partial void LogRetry(ILogger logger, int attempt, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries could not be saved.")]
    private static partial void LogFailed(ILogger logger, int count, Exception exception);
}

/// <summary>Entries given to the audit log could not be saved (a flush says so to whoever waits on it).</summary>
public sealed class AuditNotSavedException(int count, Exception cause)
    : Exception($"{count} audit entries could not be saved: {cause.Message}", cause);

/// <summary>Marks a read endpoint whose use is audited (downloads of evidence, reports, manifests, exports).</summary>
public sealed class AuditedRead;

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
    private static readonly string[] SecretPaths = [ReportingLinks.LinkPath, Invitations.LinkPath, "/api/v1/invitations"];

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
