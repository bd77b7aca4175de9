namespace Sonae.Core.Preparedness;

public enum SystemCategory
{
    Ehr,
    Pacs,
    Ordering,
    Billing,
    Departmental,
    Other,
}

public enum Criticality
{
    /// <summary>Care stops or turns dangerous without it.</summary>
    High,
    Medium,
    Low,
}

/// <summary>A clinical or business system (電子カルテ, PACS, オーダリング, 医事会計, 部門システム).</summary>
/// <param name="Owner">The person (by id) who answers for it in the hospital.</param>
/// <param name="Vendor">The external party (by id) that supports it.</param>
/// <param name="PaperFallback">How the work goes on without it: the paper forms and who runs them.</param>
public sealed record InformationSystem(
    string Id,
    string Name,
    SystemCategory Category,
    Criticality Criticality,
    string? Owner,
    string? Vendor,
    string? PaperFallback);

public enum AssetKind
{
    Server,
    Terminal,
    NetworkDevice,
    MedicalDevice,
    Other,
}

/// <summary>Where an asset's data is copied to, and whether that copy was ever brought back.</summary>
/// <param name="Offline">Kept where an attack over the network cannot reach it (tape, a disconnected disk).</param>
public sealed record Backup(string What, string Where, bool Offline, DateOnly? LastRestoreTest);

/// <summary>
/// One row of the 情報機器台帳: a server, terminal, network device or medical device, with what an investigator
/// and a vendor need to know about it on the day.
/// </summary>
/// <param name="Id">The hospital's asset number (管理番号).</param>
/// <param name="Segment">The network segment (by id) it sits in.</param>
/// <param name="System">The information system (by id) it belongs to.</param>
public sealed record Asset(
    string Id,
    string Name,
    AssetKind Kind,
    string? Location,
    string? Segment,
    string? Ip,
    string? Os,
    string? OsVersion,
    string? Maker,
    string? Product,
    string? System,
    Backup? Backup);

public sealed record Inventory(IReadOnlyList<InformationSystem> Systems, IReadOnlyList<Asset> Assets)
{
    public static Inventory Empty { get; } = new([], []);

    public InformationSystem? FindSystem(string? id) =>
        id is null ? null : Systems.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}
