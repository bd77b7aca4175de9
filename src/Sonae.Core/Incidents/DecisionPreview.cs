using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>What one answer would mean for one step: it will apply, it will not, or it still depends on other answers.</summary>
public sealed record DecisionEffect(StepId Step, bool? Applies);

/// <summary>
/// What a decision would do before it is taken: for one value of a fact, which steps it brings into the response
/// and which it leaves out. Management sees this beside each choice (at 2-12, "report to the ministry" brings in
/// 2-13; "do not report" leaves it out). Answers not given yet are treated as still open.
/// </summary>
public static class DecisionPreview
{
    /// <summary>For each step the fact's conditions read, whether it would apply if <paramref name="fact"/> were <paramref name="value"/>.</summary>
    public static IReadOnlyList<DecisionEffect> Of(Playbook playbook, IncidentProgress progress, FactId fact, string value)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(progress);
        FactAnswer Answer(FactId f) =>
            f == fact ? FactAnswer.Known(value)
            : progress.Facts.TryGetValue(f, out var recorded) ? FactAnswer.Known(recorded.Value)
            : FactAnswer.Pending;
        return playbook.Steps
            .Where(s => s.AppliesWhen?.Facts.Contains(fact) == true && progress.Step(s.Id).Resolution is null)
            .Select(s => new DecisionEffect(s.Id, s.AppliesWhen!.Evaluate(Answer)))
            .ToList();
    }
}
