namespace Sonae.Core.Monitoring;

/// <summary>Which monitoring system posts to a source, and so how its payload is read.</summary>
public enum AlertSourceKind
{
    /// <summary>Prometheus Alertmanager's webhook receiver (payload version 4).</summary>
    Alertmanager,

    /// <summary>Zabbix's webhook media type: the media type's parameters posted as one JSON object.</summary>
    Zabbix,

    /// <summary>Sonae's own JSON format, for anything that can post JSON (a script, a UPS, an antivirus console).</summary>
    Generic,
}

/// <summary>The names alert sources are written as, in the API and the settings.</summary>
public static class AlertSourceKinds
{
    /// <summary>Every kind, in the order the settings page offers them.</summary>
    public static IReadOnlyList<AlertSourceKind> All { get; } = Enum.GetValues<AlertSourceKind>();

    /// <summary><c>alertmanager</c>, <c>zabbix</c>, <c>generic</c>.</summary>
    public static string Id(this AlertSourceKind kind) => kind switch
    {
        AlertSourceKind.Alertmanager => "alertmanager",
        AlertSourceKind.Zabbix => "zabbix",
        AlertSourceKind.Generic => "generic",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an alert source kind."),
    };

    /// <summary>The kind written as <paramref name="text"/>, exactly; false when none is.</summary>
    public static bool TryParse(string? text, out AlertSourceKind kind) => WireNames.TryParse(All, Id, text, out kind);
}

/// <summary>Whether a monitored condition holds.</summary>
public enum AlertStatus
{
    /// <summary>The condition holds (Alertmanager's firing, Zabbix's problem).</summary>
    Firing,

    /// <summary>The condition is over (Alertmanager's resolved, Zabbix's recovery).</summary>
    Resolved,
}

/// <summary>
/// One alert as a monitoring system sent it, read into one shape whatever the system: what fired, on which host, in
/// which group, and its labels as sent.
/// </summary>
/// <param name="Fingerprint">What tells this alert from the others of its group, and a repeat of it from a new one.</param>
/// <param name="Group">The key of the group it belongs to: alerts of one group make one report.</param>
/// <param name="Status">Firing or resolved.</param>
/// <param name="Name">What fired (the alert name, the trigger name, the title).</param>
/// <param name="Host">The host it names (a name or an address), if any.</param>
/// <param name="Severity">The severity as the system wrote it, if any.</param>
/// <param name="Summary">The human text that came with it (summary, description, message), if any.</param>
/// <param name="Labels">Its labels (and annotations, tags), as sent: kept on the report.</param>
/// <param name="StartsAt">When the condition began, if the system said.</param>
/// <param name="Link">Where to see it in the monitoring system, if given.</param>
public sealed record MonitoringAlert(
    string Fingerprint,
    string Group,
    AlertStatus Status,
    string Name,
    string? Host,
    string? Severity,
    string? Summary,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset? StartsAt,
    string? Link);

/// <summary>
/// What monitoring said when it opened a report: kept on the anomaly report (and so in the record and its export),
/// so that the officer sees the alert as the system sent it.
/// </summary>
/// <param name="Source">The alert source's name in Sonae (「サーバ監視 Prometheus」).</param>
/// <param name="Kind">The source's kind (<c>alertmanager</c>, <c>zabbix</c>, <c>generic</c>).</param>
/// <param name="Alert">What fired.</param>
/// <param name="Severity">Its severity, if any.</param>
/// <param name="Alerts">How many alerts the first delivery held.</param>
/// <param name="Labels">The first alert's labels, as sent (bounded).</param>
/// <param name="Link">Where to see it in the monitoring system, if given.</param>
public sealed record MonitoringSignal(
    string Source,
    string Kind,
    string Alert,
    string? Severity,
    int Alerts,
    IReadOnlyDictionary<string, string> Labels,
    string? Link);
