using Sonae.Core.Access;

namespace Sonae.Core.Playbooks;

/// <summary>One step drawn in one role's lane.</summary>
/// <param name="Column">The step's depth: one more than the deepest step it depends on.</param>
/// <param name="Row">Its place among the steps of the same lane and column, from the top.</param>
/// <param name="Primary">The box that dependency arrows start and end at (the step's first role).</param>
public sealed record LaneBox(StepId Step, Role Lane, int Column, int Row, bool Primary);

public sealed record LaneEdge(StepId From, StepId To);

/// <summary>
/// The swimlane flowchart of a playbook, as the guideline draws it: one lane per role (management, security
/// officer, staff, vendor), a box for each step in each lane whose role acts in it, steps left to right by
/// dependency depth, and an arrow for each dependency. Positions are in grid units; pages and documents draw it.
/// </summary>
public sealed class SwimlaneLayout
{
    private SwimlaneLayout(IReadOnlyList<Role> lanes, IReadOnlyList<LaneBox> boxes, IReadOnlyList<LaneEdge> edges, IReadOnlyDictionary<Role, int> laneRows, int columns)
    {
        Lanes = lanes;
        Boxes = boxes;
        Edges = edges;
        LaneRows = laneRows;
        Columns = columns;
    }

    /// <summary>The guideline's order: management, the security officer, staff, then outside parties.</summary>
    public static IReadOnlyList<Role> LaneOrder { get; } = [Role.Management, Role.SecurityOfficer, Role.Staff, Role.Vendor];

    public IReadOnlyList<Role> Lanes { get; }

    public IReadOnlyList<LaneBox> Boxes { get; }

    public IReadOnlyList<LaneEdge> Edges { get; }

    /// <summary>How many rows of boxes each lane needs (at least one).</summary>
    public IReadOnlyDictionary<Role, int> LaneRows { get; }

    public int Columns { get; }

    public static SwimlaneLayout Of(Playbook playbook)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        var columns = new Dictionary<StepId, int>();
        foreach (var step in playbook.Steps)
            columns[step.Id] = step.After.Count == 0 ? 0 : step.After.Max(d => columns[d]) + 1;

        var boxes = new List<LaneBox>();
        var used = new Dictionary<(Role, int), int>();
        foreach (var step in playbook.Steps)
        {
            var roles = step.Roles.Count > 0 ? step.Roles : [Role.SecurityOfficer];
            foreach (var role in LaneOrder.Where(roles.Contains))
            {
                var key = (role, columns[step.Id]);
                var row = used.GetValueOrDefault(key);
                used[key] = row + 1;
                boxes.Add(new LaneBox(step.Id, role, columns[step.Id], row, role == roles[0]));
            }
        }
        var laneRows = LaneOrder.ToDictionary(role => role, role => Math.Max(1, used.Where(u => u.Key.Item1 == role).Select(u => u.Value).DefaultIfEmpty(0).Max()));
        var edges = playbook.Steps.SelectMany(s => s.After.Select(d => new LaneEdge(d, s.Id))).ToList();
        return new SwimlaneLayout(LaneOrder, boxes, edges, laneRows, columns.Values.DefaultIfEmpty(0).Max() + 1);
    }
}
