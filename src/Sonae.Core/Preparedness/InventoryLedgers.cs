namespace Sonae.Core.Preparedness;

/// <summary>
/// The 情報機器台帳 as a spreadsheet, with the columns hospitals already keep:
/// asset number, name, kind, location, segment, IP address, OS or firmware and version, maker, product, system, CPE name, and
/// the backup (what, where, offline or not, last restore test).
/// </summary>
public sealed class AssetLedger(NetworkConfiguration network, IReadOnlyList<InformationSystem> systems) : Ledger<Asset>
{
    private readonly IReadOnlyDictionary<string, string> segments = Aliases(network.Segments, s => s.Id, s => s.Name);
    private readonly IReadOnlyDictionary<string, string> systemNames = Aliases(systems, s => s.Id, s => s.Name);

    /// <inheritdoc/>
    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("id", "管理番号", "Asset number", Required: true),
        new("name", "機器名", "Name", Required: true),
        new("kind", "種別", "Kind", Required: true),
        new("location", "設置場所", "Location"),
        new("segment", "セグメント", "Segment"),
        new("ip", "IPアドレス", "IP address"),
        new("os", "OS・ファームウェア", "OS or firmware"),
        new("os-version", "バージョン", "Version"),
        new("maker", "メーカー", "Maker"),
        new("product", "製品名・型番", "Product"),
        new("system", "システム", "System"),
        new("cpe", "CPE", "CPE", Aliases: ["CPE名", "CPE name"]),
        new("backup-what", "バックアップ対象", "Backup of"),
        new("backup-where", "バックアップ先", "Backup to"),
        new("backup-offline", "オフライン保管", "Kept offline"),
        new("restore-test", "最終復元テスト", "Last restore test"),
    ];

    /// <inheritdoc/>
    protected override string KeyOf(Asset item) => item.Id;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Write(Asset item) =>
    [
        item.Id, item.Name, Label<AssetKind>(item.Kind), item.Location, item.Segment, item.Ip, item.Os, item.OsVersion,
        item.Maker, item.Product, item.System, item.Cpe, item.Backup?.What, item.Backup?.Where, YesNo(item.Backup?.Offline),
        Date(item.Backup?.LastRestoreTest),
    ];

    /// <inheritdoc/>
    protected override Asset Read(LedgerRow row)
    {
        var asset = new Asset(
            Id: row.Text("id")!,
            Name: row.Text("name")!,
            Kind: row.Choice<AssetKind>("kind") ?? AssetKind.Other,
            Location: row.Text("location"),
            Segment: row.Reference("segment", segments),
            Ip: row.Ip("ip"),
            Os: row.Text("os"),
            OsVersion: row.Text("os-version"),
            Maker: row.Text("maker"),
            Product: row.Text("product"),
            System: row.Reference("system", systemNames),
            Backup: null,
            Cpe: row.Cpe("cpe"));
        var what = row.Text("backup-what");
        var where = row.Text("backup-where");
        var offline = row.YesNo("backup-offline");
        var tested = row.Date("restore-test");
        if (what is null && where is null && offline is null && tested is null)
            return asset;
        if (what is null)
            row.Problem("backup-what", LedgerProblemKind.Required, null);
        if (where is null)
            row.Problem("backup-where", LedgerProblemKind.Required, null);
        return asset with { Backup = new Backup(what ?? "", where ?? "", offline ?? false, tested) };
    }
}

/// <summary>The list of information systems as a spreadsheet: what each is, how critical, who answers for it, how work goes on without it.</summary>
public sealed class SystemLedger(PeopleDirectory people, ExternalPartyList parties) : Ledger<InformationSystem>
{
    private readonly IReadOnlyDictionary<string, string> owners = Aliases(people.People, p => p.Id, p => p.Name);
    private readonly IReadOnlyDictionary<string, string> vendors = Aliases(parties.Parties, p => p.Id, p => p.Name);

    /// <inheritdoc/>
    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("id", "システムID", "System id", Required: true),
        new("name", "システム名", "System name", Required: true),
        new("category", "区分", "Category", Required: true),
        new("criticality", "重要度", "Criticality", Required: true),
        new("owner", "管理者", "Owner"),
        new("vendor", "事業者", "Vendor"),
        new("fallback", "停止時の紙運用", "Paper fallback"),
    ];

    /// <inheritdoc/>
    protected override string KeyOf(InformationSystem item) => item.Id;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Write(InformationSystem item) =>
        [item.Id, item.Name, Label<SystemCategory>(item.Category), Label<Criticality>(item.Criticality), item.Owner, item.Vendor, item.PaperFallback];

    /// <inheritdoc/>
    protected override InformationSystem Read(LedgerRow row) => new(
        Id: row.Text("id")!,
        Name: row.Text("name")!,
        Category: row.Choice<SystemCategory>("category") ?? SystemCategory.Other,
        Criticality: row.Choice<Criticality>("criticality") ?? Criticality.Medium,
        Owner: row.Reference("owner", owners),
        Vendor: row.Reference("vendor", vendors),
        PaperFallback: row.Text("fallback"));
}
