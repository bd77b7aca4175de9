using Sonae.Core.Preparedness;

namespace Sonae.Web.Preparedness;

/// <summary>The ledgers a hospital can import and export: its assets and its systems, both in the inventory section.</summary>
public enum LedgerKind
{
    Assets,
    Systems,
}

/// <summary>
/// Replaces the assets (or the systems) of the inventory with the rows of a spreadsheet, as the inventory's next
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

    public static bool TryParseKind(string? id, out LedgerKind kind)
    {
        kind = string.Equals(id, "systems", StringComparison.Ordinal) ? LedgerKind.Systems : LedgerKind.Assets;
        return id is "assets" or "systems";
    }

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
        var record = await load.Record(cancellationToken);
        var current = await load.Current(PreparednessSection.Inventory, cancellationToken);
        Inventory inventory;
        int count;
        switch (kind)
        {
            case LedgerKind.Assets:
                var assets = new AssetLedger(record.Network, record.Inventory.Systems).Import(table);
                if (!assets.Succeeded)
                    return new Rejected(assets.Problems);
                (inventory, count) = (record.Inventory with { Assets = assets.Items }, assets.Items.Count);
                break;
            case LedgerKind.Systems:
                var systems = new SystemLedger(record.People, record.Parties).Import(table);
                if (!systems.Succeeded)
                    return new Rejected(systems.Problems);
                (inventory, count) = (record.Inventory with { Systems = systems.Items }, systems.Items.Count);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
        return await save.Run(organizationId, PreparednessSection.Inventory, current.Version, inventory, note, by, cancellationToken) switch
        {
            SavePreparednessSection.Saved saved => new Imported(saved.Version, count),
            SavePreparednessSection.Conflict conflict => new Conflict(conflict.Base, conflict.Current),
            SavePreparednessSection.Invalid invalid => throw new InvalidOperationException($"A ledger import made an invalid inventory: {invalid.Problems[0].Message.En}"),
            var other => throw new InvalidOperationException($"Unknown outcome {other.GetType().Name}."),
        };
    }

    /// <summary>The ledger's current rows as a file.</summary>
    public static byte[] Export(PreparednessRecord record, LedgerKind kind, LedgerFormat format) => kind switch
    {
        LedgerKind.Assets => LedgerFiles.Write(new AssetLedger(record.Network, record.Inventory.Systems), record.Inventory.Assets, format),
        LedgerKind.Systems => LedgerFiles.Write(new SystemLedger(record.People, record.Parties), record.Inventory.Systems, format),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
