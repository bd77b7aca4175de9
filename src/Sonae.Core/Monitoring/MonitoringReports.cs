using System.Globalization;
using System.Text;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Monitoring;

/// <summary>
/// Writes alerts into the record: the anomaly report (and incident title) a group's first firing alerts open, and the
/// notes for alerts that join or resolve later. The report says where it came from (the source), what it is about
/// (the asset and system the inventory knows) and keeps the alert as sent (<see cref="MonitoringSignal"/>).
/// </summary>
public static class MonitoringReports
{
    /// <summary>How many alerts a report or note lists by name; the rest are counted.</summary>
    public const int Listed = 10;

    /// <summary>The label that names the signs an alert shows, with the anomaly report's names (<c>ransom-note</c>, <c>antivirus-alert</c>).</summary>
    public const string SignLabel = "sign";

    /// <summary>The anomaly report <paramref name="firing"/> (a group's first firing alerts) files for <paramref name="source"/>.</summary>
    public static AnomalyReport Report(string source, AlertSourceKind kind, IReadOnlyList<MonitoringAlert> firing, Inventory inventory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(firing);
        if (firing.Count == 0)
            throw new ArgumentException("A report needs a firing alert.", nameof(firing));
        var first = firing[0];
        var target = AlertTargets.Find(first, inventory);
        var since = firing.Select(a => a.StartsAt).Where(t => t is not null).Min();
        var signs = firing.SelectMany(a => Signs(a.Labels.GetValueOrDefault(SignLabel))).Distinct().ToList();
        var device = target.Asset is { } asset ? $"{asset.Id} {asset.Name}" : first.Host;
        return new AnomalyReport(
            Department: Cut(target.System?.Name ?? source),
            Location: target.Asset?.Location is { } location ? Cut(location) : null,
            Device: device is null ? null : Cut(device),
            Signs: signs.Count == 0 ? [AnomalySign.Other] : signs,
            // A clock that runs ahead in the monitor must not put the report in the future; an alert firing for longer
            // than the record looks back says "since" no more precisely than the record can.
            Since: since is { } start && start > now ? now : since is { } old && old < now - CallerTimes.LongestAgo ? null : since,
            Description: Cut(List(firing), TextLimits.LongText),
            ReporterName: Cut(source),
            ReporterContact: null,
            Signal: new MonitoringSignal(Cut(source), kind.Id(), Cut(first.Name), first.Severity is null ? null : Cut(first.Severity), firing.Count, first.Labels, first.Link));
    }

    /// <summary>「監視: HostDown(EHR-DB01)」: what fired, and on what.</summary>
    public static string Title(MonitoringAlert first, Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(first);
        var on = AlertTargets.Find(first, inventory).Asset?.Name ?? first.Host;
        var title = on is null ? Text("Title", first.Name).Ja : Text("TitleOn", first.Name, on).Ja;
        return Cut(title);
    }

    /// <summary>The note for alerts of a group that resolved: it says the incident stays open.</summary>
    public static string Resolved(string source, IReadOnlyList<MonitoringAlert> resolved) => Note(Text("Resolved", source, resolved.Count), resolved);

    /// <summary>The note for new alerts that joined a group's report since the last such note.</summary>
    public static string Joined(string source, int count, IReadOnlyList<MonitoringAlert> listed) => Note(Text("Joined", source, count), listed);

    private static string Note(LocalizedText heading, IReadOnlyList<MonitoringAlert> alerts) =>
        Cut($"{heading.Ja}\n{heading.En}\n{List(alerts)}", TextLimits.LongText);

    /// <summary>One line per alert (up to <see cref="Listed"/>): name, host, severity and its text.</summary>
    private static string List(IReadOnlyList<MonitoringAlert> alerts)
    {
        var text = new StringBuilder();
        foreach (var alert in alerts.Take(Listed))
        {
            var line = string.Join(" ", new[] { alert.Name, alert.Host is null ? null : $"({alert.Host})", alert.Severity is null ? null : $"[{alert.Severity}]", alert.Summary }
                .Where(p => !string.IsNullOrWhiteSpace(p)));
            text.AppendLine(Text("AlertLine", line).Ja);
        }
        if (alerts.Count > Listed)
        {
            var more = Text("More", alerts.Count - Listed);
            text.Append(more.Ja).Append(" / ").AppendLine(more.En);
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>The signs a <c>sign</c> label names (comma-separated), by the report's names; unknown names are ignored.</summary>
    private static IEnumerable<AnomalySign> Signs(string? label) =>
        (label ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Enum.GetValues<AnomalySign>().Cast<AnomalySign?>().FirstOrDefault(s => string.Equals(Kebab(s!.Value.ToString()), name, StringComparison.OrdinalIgnoreCase)))
            .Where(s => s is not null).Select(s => s!.Value);

    private static string Kebab(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
                text.Append('-');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    private static LocalizedText Text(string key, params object?[] args) => Bilingual.Format(MonitoringTexts.ResourceManager, key, args);

    private static string Cut(string text, int limit = TextLimits.ShortText) => TextRules.Shorten(text.Trim(), limit);
}
