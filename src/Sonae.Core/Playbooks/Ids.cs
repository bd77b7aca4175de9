using System.Text.RegularExpressions;

namespace Sonae.Core.Playbooks;

/// <summary>A step's number in a playbook, such as <c>2-12</c>.</summary>
public readonly partial record struct StepId
{
    /// <summary>A step id; throws when <paramref name="value"/> is not one (<see cref="IsValid"/>).</summary>
    public StepId(string value)
    {
        if (!IsValid(value))
            throw new ArgumentException($"'{value}' is not a step id: use letters, digits and '-', at most 16 characters.", nameof(value));
        Value = value;
    }

    /// <summary>The id as the playbook writes it.</summary>
    public string Value { get; }

    /// <summary>Whether a text can be a step id: letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, up to 16 characters.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>The id as the playbook writes it.</summary>
    public override string ToString() => Value;

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z._-]{0,15}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>The id of a fact that an incident records, such as <c>cyber-attack-signs</c>.</summary>
public readonly partial record struct FactId
{
    /// <summary>A fact id; throws when <paramref name="value"/> is not one (<see cref="IsValid"/>).</summary>
    public FactId(string value)
    {
        if (!IsValid(value))
            throw new ArgumentException($"'{value}' is not a fact id: use lower-case letters, digits and '-', at most 40 characters.", nameof(value));
        Value = value;
    }

    /// <summary>The id as the playbook writes it.</summary>
    public string Value { get; }

    /// <summary>Whether a text can be a fact id: lower-case letters, digits and <c>-</c>, up to 40 characters.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>The id as the playbook writes it.</summary>
    public override string ToString() => Value;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
