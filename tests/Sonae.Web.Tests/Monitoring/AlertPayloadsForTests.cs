using System.Text.Json;

namespace Sonae.Web.Tests.Monitoring;

/// <summary>Payloads as the monitoring systems send them, for the tests that post them by hand.</summary>
public static class AlertPayloadsForTests
{
    /// <summary>Alertmanager's webhook (version 4) for one group, with its alerts.</summary>
    public static string Alertmanager(string status, string groupKey, params (string Name, string Instance, string Status, string Fingerprint)[] alerts) =>
        JsonSerializer.Serialize(new
        {
            receiver = "sonae",
            status,
            alerts = alerts.Select(a => new
            {
                status = a.Status,
                labels = new Dictionary<string, string> { ["alertname"] = a.Name, ["instance"] = a.Instance, ["severity"] = "critical", ["job"] = "node" },
                annotations = new Dictionary<string, string> { ["summary"] = $"{a.Instance} に応答がありません" },
                startsAt = "2026-12-06T14:00:00.000Z",
                endsAt = a.Status == "resolved" ? "2026-12-06T14:05:00.000Z" : "0001-01-01T00:00:00Z",
                generatorURL = "http://prometheus.hospital.local:9090/graph?g0.expr=up+%3D%3D+0",
                fingerprint = a.Fingerprint,
            }),
            groupLabels = new { alertname = alerts[0].Name },
            commonLabels = new { alertname = alerts[0].Name, severity = "critical" },
            commonAnnotations = new { },
            externalURL = "http://alertmanager.hospital.local:9093",
            version = "4",
            groupKey,
            truncatedAlerts = 0,
        });

    /// <summary>
    /// What a Zabbix webhook media type posts: its parameters, macros resolved (or, where Zabbix could not, left as
    /// themselves), as the media type in docs/monitoring.md sends them.
    /// </summary>
    public static string Zabbix(string eventId, bool problem, string host = "EHR-DB01", string triggerId = "23456") => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["event_id"] = eventId,
        ["event_value"] = problem ? "1" : "0",
        ["event_update_status"] = "0",
        ["event_source"] = "0",
        ["event_name"] = "電子カルテ DB の応答なし",
        ["event_severity"] = "High",
        ["event_nseverity"] = "4",
        ["event_tags"] = """[{"tag":"scope","value":"availability"},{"tag":"system","value":"ehr"}]""",
        ["event_date"] = "2026.12.06",
        ["event_time"] = "23:10:05",
        ["event_recovery_date"] = problem ? "{EVENT.RECOVERY.DATE}" : "2026.12.06",
        ["event_recovery_time"] = problem ? "{EVENT.RECOVERY.TIME}" : "23:20:00",
        ["host_name"] = host,
        ["host_ip"] = "10.10.0.5",
        ["trigger_id"] = triggerId,
        ["alert_subject"] = "Problem: 電子カルテ DB の応答なし",
        ["alert_message"] = "Problem started at 23:10:05 on 2026.12.06\r\nProblem name: 電子カルテ DB の応答なし\r\nHost: EHR-DB01\r\nSeverity: High",
        ["zabbix_url"] = "http://zabbix.hospital.local/zabbix",
    });
}
