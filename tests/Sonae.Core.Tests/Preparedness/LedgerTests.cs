using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

public sealed class LedgerTests
{
    private static readonly AssetLedger Assets = new(Prepared.Network, Prepared.Inventory.Systems);

    private static LedgerTable Table(string[] headers, params string?[][] rows) => new(headers, rows);

    private static readonly string[] JapaneseHeaders =
        ["管理番号", "機器名", "種別", "設置場所", "セグメント", "IPアドレス", "OS・ファームウェア", "バージョン", "メーカー", "製品名・型番", "システム", "バックアップ対象", "バックアップ先", "オフライン保管", "最終復元テスト"];

    [Fact]
    public void Import_GoodRowsWithJapaneseHeaders_GivesEveryAsset()
    {
        var table = Table(JapaneseHeaders,
            ["SV-001", "EHR-DB", "サーバ", "サーバ室", "電子カルテ系", "10.1.0.10", "Windows Server", "2022", "Dell", "R760", "電子カルテ", "DB 全体", "テープ", "はい", "2026/8/1"],
            ["PC-101", "3W-NS-01", "端末", "3階西", "ehr", "10.1.3.101", "Windows 11", "23H2", "", "", "", "", "", "", ""]);

        var import = Assets.Import(table);

        Assert.True(import.Succeeded, string.Join("\n", import.Problems.Select(p => p.Text.Ja)));
        Assert.Equal(2, import.Items.Count);
        var server = import.Items[0];
        Assert.Equal(("ehr", "ehr", AssetKind.Server), (server.Segment, server.System, server.Kind));
        Assert.Equal(new Backup("DB 全体", "テープ", true, new DateOnly(2026, 8, 1)), server.Backup);
        Assert.Null(import.Items[1].Backup);
    }

    [Fact]
    public void Import_EnglishHeadersAndValues_AreReadToo()
    {
        var table = Table(["Asset number", "Name", "Kind", "IP address"], ["NW-1", "core-switch", "Network device", "10.0.0.1"]);

        var asset = Assert.Single(Assets.Import(table).Items);

        Assert.Equal(AssetKind.NetworkDevice, asset.Kind);
    }

    [Fact]
    public void Import_BadRows_ReportsEveryProblemWithRowAndColumnAndImportsNothing()
    {
        var table = Table(JapaneseHeaders,
            ["SV-001", "EHR-DB", "サーバ", "", "", "10.1.0.10", "", "", "", "", "", "", "", "", ""],
            ["", "名無し", "サーバー機", "", "無線", "10.1.0.300", "", "", "", "", "", "DB", "", "たぶん", "来週"],
            ["SV-001", "EHR-DB2", "サーバ", "", "", "", "", "", "", "", "", "", "", "", ""]);

        var import = Assets.Import(table);

        Assert.Empty(import.Items);
        Assert.Equal(
        [
            (3, "管理番号", LedgerProblemKind.Required),
            (3, "種別", LedgerProblemKind.UnknownValue),
            (3, "セグメント", LedgerProblemKind.UnknownReference),
            (3, "IPアドレス", LedgerProblemKind.BadIp),
            (3, "オフライン保管", LedgerProblemKind.BadYesNo),
            (3, "最終復元テスト", LedgerProblemKind.BadDate),
            (3, "バックアップ先", LedgerProblemKind.Required),
            (4, "管理番号", LedgerProblemKind.DuplicateId),
        ], import.Problems.Select(p => (p.Row, p.Column, p.Kind)));
        Assert.Equal("行 3「種別」: 「サーバー機」は選べません。選べるもの: サーバ、端末、ネットワーク機器、医療機器、その他", import.Problems[1].Text.Ja);
        Assert.Equal("Row 4, \"管理番号\": \"SV-001\" is already on row 2.", import.Problems[7].Text.En);
    }

    [Fact]
    public void Import_MissingAndUnknownColumns_AreReportedOnRowOne()
    {
        var import = Assets.Import(Table(["管理番号", "色"], ["SV-1", "赤"]));

        Assert.Equal(
            [(1, "色", LedgerProblemKind.UnknownColumn), (1, "機器名 / Name", LedgerProblemKind.MissingColumn), (1, "種別 / Kind", LedgerProblemKind.MissingColumn)],
            import.Problems.Select(p => (p.Row, p.Column, p.Kind)));
    }

    [Fact]
    public void Import_OnlyBlankRows_SaysThereIsNothing()
    {
        var import = Assets.Import(Table(JapaneseHeaders, ["", " ", null]));

        Assert.Equal(LedgerProblemKind.Empty, Assert.Single(import.Problems).Kind);
    }

    [Fact]
    public void WriteThenImport_EveryAsset_ComesBackTheSame()
    {
        var columns = Assets.Columns.Select(c => c.Ja).ToArray();
        var rows = Prepared.Inventory.Assets.Select(a => Assets.Write(a).ToArray()).ToArray();

        var import = Assets.Import(Table(columns, rows));

        Assert.Equal(Prepared.Inventory.Assets, import.Items);
    }

    [Fact]
    public void Import_Systems_ResolvesOwnerAndVendorByName()
    {
        var ledger = new SystemLedger(Prepared.People, new ExternalPartyList([Prepared.EhrVendor]));
        var table = Table(["システムID", "システム名", "区分", "重要度", "管理者", "事業者", "停止時の紙運用"],
            ["pacs", "画像参照", "PACS(画像)", "高", "山田 一郎", "カルテ株式会社", "フィルム貸出"]);

        var system = Assert.Single(ledger.Import(table).Items);

        Assert.Equal(("p-officer", "v-ehr", Criticality.High), (system.Owner, system.Vendor, system.Criticality));
    }
}
