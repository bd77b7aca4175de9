using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sonae.Web.Documents;

/// <summary>A headless Chromium that Sonae started: its process, where its DevTools listen, and its profile folder.</summary>
public sealed record ChromiumProcess(Process Process, string Endpoint, string Profile);

/// <summary>
/// Starts Chromium so that it ends with Sonae however Sonae ends, and ends what a Sonae that died left behind.
/// </summary>
/// <remarks>
/// On Linux each Chromium is started through <c>setpriv --pdeathsig KILL</c>: the kernel kills it when its parent
/// goes, even by <c>kill -9</c>. That signal follows the thread that started the child, not the process, so every
/// Chromium is started from one thread that lives as long as Sonae. Each profile folder is named for the Sonae
/// process that owns it (<c>sonae-chromium-{process identity}-…</c> in the temporary folder, see <see cref="Hosting.ProcessIdentity"/>): <see cref="ReapStale"/>, run at
/// start, ends the Chromium processes of owners no longer running and removes their folders (a machine without
/// setpriv, or one killed in the instant between start and the signal being set).
/// </remarks>
public static partial class ChromiumProcesses
{
    public const string ProfilePrefix = "sonae-chromium-";

    private const string Setpriv = "/usr/bin/setpriv";

    /// <summary>How long Chromium may take to say where its DevTools listen.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Starts = [];
    private static readonly Lazy<Thread> Starter = new(() =>
    {
        var thread = new Thread(StartAll) { IsBackground = true, Name = "sonae-chromium-starter" };
        thread.Start();
        return thread;
    });

    /// <summary>Where profile folders are made (and looked for by <see cref="ReapStale"/>).</summary>
    public static string ProfileRoot => Path.GetTempPath();

    /// <summary>Starts Chromium headless with a fresh profile of its own and waits until its DevTools answer.</summary>
    public static async Task<ChromiumProcess> Start(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var profile = Path.Combine(ProfileRoot, $"{ProfilePrefix}{Hosting.ProcessIdentity.Current}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        var start = OperatingSystem.IsLinux() && File.Exists(Setpriv)
            ? new ProcessStartInfo(Setpriv) { ArgumentList = { "--pdeathsig", "KILL", "--", executable } }
            : new ProcessStartInfo(executable);
        foreach (var argument in (string[])["--headless", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                     "--mute-audio", "--hide-scrollbars", .. arguments, "about:blank"])
            start.ArgumentList.Add(argument);
        start.UseShellExecute = false;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Starter.Value;
        Process process;
        try
        {
            Starts.Add((start, started), cancellationToken);
            process = await started.Task;
        }
        catch
        {
            DeleteProfile(profile);
            throw;
        }
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            // A pipe's read is not always given up when cancelled: the wait is bounded around it instead.
            var deadline = DateTime.UtcNow + StartTimeout;
            while (await process.StandardError.ReadLineAsync(CancellationToken.None).AsTask().WaitAsync(Remaining(deadline), cancellationToken) is { } line)
            {
                if (DevToolsLine().Match(line) is { Success: true } match)
                {
                    // Keep reading what it says, or a full pipe would one day stop it.
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new ChromiumProcess(process, match.Groups[1].Value, profile);
                }
            }
            throw new InvalidOperationException($"Chromium exited ({(process.HasExited ? process.ExitCode : -1)}) before its DevTools listened.");
        }
        catch (TimeoutException)
        {
            Stop(new ChromiumProcess(process, "", profile));
            throw new InvalidOperationException($"Chromium did not say where its DevTools listen within {StartTimeout.TotalSeconds} seconds.");
        }
        catch
        {
            Stop(new ChromiumProcess(process, "", profile));
            throw;
        }
    }

    private static TimeSpan Remaining(DateTime deadline) => deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero;

    /// <summary>Ends the process (if it is still running) and removes its profile folder.</summary>
    public static void Stop(ChromiumProcess chromium)
    {
        try
        {
            if (!chromium.Process.HasExited)
            {
                chromium.Process.Kill(entireProcessTree: true);
                chromium.Process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        chromium.Process.Dispose();
        DeleteProfile(chromium.Profile);
    }

    /// <summary>
    /// Ends every Chromium whose profile belongs to a Sonae process no longer running, and removes such profiles.
    /// Returns how many processes it ended.
    /// </summary>
    public static int ReapStale()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
            return 0;
        var ended = 0;
        var profileArgument = "--user-data-dir=" + Path.Combine(ProfileRoot, ProfilePrefix);
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var at = commandLine.IndexOf(profileArgument, StringComparison.Ordinal);
            if (at < 0 || Owner(commandLine[(at + "--user-data-dir=".Length)..].Split(' ')[0]) is not { } owner || Hosting.ProcessIdentity.IsRunning(owner))
                continue;
            try
            {
                using var stale = Process.GetProcessById(pid);
                stale.Kill();
                ended++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile, or not ours to end.
            }
        }
        foreach (var profile in Directory.EnumerateDirectories(ProfileRoot, ProfilePrefix + "*"))
        {
            if (Owner(profile) is { } owner && !Hosting.ProcessIdentity.IsRunning(owner))
                DeleteProfile(profile);
        }
        return ended;
    }

    /// <summary>The identity of the Sonae process a profile folder belongs to, from its name.</summary>
    private static string? Owner(string profile)
    {
        var name = Path.GetFileName(profile.TrimEnd('/'));
        if (!name.StartsWith(ProfilePrefix, StringComparison.Ordinal))
            return null;
        var rest = name[ProfilePrefix.Length..];
        var dash = rest.LastIndexOf('-');
        return dash > 0 ? rest[..dash] : null;
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            if (Directory.Exists(profile))
                Directory.Delete(profile, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Chromium may still be letting go of a file; the next start's reaping removes it.
        }
    }

    private static void StartAll()
    {
        foreach (var (start, started) in Starts.GetConsumingEnumerable())
        {
            try
            {
                started.TrySetResult(Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start."));
            }
#pragma warning disable CA1031 // The caller gets whatever stopped the start; this thread goes on for the next.
            catch (Exception e)
#pragma warning restore CA1031
            {
                started.TrySetException(e);
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
