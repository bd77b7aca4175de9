using System.Text.Json;
using System.Text.Json.Nodes;
using Sonae.Core.Incidents;

namespace Sonae.Core.Preparedness;

/// <summary>How an item differs between two versions.</summary>
public enum ChangeKind
{
    /// <summary>Only in the later version.</summary>
    Added,

    /// <summary>Only in the earlier version.</summary>
    Removed,

    /// <summary>In both, with a field that differs.</summary>
    Changed,
}

/// <summary>One field that differs, as JSON text (a nested value, such as a backup, compares as a whole).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>One item of a list (a segment, a line, an asset) that was added, removed or changed between versions.</summary>
/// <param name="List">The list it belongs to, by its JSON name (<c>segments</c>, <c>lines</c>, <c>assets</c>).</param>
/// <param name="Key">The item's id (a link: both ends).</param>
/// <param name="Kind">How it differs.</param>
/// <param name="Fields">The fields that differ, when changed.</param>
public sealed record ItemChange(string List, string Key, ChangeKind Kind, IReadOnlyList<FieldChange> Fields);

/// <summary>
/// What changed between two versions of a section, item by item and field by field, so that a reviewer can see that
/// "the remote-maintenance line of the PACS vendor moved to the EHR segment" rather than two blobs of JSON.
/// </summary>
public static class VersionComparison
{
    /// <summary>What changed in the network: segments, links, lines and the review date.</summary>
    public static IReadOnlyList<ItemChange> Compare(NetworkConfiguration before, NetworkConfiguration after)
    {
        var changes = new List<ItemChange>();
        changes.AddRange(CompareLists("segments", before.Segments, after.Segments, s => s.Id));
        changes.AddRange(CompareLists("links", before.Links, after.Links, l => $"{l.From} ↔ {l.To}"));
        changes.AddRange(CompareLists("lines", before.Lines, after.Lines, l => l.Id));
        if (before.ReviewedOn != after.ReviewedOn)
            changes.Add(new ItemChange("network", "reviewedOn", ChangeKind.Changed, [new FieldChange("reviewedOn", Text(before.ReviewedOn), Text(after.ReviewedOn))]));
        return changes;
    }

    /// <summary>What changed in the inventory: systems and assets.</summary>
    public static IReadOnlyList<ItemChange> Compare(Inventory before, Inventory after) =>
        [.. CompareLists("systems", before.Systems, after.Systems, s => s.Id), .. CompareLists("assets", before.Assets, after.Assets, a => a.Id)];

    /// <summary>
    /// Items matched by key: those only after are added, those only before removed, and those in both with a field
    /// that differs are changed. The order is the after list's, then the removed ones in their old order.
    /// </summary>
    public static IEnumerable<ItemChange> CompareLists<T>(string list, IEnumerable<T> before, IEnumerable<T> after, Func<T, string> key)
    {
        var old = before.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Fields(g.First()), StringComparer.Ordinal);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in after)
        {
            var id = key(item);
            if (!current.Add(id))
                continue;
            var fields = Fields(item);
            if (!old.TryGetValue(id, out var was))
            {
                yield return new ItemChange(list, id, ChangeKind.Added, [.. fields.Select(f => new FieldChange(f.Key, null, f.Value))]);
                continue;
            }
            var changed = was.Keys.Union(fields.Keys, StringComparer.Ordinal)
                .Where(f => !string.Equals(was.GetValueOrDefault(f), fields.GetValueOrDefault(f), StringComparison.Ordinal))
                .Select(f => new FieldChange(f, was.GetValueOrDefault(f), fields.GetValueOrDefault(f)))
                .ToList();
            if (changed.Count > 0)
                yield return new ItemChange(list, id, ChangeKind.Changed, changed);
        }
        foreach (var (id, fields) in old.Where(o => !current.Contains(o.Key)))
            yield return new ItemChange(list, id, ChangeKind.Removed, [.. fields.Select(f => new FieldChange(f.Key, f.Value, null))]);
    }

    /// <summary>An item's fields as the API writes them: camelCase names, kebab-case enums, nulls left out.</summary>
    private static Dictionary<string, string> Fields<T>(T item)
    {
        var node = JsonSerializer.SerializeToNode(item, RecordJson.Options)?.AsObject() ?? [];
        return node.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => Text(p.Value!), StringComparer.Ordinal);
    }

    private static string Text(JsonNode value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString(RecordJson.Options);

    private static string? Text(DateOnly? day) => day is { } d ? Text(JsonSerializer.SerializeToNode(d, RecordJson.Options)!) : null;
}
