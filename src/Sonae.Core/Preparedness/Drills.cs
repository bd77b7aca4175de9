namespace Sonae.Core.Preparedness;

/// <summary>
/// A drill of the flowchart (step 0-1): planned, then held, with what it found and when the next one is due.
/// </summary>
/// <param name="PlannedOn">The day it is planned for.</param>
/// <param name="HeldOn">The day it took place; null while it is only planned.</param>
/// <param name="NextDue">The day the next drill is due.</param>
public sealed record Drill(
    string Id,
    string Title,
    string? Scenario,
    DateOnly? PlannedOn,
    DateOnly? HeldOn,
    IReadOnlyList<string> Participants,
    string? Findings,
    DateOnly? NextDue);

public sealed record DrillLog(IReadOnlyList<Drill> Drills)
{
    public static DrillLog Empty { get; } = new([]);

    /// <summary>The day the next drill is due: set by the latest drill held, or now if none was ever held.</summary>
    public DateOnly? NextDue => Drills.Where(d => d.HeldOn is not null).OrderBy(d => d.HeldOn).LastOrDefault()?.NextDue;

    public bool EverHeld => Drills.Any(d => d.HeldOn is not null);
}
