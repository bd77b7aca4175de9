using System.Text;
using Sonae.Core.Monitoring;

namespace Sonae.Core.Tests.Monitoring;

public sealed class AlertPayloadsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 14, 30, 0, TimeSpan.Zero);

    private static AlertPayload Read(AlertSourceKind kind, string json) => AlertPayloads.Read(kind, Encoding.UTF8.GetBytes(json), Now);

    [Fact]
    public void Alertmanager_ReadsEveryAlertOfTheGroup_WithItsLabelsAnnotationsAndHost()
    {
        var payload = Read(AlertSourceKind.Alertmanager, """
            {"receiver":"sonae","status":"firing","version":"4","groupKey":"{}:{alertname=\"HostDown\"}","truncatedAlerts":0,
             "groupLabels":{"alertname":"HostDown"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
             "alerts":[
              {"status":"firing","labels":{"alertname":"HostDown","instance":"10.10.0.5:9100","severity":"critical"},
               "annotations":{"summary":"EHR DB down"},"startsAt":"2026-12-06T14:00:00.123Z","endsAt":"0001-01-01T00:00:00Z",
               "generatorURL":"http://prom:9090/graph","fingerprint":"abc"},
              {"status":"resolved","labels":{"alertname":"HostDown","instance":"[fe80::1]:9100"},"annotations":{},
               "startsAt":"2026-12-06T13:00:00Z","endsAt":"2026-12-06T14:00:00Z","generatorURL":"","fingerprint":"def"}]}
            """);

        Assert.Null(payload.Problem);
        Assert.Equal(2, payload.Alerts.Count);
        var first = payload.Alerts[0];
        Assert.Equal(("abc", "{}:{alertname=\"HostDown\"}", AlertStatus.Firing, "HostDown", "10.10.0.5"), (first.Fingerprint, first.Group, first.Status, first.Name, first.Host));
        Assert.Equal("critical", first.Severity);
        Assert.Equal("EHR DB down", first.Summary);
        Assert.Equal("EHR DB down", first.Labels["annotation:summary"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 14, 0, 0, 123, TimeSpan.Zero), first.StartsAt);
        Assert.Equal(("fe80::1", AlertStatus.Resolved), (payload.Alerts[1].Host, payload.Alerts[1].Status));
    }

    [Fact]
    public void Zabbix_ProblemAndRecovery_ShareTheTriggersGroup_UnresolvedMacrosCountAsAbsent_TimesAreJapans()
    {
        var problem = Read(AlertSourceKind.Zabbix, """
            {"event_id":"1001","event_value":"1","event_update_status":"0","event_name":"DB down","event_severity":"High",
             "event_nseverity":"4","event_tags":"[{\"tag\":\"system\",\"value\":\"ehr\"}]","host_name":"EHR-DB01","host_ip":"10.10.0.5",
             "trigger_id":"777","event_date":"2026.12.06","event_time":"23:10:05","event_recovery_date":"{EVENT.RECOVERY.DATE}",
             "alert_message":"Problem started","zabbix_url":"http://zbx/zabbix/"}
            """).Alerts.Single();
        var recovery = Read(AlertSourceKind.Zabbix, """{"event_id":"1001","event_value":"0","event_name":"DB down","host_name":"EHR-DB01","trigger_id":"777"}""").Alerts.Single();

        Assert.Equal(problem.Group, recovery.Group);
        Assert.Equal(problem.Fingerprint, recovery.Fingerprint);
        Assert.Equal((AlertStatus.Firing, AlertStatus.Resolved), (problem.Status, recovery.Status));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 14, 10, 5, TimeSpan.Zero), problem.StartsAt);
        Assert.Equal("ehr", problem.Labels["tag:system"]);
        Assert.False(problem.Labels.ContainsKey("event_recovery_date"));
        Assert.Equal("http://zbx/zabbix/tr_events.php?triggerid=777&eventid=1001", problem.Link);
        Assert.Equal(("High", "EHR-DB01"), (problem.Severity, problem.Host));
    }

    [Fact]
    public void Generic_TakesOneAlertAnArrayOrAnObjectWithAlerts_FiringByDefault_GroupedByTitleAndHost()
    {
        var one = Read(AlertSourceKind.Generic, """{"title":"UPS on battery","host":"UPS-01"}""").Alerts.Single();
        var two = Read(AlertSourceKind.Generic, """[{"title":"UPS on battery","host":"UPS-01","status":"resolved"},{"title":"B","group":"g","id":"x"}]""").Alerts;
        var wrapped = Read(AlertSourceKind.Generic, """{"alerts":[{"title":"A","labels":{"sign":"antivirus-alert","n":3}}]}""").Alerts.Single();

        Assert.Equal(AlertStatus.Firing, one.Status);
        Assert.Equal(one.Group, two[0].Group);
        Assert.Equal(one.Fingerprint, two[0].Fingerprint);
        Assert.Equal(("g", "x"), (two[1].Group, two[1].Fingerprint));
        Assert.Equal("3", wrapped.Labels["n"]);
    }

    [Theory]
    [InlineData(AlertSourceKind.Alertmanager, "{oops", "not-json", null)]
    [InlineData(AlertSourceKind.Alertmanager, "[1]", "not-object", null)]
    [InlineData(AlertSourceKind.Alertmanager, """{"version":"4"}""", "missing-field", "alerts")]
    [InlineData(AlertSourceKind.Alertmanager, """{"alerts":[]}""", "no-alerts", "alerts")]
    [InlineData(AlertSourceKind.Alertmanager, """{"alerts":[{"status":"burning","labels":{}}]}""", "bad-field", "alerts[0].status")]
    [InlineData(AlertSourceKind.Alertmanager, """{"alerts":[{"status":"firing","startsAt":"yesterday"}]}""", "bad-field", "alerts[0].startsAt")]
    [InlineData(AlertSourceKind.Alertmanager, """{"event_id":"1","event_value":"1"}""", "other-format", null)]
    [InlineData(AlertSourceKind.Zabbix, """{"event_value":"1"}""", "missing-field", "event_id")]
    [InlineData(AlertSourceKind.Zabbix, """{"event_id":"1","event_value":"{EVENT.VALUE}"}""", "missing-field", "event_value")]
    [InlineData(AlertSourceKind.Zabbix, """{"event_id":"1","event_value":"2"}""", "bad-field", "event_value")]
    [InlineData(AlertSourceKind.Zabbix, """{"groupKey":"g","alerts":[]}""", "other-format", null)]
    [InlineData(AlertSourceKind.Generic, """{"host":"x"}""", "missing-field", "title")]
    [InlineData(AlertSourceKind.Generic, """[{"title":"a"},{"title":{"x":1}}]""", "bad-field", "[1].title")]
    [InlineData(AlertSourceKind.Generic, """{"title":"a","status":"ok"}""", "bad-field", "status")]
    [InlineData(AlertSourceKind.Generic, """{"title":"a","labels":["x"]}""", "bad-field", "labels")]
    [InlineData(AlertSourceKind.Generic, """{"groupKey":"g","alerts":[{"status":"firing"}]}""", "other-format", null)]
    public void BadPayloads_NameTheirProblemAndField(AlertSourceKind kind, string json, string code, string? field)
    {
        var payload = Read(kind, json);

        Assert.Empty(payload.Alerts);
        Assert.Equal(code, payload.Problem?.Code);
        Assert.Equal(field, payload.Problem?.Field);
    }

    [Fact]
    public void TooManyAlerts_AreRefused_LongLabelsAreCut()
    {
        var many = "[" + string.Join(",", Enumerable.Range(0, AlertPayloads.MaxAlerts + 1).Select(i => $$"""{"title":"t{{i}}"}""")) + "]";
        Assert.Equal("too-many-alerts", Read(AlertSourceKind.Generic, many).Problem?.Code);

        var labels = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"k{i:000}\":\"{new string('v', 2000)}\""));
        var alert = Read(AlertSourceKind.Generic, "{\"title\":\"t\",\"labels\":{" + labels + "}}").Alerts.Single();
        Assert.Equal(AlertPayloads.MaxLabels, alert.Labels.Count);
        Assert.All(alert.Labels.Values, v => Assert.True(v.Length <= AlertPayloads.MaxLabelValue));
    }
}
