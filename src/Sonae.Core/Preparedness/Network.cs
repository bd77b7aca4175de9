namespace Sonae.Core.Preparedness;

public enum SegmentKind
{
    Ehr,
    Departmental,
    Administrative,
    Internet,
    MedicalDevices,
    Maintenance,
    Other,
}

public enum LineKind
{
    Vpn,
    RemoteMaintenance,
    Internet,
    Other,
}

/// <summary>A part of the hospital network (電子カルテ系, 部門系, 事務系, インターネット系, 医療機器, 保守).</summary>
public sealed record Segment(string Id, string Name, SegmentKind Kind, string? Cidr = null);

/// <summary>Two segments that can talk to each other, and what stands between them.</summary>
/// <param name="Via">The asset (by id) they pass through, a firewall or a router.</param>
public sealed record SegmentLink(string From, string To, string? Via = null, string? Note = null);

/// <summary>
/// A line from outside into the hospital: a VPN, a vendor's remote-maintenance line, the internet. These are how
/// attackers came in at the hospitals hit so far, so each has an owner and the date of its last firmware update.
/// </summary>
/// <param name="Segment">The segment (by id) the line ends in.</param>
/// <param name="Party">The external party (by id) on the other end.</param>
/// <param name="Device">The asset (by id) that terminates the line (the VPN appliance).</param>
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
    string? Note = null);

/// <summary>The network as the hospital drew it, and the day someone last checked it against reality.</summary>
public sealed record NetworkConfiguration(
    IReadOnlyList<Segment> Segments,
    IReadOnlyList<SegmentLink> Links,
    IReadOnlyList<ExternalLine> Lines,
    DateOnly? ReviewedOn)
{
    public static NetworkConfiguration Empty { get; } = new([], [], [], null);

    public bool HasSegment(string? id) => id is not null && Segments.Any(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}
