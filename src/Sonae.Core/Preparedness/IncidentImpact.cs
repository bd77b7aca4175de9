using Sonae.Core.Incidents;

namespace Sonae.Core.Preparedness;

/// <summary>A system staff must stop using, how bad it is, and the assets (or the system itself) that say so.</summary>
public sealed record SystemImpact(InformationSystem System, AssetStatus Status, IReadOnlyList<string> Because);

/// <summary>
/// What an incident's asset statuses mean for the hospital's systems and network: the systems staff must stop
/// using (the playbook's stop-use steps tell them, <see cref="Playbooks.PlaybookBindings.StopUsingSteps"/>), the
/// worst status in each network segment (the diagram shows it), and the marked names that are not in the inventory.
/// </summary>
/// <remarks>
/// A status is recorded against a name (<see cref="ChangeAssetStatus"/>): an asset's id, or a system's id for the
/// whole system. Suspected, infected and isolated all mean "do not use"; restored lifts it, but only for what was
/// marked restored: a system stays stopped while any of its assets is still marked otherwise.
/// </remarks>
public sealed record IncidentImpact(
    IReadOnlyList<SystemImpact> StopUsing,
    IReadOnlyDictionary<string, AssetStatus> Segments,
    IReadOnlyList<string> NotInInventory)
{
    /// <summary>Whether an asset in this state means "do not use" (everything but restored).</summary>
    public static bool IsActive(AssetStatus status) => status is AssetStatus.Suspected or AssetStatus.Infected or AssetStatus.Isolated;

    /// <summary>Infected is worst, then suspected (not known yet), then isolated (contained), then restored.</summary>
    public static int Severity(AssetStatus status) => status switch
    {
        AssetStatus.Infected => 3,
        AssetStatus.Suspected => 2,
        AssetStatus.Isolated => 1,
        AssetStatus.Restored => 0,
    };

    /// <summary>What the assets marked during an incident mean for the hospital's systems and network segments.</summary>
    public static IncidentImpact Of(Inventory inventory, IReadOnlyDictionary<string, AssetStatus> statuses)
    {
        var assets = inventory.Assets.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var stop = new List<SystemImpact>();
        foreach (var system in inventory.Systems)
        {
            var because = statuses
                .Where(s => IsActive(s.Value) && (string.Equals(s.Key, system.Id, StringComparison.Ordinal)
                    || (assets.TryGetValue(s.Key, out var asset) && string.Equals(asset.System, system.Id, StringComparison.Ordinal))))
                .OrderByDescending(s => Severity(s.Value)).ThenBy(s => s.Key, StringComparer.Ordinal)
                .ToList();
            if (because.Count > 0)
                stop.Add(new SystemImpact(system, because[0].Value, [.. because.Select(s => s.Key)]));
        }

        var segments = new Dictionary<string, AssetStatus>(StringComparer.Ordinal);
        foreach (var (id, status) in statuses)
        {
            if (!IsActive(status) || !assets.TryGetValue(id, out var asset) || asset.Segment is not { } segment)
                continue;
            if (!segments.TryGetValue(segment, out var worst) || Severity(status) > Severity(worst))
                segments[segment] = status;
        }

        var unknown = statuses.Keys.Where(k => !assets.ContainsKey(k) && inventory.FindSystem(k) is null).Order(StringComparer.Ordinal).ToList();
        return new IncidentImpact(
            [.. stop.OrderByDescending(s => Severity(s.Status)).ThenBy(s => s.System.Criticality)],
            segments,
            unknown);
    }
}
