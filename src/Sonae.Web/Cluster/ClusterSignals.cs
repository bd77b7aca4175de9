using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Incidents;

namespace Sonae.Web.Cluster;

/// <summary>
/// Carries what one server's pages hear in-process to the other servers on the same PostgreSQL database, with
/// PostgreSQL's own LISTEN/NOTIFY (channel <see cref="Channel"/>): an incident that changed (so that a workspace open
/// on server A moves when someone acts on server B) and an API key or account forgotten by the key cache (so that a
/// revoked key stops on every server at once, not within the cache's 30 s). Each change is sent after its commit, in
/// batches, as a short line naming the sending server, so that a server ignores its own. One dedicated connection
/// listens; when it drops, the listener logs it and connects again with a growing pause (1 s up to 30 s). A change
/// sent while a server's listener was away is not replayed: its pages show it at their next read (the alerts board
/// reads again every few seconds in any case). SQLite has one server: nothing of this runs.
/// </summary>
public sealed partial class ClusterSignals : BackgroundService
{
    public const string Channel = "sonae_changes";

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private readonly Channel<string> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly IncidentChanges _changes;
    private readonly ApiKeyCache _keys;
    private readonly ServerIdentity _server;
    private readonly ILogger<ClusterSignals> _logger;

    public ClusterSignals(Microsoft.Extensions.Options.IOptions<StorageOptions> storage, IncidentChanges changes, ApiKeyCache keys, ServerIdentity server, ILogger<ClusterSignals> logger)
    {
        _connectionString = new NpgsqlConnectionStringBuilder(StorageRegistration.PostgresConnectionString(storage.Value))
        {
            // Notifications arrive on an idle connection: keep-alives find a dead one instead of waiting forever.
            KeepAlive = 15,
            ApplicationName = "sonae-cluster",
        }.ConnectionString;
        _changes = changes;
        _keys = keys;
        _server = server;
        _logger = logger;
        _changes.Committed += change => _outgoing.Writer.TryWrite(Invariant($"{_server.Id} i {change.OrganizationId:N} {change.IncidentId:N} {change.LastSeq}"));
        _keys.Forgotten += (kind, value) => _outgoing.Writer.TryWrite($"{_server.Id} k {kind} {value}");
    }

    /// <summary>Whether the listener is connected and listening now.</summary>
    public bool Listening { get; private set; }

    /// <summary>Changes heard from other servers since the start.</summary>
    public long Heard => Interlocked.Read(ref _heard);

    private long _heard;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Listen(stoppingToken), Send(stoppingToken));

    private async Task Listen(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, notification) => Take(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Listening = true;
                LogListening(_logger, _server.Id);
                pause = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database away or restarted: listen again after a pause.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Listening = false;
                LogListenFailed(_logger, e, pause.TotalSeconds);
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
            finally
            {
                Listening = false;
            }
        }
    }

    /// <summary>Sends what is waiting in one statement per batch (a burst of appends is one round trip).</summary>
    private async Task Send(CancellationToken stoppingToken)
    {
        await using var source = NpgsqlDataSource.Create(_connectionString);
        var batch = new List<string>();
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < 500 && _outgoing.Reader.TryRead(out var line))
                    batch.Add(line);
                try
                {
                    await using var command = source.CreateCommand($"SELECT pg_notify('{Channel}', line) FROM unnest($1::text[]) AS line");
                    command.Parameters.Add(new NpgsqlParameter { Value = batch.ToArray() });
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // Lost notifications only delay other servers' pages until their next read.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogSendFailed(_logger, e, batch.Count);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Take(string payload)
    {
        var parts = payload.Split(' ', 4);
        if (parts.Length < 3 || string.Equals(parts[0], _server.Id, StringComparison.Ordinal))
            return;
        switch (parts[1])
        {
            case "i" when parts.Length == 4 && parts[3].Split(' ') is [var incident, var seq]
                && Guid.TryParseExact(parts[2], "N", out var organizationId) && Guid.TryParseExact(incident, "N", out var incidentId)
                && long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var lastSeq):
                Interlocked.Increment(ref _heard);
                _changes.Heard(new IncidentChanged(organizationId, incidentId, lastSeq));
                break;
            case "k" when parts.Length == 4:
                Interlocked.Increment(ref _heard);
                _keys.ForgetHere(parts[2], parts[3]);
                break;
            default:
                LogUnknown(_logger, parts[1]);
                break;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other servers' changes as {Server}")]
    private static partial void LogListening(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not hearing other servers' changes; listening again in {Seconds} s")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} changes could not be sent to the other servers")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change notification of unknown kind {Kind} was ignored")]
    private static partial void LogUnknown(ILogger logger, string kind);
}
