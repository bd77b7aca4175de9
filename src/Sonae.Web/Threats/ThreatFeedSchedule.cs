using Microsoft.Extensions.Options;
using Sonae.Core;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Resources;

namespace Sonae.Web.Threats;

/// <summary>
/// <c>Sonae:Threats</c>: how often the scheduled fetch looks for feeds that are due, and how often each is read.
/// Nothing is fetched until an administrator sets a feed's address and turns it on (<c>/threats</c> or
/// <c>PUT /api/v1/threats/feed</c>).
/// </summary>
public sealed class ThreatFeedOptions
{
    public const string Section = "Sonae:Threats";

    /// <summary>How often the schedule looks for feeds that are due; 0 stops the schedule.</summary>
    public int CheckEverySeconds { get; set; } = 300;

    /// <summary>How often a feed that is on is read again.</summary>
    public int FetchEveryMinutes { get; set; } = 360;

    /// <summary>
    /// The host names a feed may be fetched from, separated by commas: CISA's and JVN's by default. The server fetches
    /// on its own from inside the hospital's network, so an address an administrator types must not reach the
    /// hospital's own machines (or a cloud's metadata service); the operator widens this for a mirror.
    /// </summary>
    public string AllowedHosts { get; set; } = "www.cisa.gov,jvndb.jvn.jp,jvn.jp";

    /// <summary>The allowed host names, one by one.</summary>
    public IReadOnlyList<string> Hosts => AllowedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether a feed may be read from this address: http(s) to an allowed host.</summary>
    public bool Allows(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsAbsoluteUri && address.Scheme is "https" or "http"
            && Hosts.Contains(address.IdnHost, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>Reads the organization's feeds now: the KEV catalogue and the JVNRSS feed at the configured addresses.</summary>
public sealed class FetchThreatFeeds(IHttpClientFactory clients, ThreatChanges changes, LoadThreats load, IOptions<ThreatFeedOptions> options)
{
    public const string HttpClientName = "threat-feeds";

    /// <summary>Redirects followed (a mirror, http to https), each to an allowed host.</summary>
    private const int MaxRedirects = 3;

    /// <summary>Fetches each configured address, imports what it reads, and keeps the result for the page.</summary>
    public async Task<bool> Run(CancellationToken cancellationToken)
    {
        var feed = await load.Feed(cancellationToken);
        var ja = new List<string>();
        var en = new List<string>();
        var ok = true;
        foreach (var (name, url) in new[] { ("CISA KEV", feed.KevUrl), ("JVN", feed.JvnUrl) })
        {
            if (string.IsNullOrWhiteSpace(url))
                continue;
            var (fetched, jaText, enText) = await One(name, url, cancellationToken);
            ok &= fetched;
            ja.Add(jaText);
            en.Add(enText);
        }
        await changes.SaveFetchResult(ok, string.Join(" ", ja), string.Join(" ", en), cancellationToken);
        return ok;
    }

    private async Task<(bool Ok, string Ja, string En)> One(string name, string url, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            var address = new Uri(url);
            for (var hop = 0; ; hop++)
            {
                // Checked at every hop, and again at fetch time: the setting may have narrowed since the address was saved.
                if (!options.Value.Allows(address))
                    return Failed(name, "ThreatsFetchHostNotAllowed");
                using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects)
                        return Failed(name, "ThreatsFetchTooManyRedirects");
                    address = new Uri(address, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    return Failed(name, "ThreatsFetchHttp", (int)response.StatusCode);
                if (response.Content.Headers.ContentLength > ThreatChanges.MaxFileBytes)
                    return Failed(name, "ThreatsFetchTooLarge");
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > ThreatChanges.MaxFileBytes)
                        return Failed(name, "ThreatsFetchTooLarge");
                }
                body = buffer.ToArray();
                break;
            }
        }
        catch (Exception e) when (e is HttpRequestException or UriFormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The exception's own text names inner addresses and sockets: the page says only what happened.
            return Failed(name, e is TaskCanceledException ? "ThreatsFetchTimedOut" : "ThreatsFetchCouldNotConnect");
        }
        var outcome = await changes.Import(body, "sonae", cancellationToken);
        if (outcome.Imported is not { } imported)
            return Failed(name, "ThreatsFetchNotAFeed");
        var ja = Bilingual.Format(UiTexts.ResourceManager, "ThreatsFetched", name, imported.Read, imported.Added, imported.Matches, imported.Problems.Count);
        return (true, ja.Ja, ja.En);
    }

    /// <summary>A failure in both languages, its reason one of the fixed texts (<paramref name="why"/> a key of them).</summary>
    private static (bool, string, string) Failed(string name, string why, params object?[] args)
    {
        var reason = Bilingual.Format(UiTexts.ResourceManager, why, args);
        return (false, Bilingual.Format(UiTexts.ResourceManager, "ThreatsFetchFailed", name, reason.Ja).Ja, Bilingual.Format(UiTexts.ResourceManager, "ThreatsFetchFailed", name, reason.En).En);
    }
}

/// <summary>
/// Reads each organization's feeds when they are due (<see cref="ThreatFeedOptions"/>). Off until someone turns a
/// feed on; a feed that cannot be reached (a hospital network without the internet) says so on <c>/threats</c> and is
/// tried again at the next round.
/// </summary>
public sealed partial class ThreatFeedSchedule(IServiceScopeFactory scopes, IOptions<ThreatFeedOptions> options, TimeProvider clock, Cluster.ClusterLeases leases, ILogger<ThreatFeedSchedule> logger) : BackgroundService
{
    // One server of several fetches (Cluster.ClusterLeases).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.CheckEverySeconds <= 0
        ? Task.CompletedTask
        : leases.EveryWhileHeld(Cluster.ClusterLeases.ThreatFeeds, TimeSpan.FromSeconds(options.Value.CheckEverySeconds), TimeProvider.System, atOnce: false, Round, stoppingToken);

    private async Task Round(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<OrganizationName> organizations;
            await using (var scope = scopes.CreateAsyncScope())
                organizations = await scope.ServiceProvider.GetRequiredService<LoadOrganizations>().All(cancellationToken);
            foreach (var organization in organizations.Select(o => o.Id))
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organization);
                var feed = await scope.ServiceProvider.GetRequiredService<LoadThreats>().Feed(cancellationToken);
                if (!feed.Enabled || feed.LastFetchAt is { } last && last.AddMinutes(options.Value.FetchEveryMinutes) > clock.GetUtcNow())
                    continue;
                var ok = await scope.ServiceProvider.GetRequiredService<FetchThreatFeeds>().Run(cancellationToken);
                LogFetched(logger, organization, ok);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed round is logged; the next round tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Threat feeds of organization {Organization} fetched (all read: {Ok})")]
    private static partial void LogFetched(ILogger logger, Guid organization, bool ok);

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduled fetch of threat feeds failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
