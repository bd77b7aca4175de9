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

public sealed class DirectoryLedgerTests
{
    /// <summary>Records holding lists compare those lists by reference: compare what they write instead.</summary>
    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, Sonae.Core.Incidents.RecordJson.Options);

    private static LedgerTable Table(IEnumerable<LedgerColumn> columns, IEnumerable<IReadOnlyList<string?>> rows) =>
        new([.. columns.Select(c => c.Ja)], [.. rows]);

    [Fact]
    public void People_WriteThenImport_GivesTheSameDirectoryAndCallTree()
    {
        var ledger = new PeopleLedger();
        var rows = PeopleLedger.Rows(Prepared.People).Select(ledger.Write);

        var import = ledger.Import(Table(ledger.Columns, rows));

        Assert.True(import.Succeeded, string.Join("\n", import.Problems.Select(p => p.Text.Ja)));
        var directory = PeopleLedger.Directory(import.Items);
        Assert.Equal(Json(Prepared.People.People), Json(directory.People));
        Assert.Equal("p-officer", directory.CallTreeRoot);
        Assert.Equal(Prepared.People.CallTree.OrderBy(l => l.Callee), directory.CallTree.OrderBy(l => l.Callee));
    }

    [Fact]
    public void People_ChannelsRolesAndNamesAsHospitalsWriteThem_AreRead()
    {
        var ledger = new PeopleLedger();
        var table = new LedgerTable(["ID", "氏名", "役割", "代理", "連絡手段(優先順)", "電話をかける人", "順番"],
        [
            ["p-1", "山田 一郎", "安全管理責任者", "佐藤 花子", "院内PHS 2100; 携帯：090-0000-0001(夜間)", null, null],
            ["p-2", "佐藤 花子", "経営層、安全管理責任者", "p-1", "自宅 03-0000-0002", "山田 一郎", "1"],
        ]);

        var directory = PeopleLedger.Directory(ledger.Import(table).Items);

        var yamada = directory.People[0];
        Assert.Equal([new Channel(ChannelKind.Phs, "2100"), new Channel(ChannelKind.Mobile, "090-0000-0001", "夜間")], yamada.Channels);
        Assert.Equal("p-2", yamada.Deputy);
        Assert.Equal([Sonae.Core.Access.Role.Management, Sonae.Core.Access.Role.SecurityOfficer], directory.People[1].Roles);
        Assert.Equal("p-1", directory.CallTreeRoot);
        Assert.Equal([new CallLink("p-1", "p-2", 1)], directory.CallTree);
    }

    [Fact]
    public void People_UnknownDeputyBadChannelAndRole_AreEachReportedWithTheirRow()
    {
        var ledger = new PeopleLedger();
        var table = new LedgerTable(["ID", "氏名", "役割", "代理", "連絡手段(優先順)"],
        [
            ["p-1", "山田 一郎", "院長", null, "ポケベル 123"],
            ["p-2", "佐藤 花子", null, "鈴木", null],
        ]);

        var import = ledger.Import(table);

        // The deputy named on row 3 is checked in the same pass as the cells of row 2: one import shows everything.
        Assert.Equal([(2, "役割", LedgerProblemKind.UnknownValue), (2, "連絡手段(優先順)", LedgerProblemKind.BadChannel), (3, "代理", LedgerProblemKind.UnknownReference)],
            import.Problems.Select(p => (p.Row, p.Column, p.Kind)));
        Assert.Empty(import.Items);

        var second = ledger.Import(new LedgerTable(["ID", "氏名", "代理"], [["p-1", "山田 一郎", null], ["p-2", "佐藤 花子", "鈴木"]]));
        var problem = Assert.Single(second.Problems);
        Assert.Equal((3, "代理", LedgerProblemKind.UnknownReference), (problem.Row, problem.Column, problem.Kind));
        Assert.Empty(second.Items);
    }

    [Fact]
    public void Parties_WriteThenImport_ComeBackTheSame()
    {
        var ledger = new PartyLedger();
        var parties = StarterParties.For(Prepared.Today).Append(Prepared.EhrVendor).ToList();

        var import = ledger.Import(Table(ledger.Columns, parties.Select(ledger.Write)));

        Assert.Equal(Json(parties), Json(import.Items));
    }

    [Fact]
    public void Segments_WriteThenImport_KeepLinksAndWhatStandsBetween()
    {
        var ledger = new SegmentLedger();

        var import = ledger.Import(Table(ledger.Columns, SegmentLedger.Rows(Prepared.Network).Select(ledger.Write)));

        Assert.Equal(Json(Prepared.Network), Json(SegmentLedger.Apply(Prepared.Network with { Segments = [], Links = [] }, import.Items)));
    }

    [Fact]
    public void Segments_ConnectionToASegmentNotInTheFile_IsReported()
    {
        var import = new SegmentLedger().Import(new LedgerTable(["ID", "名称", "種別", "つながる先"], [["ehr", "電子カルテ系", "電子カルテ系", "部門系(FW-01)"]]));

        var problem = Assert.Single(import.Problems);
        Assert.Equal((2, "つながる先", LedgerProblemKind.UnknownReference, "部門系"), (problem.Row, problem.Column, problem.Kind, problem.Value));
    }

    [Fact]
    public void Lines_WriteThenImport_ComeBackTheSame()
    {
        var ledger = new LineLedger(Prepared.Network, new ExternalPartyList([Prepared.EhrVendor]));

        var import = ledger.Import(Table(ledger.Columns, Prepared.Network.Lines.Select(ledger.Write)));

        Assert.Equal(Prepared.Network.Lines, import.Items);
    }
}

public sealed class LedgerCellTests
{
    private static readonly AssetLedger Assets = new(NetworkConfiguration.Empty, []);

    [Theory]
    [InlineData("2026-04-01")]
    [InlineData("2026/4/1")]
    [InlineData("2026年4月1日")]
    [InlineData("令和8年4月1日")]
    [InlineData("46113")]
    [InlineData("2026-04-01T00:00:00")]
    public void Date_AsHospitalsWriteIt_IsRead(string cell)
    {
        var import = Assets.Import(new LedgerTable(["管理番号", "機器名", "種別", "バックアップ対象", "バックアップ先", "最終復元テスト"],
            [["SV-1", "DB", "サーバ", "DB", "テープ", cell]]));

        Assert.True(import.Succeeded, string.Join("\n", import.Problems.Select(p => p.Text.Ja)));
        Assert.Equal(new DateOnly(2026, 4, 1), import.Items[0].Backup!.LastRestoreTest);
    }

    [Fact]
    public void Channels_EnglishNamesWithSpaces_AreRead()
    {
        var ledger = new PeopleLedger();

        var import = ledger.Import(new LedgerTable(["ID", "Name", "Ways to reach (in order)"],
            [["p-1", "Ichiro Yamada", "In-house PHS 2100; 24-hour line: 0120-000-000; Mobile 090-0000-0001 (night)"]]));

        Assert.True(import.Succeeded, string.Join("\n", import.Problems.Select(p => p.Text.En)));
        Assert.Equal([new Channel(ChannelKind.Phs, "2100"), new Channel(ChannelKind.Hotline24h, "0120-000-000"), new Channel(ChannelKind.Mobile, "090-0000-0001", "night")],
            import.Items[0].Person.Channels);
    }

    [Fact]
    public void Deputy_ByANameTwoPeopleShare_AsksForTheId()
    {
        var import = new PeopleLedger().Import(new LedgerTable(["ID", "氏名", "代理"],
        [
            ["p-1", "佐藤 美咲", null], ["p-2", "佐藤 美咲", null], ["p-3", "山田 一郎", "佐藤 美咲"],
        ]));

        var problem = Assert.Single(import.Problems);
        Assert.Equal((4, LedgerProblemKind.Ambiguous, "p-1, p-2"), (problem.Row, problem.Kind, problem.Expected));
        Assert.Contains("ID で書いてください", problem.Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ColumnTwiceAndADuplicateIdBesideOtherMistakes_AreAllReported()
    {
        var import = Assets.Import(new LedgerTable(["管理番号", "機器名", "種別", "機器名"], [["SV-1", "A", "サーバ", "B"]]));
        Assert.Equal(LedgerProblemKind.DuplicateColumn, Assert.Single(import.Problems).Kind);

        var rows = Assets.Import(new LedgerTable(["管理番号", "機器名", "種別", "IPアドレス"], [["SV-1", "A", "サーバ", "1.2.3.4"], ["SV-1", "B", "サーバ", "999.1.1.1"]]));
        Assert.Equal([LedgerProblemKind.BadIp, LedgerProblemKind.DuplicateId], rows.Problems.Select(p => p.Kind));
    }

    [Fact]
    public void People_BlankTurns_KeepTheOrderOfTheRows()
    {
        var import = new PeopleLedger().Import(new LedgerTable(["ID", "氏名", "電話をかける人", "順番"],
            [["p-1", "A", null, null], ["p-2", "B", "p-1", null], ["p-3", "C", "p-1", "1"], ["p-4", "D", "p-1", null]]));

        var directory = PeopleLedger.Directory(import.Items);

        Assert.Equal(["p-1", "p-3", "p-2", "p-4"], CallTree.Walk(directory).Select(e => e.Person.Id));
    }
}

public sealed class LedgerLanguageTests
{
    [Fact]
    public void Problem_UnknownChoice_ListsTheChoicesInTheReadersLanguage()
    {
        var import = new AssetLedger(NetworkConfiguration.Empty, []).Import(new LedgerTable(["Asset number", "Name", "Kind"], [["SV-1", "DB", "Mainframe"]]));

        var text = Assert.Single(import.Problems).Text;
        Assert.Equal("Row 2, \"Kind\": \"Mainframe\" is not a choice. Choices: Server, Terminal, Network device, Medical device, Other", text.En);
        Assert.EndsWith("選べるもの: サーバ、端末、ネットワーク機器、医療機器、その他", text.Ja, StringComparison.Ordinal);
    }
}
