using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// A sonae server on an empty database, as on the day it is installed: it prints its one-time setup code on its
/// console, which the test reads as the person at that console would.
/// </summary>
public sealed partial class EmptyServer : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sonae-e2e-empty-").FullName;
    private readonly StringBuilder _console = new();
    private Process _process = default!;

    public string BaseUrl { get; private set; } = "";

    public static async Task<EmptyServer> Start()
    {
        var server = new EmptyServer();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        server.BaseUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = server._directory };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sonae.dll"), "--urls", server.BaseUrl, $"--Sonae:Storage:SqlitePath={Path.Combine(server._directory, "sonae.db")}" })
            start.ArgumentList.Add(arg);
        server._process = Process.Start(start)!;
        server._process.OutputDataReceived += (_, line) => { lock (server._console) server._console.AppendLine(line.Data); };
        server._process.ErrorDataReceived += (_, line) => { lock (server._console) server._console.AppendLine(line.Data); };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        if (await ServerStart.WaitUntilHealthy(server._process, new Uri(server.BaseUrl)) is { } failure)
        {
            await server.DisposeAsync();
            Assert.Fail($"{failure}. Its console:\n{server.Console}");
        }
        return server;
    }

    public string Console
    {
        get
        {
            lock (_console)
                return _console.ToString();
        }
    }

    /// <summary>The setup code as the console shows it.</summary>
    public string SetupCode() => CodeLine().Match(Console) is { Success: true } found
        ? found.Groups[1].Value
        : throw new InvalidOperationException("No setup code on the console:\n" + Console);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"First-run setup code:\s+([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex CodeLine();
}
