namespace Sonae.Core.Preparedness;

/// <summary>What a network segment is for.</summary>
public enum SegmentKind
{
    /// <summary>The electronic health record's network (電子カルテ系).</summary>
    Ehr,

    /// <summary>Departmental systems (部門系).</summary>
    Departmental,

    /// <summary>Office work (事務系).</summary>
    Administrative,

    /// <summary>Facing the internet (インターネット系).</summary>
    Internet,

    /// <summary>Medical devices.</summary>
    MedicalDevices,

    /// <summary>Vendors' maintenance.</summary>
    Maintenance,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>What kind of line comes in from outside.</summary>
public enum LineKind
{
    /// <summary>A VPN.</summary>
    Vpn,

    /// <summary>A vendor's remote-maintenance line.</summary>
    RemoteMaintenance,

    /// <summary>The internet connection.</summary>
    Internet,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Who owns the appliance that terminates a line, and so who must update its firmware.</summary>
public enum ApplianceOwner
{
    /// <summary>The hospital bought it and keeps it up to date.</summary>
    Hospital,

    /// <summary>The vendor brought it and keeps it up to date (often forgotten by both sides).</summary>
    Vendor,
}

/// <summary>A part of the hospital network (電子カルテ系, 部門系, 事務系, インターネット系, 医療機器, 保守).</summary>
public sealed record Segment(string Id, string Name, SegmentKind Kind, string? Cidr = null);

/// <summary>Two segments that can talk to each other, and what stands between them.</summary>
/// <param name="Via">The asset (by id) they pass through, a firewall or a router.</param>
/// <param name="From">One segment (by id).</param>
/// <param name="To">The other (by id).</param>
/// <param name="Note">What else to know (ports, rules).</param>
public sealed record SegmentLink(string From, string To, string? Via = null, string? Note = null);

/// <summary>
/// A line from outside into the hospital: a VPN, a vendor's remote-maintenance line, the internet. These are how
/// attackers came in at the hospitals hit so far, so each has an owner and the date of its last firmware update.
/// </summary>
/// <param name="Segment">The segment (by id) the line ends in.</param>
/// <param name="Party">The external party (by id) on the other end.</param>
/// <param name="Device">The asset (by id) that terminates the line (the VPN appliance).</param>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">What kind of line.</param>
/// <param name="Owner">The person (by id) who answers for it.</param>
/// <param name="Firmware">The terminating device's firmware version.</param>
/// <param name="LastFirmwareUpdate">When that firmware was last updated.</param>
/// <param name="Note">What else to know.</param>
/// <param name="Maker">The appliance's maker (Fortinet, Cisco, YAMAHA), as the vendor names it.</param>
/// <param name="Model">The appliance's model (FortiGate 60F, RTX1220).</param>
/// <param name="OwnedBy">Whether the hospital or the vendor owns the appliance, and so updates its firmware.</param>
/// <param name="VendorContact">Whom to call about the appliance (the vendor's person and number), as free text.</param>
/// <param name="Cpe">The appliance's CPE name (<c>cpe:2.3:o:fortinet:fortios:6.0.4:…</c>), for exact matching of advisories.</param>
public sealed record ExternalLine(
    string Id,
    string Name,
    LineKind Kind,
    string Segment,
    string? Party,
    string? Owner,
    string? Device,
    string? Firmware,
    DateOnly? LastFirmwareUpdate,
    string? Note = null,
    string? Maker = null,
    string? Model = null,
    ApplianceOwner? OwnedBy = null,
    string? VendorContact = null,
    string? Cpe = null);

/// <summary>
/// The appliance at the hospital's end of a line, as the line records it and, where the line leaves a field out, as
/// the asset that terminates it does (its maker, its product, its OS version, its CPE): what matching, readiness and
/// the pages all read.
/// </summary>
/// <param name="Maker">Its maker.</param>
/// <param name="Model">Its model (or the asset's product).</param>
/// <param name="Firmware">Its firmware version (or the asset's OS version).</param>
/// <param name="Cpe">Its CPE name.</param>
/// <param name="Device">The terminating asset, when the line names one the inventory has.</param>
public sealed record Appliance(string? Maker, string? Model, string? Firmware, string? Cpe, Asset? Device)
{
    /// <summary>The appliance of <paramref name="line"/> in <paramref name="inventory"/>.</summary>
    public static Appliance Of(ExternalLine line, Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(inventory);
        var device = line.Device is { } id ? inventory.Assets.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal)) : null;
        return new(Known(line.Maker) ?? Known(device?.Maker), Known(line.Model) ?? Known(device?.Product),
            Known(line.Firmware) ?? Known(device?.OsVersion), Known(line.Cpe) ?? Known(device?.Cpe), device);
    }

    private static string? Known(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The network as the hospital drew it, and the day someone last checked it against reality.</summary>
public sealed record NetworkConfiguration(
    IReadOnlyList<Segment> Segments,
    IReadOnlyList<SegmentLink> Links,
    IReadOnlyList<ExternalLine> Lines,
    DateOnly? ReviewedOn)
{
    /// <summary>A network not drawn yet.</summary>
    public static NetworkConfiguration Empty { get; } = new([], [], [], null);

    /// <summary>Whether a segment has this id.</summary>
    public bool HasSegment(string? id) => id is not null && Segments.Any(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}
