using Sonae.Core.Incidents;
using Sonae.Core.Monitoring;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Monitoring;

public sealed class AlertGroupingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 14, 30, 0, TimeSpan.Zero);

    private static readonly Inventory Inventory = new(
        [new("ehr", "電子カルテ", SystemCategory.Ehr, Criticality.High, null, null, null)],
        [new("SV-001", "EHR-DB01", AssetKind.Server, "サーバ室", null, "10.10.0.5", null, null, null, null, "ehr", null),
         new("NW-011", "VPN-02", AssetKind.NetworkDevice, "栄養課", null, "10.30.0.254", null, null, null, null, null, null)]);

    private static MonitoringAlert Alert(string name = "HostDown", string? host = "10.10.0.5", AlertStatus status = AlertStatus.Firing, Dictionary<string, string>? labels = null, DateTimeOffset? startsAt = null) =>
        new("f", "g", status, name, host, "critical", "down", labels ?? [], startsAt, null);

    [Fact]
    public void AGroup_JoinsItsReport_WhileItsIncidentIsOpenAndItKeepsAlertingWithinTheWindow()
    {
        var window = TimeSpan.FromHours(1);
        Assert.Equal(GroupingDecision.OpenNew, AlertGrouping.Decide(null, Now, window));
        Assert.Equal(GroupingDecision.Join, AlertGrouping.Decide(new(true, Now.AddMinutes(-59), null), Now, window));
        Assert.Equal(GroupingDecision.OpenNew, AlertGrouping.Decide(new(true, Now.AddMinutes(-61), null), Now, window));
        Assert.Equal(GroupingDecision.OpenNew, AlertGrouping.Decide(new(false, Now.AddMinutes(-1), null), Now, window));
    }

    [Fact]
    public void NewAlertsOfAGroup_AreNotedAtMostEveryTenMinutes()
    {
        Assert.True(AlertGrouping.NoteNow(new(true, Now, null), Now));
        Assert.False(AlertGrouping.NoteNow(new(true, Now, Now.AddMinutes(-9)), Now));
        Assert.True(AlertGrouping.NoteNow(new(true, Now, Now.AddMinutes(-10)), Now));
    }

    [Theory]
    [InlineData("10.10.0.5", "SV-001")]
    [InlineData("EHR-DB01", "SV-001")]
    [InlineData("ehr-db01.hospital.local", "SV-001")]
    [InlineData("sv-001", "SV-001")]
    [InlineData("10.10.0.50", null)]
    public void AnAlertsHost_FindsItsAsset_ByNumberNameOrAddress(string host, string? asset) =>
        Assert.Equal(asset, AlertTargets.Find(Alert(host: host), Inventory).Asset?.Id);

    [Fact]
    public void AnAssetLabel_WinsOverTheHost_AndASystemLabelNamesASystem()
    {
        Assert.Equal("NW-011", AlertTargets.Find(Alert(labels: new() { ["asset"] = "NW-011" }), Inventory).Asset?.Id);
        var bySystem = AlertTargets.Find(Alert(host: "unknown", labels: new() { ["system"] = "電子カルテ" }), Inventory);
        Assert.Equal((null, "ehr"), (bySystem.Asset?.Id, bySystem.System?.Id));
    }

    [Fact]
    public void TheReport_SaysWhereWhatAndSince_KeepsTheSignal_AndNamesSignsFromTheSignLabel()
    {
        var report = MonitoringReports.Report("サーバ監視", AlertSourceKind.Alertmanager,
            [Alert(startsAt: Now.AddMinutes(-5), labels: new() { ["sign"] = "ransom-note, odd-files, nonsense" }), Alert(name: "Other")], Inventory, Now);

        Assert.Equal(("電子カルテ", "サーバ室", "SV-001 EHR-DB01"), (report.Department, report.Location, report.Device));
        Assert.Equal([AnomalySign.RansomNote, AnomalySign.OddFiles], report.Signs);
        Assert.True(report.ShowsInfection);
        Assert.Equal(Now.AddMinutes(-5), report.Since);
        Assert.Equal(("サーバ監視", "alertmanager", "HostDown", 2), (report.Signal!.Source, report.Signal.Kind, report.Signal.Alert, report.Signal.Alerts));
        Assert.Contains("Other", report.Description, StringComparison.Ordinal);
        Assert.Equal("監視: HostDown(EHR-DB01)", MonitoringReports.Title(Alert(), Inventory));
    }

    [Fact]
    public void TheReport_WithoutSigns_IsOther_AndItsSinceIsNeverAheadNorOlderThanTheRecordTakes()
    {
        Assert.Equal([AnomalySign.Other], MonitoringReports.Report("s", AlertSourceKind.Generic, [Alert()], Inventory, Now).Signs);
        Assert.Equal(Now, MonitoringReports.Report("s", AlertSourceKind.Generic, [Alert(startsAt: Now.AddMinutes(3))], Inventory, Now).Since);
        Assert.Null(MonitoringReports.Report("s", AlertSourceKind.Generic, [Alert(startsAt: Now.AddYears(-2))], Inventory, Now).Since);
    }

    [Fact]
    public void Notes_ListTenAlertsAndCountTheRest_InBothLanguages()
    {
        var alerts = Enumerable.Range(1, 12).Select(i => Alert(host: $"PC-{i}", status: AlertStatus.Resolved)).ToList();
        var note = MonitoringReports.Resolved("監視", alerts);

        Assert.Contains("12 件の警報が解消", note, StringComparison.Ordinal);
        Assert.Contains("12 alert(s) resolved", note, StringComparison.Ordinal);
        Assert.Contains("PC-10", note, StringComparison.Ordinal);
        Assert.DoesNotContain("PC-11", note, StringComparison.Ordinal);
        Assert.Contains("ほか 2 件", note, StringComparison.Ordinal);
    }
}
