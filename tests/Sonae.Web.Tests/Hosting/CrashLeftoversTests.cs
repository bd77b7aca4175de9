using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// What a killed Sonae leaves behind, and what the next start does about it: its headless Chromium dies with it
/// (kill -9 included), Chromium processes and profiles of a Sonae no longer running are ended at start, and partial
/// evidence uploads of a dead process are removed at start (never another running process's).
/// </summary>
public sealed class CrashLeftoversTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    private static readonly string ProfileRoot = Path.GetTempPath();

    [Fact]
    public async Task KillNine_TakesItsChromiumWithIt()
    {
        var hospital = await factory.AddHospital("PDF 病院");
        await using var server = await ServerProcess.Start(factory);
        using var management = server.Client(hospital.Keys[Role.Management]);

        using var pdf = await management.GetAsync("/binder.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var owner = Web.Hosting.ProcessIdentity.Of(server.Id)!;
        Assert.NotEmpty(ChromiumOf(owner));

        await server.Kill();

        for (var waited = 0; ChromiumOf(owner).Count > 0 && waited < 10_000; waited += 100)
            await Task.Delay(100);
        Assert.Empty(ChromiumOf(owner));
    }

    [Fact]
    public async Task Start_EndsAStaleChromium_AndRemovesPartialUploadsOfDeadProcesses()
    {
        // A process that ran once under an id that is free now; the same id reused by another process would not match either.
        var dead = $"{Web.Hosting.ProcessIdentity.Current.Split('.')[0]}.{DeadPid()}.12345";
        var profile = Path.Combine(ProfileRoot, $"sonae-chromium-{dead}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        using var stale = Process.Start(new ProcessStartInfo("/usr/bin/chromium")
        {
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var incoming = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "evidence", "incoming");
        Directory.CreateDirectory(incoming);
        var partial = Path.Combine(incoming, $"{Environment.MachineName}_{dead}_{Guid.NewGuid():N}");
        var inProgress = Path.Combine(incoming, $"{Environment.MachineName}_{Web.Hosting.ProcessIdentity.Current}_{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(partial, new byte[1000]);
        await File.WriteAllBytesAsync(inProgress, new byte[1000]);
        // Steady only once it listens for DevTools: before that the launcher script may still be execing the browser.
        var said = await ListeningOrEnded(stale);
        Assert.True(ChromiumIn(profile).Count > 0, $"the stale Chromium ended on its own before the test could use it: {said}");

        await using (await ServerProcess.Start(factory))
        {
            Assert.True(stale.WaitForExit(TimeSpan.FromSeconds(10)), "the stale Chromium still runs");
            Assert.Empty(ChromiumIn(profile));
            Assert.False(Directory.Exists(profile), "the stale profile is still there");
            Assert.False(File.Exists(partial), "the partial upload of a dead process is still there");
            Assert.True(File.Exists(inProgress), "an upload of a running process was removed");
        }
        File.Delete(inProgress);
    }

    /// <summary>
    /// Reads Chromium's standard error until it says it listens for DevTools (or ends, or 30 seconds pass), then keeps
    /// draining both pipes so a full pipe can never stop it. Returns what it said, for the failure message.
    /// </summary>
    private static async Task<string> ListeningOrEnded(Process chromium)
    {
        chromium.OutputDataReceived += (_, _) => { };
        chromium.BeginOutputReadLine();
        var said = new System.Text.StringBuilder();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await chromium.StandardError.ReadLineAsync(patience.Token) is { } line)
            {
                said.AppendLine(line);
                if (line.Contains("DevTools listening on", StringComparison.Ordinal))
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            said.AppendLine("(no DevTools line in 30 seconds)");
        }
        _ = chromium.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return said.ToString();
    }

    /// <summary>The processes whose command line names a profile of the Sonae process <paramref name="owner"/> (its identity).</summary>
    private static List<int> ChromiumOf(string owner) => Processes($"--user-data-dir={ProfileRoot}sonae-chromium-{owner}-");

    private static List<int> ChromiumIn(string profile) => Processes($"--user-data-dir={profile}");

    private static List<int> Processes(string argument)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(folder, "stat"));
                // A zombie (state Z) has ended; it only waits for its parent to read its exit code.
                if (commandLine.Contains(argument, StringComparison.Ordinal) && !state[(state.LastIndexOf(')') + 2)..].StartsWith('Z'))
                    found.Add(pid);
            }
            catch (IOException)
            {
            }
        }
        return found;
    }

    private static int DeadPid()
    {
        for (var pid = 3_999_000; ; pid++)
        {
            if (!Directory.Exists($"/proc/{pid}"))
                return pid;
        }
    }
}
