namespace Sonae.Core.Playbooks;

/// <summary>What an incident knows of one fact when a condition reads it.</summary>
public readonly record struct FactAnswer
{
    private FactAnswer(string? value, bool pending)
    {
        Value = value;
        IsPending = pending;
    }

    /// <summary>The recorded value, or null.</summary>
    public string? Value { get; }

    /// <summary>Not recorded yet, but a step that asks it may still record it.</summary>
    public bool IsPending { get; }

    /// <summary>The fact was recorded with this value.</summary>
    public static FactAnswer Known(string value) => new(value, pending: false);

    /// <summary>Not recorded yet, and a step may still record it.</summary>
    public static FactAnswer Pending { get; } = new(null, pending: true);

    /// <summary>Not recorded, and no step in this incident will ask it any more.</summary>
    public static FactAnswer Absent { get; } = new(null, pending: false);
}

/// <summary>
/// When a step applies, as a condition over the incident's facts.
/// </summary>
/// <remarks>
/// Evaluation is three-valued: <c>true</c>, <c>false</c>, or <c>null</c> when it depends on a fact that is still
/// pending. A comparison with an absent fact is false, so a step whose condition reads a fact that can no longer
/// be asked does not wait for it forever. <see cref="AllOf"/> and <see cref="AnyOf"/> follow Kleene's logic:
/// one false decides an <c>all</c>, one true decides an <c>any</c>, whatever is still pending.
/// </remarks>
public abstract record Condition
{
    /// <summary>True, false, or null while it depends on a pending fact.</summary>
    /// <param name="facts">What the incident knows of each fact.</param>
    public abstract bool? Evaluate(Func<FactId, FactAnswer> facts);

    /// <summary>Every fact the condition reads.</summary>
    public abstract IEnumerable<FactId> Facts { get; }

    /// <summary>
    /// All or any of <paramref name="parts"/>: the first part that is <paramref name="decisive"/> decides (false for
    /// all, true for any); else pending while a part is, else the other value.
    /// </summary>
    private protected static bool? Combine(IReadOnlyList<Condition> parts, Func<FactId, FactAnswer> facts, bool decisive)
    {
        var pending = false;
        foreach (var part in parts)
        {
            var value = part.Evaluate(facts);
            if (value == decisive)
                return decisive;
            pending |= value is null;
        }
        return pending ? null : !decisive;
    }
}

/// <summary>True when the fact's value is one of <see cref="Values"/> (<c>is</c> and <c>in</c> in YAML).</summary>
/// <param name="Fact">The choice fact compared.</param>
/// <param name="Values">The values that make it true.</param>
public sealed record FactIn(FactId Fact, IReadOnlyList<string> Values) : Condition
{
    /// <inheritdoc/>
    public override bool? Evaluate(Func<FactId, FactAnswer> facts)
    {
        var answer = facts(Fact);
        if (answer.IsPending)
            return null;
        return answer.Value is not null && Values.Contains(answer.Value, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public override IEnumerable<FactId> Facts => [Fact];
}

/// <summary>True when every part is true, false as soon as one is false (<c>all</c> in YAML).</summary>
/// <param name="Conditions">The parts.</param>
public sealed record AllOf(IReadOnlyList<Condition> Conditions) : Condition
{
    /// <inheritdoc/>
    public override bool? Evaluate(Func<FactId, FactAnswer> facts) => Combine(Conditions, facts, decisive: false);

    /// <inheritdoc/>
    public override IEnumerable<FactId> Facts => Conditions.SelectMany(c => c.Facts);
}

/// <summary>True as soon as one part is true, false when every part is false (<c>any</c> in YAML; of no part: false).</summary>
/// <param name="Conditions">The parts.</param>
public sealed record AnyOf(IReadOnlyList<Condition> Conditions) : Condition
{
    /// <inheritdoc/>
    public override bool? Evaluate(Func<FactId, FactAnswer> facts) => Combine(Conditions, facts, decisive: true);

    /// <inheritdoc/>
    public override IEnumerable<FactId> Facts => Conditions.SelectMany(c => c.Facts);
}

/// <summary>True when the part is false, null while it is (<c>not</c> in YAML).</summary>
/// <param name="Condition">The part.</param>
public sealed record Not(Condition Condition) : Condition
{
    /// <inheritdoc/>
    public override bool? Evaluate(Func<FactId, FactAnswer> facts) => !Condition.Evaluate(facts);

    /// <inheritdoc/>
    public override IEnumerable<FactId> Facts => Condition.Facts;
}
