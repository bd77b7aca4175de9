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
}

/// <summary>Reads the organization's feeds now: the KEV catalogue and the JVNRSS feed at the configured addresses.</summary>
public sealed class FetchThreatFeeds(IHttpClientFactory clients, ThreatChanges changes, LoadThreats load)
{
    public const string HttpClientName = "threat-feeds";

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
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return Failed(name, $"HTTP {(int)response.StatusCode}");
            if (response.Content.Headers.ContentLength > ThreatChanges.MaxFileBytes)
                return Failed(name, $"> {ThreatChanges.MaxFileBytes} bytes");
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > ThreatChanges.MaxFileBytes)
                    return Failed(name, $"> {ThreatChanges.MaxFileBytes} bytes");
            }
            body = buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Failed(name, e is TaskCanceledException ? "timeout" : e.Message);
        }
        var outcome = await changes.Import(body, "sonae", cancellationToken);
        if (outcome.Imported is not { } imported)
            return Failed(name, string.Join(" ", outcome.Refused!.Problems.Take(3).Select(p => p.Message)));
        var ja = Bilingual.Format(UiTexts.ResourceManager, "ThreatsFetched", name, imported.Read, imported.Added, imported.Matches, imported.Problems.Count);
        return (true, ja.Ja, ja.En);
    }

    private static (bool, string, string) Failed(string name, string why)
    {
        var text = Bilingual.Format(UiTexts.ResourceManager, "ThreatsFetchFailed", name, why);
        return (false, text.Ja, text.En);
    }
}

/// <summary>
/// Reads each organization's feeds when they are due (<see cref="ThreatFeedOptions"/>). Off until someone turns a
/// feed on; a feed that cannot be reached (a hospital network without the internet) says so on <c>/threats</c> and is
/// tried again at the next round.
/// </summary>
public sealed partial class ThreatFeedSchedule(IServiceScopeFactory scopes, IOptions<ThreatFeedOptions> options, TimeProvider clock, ILogger<ThreatFeedSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.CheckEverySeconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.CheckEverySeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await Round(stoppingToken);
    }

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
