using System.Net;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// The OpenAPI document passes Redocly's minimal ruleset, with the real linter (tools/redocly, pinned; test.sh
/// installs it, and this test does when it is missing): a client generator must be able to read it.
/// </summary>
public abstract class OpenApiLintTests(SonaeFactory factory)
{
    private static readonly Lazy<Task<string>> Linter = new(Install);

    [Fact]
    public async Task OpenApiDocument_PassesRedoclysMinimalRuleset()
    {
        var linter = await Linter.Value;
        var document = await (await factory.Client(null).GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("sonae-openapi-").FullName, "openapi.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var (exit, output, error) = await CommandLine.Run(linter, ["lint", "--extends=minimal", "--format=summary", file]);

            Assert.True(exit == 0 && !output.Contains("error ", StringComparison.Ordinal), output + error);
            Assert.DoesNotContain("\"url\": \"http://localhost/\"", document, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    /// <summary>The linter in tools/redocly, installed there (with npm, at the version its package.json pins) when missing.</summary>
    private static async Task<string> Install()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Sonae.slnx")))
            repository = repository.Parent ?? throw new InvalidOperationException("The repository (Sonae.slnx) is not above " + AppContext.BaseDirectory);
        var folder = Path.Combine(repository.FullName, "tools", "redocly");
        var linter = Path.Combine(folder, "node_modules", ".bin", "redocly");
        if (!File.Exists(linter))
        {
            var (exit, output, error) = await CommandLine.Run("npm", ["install", "--prefix", folder, "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"]);
            Assert.True(exit == 0, "npm install in tools/redocly failed: " + output + error);
        }
        return linter;
    }
}

public sealed class SqliteOpenApiLintTests(SqliteFactory factory) : OpenApiLintTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresOpenApiLintTests(PostgresFactory factory) : OpenApiLintTests(factory), IClassFixture<PostgresFactory>;
