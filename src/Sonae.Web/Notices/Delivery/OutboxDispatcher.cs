using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sonae.Core;
using Sonae.Core.Notices;
using Sonae.Data.Notices;
using Sonae.Web.Cluster;

namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// Sends what the outbox holds, off the request path, on every server of the hospital (the web host runs it; a CLI
/// verb never does). The contract for the rest of Sonae is <see cref="OutboxSignal"/>'s: rows in the same transaction
/// as their cause, then a wake.
/// <para>
/// Woken, and every <see cref="DeliveryOptions.PollInterval"/> in any case (for what another server queued and for
/// retries coming due), it finds the lanes with messages due — a hospital's mail server, or one of its webhooks — and
/// runs each in a loop of its own: claim a few messages with a lease (<see cref="OutboxStore.Claim"/>: this server's
/// name and a fresh token, until a moment the clock gives), send them one by one, mark each sent the moment the
/// receiver accepted it (only while the lease is still this claim's), or count the failure, keep its reason and set
/// when to try again (<see cref="DeliverySchedule"/>: 30 s, 1, 2, 5, 10, 30 min, then every 30 min; given up after a
/// day). A lane that is down or slow (every send is bounded by <see cref="DeliveryOptions.SendTimeout"/>) holds only
/// itself. Two servers on one database never hold one message at once: the claim is one statement, and the lease
/// is renewed before it could run out under a send.
/// </para>
/// <para>
/// Delivery is at least once: a crash after the receiver accepted a message and before it was marked sent sends it
/// again once the lease runs out (a minute). The window is one message per lane, the time of one database update;
/// every message carries a stable id a receiver can drop a repeat by (<see cref="DeliveryIds"/>). Times (due, lease)
/// are the application's <see cref="TimeProvider"/>'s; messages are never deleted.
/// </para>
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider clock, IHttpClientFactory httpClients, IOptions<DeliveryOptions> options,
    ServerIdentity server, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The named HTTP client webhooks are posted with (no redirects followed).</summary>
    public const string HttpClientName = "sonae-webhooks";

    private readonly ConcurrentDictionary<Lane, Task> _running = new();
    private readonly DeliveryOptions _options = options.Value;
    private readonly SemaphoreSlim _lanes = new(options.Value.MaxLanes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await StartDueLanes(stoppingToken);
            try
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // Each lane finishes the message it is sending and lets go of the rest of its claim.
        await Task.WhenAll(_running.Values);
    }

    private async Task StartDueLanes(CancellationToken stoppingToken)
    {
        IReadOnlyList<Lane> lanes;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            lanes = await scope.ServiceProvider.GetRequiredService<OutboxStore>().DueLanes(clock.GetUtcNow(), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // The database may be away for a moment: the next look tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogLookFailed(logger, e);
            return;
        }
        foreach (var lane in lanes)
        {
            if (_running.ContainsKey(lane))
                continue;
            var run = new TaskCompletionSource();
            if (!_running.TryAdd(lane, run.Task))
                continue;
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunLane(lane, stoppingToken);
                }
                finally
                {
                    _running.TryRemove(lane, out _);
                    run.SetResult();
                    // Something may have come due for this lane after its last claim found nothing: look again now.
                    if (!stoppingToken.IsCancellationRequested)
                        signal.Wake();
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Claims and sends the lane's due messages until none is left, with one session (one SMTP connection) for the run.</summary>
    private async Task RunLane(Lane lane, CancellationToken stoppingToken)
    {
        try
        {
            await _lanes.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            await using var session = await Open(lane, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                // The outbox's LeasedBy names this server before the claim's token (and keeps it on a sent message).
                var claim = $"{server.Id}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
                var now = clock.GetUtcNow();
                IReadOnlyList<OutboxMessageRow> claimed;
                await using (var scope = scopes.CreateAsyncScope())
                    claimed = await scope.ServiceProvider.GetRequiredService<OutboxStore>().Claim(lane, claim, now, now + _options.Lease, _options.BatchSize, stoppingToken);
                if (claimed.Count == 0)
                    return;
                await SendClaimed(lane, session, claim, now + _options.Lease, claimed, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A lane that fails (the database away) stops; the next look starts it again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogLaneFailed(logger, lane.Channel, lane.OrganizationId, e);
        }
        finally
        {
            _lanes.Release();
        }
    }

    private async Task SendClaimed(Lane lane, IChannelSession session, string claim, DateTimeOffset leasedUntil, IReadOnlyList<OutboxMessageRow> claimed, CancellationToken stoppingToken)
    {
        var held = claimed.ToList();
        for (var i = 0; i < held.Count; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<OutboxStore>();
            if (stoppingToken.IsCancellationRequested)
            {
                // Stopping: what was not sent goes back to the table for another server, or this one's next start.
                await store.Release(claim, CancellationToken.None);
                return;
            }
            // Never start a send the lease might not outlast: renew it first, and keep only what this claim still holds.
            if (clock.GetUtcNow() + (2 * _options.SendTimeout) >= leasedUntil)
            {
                var now = clock.GetUtcNow();
                var renewed = await store.Renew(claim, now + _options.Lease, CancellationToken.None);
                leasedUntil = now + _options.Lease;
                if (renewed < held.Count - i)
                {
                    var still = (await store.Held(claim, CancellationToken.None)).Select(m => m.Id).ToHashSet();
                    held = [.. held.Take(i), .. held.Skip(i).Where(m => still.Contains(m.Id))];
                    if (i >= held.Count)
                        return;
                }
            }
            var message = held[i];
            // The send itself is not cancelled by a stop: a message half sent is the one a crash would repeat.
            var failure = await session.Send(message, CancellationToken.None);
            var at = clock.GetUtcNow();
            if (failure is null)
            {
                if (await store.MarkSent(message.Id, claim, at, CancellationToken.None))
                    LogSent(logger, message.Id, lane.Channel, claim);
                else
                    LogLostLease(logger, message.Id);
                continue;
            }
            var failures = message.Attempts + 1;
            var retry = failure.Permanent ? new DeliveryRetry(null) : DeliverySchedule.AfterFailure(failures, message.CreatedAt, at);
            await store.MarkFailed(message.Id, claim, failures, failure.Stored, retry.RetryAt, at, CancellationToken.None);
            // What the channel said, without the person it may quote (a mail server names the recipient).
            var said = PersonalData.Masked(failure.Stored);
            LogFailed(logger, message.Id, lane.Channel, said, retry.RetryAt);
        }
    }

    private async Task<IChannelSession> Open(Lane lane, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (settings, password) = await scope.ServiceProvider.GetRequiredService<ChannelSettingsStore>().ForSending(lane.OrganizationId, cancellationToken);
        switch (lane.Channel)
        {
            case Lane.Email:
                return new MailSession(settings.Mail, password, _options.SendTimeout, clock);
            case Lane.Webhook:
                var store = scope.ServiceProvider.GetRequiredService<OutboxStore>();
                var organization = await store.OrganizationName(lane.OrganizationId, cancellationToken);
                return new WebhookSession(settings, httpClients.CreateClient(HttpClientName), (message, token) => Describe(message, organization, token), _options.SendTimeout);
            default:
                return new UnknownChannel(lane.Channel);
        }
    }

    /// <summary>What a webhook is told of one message; the notice's kind and incident are read when it is sent.</summary>
    private async Task<WebhookMessage> Describe(OutboxMessageRow message, string organization, CancellationToken cancellationToken)
    {
        (string Kind, int? Incident) notice = ("message", null);
        if (message.NoticeId is { } id)
        {
            await using var scope = scopes.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<OutboxStore>().Notices([id], cancellationToken);
            if (found.TryGetValue(id, out var facts))
                notice = facts;
        }
        return new WebhookMessage(DeliveryIds.For(message), message.OrganizationId, organization, notice.Kind, message.Subject, message.Body, message.Link, notice.Incident, clock.GetUtcNow());
    }

    public override void Dispose()
    {
        _lanes.Dispose();
        base.Dispose();
    }

    /// <summary>A lane of a channel Sonae does not know: each of its messages is given up, saying why.</summary>
    private sealed class UnknownChannel(string channel) : IChannelSession
    {
        public Task<DeliveryFailure?> Send(OutboxMessageRow message, CancellationToken cancellationToken) =>
            Task.FromResult<DeliveryFailure?>(DeliveryFailure.UnknownChannel(channel));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox message {Id} sent by {Channel} ({Claim})")]
    private static partial void LogSent(ILogger logger, long id, string channel, string claim);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {Id} failed on {Channel}: {Error}; next attempt {RetryAt} (none: given up)")]
    private static partial void LogFailed(ILogger logger, long id, string channel, string error, DateTimeOffset? retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} was sent after its lease passed to another claim: it may arrive twice")]
    private static partial void LogLostLease(ILogger logger, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox could not be read; the next look tries again")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Channel} lane of organization {Organization} stopped; the next look starts it again")]
    private static partial void LogLaneFailed(ILogger logger, string channel, Guid organization, Exception exception);
}
