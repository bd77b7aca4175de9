namespace Sonae.Core.Aftercare.Metrics;

/// <summary>
/// The moments of a response that the metrics measure from the first report. Sonae knows these four by id; the
/// playbook says which step's completion reaches each (<see cref="Playbooks.PlaybookBindings.Milestones"/>), so a
/// hospital that renumbers its flowchart keeps its metrics, and C# names no step.
/// </summary>
public static class Milestones
{
    /// <summary>The security officer confirmed that the reported anomaly is real (in the guideline, 1-4).</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The damage was kept from spreading (in the guideline, 2-6).</summary>
    public const string Contained = "contained";

    /// <summary>Management was informed and staff told to stop using the systems (in the guideline, 2-7).</summary>
    public const string ManagementInformed = "management-informed";

    /// <summary>The recovery was checked and staff told (in the guideline, 3-4).</summary>
    public const string Recovered = "recovered";

    /// <summary>Every milestone, in the order of a response: the order of every table and chart.</summary>
    public static IReadOnlyList<string> All { get; } = [Confirmed, Contained, ManagementInformed, Recovered];
}
