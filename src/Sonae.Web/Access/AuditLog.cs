using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Audit;
using Sonae.Data;
using Sonae.Data.Audit;

namespace Sonae.Web.Access;

/// <summary>What the audit log is told: who did what to which address, with what result, from where.</summary>
public sealed record AuditRecord(Guid Organization, DateTimeOffset At, string? ActorId, string? ActorName, string Action, string Target, int Status, string? Address);

/// <summary>
/// Writes the audit log: requests queue here without waiting, and one writer seals and saves whatever is waiting,
/// per organization, in one transaction (the chain of each organization stays unbroken; a request is not slowed by
/// its own audit entry). Another server winning a race on the same chain makes the batch reload the chain's end
/// and try again. On a shutdown the queue is emptied into the database after the server has stopped taking requests
/// and before the services go (a hosted service's stop). What is queued when the process dies is lost (a few
/// milliseconds' worth): the incident record, the reports and the evidence are written in their own transactions
/// and never depend on it.
/// </summary>
public sealed partial class AuditLog(IServiceScopeFactory scopes, ILogger<AuditLog> logger) : IHostedService, IAsyncDisposable
{
    private readonly Channel<(AuditRecord? Record, TaskCompletionSource? Flushed)> _queue =
        Channel.CreateBounded<(AuditRecord?, TaskCompletionSource?)>(new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<Guid, AuditHead> _heads = [];
    private readonly Lock _start = new();
    private Task? _loop;

    public void Record(AuditRecord record)
    {
        EnsureStarted();
        if (!_queue.Writer.TryWrite((record, null)))
            LogDropped(logger, record.Action, record.Target);
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
        var flushed = new List<TaskCompletionSource>();
        // A batch that failed since the last flush was answered: the next flush must say so, even when the batch it
        // arrives in is empty or saved (the writer may wake between a record and the flush that follows it).
        Exception? unsaved = null;
        var unsavedCount = 0;
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            flushed.Clear();
            while (batch.Count < 500 && _queue.Reader.TryRead(out var item))
            {
                if (item.Record is { } record)
                    batch.Add(record);
                if (item.Flushed is { } done)
                    flushed.Add(done);
            }
            if (batch.Count > 0 && await Save(batch) is { } failure)
            {
                unsaved ??= failure;
                unsavedCount += batch.Count;
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

    /// <summary>Saves the batch; gives the error when it could not, after logging it.</summary>
    private async Task<Exception?> Save(List<AuditRecord> batch)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
                var heads = new Dictionary<Guid, AuditHead>();
                foreach (var record in batch)
                {
                    if (!heads.TryGetValue(record.Organization, out var head))
                        head = _heads.TryGetValue(record.Organization, out var cached) ? cached : await Head(db, record.Organization);
                    var (entry, hash, next) = head.Append(record.At, record.ActorId, record.ActorName, record.Action, record.Target, record.Status, record.Address);
                    db.AuditEntries.Add(AuditEntryRow.From(entry, hash));
                    heads[record.Organization] = next;
                }
                await db.SaveChangesAsync();
                foreach (var (organization, head) in heads)
                    _heads[organization] = head;
                return null;
            }
            catch (DbUpdateException e) when (attempt < 5)
            {
                // Another server appended to one of these chains: read the ends again.
                _heads.Clear();
                LogRetry(logger, attempt, e.Message);
            }
            catch (Exception e)
            {
                LogFailed(logger, batch.Count, e);
                _heads.Clear();
                return e;
            }
        }
        return null;
    }

    private static async Task<AuditHead> Head(SonaeDbContext db, Guid organization)
    {
        var last = await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organization)
            .OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync();
        return last is null ? AuditHead.New(organization) : new AuditHead(organization, last.Seq, last.Hash);
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
public static class AuditMiddleware
{
    /// <summary>Where a handler names what happened (<c>sign-in</c>, <c>sign-in-failed</c>) and for whom.</summary>
    public const string ActionItem = "sonae.audit.action";
    public const string WhoItem = "sonae.audit.who";

    /// <summary>What was acted on when the address does not say it (the account a failed sign-in tried).</summary>
    public const string TargetItem = "sonae.audit.target";

    public static void UseAuditLog(this WebApplication app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        finally
        {
            Audit(context);
        }
    });

    /// <summary>Addresses whose next segment is a secret (a reporting link, an invitation).</summary>
    private static readonly string[] SecretPaths = [ReportingLinks.LinkPath, Invitations.LinkPath, "/api/v1/invitations"];

    /// <summary>The address acted on, with a reporting link's secret cut to its prefix: the log never holds a working secret.</summary>
    private static string Target(HttpContext context)
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

    private static void Audit(HttpContext context)
    {
        // Blazor's own traffic (the live connection of the workspace) is not an act of anyone's.
        if (context.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase) || context.Request.Path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase))
            return;
        var method = context.Request.Method;
        var endpoint = context.GetEndpoint();
        var changes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        var read = endpoint?.Metadata.GetMetadata<AuditedRead>() is not null;
        var refusedKey = context.Response.StatusCode == StatusCodes.Status401Unauthorized && context.Request.Headers.Authorization.Count > 0;
        var named = context.Items[ActionItem] as string;
        if (!changes && !read && !refusedKey && named is null)
            return;
        var caller = context.Items[WhoItem] as Caller ?? (context.User.Identity?.IsAuthenticated == true ? Caller.From(context.User) : null);
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        var action = named ?? (refusedKey ? "api-key-refused" : $"{method} {(route is null ? context.Request.Path.Value : "/" + route.TrimStart('/'))}");
        context.RequestServices.GetRequiredService<AuditLog>().Record(new AuditRecord(
            caller?.OrganizationId ?? Guid.Empty,
            context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            caller?.Actor.Id,
            caller?.Actor.Name,
            action,
            Target(context),
            context.Response.StatusCode,
            context.Connection.RemoteIpAddress?.ToString()));
    }
}
