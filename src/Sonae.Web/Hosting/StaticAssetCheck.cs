using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Sonae.Core;
using Sonae.Web.Resources;

namespace Sonae.Web.Hosting;

/// <summary>
/// Before serving, checks that every stylesheet and script the pages link to (the static assets' manifest, with
/// Blazor's scripts and their compressed copies) is there and whole. Without it a published copy that lost its files
/// would answer each of them 200 with an empty body, and the pages would come up unstyled and dead.
/// </summary>
public static class StaticAssetCheck
{
    /// <summary>The manifest MapStaticAssets reads, beside the application (in the single file: where it was extracted).</summary>
    private static string ManifestPath(IWebHostEnvironment environment) =>
        Path.Combine(AppContext.BaseDirectory, $"{environment.ApplicationName}.staticwebassets.endpoints.json");

    /// <summary>Throws a <see cref="SonaeConfigurationException"/> naming what is missing, in Japanese and English.</summary>
    public static void EnsureComplete(IWebHostEnvironment environment)
    {
        var manifest = ManifestPath(environment);
        var missing = File.Exists(manifest) ? Missing(manifest, environment.WebRootFileProvider) : [Path.GetFileName(manifest)];
        if (missing.Count == 0)
            return;
        var list = string.Join(", ", missing.Take(5)) + (missing.Count > 5 ? $" (+{missing.Count - 5})" : "");
        var said = Bilingual.Format(CliTexts.ResourceManager, nameof(CliTexts.StaticAssetsMissing), list);
        throw new SonaeConfigurationException($"{said.Ja} / {said.En}");
    }

    /// <summary>The manifest's files that the web root does not have, or has with another length than the manifest says.</summary>
    private static IReadOnlyList<string> Missing(string manifestPath, IFileProvider webRoot)
    {
        using var stream = File.OpenRead(manifestPath);
        using var document = JsonDocument.Parse(stream);
        var expected = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var endpoint in document.RootElement.GetProperty("Endpoints").EnumerateArray())
        {
            var asset = endpoint.GetProperty("AssetFile").GetString()!;
            long? length = null;
            foreach (var header in endpoint.GetProperty("ResponseHeaders").EnumerateArray())
            {
                if (header.GetProperty("Name").GetString() == "Content-Length")
                    length = long.Parse(header.GetProperty("Value").GetString()!, CultureInfo.InvariantCulture);
            }
            expected[asset] = length;
        }
        return [.. from pair in expected
                   let file = webRoot.GetFileInfo(pair.Key)
                   where !file.Exists || (pair.Value is { } length ? file.Length != length : file.Length == 0)
                   orderby pair.Key
                   select pair.Key];
    }
}
