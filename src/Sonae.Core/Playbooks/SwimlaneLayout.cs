using Sonae.Core.Access;

namespace Sonae.Core.Playbooks;

/// <summary>One step drawn in one role's lane.</summary>
/// <param name="Step">The step.</param>
/// <param name="Lane">The role whose lane it is drawn in.</param>
/// <param name="Column">The step's depth: one more than the deepest step it depends on.</param>
/// <param name="Row">Its place among the steps of the same lane and column, from the top.</param>
/// <param name="Primary">The box that dependency arrows start and end at (the step's first role).</param>
public sealed record LaneBox(StepId Step, Role Lane, int Column, int Row, bool Primary);

/// <summary>A dependency arrow: <paramref name="To"/> opens after <paramref name="From"/>.</summary>
/// <param name="From">The step depended on.</param>
/// <param name="To">The step that depends on it.</param>
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

    /// <summary>The lanes drawn, in <see cref="LaneOrder"/>: the roles that act in some step.</summary>
    public IReadOnlyList<Role> Lanes { get; }

    /// <summary>Every box: each step once in each lane of a role that acts in it.</summary>
    public IReadOnlyList<LaneBox> Boxes { get; }

    /// <summary>Every dependency, as an arrow between primary boxes.</summary>
    public IReadOnlyList<LaneEdge> Edges { get; }

    /// <summary>How many rows of boxes each lane needs (at least one).</summary>
    public IReadOnlyDictionary<Role, int> LaneRows { get; }

    /// <summary>How many columns the deepest step needs.</summary>
    public int Columns { get; }

    /// <summary>The layout of a playbook's per-incident steps.</summary>
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
