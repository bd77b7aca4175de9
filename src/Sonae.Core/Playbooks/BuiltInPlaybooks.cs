namespace Sonae.Core.Playbooks;

/// <summary>The playbooks shipped inside Sonae.</summary>
public static class BuiltInPlaybooks
{
    /// <summary>The built-in playbook's id: every organization's default, and the id its versions share.</summary>
    public const string MhlwIncidentFlowchartId = "mhlw-incident-flowchart";

    private static readonly Lazy<string> MhlwYaml = new(() => ReadResource("Sonae.Core.Playbooks.mhlw-incident-flowchart.yaml"));
    private static readonly Lazy<Playbook> MhlwPlaybook = new(() => Load(MhlwYaml.Value));
    private static readonly Lazy<string> MhlwSha256 = new(() => PlaybookLoader.Sha256Of(MhlwYaml.Value));

    /// <summary>The YAML text of the ministry's flowchart as Sonae encodes it.</summary>
    public static string MhlwIncidentFlowchartYaml => MhlwYaml.Value;

    /// <summary>
    /// The digest of <see cref="MhlwIncidentFlowchartYaml"/> (its <see cref="Playbook.Sha256"/>), without loading it:
    /// enough to tell at start whether an organization already has this version.
    /// </summary>
    public static string MhlwIncidentFlowchartSha256 => MhlwSha256.Value;

    /// <summary>The ministry's flowchart, loaded (it is part of Sonae, so it always loads).</summary>
    public static Playbook MhlwIncidentFlowchart => MhlwPlaybook.Value;

    private static Playbook Load(string yaml)
    {
        var result = PlaybookLoader.Load(yaml);
        return result.Playbook ?? throw new InvalidOperationException(
            "The built-in playbook is invalid: " + string.Join("; ", result.Problems.Select(p => $"{p.Line}:{p.Column} {p.Message.En}")));
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(BuiltInPlaybooks).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Resource {name} is missing from Sonae.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
