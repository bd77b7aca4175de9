using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

public sealed class IncidentImpactTests
{
    private static readonly Inventory Inventory = Prepared.Inventory with
    {
        Systems = [.. Prepared.Inventory.Systems, new InformationSystem("pacs", "PACS", SystemCategory.Pacs, Criticality.High, null, null, "フィルム")],
        Assets = [.. Prepared.Inventory.Assets, new Asset("SV-010", "PACS-ST", AssetKind.Server, null, "office", null, null, null, null, null, "pacs", null)],
    };

    private static IncidentImpact Of(params (string Id, AssetStatus Status)[] statuses) =>
        IncidentImpact.Of(Inventory, statuses.ToDictionary(s => s.Id, s => s.Status));

    [Fact]
    public void Of_NothingMarked_StopsNothing()
    {
        var impact = Of();

        Assert.Empty(impact.StopUsing);
        Assert.Empty(impact.Segments);
    }

    [Fact]
    public void Of_TerminalSuspected_StopsItsSystemAndMarksItsSegment()
    {
        var impact = Of(("PC-101", AssetStatus.Suspected));

        var stop = Assert.Single(impact.StopUsing);
        Assert.Equal(("ehr", AssetStatus.Suspected, "PC-101"), (stop.System.Id, stop.Status, Assert.Single(stop.Because)));
        Assert.Equal(AssetStatus.Suspected, impact.Segments["ehr"]);
    }

    [Fact]
    public void Of_WorstStatusWins_AndSystemsAreOrderedWorstFirst()
    {
        var impact = Of(("PC-101", AssetStatus.Isolated), ("SV-001", AssetStatus.Infected), ("SV-010", AssetStatus.Suspected));

        Assert.Equal([("ehr", AssetStatus.Infected), ("pacs", AssetStatus.Suspected)], impact.StopUsing.Select(s => (s.System.Id, s.Status)));
        Assert.Equal(["SV-001", "PC-101"], impact.StopUsing[0].Because);
        Assert.Equal(AssetStatus.Infected, impact.Segments["ehr"]);
    }

    [Fact]
    public void Of_Restored_LiftsOnlyWhatWasRestored()
    {
        Assert.Empty(Of(("PC-101", AssetStatus.Restored)).StopUsing);

        var impact = Of(("PC-101", AssetStatus.Restored), ("SV-001", AssetStatus.Isolated));
        Assert.Equal(["SV-001"], Assert.Single(impact.StopUsing).Because);
    }

    [Fact]
    public void Of_SystemMarkedByItsOwnId_IsStoppedWhole()
    {
        var impact = Of(("pacs", AssetStatus.Isolated));

        Assert.Equal("pacs", Assert.Single(impact.StopUsing).System.Id);
        Assert.Empty(impact.Segments);
    }

    [Fact]
    public void Of_NameNotInTheInventory_IsListedAsUnknown()
    {
        var impact = Of(("EHR-DB-01(旧名)", AssetStatus.Infected), ("PC-101", AssetStatus.Suspected));

        Assert.Equal(["EHR-DB-01(旧名)"], impact.NotInInventory);
        Assert.Single(impact.StopUsing);
    }
}
