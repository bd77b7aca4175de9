using System.Text.RegularExpressions;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// The installation files in deploy/: the systemd unit passes systemd's own verifier, and the Dockerfile a real
/// linter (Microsoft's Docker language service's, tools/dockerfile-lint) and Sonae's rules for its image (non-root,
/// pinned base images, data in a volume, a health check). Neither Docker nor a running systemd is needed.
/// </summary>
public sealed partial class DeployFileTests
{
    private static readonly string Repository = FindRepository();

    [Fact]
    public async Task SystemdUnit_PassesSystemdAnalyzeVerify()
    {
        var unit = await File.ReadAllTextAsync(Path.Combine(Repository, "deploy", "sonae.service"));
        foreach (var setting in new[] { "Type=notify", "User=sonae", "StateDirectory=sonae", "StateDirectoryMode=0700", "WorkingDirectory=/var/lib/sonae", "Restart=on-failure", "StandardOutput=journal", "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/sonae /var/cache/sonae" })
            Assert.Contains("\n" + setting + "\n", unit, StringComparison.Ordinal);

        // systemd-analyze checks that ExecStart's program exists: the built sonae stands in for /usr/local/bin/sonae.
        var executable = Path.Combine(AppContext.BaseDirectory, "sonae");
        Assert.True(File.Exists(executable), executable);
        var (exit, output, error) = await Verify(unit.Replace("/usr/local/bin/sonae", executable, StringComparison.Ordinal));
        Assert.True(exit == 0 && output.Length == 0 && error.Length == 0, $"{exit}: {output}{error}");

        // The verifier does report a mistake in such a unit.
        (exit, output, error) = await Verify(unit.Replace("/usr/local/bin/sonae", executable, StringComparison.Ordinal).Replace("ProtectSystem=strict", "ProtectSystem=strickt", StringComparison.Ordinal));
        Assert.Contains("strickt", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dockerfile_PassesTheLinter()
    {
        var linter = await DockerfileLinter();
        var (exit, output, error) = await CommandLine.Run(linter, ["lint", Path.Combine(Repository, "deploy", "Dockerfile")]);
        Assert.True(exit == 0 && output.Trim().Length == 0 && error.Trim().Length == 0, $"{exit}: {output}{error}");

        // And it does speak up about a wrong one.
        var wrong = Path.Combine(Directory.CreateTempSubdirectory("sonae-dockerfile-").FullName, "Dockerfile");
        await File.WriteAllTextAsync(wrong, "FROM debian:trixie-slim\nMAINTAINER someone\nEXPOSE 5000/xyz\n");
        try
        {
            (_, output, error) = await CommandLine.Run(linter, ["lint", wrong]);
            Assert.Contains("MAINTAINER", output + error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(wrong)!, recursive: true);
        }
    }

    [Fact]
    public async Task Dockerfile_RunsAsNonRoot_FromPinnedImages_WithItsDataInAVolume()
    {
        var lines = Logical(await File.ReadAllTextAsync(Path.Combine(Repository, "deploy", "Dockerfile")));
        var arguments = lines.Select(l => ArgLine().Match(l)).Where(m => m.Success).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var images = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal))
            .Select(l => Variable().Replace(l.Split(' ')[1], m => arguments[m.Groups[1].Value])).ToList();
        Assert.Equal(2, images.Count);
        // Every base image by an exact version (10.0.12, not 10.0 or latest), and the final one only the runtime's dependencies.
        Assert.All(images, image => Assert.Matches(@"^mcr\.microsoft\.com/dotnet/[a-z-]+:\d+\.\d+\.\d+-[a-z]+-slim$", image));
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:", images[^1], StringComparison.Ordinal);

        var final = lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/runtime-deps", StringComparison.Ordinal)).ToList();
        var user = final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"^USER (root|0)\b", user);
        Assert.True(final.IndexOf(user) < final.FindIndex(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)), "USER before ENTRYPOINT");
        Assert.Contains("VOLUME [\"/var/lib/sonae\"]", final);
        Assert.Contains(final, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.Contains("/health", StringComparison.Ordinal));
        Assert.All(final.Where(l => l.Contains("apt-get install", StringComparison.Ordinal)), l =>
        {
            Assert.Contains("--no-install-recommends", l, StringComparison.Ordinal);
            Assert.Contains("rm -rf /var/lib/apt/lists/*", l, StringComparison.Ordinal);
        });

        var compose = await File.ReadAllTextAsync(Path.Combine(Repository, "deploy", "compose.yaml"));
        Assert.Matches(@"image: postgres:\d+\.\d+-", compose);
        Assert.Contains("${SONAE_DB_PASSWORD:?", compose, StringComparison.Ordinal);
        Assert.Contains("dockerfile: deploy/Dockerfile", compose, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Error)> Verify(string unit)
    {
        var folder = Directory.CreateTempSubdirectory("sonae-unit-").FullName;
        try
        {
            var file = Path.Combine(folder, "sonae.service");
            await File.WriteAllTextAsync(file, unit);
            return await CommandLine.Run("systemd-analyze", ["verify", file]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The Dockerfile's instructions, each on one line (continuations joined), without comments.</summary>
    private static List<string> Logical(string dockerfile) =>
        [.. Continuation().Replace(dockerfile, " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>The linter in tools/dockerfile-lint, installed there (npm, at the version its package.json pins) when missing.</summary>
    private static async Task<string> DockerfileLinter()
    {
        var folder = Path.Combine(Repository, "tools", "dockerfile-lint");
        var linter = Path.Combine(folder, "node_modules", ".bin", "dockerfile-utils");
        if (!File.Exists(linter))
        {
            var (exit, output, error) = await CommandLine.Run("npm", ["install", "--prefix", folder, "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"]);
            Assert.True(exit == 0, "npm install in tools/dockerfile-lint failed: " + output + error);
        }
        return linter;
    }

    private static string FindRepository()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Sonae.slnx")))
            repository = repository.Parent ?? throw new InvalidOperationException("The repository (Sonae.slnx) is not above " + AppContext.BaseDirectory);
        return repository.FullName;
    }

    [GeneratedRegex(@"^ARG ([A-Z_]+)=(\S+)$")]
    private static partial Regex ArgLine();

    [GeneratedRegex(@"\$\{([A-Z_]+)\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\\\s*\n(\s*#[^\n]*\n)*")]
    private static partial Regex Continuation();
}
