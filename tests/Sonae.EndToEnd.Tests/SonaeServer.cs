using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The real sonae server, as a process on a free loopback port with its own SQLite file, a hospital made by
/// `sonae org add`, and one Chromium (Debian's) shared by the tests.
/// </summary>
public partial class SonaeServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sonae-e2e-").FullName;
    private readonly List<Process> _servers = [];
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyDictionary<string, string> Keys { get; private set; } = new Dictionary<string, string>();

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where the tests write their screenshots (kept after the run, for people to look at).</summary>
    public static string Screenshots { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "TestResults", "screenshots"));

    private static string Sonae => Path.Combine(AppContext.BaseDirectory, "sonae.dll");

    /// <summary>The server's SQLite file, for a test that puts rows in as another part of Sonae would (the outbox).</summary>
    public string Database => Path.Combine(_directory, "sonae.db");

    private string ClockFile => Path.Combine(_directory, "clock-offset-seconds");

    private TimeSpan _shift;

    /// <summary>Where the server keeps its record: the SQLite file here; a subclass may name another database.</summary>
    protected virtual IReadOnlyList<string> Storage => [$"--Sonae:Storage:SqlitePath={Database}"];

    /// <summary>Makes the storage ready before the hospital is added (nothing to do for a SQLite file).</summary>
    protected virtual Task PrepareStorage() => Task.CompletedTask;

    /// <summary>Removes the storage after the servers have stopped (the SQLite file goes with the folder).</summary>
    protected virtual Task RemoveStorage() => Task.CompletedTask;

    /// <summary>
    /// Moves this server's clock forward (never back: the record's times only go forward). Tests that move time run
    /// on a server of their own (<see cref="ClockServerCollection"/>), so the others keep today.
    /// </summary>
    public async Task ShiftClock(TimeSpan by)
    {
        Assert.True(by > TimeSpan.Zero, "The clock only moves forward.");
        _shift += by;
        await File.WriteAllTextAsync(ClockFile + ".new", ((long)_shift.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(ClockFile + ".new", ClockFile, overwrite: true);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        await PrepareStorage();
        var added = await Run(["org", "add", "みなと市立病院", .. Storage]);
        Keys = KeyLine().Matches(added).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(4, Keys.Count);

        BaseUrl = await StartAnother();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// Starts a server process on this fixture's storage and returns its address: the first is <see cref="BaseUrl"/>;
    /// a test may start more, as the servers of a hospital group on one database (they stop with the fixture).
    /// </summary>
    public async Task<string> StartAnother()
    {
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _directory };
        // Each server has its own clock, which a test may move forward (ShiftClock): days pass without waiting. Sonae
        // honours the variable in the Development environment only (and refuses to start with it in any other).
        start.Environment["SONAE_TEST_CLOCK_FILE"] = ClockFile;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var arg in new[] { Sonae, "--urls", address }.Concat(Storage))
            start.ArgumentList.Add(arg);
        var server = Process.Start(start)!;
        _servers.Add(server);
        var errors = new ServerErrors(Environment.GetEnvironmentVariable("SONAE_TEST_SERVER_LOG"), $"{nameof(SonaeServer)} {port}");
        var lastLines = new LastLines();
        server.OutputDataReceived += (_, line) => { errors.Read(line.Data); lastLines.Add(line.Data); };
        server.ErrorDataReceived += (_, line) => { errors.Read(line.Data); lastLines.Add(line.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        if (await ServerStart.WaitUntilHealthy(server, new Uri(address)) is { } failure)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Assert.Fail($"{failure}. Its last lines:\n{lastLines}");
        }
        return address;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            server.Dispose();
        }
        await RemoveStorage();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A person at their own browser, signed in with their role's key.</summary>
    public async Task<IPage> SignedIn(string role, int width = 1280, int height = 900, bool javaScript = true, string language = "ja")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
            Locale = language == "en" ? "en-US" : "ja-JP",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        // A shared terminal's key is the second way in, folded under the accounts' form.
        await page.ClickAsync("summary:has-text('API')");
        await page.FillAsync("#key", Keys[role]);
        await page.ClickAsync("form[action='/signin'] button[type=submit]");
        try
        {
            // Reaching home is what counts: wait for the navigation, not for every asset of the page to load (on two
            // busy cores, the load event can lag well behind).
            await page.WaitForURLAsync(BaseUrl + "/", new PageWaitForURLOptions { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync("h1", new PageWaitForSelectorOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            await Screenshot(page, $"signin-failed-{role}");
            Assert.Fail($"Signing in as {role} did not reach home: at {page.Url}, showing: {await page.InnerTextAsync("body")}");
        }
        return page;
    }

    /// <summary>
    /// Sends a command through the API as a role, to set up what a test needs without clicking through it (the
    /// journeys click; the page checks only need an incident in the right place).
    /// </summary>
    /// <returns>The answer's JSON body (undefined when it is not JSON).</returns>
    /// <param name="at">The address of the server to send it to (<see cref="StartAnother"/>), when not <see cref="BaseUrl"/>.</param>
    public async Task<System.Text.Json.JsonElement> Api(string role, HttpMethod method, string path, object? body = null, string? at = null)
    {
        using var client = new HttpClient { BaseAddress = new Uri(at ?? BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys[role]);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true
            ? System.Text.Json.JsonDocument.Parse(text).RootElement.Clone()
            : default;
    }

    /// <summary>Saves a section of the preparedness record, unless this server's hospital has one already (tests share the server).</summary>
    public async Task Prepared(string section, object content)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys["security-officer"]);
        var current = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/v1/preparedness/{section}")).RootElement;
        if (current.GetProperty("version").GetInt32() > 0)
            return;
        var body = new { baseVersion = 0, note = "テストの準備", content = System.Text.Json.JsonSerializer.SerializeToElement(content, content.GetType(), global::Sonae.Core.Incidents.RecordJson.Options) };
        using var response = await client.PutAsync($"/api/v1/preparedness/{section}", System.Net.Http.Json.JsonContent.Create(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Invites the hospital's vendor key to an incident, and accepts (a vendor sees only the incidents they are invited to).</summary>
    public async Task InviteVendor(int number)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys["security-officer"]);
        using var made = await client.PostAsync($"/api/v1/incidents/{number}/invitations", System.Net.Http.Json.JsonContent.Create(new { name = "保守ベンダ" }));
        Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        var url = System.Text.Json.JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
        await Api("vendor", HttpMethod.Post, $"/api/v1/invitations/{new Uri(url).Segments[^1]}/accept");
    }

    /// <summary>Moves an incident reported with signs of infection to 2-8, management's first decision.</summary>
    public async Task ToFirstDecision(int number)
    {
        var incident = $"/api/v1/incidents/{number}";
        foreach (var step in new[] { "1-2", "1-3" })
            await Api("security-officer", HttpMethod.Post, $"{incident}/steps/{step}/complete");
        await Api("security-officer", HttpMethod.Put, $"{incident}/facts/anomaly-confirmed", new { value = "yes" });
        await Api("security-officer", HttpMethod.Post, $"{incident}/steps/1-4/complete");
        foreach (var (fact, value) in new[] { ("cause", "cyber-attack"), ("cyber-attack-signs", "yes"), ("data-leak-suspected", "unknown") })
            await Api("security-officer", HttpMethod.Put, $"{incident}/facts/{fact}", new { value });
        foreach (var step in new[] { "2-1", "2-6", "2-7" })
            await Api("security-officer", HttpMethod.Post, $"{incident}/steps/{step}/complete");
    }

    /// <summary>Runs <c>sonae verify</c> on this server's database, beside it (where its evidence locker is); fails the test unless everything is intact.</summary>
    public Task<string> Verify() => Run(["verify", $"--Sonae:Storage:SqlitePath={Database}"], _directory);

    public static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    private static async Task<string> Run(IEnumerable<string> args, string? directory = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
            start.WorkingDirectory = directory;
        start.ArgumentList.Add(Sonae);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(ServerStart.Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"sonae {string.Join(' ', args)} did not finish within {ServerStart.Limit.TotalSeconds:0} s and was ended. Its last lines:\n{ServerStart.Tail(await output + await error)}");
        }
        Assert.True(process.ExitCode == 0, $"sonae {string.Join(' ', args)} exited with code {process.ExitCode}:\n{await output}{await error}");
        return await output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^  (management|security-officer|staff|vendor)\s+(sonae_\S+)$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<SonaeServer>
{
    public const string Name = "sonae server";
}

/// <summary>A server of its own for the tests that move its clock.</summary>
[CollectionDefinition(Name)]
public sealed class ClockServerCollection : ICollectionFixture<SonaeServer>
{
    public const string Name = "sonae server with a clock to move";
}

/// <summary>
/// Copies the errors a server process logs (the console logger's "fail:" and "crit:" entries, each with its following
/// indented lines) to SONAE_TEST_SERVER_LOG, which test.sh prints when a suite fails: a 500 seen in Chromium then comes
/// with its cause.
/// </summary>
internal sealed class ServerErrors(string? path, string server)
{
    private static readonly Lock Writing = new();
    private bool _inError;

    public void Read(string? line)
    {
        if (path is null || line is null)
            return;
        if (!line.StartsWith(' '))
            _inError = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
        if (!_inError)
            return;
        lock (Writing)
            File.AppendAllText(path, $"{(line.StartsWith(' ') ? "" : server + " ")}{line}{Environment.NewLine}");
    }
}

/// <summary>
/// A server of its own for the preparedness pages, whose journey starts from a people record nobody has filled in
/// yet (other journeys on the shared server fill it, in an order the runner chooses).
/// </summary>
[CollectionDefinition(Name)]
public sealed class PreparednessServerCollection : ICollectionFixture<SonaeServer>
{
    public const string Name = "sonae server for the preparedness pages";
}
