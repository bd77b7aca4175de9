using Sonae.Core.Playbooks;

namespace Sonae.Core.Aftercare.Drills;

/// <summary>What an inject is, and so how it lands in the drill's record.</summary>
public enum InjectKind
{
    /// <summary>A department reports an anomaly: filed as an anomaly report into the drill's incident.</summary>
    Report,

    /// <summary>A monitoring system raises an alert: filed as an anomaly report with its signal, in that incident only.</summary>
    Alert,

    /// <summary>The facilitator announces a fact: a note from the facilitator.</summary>
    Fact,

    /// <summary>Someone calls in: a phone call logged in the contact log.</summary>
    Call,
}

/// <summary>How a drill is run.</summary>
public enum DrillMode
{
    /// <summary>In Sonae, as an incident: injects arrive by themselves in the participants' workspaces.</summary>
    Live,

    /// <summary>Around a table: the facilitator reads the cards in order and records what the group decided; nothing is sent.</summary>
    Tabletop,
}

/// <summary>One timed event of a scenario.</summary>
/// <param name="Id">Its id within the scenario (<c>r1</c>), stable for the record.</param>
/// <param name="AtMinutes">Minutes after the drill starts, in the scenario's own time (before compression).</param>
/// <param name="Kind">What it is.</param>
/// <param name="From">Who it comes from: the department, the monitoring system, the caller; null for a fact.</param>
/// <param name="Text">What it says.</param>
public sealed record ScenarioInject(string Id, int AtMinutes, InjectKind Kind, LocalizedText? From, LocalizedText Text);

/// <summary>A drill scenario of the library: what happens, what it practises, and its injects in time order.</summary>
/// <param name="Id">Its id (<c>ransomware-vendor-vpn</c>).</param>
/// <param name="Title">Its title.</param>
/// <param name="Summary">What happens, in a few sentences.</param>
/// <param name="Objectives">What the drill should show the hospital can do.</param>
/// <param name="Steps">The playbook steps it exercises.</param>
/// <param name="Injects">Its injects, ordered by time (ties keep the file's order).</param>
public sealed record DrillScenario(
    string Id,
    LocalizedText Title,
    LocalizedText Summary,
    IReadOnlyList<LocalizedText> Objectives,
    IReadOnlyList<StepId> Steps,
    IReadOnlyList<ScenarioInject> Injects)
{
    /// <summary>The inject with id <paramref name="id"/>, or null.</summary>
    public ScenarioInject? Inject(string id) => Injects.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
}

/// <summary>The wire names of <see cref="InjectKind"/> and <see cref="DrillMode"/>, as the scenario files and the API write them.</summary>
public static class DrillNames
{
    /// <summary>The name of an inject kind: <c>report</c>, <c>alert</c>, <c>fact</c>, <c>call</c>.</summary>
    public static string Id(this InjectKind kind) => kind switch
    {
        InjectKind.Report => "report",
        InjectKind.Alert => "alert",
        InjectKind.Fact => "fact",
        InjectKind.Call => "call",
    };

    /// <summary>The name of a mode: <c>live</c> or <c>tabletop</c>.</summary>
    public static string Id(this DrillMode mode) => mode switch
    {
        DrillMode.Live => "live",
        DrillMode.Tabletop => "tabletop",
    };

    /// <summary>The inject kind named <paramref name="text"/>; false for any other text.</summary>
    public static bool TryParseKind(string? text, out InjectKind kind) => WireNames.TryParse(Enum.GetValues<InjectKind>(), Id, text, out kind);

    /// <summary>The mode named <paramref name="text"/>; false for any other text.</summary>
    public static bool TryParseMode(string? text, out DrillMode mode) => WireNames.TryParse(Enum.GetValues<DrillMode>(), Id, text, out mode);
}
