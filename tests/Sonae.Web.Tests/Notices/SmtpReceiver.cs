using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (<c>python3-aiosmtpd</c>, which test.sh installs), run as its own
/// process with its Maildir handler, so every message that arrives is a file to read back as it was received. A
/// delay per message (a slower handler, written here) lets a test kill Sonae while it is sending.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private const string SlowHandler = """
        import asyncio, os
        from aiosmtpd.handlers import Mailbox

        class SlowMailbox(Mailbox):
            async def handle_DATA(self, server, session, envelope):
                await asyncio.sleep(float(os.environ.get("SMTP_DELAY", "0")))
                return await super().handle_DATA(server, session, envelope)
        """;

    private readonly Process _process;
    private readonly LastLines _output = new();
    private readonly string _folder;

    private SmtpReceiver(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Maildir => Path.Combine(_folder, "maildir");

    /// <summary>A port nothing listens on yet (for a mail server that is down, then started there).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts aiosmtpd on <paramref name="port"/> and waits until it takes connections.</summary>
    public static async Task<SmtpReceiver> Start(int port, TimeSpan? delayPerMessage = null, string? folder = null)
    {
        folder ??= Directory.CreateTempSubdirectory("sonae-smtp-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "slowbox.py"), SlowHandler);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "slowbox.SlowMailbox", Path.Combine(folder, "maildir") })
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONPATH"] = folder;
        start.Environment["SMTP_DELAY"] = (delayPerMessage ?? TimeSpan.Zero).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var receiver = new SmtpReceiver(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"), folder, port);
        receiver._process.OutputDataReceived += (_, e) => receiver._output.Add(e.Data);
        receiver._process.ErrorDataReceived += (_, e) => receiver._output.Add(e.Data);
        receiver._process.BeginOutputReadLine();
        receiver._process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (receiver._process.HasExited)
                throw new InvalidOperationException($"aiosmtpd exited with {receiver._process.ExitCode} (is python3-aiosmtpd installed?):\n{receiver._output}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return receiver;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        await receiver.DisposeAsync();
        throw new InvalidOperationException($"aiosmtpd did not listen on {port} within 30 s:\n{receiver._output}");
    }

    /// <summary>How many messages arrived so far.</summary>
    public int Count => Directory.Exists(Path.Combine(Maildir, "new")) ? Directory.GetFiles(Path.Combine(Maildir, "new")).Length : 0;

    /// <summary>Every message that arrived, as received.</summary>
    public IReadOnlyList<MimeMessage> Messages() => Directory.Exists(Path.Combine(Maildir, "new"))
        ? [.. Directory.GetFiles(Path.Combine(Maildir, "new")).Select(f => MimeMessage.Load(f))]
        : [];

    /// <summary>Waits until at least <paramref name="count"/> messages arrived; false when they did not within <paramref name="limit"/>.</summary>
    public async Task<bool> WaitFor(int count, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (Count < count && waited.Elapsed < limit)
            await Task.Delay(50);
        return Count >= count;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still being written by the server as it was killed: the temporary folder goes with the machine.
        }
    }
}
