using System.Diagnostics;
using System.Net;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// Waits for a sonae process to answer <c>/health</c>, for a bounded time, and says what happened when it does not:
/// a server that crashed at start or hangs fails its tests at once with its reason, instead of holding the run.
/// Shared with the end-to-end tests.
/// </summary>
public static class ServerStart
{
    /// <summary>Far longer than a start takes (a few seconds, more on two busy cores with migrations to apply).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>Null once <c>/health</c> answers 200, else why it did not: the exit code, or what it last answered.</summary>
    public static async Task<string?> WaitUntilHealthy(Process process, Uri address)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        var last = "nothing yet";
        while (waited.Elapsed < Limit)
        {
            if (process.HasExited)
                return $"sonae exited with {process.ExitCode} before it answered /health";
            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                    return null;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = $"no answer within {client.Timeout.TotalSeconds:0} s";
            }
            await Task.Delay(200);
        }
        return $"sonae did not answer /health with 200 within {Limit.TotalSeconds:0} s (its last answer: {last}); it was ended";
    }

    /// <summary>The last lines of a process's output, for a failure message.</summary>
    public static string Tail(string output, int lines = 40) =>
        string.Join('\n', output.Split('\n').TakeLast(lines));
}

/// <summary>Keeps the last lines a running process wrote, safe to add to from its output and error events at once.</summary>
public sealed class LastLines(int capacity = 40)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    public void Add(string? line)
    {
        if (line is null)
            return;
        lock (_lock)
        {
            _lines.Enqueue(line);
            if (_lines.Count > capacity)
                _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_lock)
            return string.Join('\n', _lines);
    }
}
