using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sonae.Bench;

/// <summary>
/// The monitoring load of issue 18: S alert sources (Alertmanager, Zabbix and generic in turn) posting R alerts a
/// minute between them for M minutes, on a fixed schedule (open loop: a slow answer does not slow the senders, so a
/// queue shows as latency). Each source's alerts fall into 25 groups on 50 hosts; every seventh alert resolves. Prints
/// one JSON line: alerts sent, accepted (202), errors, latency percentiles, what the server counted for its sources
/// (none lost means it equals what was sent), the incidents opened, and the same schedule against the baseline's raw
/// insert for the ratio. Warmed first with one alert per group of each source, unmeasured.
/// </summary>
public static class Alerts
{
    private const int Groups = 25, Hosts = 50;

    public static async Task<int> Run(string[] args)
    {
        var options = Options(args);
        var url = options["--url"];
        var sources = Int(options, "--sources", 10);
        var perMinute = Int(options, "--per-minute", 1000);
        var minutes = double.Parse(options.GetValueOrDefault("--minutes", "5"), System.Globalization.CultureInfo.InvariantCulture);
        using var officer = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(1) };
        officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options["--key"]);

        var kinds = new[] { "alertmanager", "zabbix", "generic" };
        var tokens = new List<(string Kind, string Token)>();
        for (var s = 0; s < sources; s++)
        {
            var kind = kinds[s % kinds.Length];
            var made = await (await officer.PostAsJsonAsync("/api/v1/settings/alert-sources", new { name = $"監視 {s + 1}", kind }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            tokens.Add((kind, made.GetProperty("token").GetString()!));
        }

        var warm = Enumerable.Range(0, sources * Groups).Select(i => Alert(tokens, i % sources, i / sources, i / sources, resolved: false)).ToList();
        await Schedule(url, warm, TimeSpan.FromMilliseconds(5));
        var count = (int)Math.Round(perMinute * minutes);
        var interval = TimeSpan.FromMinutes(1) / perMinute;
        var load = Enumerable.Range(0, count).Select(i => Alert(tokens, i % sources, (i / sources) % Groups, (i / sources) % Hosts, resolved: i % 7 == 6)).ToList();
        var sonae = await Schedule(url, load, interval);

        var counted = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/settings/alert-sources")).EnumerateArray().Sum(s => s.GetProperty("alerts").GetInt64()) - warm.Count;
        var incidents = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/incidents?limit=1000")).EnumerateArray().Count();
        var baseline = options.TryGetValue("--baseline", out var baselineUrl)
            ? await Schedule(baselineUrl, [.. load.Select(a => a with { Path = "/insert", Token = null })], interval)
            : null;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            sources, perMinute, minutes, sent = count, accepted = sonae.Accepted, errors = sonae.Errors, counted, incidents,
            p50 = sonae.P(0.50), p95 = sonae.P(0.95), p99 = sonae.P(0.99), max = sonae.P(1), baselineP99 = baseline?.P(0.99),
        }));
        return sonae.Accepted == count && counted == count && sonae.P(0.99) < 100 ? 0 : 1;
    }

    private sealed record Post(string Path, string? Token, string Body);

    /// <summary>One alert as its source's kind sends it.</summary>
    private static Post Alert(List<(string Kind, string Token)> tokens, int source, int group, int host, bool resolved)
    {
        var (kind, token) = tokens[source];
        var name = $"Check{group:00}";
        var instance = $"10.{source}.{group}.{host}";
        var body = kind switch
        {
            "alertmanager" => JsonSerializer.Serialize(new
            {
                receiver = "sonae", status = resolved ? "resolved" : "firing", version = "4", groupKey = $"{{}}:{{alertname=\"{name}\"}}", truncatedAlerts = 0,
                groupLabels = new { alertname = name }, commonLabels = new { alertname = name }, commonAnnotations = new { }, externalURL = "http://am:9093",
                alerts = new[]
                {
                    new
                    {
                        status = resolved ? "resolved" : "firing",
                        labels = new Dictionary<string, string> { ["alertname"] = name, ["instance"] = instance + ":9100", ["severity"] = "warning" },
                        annotations = new Dictionary<string, string> { ["summary"] = $"{instance} の {name}" },
                        startsAt = "2026-12-06T00:00:00Z", endsAt = "0001-01-01T00:00:00Z", generatorURL = "http://prom:9090/graph", fingerprint = $"{group}-{host}",
                    },
                },
            }),
            "zabbix" => JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["event_id"] = $"{group}{host:000}", ["event_value"] = resolved ? "0" : "1", ["event_name"] = name, ["event_severity"] = "Warning",
                ["host_name"] = instance, ["host_ip"] = instance, ["trigger_id"] = $"{group}", ["alert_message"] = $"{instance} の {name}",
            }),
            _ => JsonSerializer.Serialize(new { title = name, group = name, id = $"{group}-{host}", host = instance, status = resolved ? "resolved" : "firing" }),
        };
        return new Post("/api/v1/alerts", token, body);
    }

    private sealed record Result(double[] Latencies, int Accepted, int Errors)
    {
        public double P(double q) => Latencies.Length == 0 ? 0 : Math.Round(Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(q * Latencies.Length) - 1)], 1);
    }

    /// <summary>Each post sent at its time on the schedule, whether or not the ones before were answered; latencies in ms, sorted.</summary>
    private static async Task<Result> Schedule(string url, List<Post> posts, TimeSpan interval)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new double[posts.Count];
        var accepted = 0;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var sending = new List<Task>(posts.Count);
        for (var i = 0; i < posts.Count; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
            var index = i;
            sending.Add(Task.Run(async () =>
            {
                var one = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Post, posts[index].Path) { Content = new StringContent(posts[index].Body, Encoding.UTF8, "application/json") };
                if (posts[index].Token is { } token)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                try
                {
                    using var response = await client.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                        Interlocked.Increment(ref accepted);
                    else
                        Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[index] = one.Elapsed.TotalMilliseconds;
            }));
        }
        await Task.WhenAll(sending);
        Array.Sort(latencies);
        return new Result(latencies, accepted, errors);
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        int.Parse(options.GetValueOrDefault(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
            options[args[i]] = args[i + 1];
        return options;
    }
}
