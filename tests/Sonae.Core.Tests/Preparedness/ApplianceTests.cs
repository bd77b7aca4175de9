using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

/// <summary>The appliance at the hospital's end of an external line: its CPE name, its ledger columns, its readiness flags.</summary>
public sealed class ApplianceTests
{
    private static readonly ExternalLine Line = Prepared.Network.Lines[0];

    private static LineLedger Lines => new(Prepared.Network, new ExternalPartyList([Prepared.EhrVendor]));

    [Theory]
    [InlineData("cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*")]
    [InlineData("cpe:2.3:h:yamaha:rtx1220:-:*:*:*:*:*:*:*")]
    [InlineData("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*")]
    [InlineData(@"cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*")]
    [InlineData(@"cpe:2.3:a:foo\:bar:product:1.0:*:*:*:*:*:*:*")]
    [InlineData("cpe:/o:fortinet:fortios:6.0.4")]
    [InlineData("cpe:/h:yamaha:rtx1220")]
    public void CpeName_WellFormed_IsAccepted(string cpe) => Assert.True(CpeName.IsWellFormed(cpe));

    [Theory]
    [InlineData("fortios 6.0.4")]
    [InlineData("cpe:2.3:o:fortinet:fortios:6.0.4")]
    [InlineData("cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*:*")]
    [InlineData("cpe:2.3:x:fortinet:fortios:6.0.4:*:*:*:*:*:*:*")]
    [InlineData("cpe:2.3:o:fortinet:forti os:6.0.4:*:*:*:*:*:*:*")]
    [InlineData("cpe:2.3:o:fortinet::6.0.4:*:*:*:*:*:*:*")]
    [InlineData("cpe:2.3:o:fortinet:fort*ios:6.0.4:*:*:*:*:*:*:*")]
    [InlineData("cpe:/x:fortinet:fortios")]
    [InlineData("")]
    public void CpeName_Malformed_IsRefused(string cpe) => Assert.False(CpeName.IsWellFormed(cpe));

    [Fact]
    public void Validation_BadCpeFutureUpdateAndUnknownOwner_AreEachNamedInBothLanguages()
    {
        var line = Line with { Cpe = "FortiOS 6.0.4", LastFirmwareUpdate = Prepared.Today.AddDays(1), OwnedBy = (ApplianceOwner)7 };

        var problems = SectionValidation.Check(Prepared.Network with { Lines = [line] }, Prepared.Today);

        Assert.Equal(["lines[0].cpe", "lines[0].lastFirmwareUpdate", "lines[0].ownedBy"], problems.Select(p => p.Path));
        Assert.Contains("cpe:2.3:", problems[0].Message.Ja, StringComparison.Ordinal);
        Assert.Contains("13", problems[0].Message.En, StringComparison.Ordinal);
        Assert.Contains("まだ来ていない", problems[1].Message.Ja, StringComparison.Ordinal);
        Assert.Contains("in the future", problems[1].Message.En, StringComparison.Ordinal);
        Assert.Contains("病院", problems[2].Message.Ja, StringComparison.Ordinal);
        Assert.Contains("vendor", problems[2].Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_TodaysUpdateAndTheUriForm_Pass()
    {
        var line = Line with { Cpe = "cpe:/o:fortinet:fortios:7.2.4", LastFirmwareUpdate = Prepared.Today };

        Assert.Empty(SectionValidation.Check(Prepared.Network with { Lines = [line] }, Prepared.Today));
    }

    [Fact]
    public void Ledger_WriteThenImport_KeepsEveryApplianceField()
    {
        var hospitalOwned = Line with { Id = "vpn-2", OwnedBy = ApplianceOwner.Hospital, Cpe = null, VendorContact = null };
        var network = Prepared.Network with { Lines = [Line, hospitalOwned] };
        var written = network.Lines.Select(Lines.Write).ToList();

        var import = Lines.Import(new LedgerTable([.. Lines.Columns.Select(c => c.Ja)], written));

        Assert.True(import.Succeeded, string.Join("\n", import.Problems.Select(p => p.Text.Ja)));
        Assert.Equal(network.Lines, import.Items);
        Assert.Equal(["業者", "病院"], written.Select(r => r[Lines.Columns.ToList().FindIndex(c => c.Key == "owned-by")]));
    }

    [Fact]
    public void Ledger_EnglishHeadersAndOwnerWords_AreRead()
    {
        var import = Lines.Import(new LedgerTable(["Id", "Name", "Kind", "Ends in segment", "Maker", "Model", "Firmware", "Owned by", "Vendor contact", "CPE"],
            [["vpn-9", "Lab VPN", "VPN", "ehr", "YAMAHA", "RTX1220", "15.04.04", "vendor", "Lab vendor 03-0000-0000", "cpe:/h:yamaha:rtx1220"]]));

        var line = Assert.Single(import.Items);
        Assert.Equal(("YAMAHA", "RTX1220", "15.04.04", ApplianceOwner.Vendor, "Lab vendor 03-0000-0000", "cpe:/h:yamaha:rtx1220"),
            (line.Maker, line.Model, line.Firmware, line.OwnedBy, line.VendorContact, line.Cpe));
    }

    [Fact]
    public void Ledger_HeadersHospitalsWrite_AreReadAsTheirColumns()
    {
        // A hospital's own 外部接続台帳, with its own words for each column and for who owns the box.
        string[] headers = ["ID", "名称", "種類", "接続先セグメント", "製造元", "型番", "ファームウェア バージョン", "管理区分", "保守連絡先", "ファーム更新日"];

        var import = Lines.Import(new LedgerTable(headers,
        [
            ["vpn-a", "検査VPN", "VPN", "電子カルテ系", "架空ネットワークス", "XR-10", "3.1", "自院", "院内 内線 2100", "2026/5/1"],
            ["vpn-b", "透析保守", "リモート保守回線", "ehr", "架空メディカル", "MX-2", "1.0.2", "ベンダー", "架空メディカル 0120-000-001", "令和8年4月1日"],
        ]));

        Assert.True(import.Succeeded, string.Join("\n", import.Problems.Select(p => p.Text.Ja)));
        Assert.Equal(
            [("架空ネットワークス", "XR-10", "3.1", ApplianceOwner.Hospital, "院内 内線 2100", new DateOnly(2026, 5, 1)),
             ("架空メディカル", "MX-2", "1.0.2", ApplianceOwner.Vendor, "架空メディカル 0120-000-001", new DateOnly(2026, 4, 1))],
            import.Items.Select(l => (l.Maker, l.Model, l.Firmware, l.OwnedBy!.Value, l.VendorContact, l.LastFirmwareUpdate!.Value)));
    }

    [Fact]
    public void Ledger_BadCpeAndUnknownOwner_AreReportedWithTheirRow()
    {
        var import = Lines.Import(new LedgerTable(["ID", "名称", "種類", "接続先セグメント", "所有", "CPE"],
            [["vpn-a", "検査VPN", "VPN", "ehr", "大家さん", "FortiOS 6.0.4"]]));

        Assert.Empty(import.Items);
        Assert.Equal([(2, "所有", LedgerProblemKind.UnknownValue), (2, "CPE", LedgerProblemKind.BadCpe)], import.Problems.Select(p => (p.Row, p.Column, p.Kind)));
        Assert.Contains("病院、業者", import.Problems[0].Text.Ja, StringComparison.Ordinal);
        Assert.Contains("Hospital, Vendor", import.Problems[0].Text.En, StringComparison.Ordinal);
        Assert.Contains("cpe:2.3:", import.Problems[1].Text.En, StringComparison.Ordinal);
    }

    [Fact]
    public void AssetLedger_Cpe_GoesAndComesBack()
    {
        var assets = new AssetLedger(Prepared.Network, Prepared.Inventory.Systems);
        var asset = Prepared.Inventory.Assets[0] with { Cpe = "cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*" };

        var import = assets.Import(new LedgerTable([.. assets.Columns.Select(c => c.Ja)], [assets.Write(asset)]));

        Assert.Equal(asset, Assert.Single(import.Items));
    }

    [Fact]
    public void Readiness_UnknownFirmware_IsFlaggedApartFromOld()
    {
        var unknown = Line with { Id = "l-unknown", Maker = null, Firmware = null };
        var old = Line with { Id = "l-old", OwnedBy = ApplianceOwner.Hospital, LastFirmwareUpdate = Prepared.Today.AddMonths(-13) };
        var record = Prepared.Record with { Network = Prepared.Network with { Lines = [unknown, old] } };

        var findings = Readiness.Check(record, Prepared.Today).Where(f => f.Section == PreparednessSection.Network).ToList();

        Assert.Equal([(FindingKind.LineFirmwareUnknown, "l-unknown"), (FindingKind.LineFirmwareOld, "l-old")], findings.Select(f => (f.Kind, f.Subject)));
        Assert.Contains("管理画面", findings[0].Text.Ja, StringComparison.Ordinal);
        Assert.Contains("no advisory", findings[0].Text.En, StringComparison.Ordinal);
        Assert.Contains("更新日を記録", findings[1].Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Readiness_ALineLeavingTheApplianceToItsAsset_IsKnownWhenTheAssetSaysWhatItIs()
    {
        // The line names only the asset that terminates it; the asset has the maker, product and version (as matching reads them).
        var bare = Line with { Id = "l-bare", Maker = null, Model = null, Firmware = null, Device = "NW-050" };
        var asset = new Asset("NW-050", "VPN-GW", AssetKind.NetworkDevice, "サーバ室", "ehr", null, "FortiOS", "7.2.4", "Fortinet", "FortiGate 60F", null, null);
        var record = Prepared.Record with
        {
            Inventory = Prepared.Record.Inventory with { Assets = [.. Prepared.Record.Inventory.Assets, asset] },
            Network = Prepared.Network with { Lines = [bare] },
        };
        Assert.DoesNotContain(Readiness.Check(record, Prepared.Today), f => f.Kind == FindingKind.LineFirmwareUnknown);

        // An asset without the version leaves it unknown.
        var noVersion = record with { Inventory = record.Inventory with { Assets = [.. Prepared.Record.Inventory.Assets, asset with { OsVersion = null }] } };
        Assert.Contains(Readiness.Check(noVersion, Prepared.Today), f => f.Kind == FindingKind.LineFirmwareUnknown && f.Subject == "l-bare");
    }

    [Fact]
    public void Readiness_AThreatenedLine_IsWordedForAnyAdvisory_NotOnlyAnExploitedOne()
    {
        var finding = Readiness.Check(Prepared.Record, Prepared.Today, [Line.Id])[0];

        Assert.Equal(FindingKind.LineThreatened, finding.Kind);
        Assert.DoesNotContain("悪用", finding.Text.Ja, StringComparison.Ordinal);
        Assert.DoesNotContain("attackers are using", finding.Text.En, StringComparison.Ordinal);
        Assert.Contains("注意喚起に該当", finding.Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_AnAssetsBadCpe_IsNamedAtItsPath()
    {
        var assets = Prepared.Record.Inventory.Assets;
        var inventory = Prepared.Record.Inventory with { Assets = [assets[0] with { Cpe = "Windows Server 2022" }, .. assets.Skip(1), assets[0] with { Id = "X-1", Cpe = "cpe:/o:microsoft:windows_server_2022" }] };

        var problem = Assert.Single(SectionValidation.Check(inventory, Prepared.Today));

        Assert.Equal("assets[0].cpe", problem.Path);
        Assert.Contains("cpe:2.3:", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Readiness_ModelMissing_IsUnknownFirmwareToo()
    {
        var record = Prepared.Record with { Network = Prepared.Network with { Lines = [Line with { Model = " " }] } };

        Assert.Equal(FindingKind.LineFirmwareUnknown, Assert.Single(Readiness.Check(record, Prepared.Today), f => f.Section == PreparednessSection.Network).Kind);
    }

    [Fact]
    public void Readiness_VendorsOldBox_SaysToCallTheVendorWithTheirContact()
    {
        var line = Line with { LastFirmwareUpdate = null };
        var record = Prepared.Record with { Network = Prepared.Network with { Lines = [line] } };

        var finding = Assert.Single(Readiness.Check(record, Prepared.Today), f => f.Section == PreparednessSection.Network);

        Assert.Equal((FindingKind.LineFirmwareOldVendor, FindingSeverity.Warning), (finding.Kind, finding.Severity));
        Assert.Contains("業者(架空メディカル 保守センター 0120-000-001)に電話", finding.Text.Ja, StringComparison.Ordinal);
        Assert.Contains("Call the vendor (架空メディカル 保守センター 0120-000-001)", finding.Text.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Readiness_VendorsOldBoxWithoutContact_NamesTheOtherEndOrAsksForTheContact()
    {
        var noContact = Line with { LastFirmwareUpdate = null, VendorContact = null };
        var nobody = noContact with { Party = null };

        var withParty = Readiness.Check(Prepared.Record with { Network = Prepared.Network with { Lines = [noContact] } }, Prepared.Today).Single(f => f.Section == PreparednessSection.Network);
        var without = Readiness.Check(Prepared.Record with { Network = Prepared.Network with { Lines = [nobody] } }, Prepared.Today).Single(f => f.Section == PreparednessSection.Network);

        Assert.Contains(Prepared.EhrVendor.Name, withParty.Text.Ja, StringComparison.Ordinal);
        Assert.Equal(FindingKind.LineFirmwareOldVendor, without.Kind);
        Assert.Contains("業者の連絡先と更新日を記録", without.Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ApplianceChanged_NamesEachNewField()
    {
        var after = Prepared.Network with
        {
            Lines = [Line with { Maker = "YAMAHA", Model = "RTX1300", OwnedBy = ApplianceOwner.Hospital, VendorContact = null, Cpe = "cpe:/h:yamaha:rtx1300" }],
        };

        var change = Assert.Single(VersionComparison.Compare(Prepared.Network, after));

        Assert.Equal(
        [
            new FieldChange("maker", "Fortinet", "YAMAHA"),
            new FieldChange("model", "FortiGate 60F", "RTX1300"),
            new FieldChange("ownedBy", "vendor", "hospital"),
            new FieldChange("vendorContact", "架空メディカル 保守センター 0120-000-001", null),
            new FieldChange("cpe", "cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*", "cpe:/h:yamaha:rtx1300"),
        ], change.Fields);
    }
}
