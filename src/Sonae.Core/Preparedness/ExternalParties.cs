namespace Sonae.Core.Preparedness;

/// <summary>Who an outside party is to the hospital; the binder groups them by it.</summary>
public enum PartyKind
{
    Vendor,
    ServiceProvider,
    Contractor,
    Ministry,
    Prefecture,
    PrivacyCommission,
    Police,
    Ipa,
    JpcertCc,
    MedicalAssociation,
    SectorIsac,
    Lawyer,
    Insurer,
    Other,
}

public static class PartyKinds
{
    /// <summary>Authorities and helplines, as opposed to the hospital's own suppliers and advisers.</summary>
    public static bool IsAuthorityOrHelpline(this PartyKind kind) => kind is PartyKind.Ministry or PartyKind.Prefecture
        or PartyKind.PrivacyCommission or PartyKind.Police or PartyKind.Ipa or PartyKind.JpcertCc
        or PartyKind.MedicalAssociation or PartyKind.SectorIsac;

    public static bool IsSupplier(this PartyKind kind) => kind is PartyKind.Vendor or PartyKind.ServiceProvider or PartyKind.Contractor;
}

/// <summary>
/// Someone outside the hospital to call during an incident, with the date by which its numbers must be checked
/// again: numbers change, and a wrong number on the worst day costs hours.
/// </summary>
/// <param name="Contract">The maintenance contract (number, hours, what it covers).</param>
/// <param name="RemoteAccess">How the vendor reaches the hospital's systems for remote maintenance, if at all.</param>
/// <param name="VerifyBy">The day by which someone must call or check the numbers again.</param>
public sealed record ExternalParty(
    string Id,
    PartyKind Kind,
    string Name,
    string? Department,
    IReadOnlyList<Channel> Channels,
    DateOnly VerifyBy,
    string? Hours = null,
    string? Contract = null,
    string? RemoteAccess = null,
    string? Notes = null);

public sealed record ExternalPartyList(IReadOnlyList<ExternalParty> Parties)
{
    public static ExternalPartyList Empty { get; } = new([]);

    /// <summary>How long a party's numbers count as checked after someone called or looked them up.</summary>
    public const int CheckedForMonths = 6;

    public ExternalParty? Find(string? id) => id is null ? null : Parties.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    /// <summary>The list with one party's numbers checked on <paramref name="today"/>: due again in six months.</summary>
    public ExternalPartyList Checked(string id, DateOnly today) => this with
    {
        Parties = [.. Parties.Select(p => string.Equals(p.Id, id, StringComparison.Ordinal) ? p with { VerifyBy = today.AddMonths(CheckedForMonths) } : p)],
    };
}
