using Sonae.Core.Preparedness;

namespace Sonae.Web.Preparedness;

/// <summary>The lists a hospital keeps as spreadsheets, each in a section of the preparedness record.</summary>
public enum LedgerKind
{
    Assets,
    Systems,
    People,
    Parties,
    Segments,
    Lines,
}

/// <summary>
/// Replaces a list of the preparedness record (the assets, the systems, the staff and call tree, the external
/// parties, the network's segments or its external lines) with the rows of a spreadsheet, as its section's next
/// version, only when every row is good: one bad row and nothing is imported, and the hospital sees every problem
/// with its row and column at once.
/// </summary>
public sealed class ImportLedger(LoadPreparedness load, SavePreparednessSection save)
{
    public abstract record Outcome;

    public sealed record Imported(int Version, int Count) : Outcome;

    public sealed record Rejected(IReadOnlyList<LedgerProblem> Problems) : Outcome;

    public sealed record Unreadable : Outcome;

    public sealed record Conflict(int Base, int Current) : Outcome;

    public static IReadOnlyList<LedgerKind> All { get; } = Enum.GetValues<LedgerKind>();

    public static bool TryParseKind(string? id, out LedgerKind kind)
    {
        kind = All.FirstOrDefault(k => string.Equals(Labels.Id(k), id, StringComparison.Ordinal));
        return string.Equals(Labels.Id(kind), id, StringComparison.Ordinal);
    }

    public static PreparednessSection SectionOf(LedgerKind kind) => kind switch
    {
        LedgerKind.Assets or LedgerKind.Systems => PreparednessSection.Inventory,
        LedgerKind.People => PreparednessSection.People,
        LedgerKind.Parties => PreparednessSection.Parties,
        LedgerKind.Segments or LedgerKind.Lines => PreparednessSection.Network,
    };

    public async Task<Outcome> Run(Guid organizationId, LedgerKind kind, byte[] file, LedgerFormat format, string? note, string by, CancellationToken cancellationToken)
    {
        LedgerTable table;
        try
        {
            table = LedgerFiles.Read(file, format);
        }
        catch (InvalidDataException)
        {
            return new Unreadable();
        }
        var section = SectionOf(kind);
        var (record, versions) = await load.Sections(cancellationToken);
        var (problems, content, count) = Apply(record, kind, table);
        if (problems.Count > 0)
            return new Rejected(problems);
        return await save.Run(organizationId, section, versions[section], content!, note, by, cancellationToken) switch
        {
            SavePreparednessSection.Saved saved => new Imported(saved.Version, count),
            SavePreparednessSection.Conflict conflict => new Conflict(conflict.Base, conflict.Current),
            SavePreparednessSection.Invalid invalid => new Rejected([.. invalid.Problems.Select(p => new LedgerProblem(0, p.Path, LedgerProblemKind.Invalid, p.Message.Ja, p.Message.En))]),
            var other => throw new InvalidOperationException($"Unknown outcome {other.GetType().Name}."),
        };
    }

    /// <summary>The section's new content with the spreadsheet's rows in place of the list, or every problem.</summary>
    private static (IReadOnlyList<LedgerProblem> Problems, object? Content, int Count) Apply(PreparednessRecord record, LedgerKind kind, LedgerTable table) => kind switch
    {
        LedgerKind.Assets => Take(new AssetLedger(record.Network, record.Inventory.Systems).Import(table), items => record.Inventory with { Assets = items }),
        LedgerKind.Systems => Take(new SystemLedger(record.People, record.Parties).Import(table), items => record.Inventory with { Systems = items }),
        LedgerKind.People => Take(new PeopleLedger().Import(table), PeopleLedger.Directory),
        LedgerKind.Parties => Take(new PartyLedger().Import(table), items => new ExternalPartyList(items)),
        LedgerKind.Segments => Take(new SegmentLedger().Import(table), rows => SegmentLedger.Apply(record.Network, rows)),
        LedgerKind.Lines => Take(new LineLedger(record.Network, record.Parties).Import(table), items => record.Network with { Lines = items }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static (IReadOnlyList<LedgerProblem>, object?, int) Take<T>(LedgerImport<T> import, Func<IReadOnlyList<T>, object> content) =>
        import.Succeeded ? ([], content(import.Items), import.Items.Count) : (import.Problems, null, 0);

    /// <summary>The list as it is now, as a file.</summary>
    public static byte[] Export(PreparednessRecord record, LedgerKind kind, LedgerFormat format) => kind switch
    {
        LedgerKind.Assets => LedgerFiles.Write(new AssetLedger(record.Network, record.Inventory.Systems), record.Inventory.Assets, format),
        LedgerKind.Systems => LedgerFiles.Write(new SystemLedger(record.People, record.Parties), record.Inventory.Systems, format),
        LedgerKind.People => LedgerFiles.Write(new PeopleLedger(), PeopleLedger.Rows(record.People), format),
        LedgerKind.Parties => LedgerFiles.Write(new PartyLedger(), record.Parties.Parties, format),
        LedgerKind.Segments => LedgerFiles.Write(new SegmentLedger(), SegmentLedger.Rows(record.Network), format),
        LedgerKind.Lines => LedgerFiles.Write(new LineLedger(record.Network, record.Parties), record.Network.Lines, format),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
