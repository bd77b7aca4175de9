using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Sonae.Bench;

/// <summary>
/// People with an incident's workspace open while the load runs: N live pages (Debian's Chromium, headless, each in
/// a browser context of its own, signed in with one key) on the incident being appended to. It prints "open N" once
/// every page is live, and on SIGTERM prints what each page shows (its last sequence and how many times it changed),
/// then kills the browser outright: the pages go as a phone that loses the network does, without saying goodbye, so
/// the server learns they are gone only from its own timeouts (the worst case for what closed pages cost).
/// </summary>
public static partial class OpenWorkspaces
{
    public static async Task<int> Run(string[] args)
    {
        var url = Option(args, "--url") ?? throw new ArgumentException("--url is required");
        var key = Option(args, "--key") ?? throw new ArgumentException("--key is required");
        var incident = Option(args, "--incident") ?? throw new ArgumentException("--incident (its number) is required");
        var pages = int.Parse(Option(args, "--pages") ?? "2", System.Globalization.CultureInfo.InvariantCulture);

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

        using var chromium = await Chromium.Start();
        using var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.ConnectOverCDPAsync(chromium.Endpoint);

        // One sign-in; every page gets its cookie in a context of its own (its own circuit, as each person has).
        var first = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url });
        var signIn = await first.NewPageAsync();
        await signIn.GotoAsync("/signin");
        await signIn.ClickAsync("summary:has-text('API')");
        await signIn.FillAsync("#key", key);
        await signIn.ClickAsync("form[action='/signin'] button[type=submit]");
        // Signed in once the cookie is there (not waiting for the home page's load event, which a busy machine delays).
        for (var waited = 0; !(await first.CookiesAsync()).Any(c => c.Name == "sonae"); waited++)
        {
            if (waited == 600)
                throw new InvalidOperationException($"Signing in did not succeed: at {signIn.Url}");
            await Task.Delay(100);
        }
        var cookies = await first.StorageStateAsync();
        await first.CloseAsync();

        var open = new List<IPage>();
        for (var i = 0; i < pages; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, StorageState = cookies, ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/incidents/{incident}", new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
            await page.WaitForSelectorAsync(".live", new PageWaitForSelectorOptions { Timeout = 60_000 });
            // Counts the times the page showed a new last event: with coalescing, far fewer than the appends.
            await page.EvaluateAsync("""
                () => {
                    const head = document.querySelector('.incident-head');
                    window.sonaeShown = 0;
                    new MutationObserver(records => window.sonaeShown += records.length).observe(head, { attributes: true, attributeFilter: ['data-last-seq'] });
                }
                """);
            open.Add(page);
        }
        Console.WriteLine($"open {open.Count}");

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: say what the pages show, then let them go.
        }
        foreach (var page in open)
        {
            try
            {
                var seq = await page.GetAttributeAsync(".incident-head", "data-last-seq", new PageGetAttributeOptions { Timeout = 10_000 });
                var shown = await page.EvaluateAsync<int>("() => window.sonaeShown");
                Console.WriteLine($"page last-seq={seq} changes-shown={shown}");
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                Console.WriteLine($"page unreadable: {e.Message.Split('\n')[0]}");
            }
        }
        chromium.Kill();
        return 0;
    }

    private static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>Chromium as a process of our own (so that it can be killed, not closed), reached over its debugging port.</summary>
    private sealed partial class Chromium : IDisposable
    {
        private readonly Process _process;
        private readonly string _profile;

        private Chromium(Process process, string profile, string endpoint)
        {
            _process = process;
            _profile = profile;
            Endpoint = endpoint;
        }

        public string Endpoint { get; }

        public static async Task<Chromium> Start()
        {
            var profile = Directory.CreateTempSubdirectory("sonae-bench-chromium-").FullName;
            var start = new ProcessStartInfo("/usr/bin/chromium") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "--headless=new", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--no-sandbox", "--disable-gpu",
                         "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "about:blank" })
                start.ArgumentList.Add(arg);
            var process = Process.Start(start)!;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
            {
                if (DevTools().Match(line) is { Success: true } found)
                {
                    // Keep draining its output, so that it never blocks on a full pipe.
                    _ = process.StandardError.ReadToEndAsync();
                    _ = process.StandardOutput.ReadToEndAsync();
                    return new Chromium(process, profile, found.Groups[1].Value);
                }
            }
            throw new InvalidOperationException("Chromium did not start");
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
            Directory.Delete(_profile, recursive: true);
        }

        [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
        private static partial Regex DevTools();
    }
}
