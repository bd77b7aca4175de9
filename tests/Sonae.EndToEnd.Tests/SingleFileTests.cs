using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The published single file (./publish.sh linux-x64) copied alone into an empty folder, run in a network namespace
/// of its own with nothing but loopback (unshare -n), as on a clinic's laptop cut off from everything: first-run
/// setup, the demo, a page with its stylesheet and Blazor's script, the binder PDF (Debian's Chromium) and verify.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class SingleFileTests(SingleFileTests.PublishedFile published) : IClassFixture<SingleFileTests.PublishedFile>
{
    [Fact]
    public async Task Runs_alone_from_an_empty_folder_with_the_network_cut()
    {
        var folder = Directory.CreateTempSubdirectory("sonae-single-").FullName;
        var extracted = Directory.CreateTempSubdirectory("sonae-single-extract-").FullName;
        try
        {
            var file = Path.Combine(folder, "sonae");
            File.Copy(published.File, file);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.Equal(["sonae"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));

            await using var cut = await CutNetwork.Start();
            var (_, links, _) = await cut.Run(folder, extracted, "ip", "-brief", "link");
            Assert.Equal(["lo"], links.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));

            // First-run setup: the code on the console, posted as the officer at that console would.
            await using (var server = await cut.Serve(folder, extracted, file, "--urls", "http://127.0.0.1:5000"))
            {
                var code = SetupCodeLine().Match(server.Console) is { Success: true } found ? found.Groups[1].Value : throw new InvalidOperationException("No setup code:\n" + server.Console);
                var setup = await cut.Curl(folder, extracted, "http://127.0.0.1:5000/api/v1/setup", "-X", "POST", "-H", "Content-Type: application/json",
                    "--data", $$"""{"setupCode":"{{code}}","organizationName":"単一ファイル診療所"}""");
                Assert.Equal(201, setup.Status);
                Assert.Contains("sonae_", setup.Body, StringComparison.Ordinal);

                // A page, and the stylesheet and script it links to (fingerprinted URLs), whole and with their types.
                var page = await cut.Curl(folder, extracted, "http://127.0.0.1:5000/signin");
                Assert.Equal(200, page.Status);
                Assert.StartsWith("text/html", page.Header("content-type"), StringComparison.Ordinal);
                var css = StylesheetLink().Match(page.Body).Groups[1].Value;
                Assert.NotEmpty(css);
                // The sign-in page is a plain form; every live page (the workspace) loads Blazor's script from here.
                const string script = "_framework/blazor.web.js";
                foreach (var (path, type) in new[] { (css, "text/css"), (script, "text/javascript") })
                {
                    var asset = await cut.Curl(folder, extracted, "http://127.0.0.1:5000/" + path.TrimStart('/'));
                    Assert.Equal(200, asset.Status);
                    Assert.StartsWith(type, asset.Header("content-type"), StringComparison.Ordinal);
                    Assert.True(asset.Body.Length > 1000, $"{path}: {asset.Body.Length} characters");
                    Assert.Equal(Encoding.UTF8.GetByteCount(asset.Body), int.Parse(asset.Header("content-length"), System.Globalization.CultureInfo.InvariantCulture));
                    Assert.NotEmpty(asset.Header("etag"));
                }
            }

            var pdf = Path.Combine(folder, "binder.pdf");
            var binder = await cut.Run(folder, extracted, file, "binder", "--out", pdf);
            Assert.True(binder.Code == 0, binder.Output + binder.Error);
            Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
            var verify = await cut.Run(folder, extracted, file, "verify");
            Assert.True(verify.Code == 0, verify.Output + verify.Error);

            // The demo hospital, in a folder of its own.
            var demoFolder = Directory.CreateDirectory(Path.Combine(folder, "demo")).FullName;
            await using (await cut.Serve(demoFolder, extracted, file, "--demo", "--urls", "http://127.0.0.1:5001"))
            {
                var incidents = await cut.Curl(demoFolder, extracted, "http://127.0.0.1:5001/api/v1/incidents", "-H", "Authorization: Bearer sonae_demo-security-officer");
                Assert.Equal(200, incidents.Status);
                Assert.Contains("\"number\"", incidents.Body, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(extracted, recursive: true);
        }
    }

    /// <summary>A stylesheet the unpacked file lost (emptied on disk): Sonae refuses to start, saying so, rather than serve it empty.</summary>
    [Fact]
    public async Task A_damaged_asset_stops_the_start_with_a_clear_message()
    {
        var folder = Directory.CreateTempSubdirectory("sonae-single-").FullName;
        var extracted = Directory.CreateTempSubdirectory("sonae-single-extract-").FullName;
        try
        {
            var file = Path.Combine(folder, "sonae");
            File.Copy(published.File, file);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await Processes.Run(folder, extracted, file, "verify");   // unpacks it (there is no database to verify yet)
            var stylesheet = Directory.GetFiles(extracted, "sonae.css", SearchOption.AllDirectories).Single();
            File.WriteAllBytes(stylesheet, []);

            var start = await Processes.Run(folder, extracted, file, "--urls", "http://127.0.0.1:0");
            Assert.Equal(2, start.Code);
            Assert.Contains("css/sonae.css", start.Error, StringComparison.Ordinal);
            Assert.Contains("画面に必要なファイルがこの実行ファイルにありません", start.Error, StringComparison.Ordinal);
            Assert.Contains("Files the pages need are missing from this executable", start.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(extracted, recursive: true);
        }
    }

    [GeneratedRegex(@"First-run setup code:\s+([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex SetupCodeLine();

    [GeneratedRegex(@"<link[^>]+rel=""stylesheet""[^>]+href=""([^""]+\.css)""")]
    private static partial Regex StylesheetLink();

    /// <summary>
    /// ./publish.sh linux-x64 into a folder of the test's, once for the class; without ReadyToRun, which changes how
    /// fast it starts (bench part 9 measures that) and not what is in the file, and takes most of the publishing time.
    /// </summary>
    public sealed class PublishedFile : IAsyncLifetime
    {
        private readonly string _output = Directory.CreateTempSubdirectory("sonae-publish-").FullName;

        public string File => Path.Combine(_output, "sonae");

        public async Task InitializeAsync()
        {
            var root = AppContext.BaseDirectory;
            while (!System.IO.File.Exists(Path.Combine(root, "publish.sh")))
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("publish.sh not found above " + AppContext.BaseDirectory);
            var start = Processes.Start(root, null, "bash", ["publish.sh", "linux-x64", _output]);
            start.Environment["PUBLISH_READY_TO_RUN"] = "false";
            var publish = await Processes.Run(start);
            Assert.True(publish.Code == 0, publish.Output + publish.Error);
            Assert.Equal(["sonae"], Directory.GetFileSystemEntries(_output).Select(Path.GetFileName));
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_output, recursive: true);
            return Task.CompletedTask;
        }
    }

    /// <summary>Processes run with a clean environment: nothing of the test host's .NET settings reaches the file.</summary>
    private static class Processes
    {
        public static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

        public static ProcessStartInfo Start(string folder, string? extracted, string file, IEnumerable<string> args)
        {
            var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            if (extracted is not null)
            {
                foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("MSBUILD", StringComparison.Ordinal)).ToList())
                    start.Environment.Remove(name);
                start.Environment["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = extracted;
            }
            return start;
        }

        public static Task<(int Code, string Output, string Error)> Run(string folder, string? extracted, string file, params string[] args) =>
            Run(Start(folder, extracted, file, args));

        public static async Task<(int Code, string Output, string Error)> Run(ProcessStartInfo start)
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(Limit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end within {Limit}: {await output}{await error}");
            }
            return (process.ExitCode, await output, await error);
        }
    }

    /// <summary>A network namespace with only loopback, held open by a sleeping process; commands enter it with nsenter.</summary>
    private sealed class CutNetwork : IAsyncDisposable
    {
        private Process _holder = default!;

        public static async Task<CutNetwork> Start()
        {
            var cut = new CutNetwork
            {
                _holder = Process.Start(new ProcessStartInfo("unshare", ["-n", "sh", "-c", "ip link set lo up && echo up && exec sleep 600"]) { RedirectStandardOutput = true, UseShellExecute = false })!,
            };
            Assert.Equal("up", await cut._holder.StandardOutput.ReadLineAsync());
            return cut;
        }

        private string[] Enter(string file, string[] args) => ["-t", _holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "--", file, .. args];

        public Task<(int Code, string Output, string Error)> Run(string folder, string extracted, string file, params string[] args) =>
            Processes.Run(folder, extracted, "nsenter", Enter(file, args));

        public async Task<Answer> Curl(string folder, string extracted, string url, params string[] args)
        {
            var (code, output, error) = await Run(folder, extracted, "curl", ["-s", "-i", "--max-time", "60", .. args, url]);
            Assert.True(code == 0, $"curl {url}: {code} {error}");
            return Answer.Parse(output);
        }

        public async Task<Server> Serve(string folder, string extracted, string file, params string[] args)
        {
            var server = new Server(Process.Start(Processes.Start(folder, extracted, "nsenter", Enter(file, args)))!);
            var waited = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(server.Process.HasExited, "sonae exited at start:\n" + server.Console);
                Assert.True(waited.Elapsed < ServerStart.Limit, "no answer from /health:\n" + server.Console);
                var url = args[Array.IndexOf(args, "--urls") + 1];
                if ((await Run(folder, extracted, "curl", "-sf", "-o", "/dev/null", url + "/health")).Code == 0)
                    return server;
                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _holder.Kill();
            await _holder.WaitForExitAsync();
            _holder.Dispose();
        }
    }

    private sealed class Server : IAsyncDisposable
    {
        private readonly StringBuilder _console = new();

        public Server(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, line) => { lock (_console) _console.AppendLine(line.Data); };
            process.ErrorDataReceived += (_, line) => { lock (_console) _console.AppendLine(line.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Console
        {
            get
            {
                lock (_console)
                    return _console.ToString();
            }
        }

        public async ValueTask DisposeAsync()
        {
            // nsenter execs sonae in place, so this is sonae itself: stopped as systemd would, with SIGTERM.
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await Process.WaitForExitAsync();
            Process.Dispose();
        }
    }

    private sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

        public static Answer Parse(string response)
        {
            var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var head = response[..end].Split("\r\n");
            var headers = head.Skip(1).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim());
            return new Answer(int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, response[(end + 4)..]);
        }
    }
}
