namespace Sonae.Core.Preparedness;

/// <summary>
/// A drill of the flowchart (step 0-1): planned, then held, with what it found and when the next one is due.
/// </summary>
/// <param name="PlannedOn">The day it is planned for.</param>
/// <param name="HeldOn">The day it took place; null while it is only planned.</param>
/// <param name="NextDue">The day the next drill is due.</param>
/// <param name="Id">Its id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Scenario">What it rehearses.</param>
/// <param name="Participants">Who took part.</param>
/// <param name="Findings">What it found to fix.</param>
public sealed record Drill(
    string Id,
    string Title,
    string? Scenario,
    DateOnly? PlannedOn,
    DateOnly? HeldOn,
    IReadOnlyList<string> Participants,
    string? Findings,
    DateOnly? NextDue);

/// <summary>The drills section: every drill planned or held.</summary>
public sealed record DrillLog(IReadOnlyList<Drill> Drills)
{
    /// <summary>A log with no drill.</summary>
    public static DrillLog Empty { get; } = new([]);

    /// <summary>The day the next drill is due: set by the latest drill held, or now if none was ever held.</summary>
    public DateOnly? NextDue => Drills.Where(d => d.HeldOn is not null).OrderBy(d => d.HeldOn).LastOrDefault()?.NextDue;

    /// <summary>Whether any drill took place.</summary>
    public bool EverHeld => Drills.Any(d => d.HeldOn is not null);
}
