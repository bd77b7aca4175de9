using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

public sealed class VersionComparisonTests
{
    [Fact]
    public void Compare_SameNetwork_FindsNoChange()
    {
        Assert.Empty(VersionComparison.Compare(Prepared.Network, Prepared.Network with { }));
    }

    [Fact]
    public void Compare_LineMovedSegmentAddedLinkRemoved_NamesEachItemAndField()
    {
        var after = Prepared.Network with
        {
            Segments = [.. Prepared.Network.Segments, new Segment("pacs", "画像系", SegmentKind.Departmental, "10.2.0.0/16")],
            Links = [Prepared.Network.Links[0]],
            Lines = [Prepared.Network.Lines[0] with { Segment = "office", Firmware = "7.2.5" }],
        };

        var changes = VersionComparison.Compare(Prepared.Network, after);

        Assert.Equal(
            [("segments", "pacs", ChangeKind.Added), ("links", "office ↔ inet", ChangeKind.Removed), ("lines", "vpn-ehr", ChangeKind.Changed)],
            changes.Select(c => (c.List, c.Key, c.Kind)));
        Assert.Equal([new FieldChange("segment", "ehr", "office"), new FieldChange("firmware", "7.2.4", "7.2.5")], changes[2].Fields);
        Assert.Contains(new FieldChange("kind", null, "departmental"), changes[0].Fields);
    }

    [Fact]
    public void Compare_ReviewDate_IsAChange()
    {
        var change = Assert.Single(VersionComparison.Compare(Prepared.Network, Prepared.Network with { ReviewedOn = Prepared.Today }));

        Assert.Equal(new FieldChange("reviewedOn", "2026-10-24", "2026-11-24"), Assert.Single(change.Fields));
    }

    [Fact]
    public void Compare_InventoryBackupChanged_ShowsTheBackupAsOneField()
    {
        var server = Prepared.Inventory.Assets[0];
        var after = Prepared.Inventory with { Assets = [server with { Backup = server.Backup! with { Offline = false } }, Prepared.Inventory.Assets[1]] };

        var change = Assert.Single(VersionComparison.Compare(Prepared.Inventory, after));

        Assert.Equal("SV-001", change.Key);
        var field = Assert.Single(change.Fields);
        Assert.Equal("backup", field.Field);
        Assert.Contains("\"offline\":false", field.After, StringComparison.Ordinal);
    }
}
