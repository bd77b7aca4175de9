using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.Bench;

/// <summary>
/// The acknowledgement burst of issue 17: a hospital of N staff, a stop-use notice to everyone, and every one of
/// them tapping their own link at once (at most C at a time, as phones on a ward's Wi-Fi would). Prints one JSON line:
/// how long all took, the latency percentiles, errors, and how many the server counts as acknowledged afterwards. The
/// same burst against the baseline's raw insert (<c>--baseline URL</c>) gives the ratio. Warmed first, as the other
/// parts are: a first notice, of which <c>--warmup</c> people (300) acknowledge, unmeasured.
/// </summary>
public static class Acknowledgements
{
    public static async Task<int> Run(string[] args)
    {
        var options = Options(args);
        var url = options["--url"];
        var count = int.Parse(options.GetValueOrDefault("--people", "5000"), System.Globalization.CultureInfo.InvariantCulture);
        var concurrency = int.Parse(options.GetValueOrDefault("--concurrency", "64"), System.Globalization.CultureInfo.InvariantCulture);
        using var officer = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options["--key"]);

        var people = Enumerable.Range(1, count).Select(i => new Person($"s{i:00000}", $"職員 {i:00000}", $"病棟 {i % 40:00}", "看護師", [Role.Staff], null,
            [new(ChannelKind.Phs, $"{3000 + (i % 5000)}")])).ToList();
        people.Insert(0, new Person("officer", "安全管理責任者", "情報システム課", null, [Role.SecurityOfficer], null, [new(ChannelKind.Mobile, "090-0000-0000")]));
        var directory = new PeopleDirectory(people, [], "officer", []);
        var current = await officer.GetFromJsonAsync<JsonElement>("/api/v1/preparedness/people");
        (await officer.PutAsJsonAsync("/api/v1/preparedness/people", new
        {
            baseVersion = current.GetProperty("version").GetInt32(), note = "負荷試験", content = JsonSerializer.SerializeToElement(directory, RecordJson.Options),
        })).EnsureSuccessStatusCode();
        // Warmed as the other parts are (the just-in-time compiler settled): a first notice, some of it acknowledged.
        var warmup = int.Parse(options.GetValueOrDefault("--warmup", "300"), System.Globalization.CultureInfo.InvariantCulture);
        var (_, warming) = await Send(officer, "訓練: 電子カルテの使用停止(準備)");
        await Burst(url, [.. warming.Take(warmup)], concurrency);
        var (number, links) = await Send(officer, "電子カルテの使用停止");

        var sonae = await Burst(url, links, concurrency);
        var after = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/notices/{number}");
        var acknowledged = after.GetProperty("notice").GetProperty("acknowledged").GetInt32();
        var baseline = options.TryGetValue("--baseline", out var baselineUrl) ? await Burst(baselineUrl, [.. links.Select(_ => "/insert")], concurrency) : null;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            people = links.Count, concurrency, seconds = sonae.Seconds, p50 = sonae.P(0.50), p95 = sonae.P(0.95), p99 = sonae.P(0.99), max = sonae.P(1),
            errors = sonae.Errors, acknowledged, baselineSeconds = baseline?.Seconds, baselineP99 = baseline?.P(0.99),
        }));
        return acknowledged == links.Count && sonae.Errors == 0 ? 0 : 1;
    }

    /// <summary>A stop-use notice to everyone: its number, and each person's acknowledgement address.</summary>
    private static async Task<(int Number, List<string> Links)> Send(HttpClient officer, string title)
    {
        var sent = await (await officer.PostAsJsonAsync("/api/v1/notices", new
        {
            kind = "stop-use", title, body = "負荷試験: 紙運用に切り替えてください。", audience = new { everyone = true },
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var number = sent.GetProperty("number").GetInt32();
        var detail = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/notices/{number}");
        return (number, [.. detail.GetProperty("recipients").EnumerateArray().Select(r => new Uri(r.GetProperty("link").GetString()!).AbsolutePath)
            .Select(path => "/api/v1/acknowledgements/" + path[(path.LastIndexOf('/') + 1)..])]);
    }

    private sealed record Result(double Seconds, double[] Latencies, int Errors)
    {
        public double P(double q) => Latencies.Length == 0 ? 0 : Math.Round(Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(q * Latencies.Length) - 1)], 1);
    }

    /// <summary>Each path posted once, at most <paramref name="concurrency"/> at a time; latencies in ms, sorted.</summary>
    private static async Task<Result> Burst(string url, List<string> paths, int concurrency)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new double[paths.Count];
        var errors = 0;
        var next = -1;
        var all = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < paths.Count)
            {
                var one = Stopwatch.StartNew();
                using var content = new StringContent("{\"body\":\"ack\"}", System.Text.Encoding.UTF8, "application/json");
                try
                {
                    using var response = await client.PostAsync(paths[i], content);
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[i] = one.Elapsed.TotalMilliseconds;
            }
        }));
        var seconds = Math.Round(all.Elapsed.TotalSeconds, 2);
        Array.Sort(latencies);
        return new Result(seconds, latencies, errors);
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
            options[args[i]] = args[i + 1];
        return options;
    }
}
