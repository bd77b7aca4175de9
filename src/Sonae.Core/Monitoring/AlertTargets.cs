using Sonae.Core.Preparedness;

namespace Sonae.Core.Monitoring;

/// <summary>What in the hospital's inventory an alert is about: an asset, and the system it belongs to.</summary>
public sealed record AlertTarget(Asset? Asset, InformationSystem? System)
{
    /// <summary>Nothing known in the inventory.</summary>
    public static AlertTarget None { get; } = new(null, null);
}

/// <summary>
/// Finds the asset an alert names in the inventory: by its asset number, its name or its IP address, from the
/// host the alert names or its <c>asset</c>/<c>system</c> labels; a system named by a <c>system</c> label (id or
/// name) otherwise. Names compare without case; an address compares exactly.
/// </summary>
public static class AlertTargets
{
    /// <summary>The asset and system <paramref name="alert"/> names, as far as the inventory knows them.</summary>
    public static AlertTarget Find(MonitoringAlert alert, Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(inventory);
        var names = new[] { alert.Labels.GetValueOrDefault("asset"), alert.Host, alert.Labels.GetValueOrDefault("host_ip"), alert.Labels.GetValueOrDefault("host_name") }
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var asset = names.Select(name => inventory.Assets.FirstOrDefault(a =>
                string.Equals(a.Id, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a.Ip, name, StringComparison.Ordinal)
                || ShortName(name) is { } shortName && string.Equals(a.Name, shortName, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(a => a is not null);
        var system = asset?.System is { } systemId ? inventory.FindSystem(systemId) : null;
        if (system is null && alert.Labels.GetValueOrDefault("system") is { } named && !string.IsNullOrWhiteSpace(named))
            system = inventory.Systems.FirstOrDefault(s => string.Equals(s.Id, named.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(s.Name, named.Trim(), StringComparison.OrdinalIgnoreCase));
        return new AlertTarget(asset, system);
    }

    /// <summary>「ehr-db01.hospital.local」 names the asset 「EHR-DB01」: a host name without its domain.</summary>
    private static string? ShortName(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !char.IsAsciiDigit(name[0]) ? name[..dot] : null;
    }
}
