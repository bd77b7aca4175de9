using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// Sonae as a hospital runs it: the published program in a process of its own, on a database a test factory made,
/// so that a test can kill it (<c>kill -9</c>) and see what a crash leaves.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    /// <summary>Starts <c>sonae</c> on a free loopback port with the factory's database and waits until it answers.</summary>
    /// <param name="umask">The file-mode mask the process starts with (as a service manager may set it), if not the test's.</param>
    public static Task<ServerProcess> Start(SonaeFactory factory, IEnumerable<string>? settings = null, IReadOnlyDictionary<string, string>? environment = null, string? umask = null) =>
        StartOn(factory.StorageArguments, settings, environment, umask);

    /// <summary>Starts <c>sonae</c> on a free loopback port with the given data location and waits until it answers.</summary>
    public static async Task<ServerProcess> StartOn(IEnumerable<string> location, IEnumerable<string>? settings = null, IReadOnlyDictionary<string, string>? environment = null, string? umask = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(umask is null ? "dotnet" : "/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (umask is not null)
        {
            foreach (var argument in new[] { "-c", $"umask {umask} && exec dotnet \"$@\"", "sh" })
                start.ArgumentList.Add(argument);
        }
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "sonae.dll"), "--urls", address.ToString() }.Concat(location).Concat(settings ?? []))
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var server = new ServerProcess(Process.Start(start)!, address);
        if (await ServerStart.WaitUntilHealthy(server._process, address) is not { } failure)
            return server;
        await server.DisposeAsync();
        throw new InvalidOperationException($"{failure}. Its last lines:\n{ServerStart.Tail(await server._output + await server._error)}");
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja");
        return client;
    }

    /// <summary>Ends the process as a power cut or the OOM killer would: SIGKILL, no shutdown code runs.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop as a service manager would (SIGTERM) and waits for it.</summary>
    public async Task<string> Stop()
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return await _output + await _error;
    }

    /// <summary>What the process wrote so far, once it has exited.</summary>
    public async Task<string> Output() => _process.HasExited ? await _output + await _error : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
