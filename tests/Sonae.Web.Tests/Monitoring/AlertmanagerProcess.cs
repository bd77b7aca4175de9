using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Monitoring;

/// <summary>
/// Debian's Prometheus Alertmanager (package prometheus-alertmanager), started on a loopback port with a receiver
/// that posts to Sonae with a source's token, grouping by alert name with short waits so that a test sees its
/// notifications within seconds. Alerts are given to it as Prometheus would, through its API (/api/v2/alerts).
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string Program = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _client;

    private AlertmanagerProcess(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<AlertmanagerProcess> Start(Uri sonae, string token)
    {
        var folder = Directory.CreateTempSubdirectory("sonae-alertmanager-").FullName;
        var port = ServerProcess.FreePort();
        var config = $"""
            route:
              receiver: sonae
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 2s
              repeat_interval: 1h
            receivers:
              - name: sonae
                webhook_configs:
                  - url: '{new Uri(sonae, "/api/v1/alerts")}'
                    send_resolved: true
                    http_config:
                      authorization:
                        type: Bearer
                        credentials: '{token}'
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "alertmanager.yml"), config);
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            $"--config.file={Path.Combine(folder, "alertmanager.yml")}", $"--storage.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
        })
            start.ArgumentList.Add(argument);
        var alertmanager = new AlertmanagerProcess(Process.Start(start)!, folder, new Uri($"http://127.0.0.1:{port}"));
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await alertmanager._client.GetAsync("/-/ready")).IsSuccessStatusCode)
                    return alertmanager;
            }
            catch (HttpRequestException)
            {
            }
            if (alertmanager._process.HasExited)
                break;
            await Task.Delay(100);
        }
        var log = alertmanager.Log;
        await alertmanager.DisposeAsync();
        throw new InvalidOperationException($"Alertmanager did not start:\n{log}");
    }

    /// <summary>Gives Alertmanager alerts as Prometheus does: firing until <paramref name="endsAt"/> is past.</summary>
    public async Task Post(IEnumerable<(string Name, string Instance)> alerts, DateTimeOffset startsAt, DateTimeOffset? endsAt = null)
    {
        var body = JsonSerializer.Serialize(alerts.Select(a => new Dictionary<string, object>
        {
            ["labels"] = new Dictionary<string, string> { ["alertname"] = a.Name, ["instance"] = a.Instance, ["severity"] = "critical" },
            ["annotations"] = new Dictionary<string, string> { ["summary"] = $"{a.Instance} が応答しません" },
            ["startsAt"] = startsAt.ToString("O"),
            ["endsAt"] = (endsAt ?? startsAt.AddHours(1)).ToString("O"),
            ["generatorURL"] = "http://prometheus.hospital.local:9090/graph",
        }));
        using var response = await _client.PostAsync("/api/v2/alerts", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"Alertmanager refused the alerts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
