using System.Text.RegularExpressions;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Playbooks;

/// <summary>docs/playbook-format.md, and the small playbook it prints, exactly as printed there.</summary>
internal static partial class DocumentedPlaybook
{
    public static string Page { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "playbook-format.md"));

    /// <summary>The page's complete example, the YAML block that starts with <c>id: sakura-clinic</c>.</summary>
    public static string Yaml { get; } = YamlBlock().Matches(Page).Select(m => m.Groups[1].Value).Single(b => b.StartsWith("id: sakura-clinic", StringComparison.Ordinal));

    public static Playbook Load()
    {
        var result = PlaybookLoader.Load(Yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => $"{p.Line}: {p.Message.En}")));
        return result.Playbook!;
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
