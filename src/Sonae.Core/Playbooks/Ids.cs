using System.Text.RegularExpressions;

namespace Sonae.Core.Playbooks;

/// <summary>A step's number in a playbook, such as <c>2-12</c>.</summary>
public readonly partial record struct StepId
{
    public StepId(string value)
    {
        if (!IsValid(value))
            throw new ArgumentException($"'{value}' is not a step id: use letters, digits and '-', at most 16 characters.", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    public override string ToString() => Value;

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z._-]{0,15}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>The id of a fact that an incident records, such as <c>cyber-attack-signs</c>.</summary>
public readonly partial record struct FactId
{
    public FactId(string value)
    {
        if (!IsValid(value))
            throw new ArgumentException($"'{value}' is not a fact id: use lower-case letters, digits and '-', at most 40 characters.", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
