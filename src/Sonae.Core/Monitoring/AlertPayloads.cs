using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sonae.Core.Monitoring;

/// <summary>Why a payload could not be read, by a code the Web layer turns into a sentence in the caller's language.</summary>
/// <param name="Code">
/// <c>not-json</c>, <c>not-object</c>, <c>no-alerts</c>, <c>too-many-alerts</c>, <c>missing-field</c>,
/// <c>bad-field</c> or <c>other-format</c> (the payload is another system's: <see cref="Detail"/> names it).
/// </param>
/// <param name="Field">The field at fault, as a JSON path (<c>alerts[3].status</c>), if one is.</param>
/// <param name="Detail">What else the sentence needs (the other format's name, the limit).</param>
public sealed record AlertPayloadProblem(string Code, string? Field = null, string? Detail = null);

/// <summary>A payload read: its alerts, or the problem that stopped the reading.</summary>
public sealed record AlertPayload(IReadOnlyList<MonitoringAlert> Alerts, AlertPayloadProblem? Problem)
{
    internal static AlertPayload Refused(string code, string? field = null, string? detail = null) => new([], new(code, field, detail));
}

/// <summary>
/// Reads what monitoring systems post into <see cref="MonitoringAlert"/>s. Each system's shape is read as that
/// system sends it (Alertmanager's webhook version 4; the JSON object Zabbix's webhook media type posts; Sonae's
/// generic format); a payload of another shape is refused with a problem that says what was wrong, so that the
/// administrator setting up the source sees it on the settings page.
/// </summary>
public static class AlertPayloads
{
    /// <summary>The most alerts one delivery may hold; Alertmanager's <c>max_alerts</c> can keep it under.</summary>
    public const int MaxAlerts = 1000;

    /// <summary>The most labels kept per alert, and the longest key and value kept.</summary>
    public const int MaxLabels = 64, MaxLabelKey = 100, MaxLabelValue = 1000;

    /// <summary>Reads <paramref name="json"/> as <paramref name="kind"/> sends it.</summary>
    /// <param name="kind">The system that sent it.</param>
    /// <param name="json">The request's body.</param>
    /// <param name="receivedAt">When it arrived: the time of alerts that give none.</param>
    public static AlertPayload Read(AlertSourceKind kind, ReadOnlyMemory<byte> json, DateTimeOffset receivedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return AlertPayload.Refused("not-json");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object && !(kind == AlertSourceKind.Generic && root.ValueKind == JsonValueKind.Array))
                return AlertPayload.Refused("not-object");
            return kind switch
            {
                AlertSourceKind.Alertmanager => Alertmanager(root),
                AlertSourceKind.Zabbix => Zabbix(root, receivedAt),
                AlertSourceKind.Generic => Generic(root),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an alert source kind."),
            };
        }
    }

    /// <summary>
    /// Alertmanager's webhook: <c>{"version":"4","groupKey":…,"status":…,"alerts":[{"status","labels",
    /// "annotations","startsAt","generatorURL","fingerprint"}]}</c>. The group is the payload's <c>groupKey</c>.
    /// </summary>
    private static AlertPayload Alertmanager(JsonElement root)
    {
        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
            return OtherFormat(root, AlertSourceKind.Alertmanager) ?? AlertPayload.Refused("missing-field", "alerts");
        if (alerts.GetArrayLength() == 0)
            return AlertPayload.Refused("no-alerts", "alerts");
        if (alerts.GetArrayLength() > MaxAlerts)
            return AlertPayload.Refused("too-many-alerts", "alerts", MaxAlerts.ToString(CultureInfo.InvariantCulture));
        var groupKey = Text(root, "groupKey") ?? Canonical(Labels(root, "groupLabels"));
        var read = new List<MonitoringAlert>();
        var index = 0;
        foreach (var alert in alerts.EnumerateArray())
        {
            var at = $"alerts[{index++}]";
            if (alert.ValueKind != JsonValueKind.Object)
                return AlertPayload.Refused("bad-field", at);
            if (Status(Text(alert, "status"), "firing", "resolved") is not { } status)
                return AlertPayload.Refused(Text(alert, "status") is null ? "missing-field" : "bad-field", at + ".status");
            var labels = Labels(alert, "labels");
            var annotations = Labels(alert, "annotations");
            if (!TryTime(alert, "startsAt", out var startsAt))
                return AlertPayload.Refused("bad-field", at + ".startsAt");
            var name = labels.GetValueOrDefault("alertname") ?? Text(root, "receiver") ?? "alert";
            var fingerprint = Text(alert, "fingerprint") ?? Hash(Canonical(labels));
            var kept = new Dictionary<string, string>(labels, StringComparer.Ordinal);
            foreach (var (key, value) in annotations)
                kept.TryAdd("annotation:" + key, value);
            read.Add(new MonitoringAlert(fingerprint, groupKey, status, name, HostOf(labels), labels.GetValueOrDefault("severity"),
                annotations.GetValueOrDefault("summary") ?? annotations.GetValueOrDefault("description") ?? annotations.GetValueOrDefault("message"),
                Bounded(kept), startsAt, Text(alert, "generatorURL")));
        }
        return new AlertPayload(read, null);
    }

    /// <summary>
    /// Zabbix's webhook media type posts its parameters as one object (Sonae's media type in docs/monitoring.md
    /// sends them as they are): <c>event_id</c>, <c>event_value</c> (1 problem, 0 recovery),
    /// <c>event_update_status</c>, <c>event_name</c>, <c>event_severity</c>, <c>event_nseverity</c>,
    /// <c>event_tags</c> (<c>{EVENT.TAGSJSON}</c>), <c>host_name</c>, <c>host_ip</c>, <c>trigger_id</c>,
    /// <c>alert_subject</c>, <c>alert_message</c>, <c>event_date</c>, <c>event_time</c>, <c>zabbix_url</c>. A macro
    /// Zabbix could not resolve arrives as itself (<c>{EVENT.RECOVERY.DATE}</c>) and counts as absent. Repeats of
    /// one trigger on one host make one group, so that a flapping trigger is one report.
    /// </summary>
    private static AlertPayload Zabbix(JsonElement root, DateTimeOffset receivedAt)
    {
        if (Macro(root, "event_id") is not { } eventId)
            return OtherFormat(root, AlertSourceKind.Zabbix) ?? AlertPayload.Refused("missing-field", "event_id");
        var value = Macro(root, "event_value");
        if (Status(value, "1", "0") is not { } status)
            return AlertPayload.Refused(value is null ? "missing-field" : "bad-field", "event_value");
        var host = Macro(root, "host_name") ?? Macro(root, "host_ip");
        var name = Macro(root, "event_name") ?? Macro(root, "trigger_name") ?? Macro(root, "alert_subject") ?? "Zabbix";
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in new[] { "event_id", "event_severity", "event_nseverity", "event_source", "event_update_status", "host_name", "host_ip", "trigger_id", "event_opdata" })
        {
            if (Macro(root, field) is { } text)
                labels[field] = text;
        }
        if (root.TryGetProperty("event_tags", out var tags))
        {
            foreach (var (tag, tagValue) in Tags(tags))
                labels.TryAdd("tag:" + tag, tagValue);
        }
        var group = Macro(root, "trigger_id") is { } trigger ? $"trigger:{trigger}@{host}" : $"event:{name}@{host}";
        var startsAt = ZabbixTime(Macro(root, "event_date"), Macro(root, "event_time")) ?? receivedAt;
        var link = Macro(root, "zabbix_url") is { } url && Macro(root, "trigger_id") is { } triggerId
            ? $"{url.TrimEnd('/')}/tr_events.php?triggerid={Uri.EscapeDataString(triggerId)}&eventid={Uri.EscapeDataString(eventId)}"
            : null;
        // An update (an acknowledgement or comment in Zabbix) repeats the problem; it is not a new one.
        return new AlertPayload([new MonitoringAlert("event:" + eventId, group, status, name, host,
            Macro(root, "event_severity") ?? Macro(root, "event_nseverity"), Macro(root, "alert_message"), Bounded(labels), startsAt, link)], null);
    }

    /// <summary>
    /// Sonae's generic format: one alert object, an array of them, or <c>{"alerts":[…]}</c>. Each has a
    /// <c>title</c> (required), and may have <c>status</c> (<c>firing</c>, the default, or <c>resolved</c>),
    /// <c>id</c>, <c>group</c>, <c>host</c>, <c>asset</c>, <c>severity</c>, <c>description</c>, <c>labels</c>
    /// (strings), <c>startsAt</c> and <c>link</c>. Without a group, alerts of one title on one host group together.
    /// </summary>
    private static AlertPayload Generic(JsonElement root)
    {
        JsonElement alerts;
        string prefix;
        if (root.ValueKind == JsonValueKind.Array)
            (alerts, prefix) = (root, "");
        else if (root.TryGetProperty("alerts", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            if (root.TryGetProperty("groupKey", out _))
                return AlertPayload.Refused("other-format", null, AlertSourceKind.Alertmanager.Id());
            (alerts, prefix) = (list, "alerts");
        }
        else
            return OtherFormat(root, AlertSourceKind.Generic) ?? One(root, "");
        if (alerts.GetArrayLength() == 0)
            return AlertPayload.Refused("no-alerts", prefix.Length == 0 ? null : prefix);
        if (alerts.GetArrayLength() > MaxAlerts)
            return AlertPayload.Refused("too-many-alerts", prefix.Length == 0 ? null : prefix, MaxAlerts.ToString(CultureInfo.InvariantCulture));
        var read = new List<MonitoringAlert>();
        var index = 0;
        foreach (var alert in alerts.EnumerateArray())
        {
            var one = One(alert, $"{prefix}[{index++}]");
            if (one.Problem is not null)
                return one;
            read.AddRange(one.Alerts);
        }
        return new AlertPayload(read, null);
    }

    private static AlertPayload One(JsonElement alert, string at)
    {
        string Field(string name) => at.Length == 0 ? name : $"{at}.{name}";
        if (alert.ValueKind != JsonValueKind.Object)
            return AlertPayload.Refused("bad-field", at.Length == 0 ? null : at);
        if (Text(alert, "title") is not { } title)
            return AlertPayload.Refused(alert.TryGetProperty("title", out _) ? "bad-field" : "missing-field", Field("title"));
        var statusText = Text(alert, "status");
        if ((statusText is null ? AlertStatus.Firing : Status(statusText, "firing", "resolved")) is not { } status)
            return AlertPayload.Refused("bad-field", Field("status"));
        if (!TryTime(alert, "startsAt", out var startsAt))
            return AlertPayload.Refused("bad-field", Field("startsAt"));
        if (alert.TryGetProperty("labels", out var labelsElement) && labelsElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return AlertPayload.Refused("bad-field", Field("labels"));
        var labels = Labels(alert, "labels");
        var host = Text(alert, "asset") ?? Text(alert, "host") ?? HostOf(labels);
        var kept = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        if (Text(alert, "asset") is { } asset)
            kept.TryAdd("asset", asset);
        if (Text(alert, "host") is { } hostName)
            kept.TryAdd("host", hostName);
        var group = Text(alert, "group") ?? $"{title}@{host}";
        var fingerprint = Text(alert, "id") ?? Hash(title + "\n" + host + "\n" + Canonical(labels));
        return new AlertPayload([new MonitoringAlert(fingerprint, group, status, title, host, Text(alert, "severity"), Text(alert, "description"),
            Bounded(kept), startsAt, Text(alert, "link"))], null);
    }

    /// <summary>When a payload is plainly another system's, says so: the commonest mistake when setting up a source.</summary>
    private static AlertPayload? OtherFormat(JsonElement root, AlertSourceKind expected)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        AlertSourceKind? seen = root.TryGetProperty("groupKey", out _) && root.TryGetProperty("alerts", out _) ? AlertSourceKind.Alertmanager
            : root.TryGetProperty("event_id", out _) && root.TryGetProperty("event_value", out _) ? AlertSourceKind.Zabbix
            : null;
        return seen is { } other && other != expected ? AlertPayload.Refused("other-format", null, other.Id()) : null;
    }

    private static AlertStatus? Status(string? text, string firing, string resolved) =>
        string.Equals(text, firing, StringComparison.OrdinalIgnoreCase) ? AlertStatus.Firing
        : string.Equals(text, resolved, StringComparison.OrdinalIgnoreCase) ? AlertStatus.Resolved
        : null;

    /// <summary>The host an alert names: Prometheus's <c>instance</c> without its port, or a host label.</summary>
    private static string? HostOf(Dictionary<string, string> labels)
    {
        foreach (var key in new[] { "asset", "host", "hostname", "nodename", "instance" })
        {
            if (labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                return key == "instance" ? WithoutPort(value) : value.Trim();
        }
        return null;
    }

    private static string WithoutPort(string instance)
    {
        var text = instance.Trim();
        if (text.StartsWith('[') && text.IndexOf(']', StringComparison.Ordinal) is > 0 and var close)
            return text[1..close];
        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon && text[(colon + 1)..].All(char.IsAsciiDigit) ? text[..colon] : text;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : element.TryGetProperty(name, out var number) && number.ValueKind == JsonValueKind.Number ? number.GetRawText() : null;

    /// <summary>A Zabbix parameter, or null when Zabbix left its macro unresolved.</summary>
    private static string? Macro(JsonElement element, string name) =>
        Text(element, name) is { } text && !(text.StartsWith('{') && text.EndsWith('}') && !text.Contains(' ', StringComparison.Ordinal)) ? text : null;

    private static Dictionary<string, string> Labels(JsonElement element, string name)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty(name, out var map) || map.ValueKind != JsonValueKind.Object)
            return labels;
        foreach (var label in map.EnumerateObject())
        {
            var value = label.Value.ValueKind switch
            {
                JsonValueKind.String => label.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => label.Value.GetRawText(),
                _ => null,
            };
            if (value is not null)
                labels.TryAdd(label.Name, value);
        }
        return labels;
    }

    /// <summary>Zabbix's <c>{EVENT.TAGSJSON}</c> (<c>[{"tag":…,"value":…}]</c>), sent as an array or as its text.</summary>
    private static IEnumerable<(string Tag, string Value)> Tags(JsonElement tags)
    {
        if (tags.ValueKind == JsonValueKind.String)
        {
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(tags.GetString()!);
            }
            catch (JsonException)
            {
                yield break;
            }
            using (parsed)
            {
                foreach (var tag in Tags(parsed.RootElement).ToList())
                    yield return tag;
            }
            yield break;
        }
        if (tags.ValueKind != JsonValueKind.Array)
            yield break;
        foreach (var tag in tags.EnumerateArray())
        {
            if (tag.ValueKind == JsonValueKind.Object && Text(tag, "tag") is { } name)
                yield return (name, Text(tag, "value") ?? "");
        }
    }

    private static bool TryTime(JsonElement element, string name, out DateTimeOffset? time)
    {
        time = null;
        if (Text(element, name) is not { } text)
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            return false;
        // Alertmanager writes 0001-01-01T00:00:00Z for "not set".
        time = parsed.Year <= 1 ? null : parsed;
        return true;
    }

    /// <summary>Zabbix writes its dates as 2026.12.06 and 23:10:05, in the server's zone: Japan's, for a hospital in Japan.</summary>
    private static DateTimeOffset? ZabbixTime(string? date, string? time) =>
        date is not null && time is not null
        && DateTime.TryParseExact($"{date} {time}", "yyyy.MM.dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, JapanTime.Offset)
            : null;

    private static Dictionary<string, string> Bounded(Dictionary<string, string> labels) =>
        labels.OrderBy(l => l.Key, StringComparer.Ordinal).Take(MaxLabels)
            .ToDictionary(l => Cut(l.Key, MaxLabelKey), l => Cut(l.Value, MaxLabelValue), StringComparer.Ordinal);

    private static string Cut(string text, int limit) => TextRules.Shorten(text, limit);

    private static string Canonical(Dictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
