using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Audit;

namespace Sonae.Web.Incidents;

/// <summary>
/// Every append to an incident record goes through this one writer per process. Commands queue; the writer runs
/// whatever is waiting for one organization as one transaction and commits once (group commit), so that the cost
/// of a durable commit is shared when many people act at once, and SQLite never sees two writers of ours at once.
/// </summary>
/// <remarks>
/// An attempt sees what its caller may see, as a read would: the caller's organization, and for an outside caller (a
/// vendor) only the incidents they are invited to, read again inside the transaction, so a command on an incident
/// the caller cannot see finds nothing, however the incident was named. Such a caller's commands run alone.
/// An attempt loads what it needs, asks the rules and stages its events on the writer's DbContext; it never
/// saves. Attempts in one batch see each other's staged changes (the tracked incident has moved on), so a batch
/// on one incident still gives one unbroken chain. If the batch fails to save (another process won a race on
/// PostgreSQL, or anything unexpected), each attempt runs again alone, in its own transaction, up to
/// <see cref="Attempts"/> times (on PostgreSQL the retry waits on the incident's row lock, not on a timer); one
/// that keeps losing is answered as contended (409), and nothing of it is kept. A full queue answers 503 at once.
/// A command that appends saves its request's audit entry in the same transaction (<see cref="RequestAudit"/>): no
/// event is kept without the entry that says who asked for it, from where. It shuts down as the audit log does
/// (<see cref="Hosting.BackgroundWriter{T}"/>): commands queued before the host stops are all run and answered,
/// later ones are answered as overloaded.
/// </remarks>
public sealed partial class RecordWriter(IServiceScopeFactory scopes, IncidentChanges changes, IHttpContextAccessor http, Health.StorageHealth storage, Health.SonaeMetrics metrics, ILogger<RecordWriter> logger) : IHostedService, IAsyncDisposable
{
    public const int Attempts = 5;
    public const int MaxBatch = 64;

    /// <summary>Commands that may wait at once; beyond that a command is refused at once (503) rather than queued.</summary>
    public const int MaxWaiting = 10_000;

    /// <summary>Stages a command's changes on the writer's context and says what became of it.</summary>
    public delegate Task<CommandOutcome> Attempt(SonaeDbContext db, CancellationToken cancellationToken);

    private Hosting.BackgroundWriter<Job>? _jobs;

    /// <summary>The queue and its loop, made on first use (its handlers are this writer's own methods).</summary>
    private Hosting.BackgroundWriter<Job> Jobs => LazyInitializer.EnsureInitialized(ref _jobs, () => new(MaxWaiting, MaxBatch, Run, (job, e) => job.Completion.TrySetException(e), Joins));

    /// <param name="liveAudit">The entry to save with a change that comes with no request (a live page's command).</param>
    /// <param name="appendsTo">The incident the command appends to, when it names one: a batch reads all of its incidents in one query.</param>
    public Task<CommandOutcome> Submit(Caller caller, Attempt attempt, CancellationToken cancellationToken, AuditRecord? liveAudit = null, Guid? appendsTo = null)
    {
        // Read on the request's own thread: the entry the request's change is saved with, if it is a request's.
        var audit = RequestAudit.Of(http.HttpContext);
        var job = new Job(caller, attempt, audit, audit is null ? liveAudit : audit.ForChange(), appendsTo, cancellationToken);
        if (Jobs.TryQueue(job))
            return job.Completion.Task;
        metrics.Answered("overloaded");
        return Task.FromResult<CommandOutcome>(new CommandOutcome.Overloaded());
    }

    /// <summary>Commands queued and not taken into a batch yet.</summary>
    public int Waiting => _jobs?.Waiting ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Jobs.Start();
        return Task.CompletedTask;
    }

    /// <summary>Runs and answers every command queued so far, and refuses later ones; the host calls it after the server has stopped.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Jobs.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => Jobs.DisposeAsync();

    /// <summary>Only the hospital's own people's commands of one organization share a transaction.</summary>
    private static bool Joins(IReadOnlyList<Job> batch, Job next) =>
        next.Together && batch[0].Together && next.OrganizationId == batch[0].OrganizationId;

    private async Task Run(List<Job> batch)
    {
        batch.RemoveAll(GaveUp);
        if (batch.Count == 1)
            await RunAlone(batch[0]);
        else if (batch.Count > 1)
            await RunTogether(batch);
    }

    /// <summary>A caller who gave up while waiting is answered so, and their command is not run.</summary>
    private static bool GaveUp(Job job)
    {
        if (!job.CancellationToken.IsCancellationRequested)
            return false;
        job.Completion.TrySetCanceled(job.CancellationToken);
        return true;
    }

    private async Task RunTogether(List<Job> batch)
    {
        var outcomes = new List<CommandOutcome>(batch.Count);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            // Once a batch starts saving, it finishes: a caller who gave up does not undo the others' commands.
            using var writer = await db.EnterWriterAsync(CancellationToken.None);
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await Enter(db, batch[0].Caller, CancellationToken.None);
            await db.HoldIncidentsAsync(batch.Select(j => j.AppendsTo).OfType<Guid>().ToHashSet(), CancellationToken.None);
            foreach (var job in batch)
                outcomes.Add(await job.Attempt(db, job.CancellationToken));
            var audited = await AuditChanges(db, batch, outcomes, CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            Saved(audited);
            storage.Wrote(Health.StoragePlace.Database);
        }
#pragma warning disable CA1031 // Whatever went wrong, each command gets its own answer from running alone.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // A full disk is reported once a minute by whoever answers the commands (each fails alone the same way).
            if (!StorageFailures.IsFull(e))
                LogBatchFailed(logger, batch.Count, e.GetType().Name, (e.InnerException ?? e).Message);
            foreach (var job in batch)
                await RunAlone(job);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
            Complete(batch[i], outcomes[i]);
    }

    /// <summary>Answers the command and tells the open pages, once its events are committed.</summary>
    private void Complete(Job job, CommandOutcome outcome)
    {
        job.Completion.TrySetResult(outcome);
        metrics.Answered(outcome.GetType().Name.ToLowerInvariant());
        if (outcome is CommandOutcome.Appended { Replayed: false, Events.Count: > 0 } appended)
        {
            changes.Publish(new IncidentChanged(job.OrganizationId, appended.IncidentId, appended.LastSeq));
            foreach (var also in appended.AlsoChanged)
                changes.Publish(also);
        }
    }

    private async Task<CommandOutcome> AttemptAlone(Job job)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        using var writer = await db.EnterWriterAsync(job.CancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(job.CancellationToken);
        await Enter(db, job.Caller, job.CancellationToken);
        var outcome = await job.Attempt(db, job.CancellationToken);
        var audited = await AuditChanges(db, [job], [outcome], job.CancellationToken);
        await db.SaveChangesAsync(job.CancellationToken);
        await transaction.CommitAsync(job.CancellationToken);
        Saved(audited);
        storage.Wrote(Health.StoragePlace.Database);
        return outcome;
    }

    /// <summary>Stages the audit entry of every request in the batch whose command appended, on its audit chain.</summary>
    private static async Task<List<Job>> AuditChanges(SonaeDbContext db, List<Job> jobs, List<CommandOutcome> outcomes, CancellationToken cancellationToken)
    {
        var audited = new List<Job>();
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].Entry is not null && outcomes[i] is CommandOutcome.Appended { Replayed: false, Events.Count: > 0 })
                audited.Add(jobs[i]);
        }
        if (audited.Count > 0)
            await AuditChains.Append(db, [.. audited.Select(j => j.Entry!)], cancellationToken);
        return audited;
    }

    /// <summary>After the commit: those requests' entries are in; their answers write none of their own.</summary>
    private static void Saved(List<Job> audited)
    {
        foreach (var job in audited)
            job.Audit?.Saved(job.Entry!);
    }

    private async Task RunAlone(Job job)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                // Answered once the writer gate, the transaction and the scope are released.
                Complete(job, await AttemptAlone(job));
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
            }
            catch (DbUpdateException e) when (StorageRegistration.IsUniqueViolation(e))
            {
            }
            catch (OperationCanceledException) when (job.CancellationToken.IsCancellationRequested)
            {
                job.Completion.TrySetCanceled(job.CancellationToken);
                return;
            }
#pragma warning disable CA1031 // The caller gets the exception; the writer goes on with the next command.
            catch (Exception e)
#pragma warning restore CA1031
            {
                job.Completion.TrySetException(e);
                metrics.Answered("failed");
                return;
            }
        }
        LogContended(logger, job.OrganizationId);
        job.Completion.TrySetResult(new CommandOutcome.Contended());
    }

    /// <summary>
    /// Puts the writer's context where the caller's reads are: their organization and, for an outside caller, the
    /// incidents of their session that they are still invited to now (inside the transaction).
    /// </summary>
    private static async Task Enter(SonaeDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        db.Scope.Enter(caller.OrganizationId, caller.VisibleIncidents);
        if (caller.VisibleIncidents is not null)
            db.Scope.LimitIncidentsTo(await db.InvitedIncidentsForAppendAsync(caller.OrganizationId, caller.Actor.Id, cancellationToken));
    }

    /// <param name="Audit">The request the command came with (none from a live page, the console or the demo: a live page gives its entry itself).</param>
    /// <param name="Entry">That request's audit entry, to save with the change; null when it has one already.</param>
    /// <param name="AppendsTo">The incident the command names, if it names one.</param>
    private sealed record Job(Caller Caller, Attempt Attempt, RequestAudit? Audit, AuditRecord? Entry, Guid? AppendsTo, CancellationToken CancellationToken)
    {
        public Guid OrganizationId => Caller.OrganizationId;

        /// <summary>Whether it may share a transaction with others of its organization: only the hospital's own people's.</summary>
        public bool Together => Caller.VisibleIncidents is null;

        public TaskCompletionSource<CommandOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} commands did not save ({Error}: {Message}); running each alone")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organization {OrganizationId}: a command lost every race with other writers")]
    private static partial void LogContended(ILogger logger, Guid organizationId);
}
