namespace Sonae.Core.Preparedness;

/// <summary>A segment as one row, with the segments it connects to (「電子カルテ系(FW-01)、事務系」).</summary>
public sealed record SegmentRow(Segment Segment, IReadOnlyList<string> ConnectsTo);

/// <summary>
/// The network's segments as a spreadsheet: one row per segment, and in 「つながる先」 the segments it reaches, each
/// with what stands between in brackets. Each connection is written once, on either of its two rows.
/// </summary>
public sealed class SegmentLedger : Ledger<SegmentRow>
{
    /// <inheritdoc/>
    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("id", "ID", "Id", Required: true),
        new("name", "名称", "Name", Required: true),
        new("kind", "種別", "Kind", Required: true),
        new("cidr", "アドレス範囲", "Address range"),
        new("connects-to", "つながる先", "Connects to"),
    ];

    /// <summary>The network's segments as rows, each with the segments it connects to.</summary>
    public static IReadOnlyList<SegmentRow> Rows(NetworkConfiguration network) =>
        network.Segments.Select(s => new SegmentRow(s, network.Links
            .Where(l => string.Equals(l.From, s.Id, StringComparison.Ordinal))
            .Select(l => l.Via is null ? l.To : $"{l.To}({l.Via})").ToList())).ToList();

    /// <summary>The network with these segments and links; its lines and review date stay as they were.</summary>
    public static NetworkConfiguration Apply(NetworkConfiguration network, IReadOnlyList<SegmentRow> rows) => network with
    {
        Segments = [.. rows.Select(r => r.Segment)],
        Links = [.. rows.SelectMany(r => r.ConnectsTo.Select(target => Link(r.Segment.Id, target)))],
    };

    /// <inheritdoc/>
    protected override string KeyOf(SegmentRow item) => item.Segment.Id;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Write(SegmentRow item) =>
        [item.Segment.Id, item.Segment.Name, Label<SegmentKind>(item.Segment.Kind), item.Segment.Cidr, string.Join("、", item.ConnectsTo)];

    /// <inheritdoc/>
    protected override SegmentRow Read(LedgerRow row) => new(
        new Segment(row.Text("id")!, row.Text("name")!, row.Choice<SegmentKind>("kind") ?? SegmentKind.Other, row.Text("cidr")),
        row.List("connects-to"));

    /// <summary>Targets name rows of this file, by id or by name.</summary>
    protected override IReadOnlyList<SegmentRow> Resolve(IReadOnlyList<(int Row, SegmentRow Item)> rows, Action<int, string, LedgerProblemKind, string?, string?> problem)
    {
        var ids = Aliases(rows.Select(r => r.Item.Segment), s => s.Id, s => s.Name);
        return [.. rows.Select(r => r.Item with
        {
            ConnectsTo = [.. r.Item.ConnectsTo.Select(target =>
            {
                var link = Link(r.Item.Segment.Id, target);
                if (ids.TryGetValue(link.To, out var id) && !id.StartsWith(LedgerRow.AmbiguousMark, StringComparison.Ordinal))
                    return link.Via is null ? id : $"{id}({link.Via})";
                if (id is not null)
                    problem(r.Row, "connects-to", LedgerProblemKind.Ambiguous, link.To, id[LedgerRow.AmbiguousMark.Length..]);
                else
                    problem(r.Row, "connects-to", LedgerProblemKind.UnknownReference, link.To, string.Join(", ", rows.Select(x => x.Item.Segment.Id)));
                return target;
            })],
        })];
    }

    /// <summary>「事務系(FW-01)」: the segment, and what stands between in brackets.</summary>
    private static SegmentLink Link(string from, string target)
    {
        var open = target.IndexOfAny(['(', '（']);
        return open > 0 && target[^1] is ')' or '）'
            ? new SegmentLink(from, target[..open].Trim(), target[(open + 1)..^1].Trim())
            : new SegmentLink(from, target.Trim());
    }
}

/// <summary>
/// The external lines as a spreadsheet (VPN, remote maintenance, internet), each ending in a segment, with the
/// appliance that terminates it: maker, model, firmware, who owns it, the vendor's contact, its CPE name. Hospitals'
/// own 外部接続・保守回線 ledgers name these columns in many ways; the common ones are read as aliases.
/// </summary>
public sealed class LineLedger(NetworkConfiguration network, ExternalPartyList parties) : Ledger<ExternalLine>
{
    private readonly IReadOnlyDictionary<string, string> segments = Aliases(network.Segments, s => s.Id, s => s.Name);
    private readonly IReadOnlyDictionary<string, string> partyNames = Aliases(parties.Parties, p => p.Id, p => p.Name);

    /// <inheritdoc/>
    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("id", "ID", "Id", Required: true),
        new("name", "名称", "Name", Required: true),
        new("kind", "種類", "Kind", Required: true),
        new("segment", "接続先セグメント", "Ends in segment", Required: true),
        new("party", "相手", "Other end"),
        new("owner", "管理者", "Owner"),
        new("device", "機器", "Device", Aliases: ["機器番号", "管理番号", "Asset number"]),
        new("maker", "メーカー", "Maker", Aliases: ["製造元", "メーカー名", "製造者", "Vendor", "Manufacturer"]),
        new("model", "機種", "Model", Aliases: ["型番", "機種名", "型式", "製品名", "製品名・型番", "Product"]),
        new("firmware", "ファームウェア", "Firmware", Aliases: ["バージョン", "ファームウェアバージョン", "ファームウェア版数", "版数", "Firmware version", "Version"]),
        new("updated", "最終更新", "Last update", Aliases: ["最終更新日", "ファーム更新日", "ファームウェア更新日", "最終ファームウェア更新日", "Last firmware update"]),
        new("owned-by", "所有", "Owned by", Aliases: ["管理区分", "所有区分", "所有者区分", "資産区分", "Owner type"]),
        new("vendor-contact", "業者連絡先", "Vendor contact", Aliases: ["保守連絡先", "保守窓口", "業者の連絡先", "緊急連絡先", "Maintenance contact"]),
        new("cpe", "CPE", "CPE", Aliases: ["CPE名", "CPE name"]),
        new("note", "備考", "Note"),
    ];

    /// <summary>
    /// What hospitals write for who owns an appliance besides 病院/業者: 「自院」「院内」 for the hospital, 「ベンダー」
    /// 「保守業者」「リース」 for a vendor's box.
    /// </summary>
    private static readonly Dictionary<string, ApplianceOwner> OwnerWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["自院"] = ApplianceOwner.Hospital, ["院内"] = ApplianceOwner.Hospital, ["病院所有"] = ApplianceOwner.Hospital, ["当院"] = ApplianceOwner.Hospital,
        ["ベンダー"] = ApplianceOwner.Vendor, ["保守業者"] = ApplianceOwner.Vendor, ["業者所有"] = ApplianceOwner.Vendor, ["リース"] = ApplianceOwner.Vendor,
        ["メーカー"] = ApplianceOwner.Vendor, ["他社"] = ApplianceOwner.Vendor,
    };

    /// <inheritdoc/>
    protected override string KeyOf(ExternalLine item) => item.Id;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Write(ExternalLine item) =>
    [
        item.Id, item.Name, Label<LineKind>(item.Kind), item.Segment, item.Party, item.Owner, item.Device, item.Maker, item.Model, item.Firmware,
        Date(item.LastFirmwareUpdate), Label<ApplianceOwner>(item.OwnedBy), item.VendorContact, item.Cpe, item.Note,
    ];

    /// <inheritdoc/>
    protected override ExternalLine Read(LedgerRow row) => new(
        Id: row.Text("id")!,
        Name: row.Text("name")!,
        Kind: row.Choice<LineKind>("kind") ?? LineKind.Other,
        Segment: row.Reference("segment", segments) ?? "",
        Party: row.Reference("party", partyNames),
        Owner: row.Text("owner"),
        Device: row.Text("device"),
        Firmware: row.Text("firmware"),
        LastFirmwareUpdate: row.Date("updated"),
        Note: row.Text("note"),
        Maker: row.Text("maker"),
        Model: row.Text("model"),
        OwnedBy: OwnedBy(row),
        VendorContact: row.Text("vendor-contact"),
        Cpe: row.Cpe("cpe"));

    private static ApplianceOwner? OwnedBy(LedgerRow row)
    {
        var text = row.Text("owned-by");
        if (text is null)
            return null;
        if (OwnerWords.TryGetValue(text, out var owner) || Preparedness.Labels.TryParse(text, out owner))
            return owner;
        row.Problem("owned-by", LedgerProblemKind.UnknownValue, text, Preparedness.Labels.Choices<ApplianceOwner>(Bilingual.Japanese), Preparedness.Labels.Choices<ApplianceOwner>(Bilingual.English));
        return null;
    }
}
