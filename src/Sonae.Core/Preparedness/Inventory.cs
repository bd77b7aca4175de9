namespace Sonae.Core.Preparedness;

/// <summary>What kind of system it is.</summary>
public enum SystemCategory
{
    /// <summary>The electronic health record (電子カルテ).</summary>
    Ehr,

    /// <summary>Medical imaging (PACS).</summary>
    Pacs,

    /// <summary>Order entry (オーダリング).</summary>
    Ordering,

    /// <summary>Medical billing (医事会計).</summary>
    Billing,

    /// <summary>A department's own system (部門システム).</summary>
    Departmental,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>How much care depends on a system, which orders the systems to stop and restore.</summary>
public enum Criticality
{
    /// <summary>Care stops or turns dangerous without it.</summary>
    High,

    /// <summary>Work slows or moves to paper without it.</summary>
    Medium,

    /// <summary>Work goes on without it.</summary>
    Low,
}

/// <summary>A clinical or business system (電子カルテ, PACS, オーダリング, 医事会計, 部門システム).</summary>
/// <param name="Owner">The person (by id) who answers for it in the hospital.</param>
/// <param name="Vendor">The external party (by id) that supports it.</param>
/// <param name="PaperFallback">How the work goes on without it: the paper forms and who runs them.</param>
/// <param name="Id">Its id in the inventory.</param>
/// <param name="Name">Its name as staff know it.</param>
/// <param name="Category">What kind of system it is.</param>
/// <param name="Criticality">How much care depends on it.</param>
public sealed record InformationSystem(
    string Id,
    string Name,
    SystemCategory Category,
    Criticality Criticality,
    string? Owner,
    string? Vendor,
    string? PaperFallback);

/// <summary>What kind of thing an asset is.</summary>
public enum AssetKind
{
    /// <summary>A server.</summary>
    Server,

    /// <summary>A PC or terminal people use.</summary>
    Terminal,

    /// <summary>A router, switch, firewall or VPN device.</summary>
    NetworkDevice,

    /// <summary>A medical device on the network.</summary>
    MedicalDevice,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Where an asset's data is copied to, and whether that copy was ever brought back.</summary>
/// <param name="Offline">Kept where an attack over the network cannot reach it (tape, a disconnected disk).</param>
/// <param name="What">What is backed up.</param>
/// <param name="Where">Where the copy is kept.</param>
/// <param name="LastRestoreTest">The last day a restore from it was tested.</param>
public sealed record Backup(string What, string Where, bool Offline, DateOnly? LastRestoreTest);

/// <summary>
/// One row of the 情報機器台帳: a server, terminal, network device or medical device, with what an investigator
/// and a vendor need to know about it on the day.
/// </summary>
/// <param name="Id">The hospital's asset number (管理番号).</param>
/// <param name="Segment">The network segment (by id) it sits in.</param>
/// <param name="System">The information system (by id) it belongs to.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">What kind of thing it is.</param>
/// <param name="Location">Where it stands.</param>
/// <param name="Ip">Its IP address.</param>
/// <param name="Os">Its operating system.</param>
/// <param name="OsVersion">That system's version.</param>
/// <param name="Maker">Its maker.</param>
/// <param name="Product">Its product name or model.</param>
/// <param name="Backup">Its backup, for servers.</param>
/// <param name="Cpe">Its CPE name where known, for exact matching of advisories.</param>
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
    Backup? Backup,
    string? Cpe = null);

/// <summary>The inventory section: the information systems and the assets.</summary>
public sealed record Inventory(IReadOnlyList<InformationSystem> Systems, IReadOnlyList<Asset> Assets)
{
    /// <summary>An inventory with nothing in it.</summary>
    public static Inventory Empty { get; } = new([], []);

    /// <summary>The system with this id, if any.</summary>
    public InformationSystem? FindSystem(string? id) =>
        id is null ? null : Systems.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}
