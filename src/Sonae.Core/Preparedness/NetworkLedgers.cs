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

/// <summary>The external lines as a spreadsheet (VPN, remote maintenance, internet), each ending in a segment.</summary>
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
        new("device", "機器", "Device"),
        new("firmware", "ファームウェア", "Firmware"),
        new("updated", "最終更新", "Last update"),
        new("note", "備考", "Note"),
    ];

    /// <inheritdoc/>
    protected override string KeyOf(ExternalLine item) => item.Id;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Write(ExternalLine item) =>
        [item.Id, item.Name, Label<LineKind>(item.Kind), item.Segment, item.Party, item.Owner, item.Device, item.Firmware, Date(item.LastFirmwareUpdate), item.Note];

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
        Note: row.Text("note"));
}
