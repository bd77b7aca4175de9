namespace Sonae.Core.Preparedness;

/// <summary>Who an outside party is to the hospital; the binder groups them by it.</summary>
public enum PartyKind
{
    /// <summary>A system vendor.</summary>
    Vendor,

    /// <summary>A service provider (a data centre, a line, a cloud service).</summary>
    ServiceProvider,

    /// <summary>A contractor working on site (catering, cleaning, facilities).</summary>
    Contractor,

    /// <summary>The Ministry of Health, Labour and Welfare.</summary>
    Ministry,

    /// <summary>The prefecture's health department.</summary>
    Prefecture,

    /// <summary>The Personal Information Protection Commission.</summary>
    PrivacyCommission,

    /// <summary>The police (the prefecture's cybercrime desk).</summary>
    Police,

    /// <summary>IPA, the Information-technology Promotion Agency.</summary>
    Ipa,

    /// <summary>JPCERT/CC.</summary>
    JpcertCc,

    /// <summary>A medical association.</summary>
    MedicalAssociation,

    /// <summary>The sector's ISAC.</summary>
    SectorIsac,

    /// <summary>The hospital's lawyer.</summary>
    Lawyer,

    /// <summary>The cyber insurer.</summary>
    Insurer,

    /// <summary>Anyone else.</summary>
    Other,
}

/// <summary>How the binder and the pages group outside parties.</summary>
public static class PartyKinds
{
    /// <summary>Authorities and helplines, as opposed to the hospital's own suppliers and advisers.</summary>
    public static bool IsAuthorityOrHelpline(this PartyKind kind) => kind is PartyKind.Ministry or PartyKind.Prefecture
        or PartyKind.PrivacyCommission or PartyKind.Police or PartyKind.Ipa or PartyKind.JpcertCc
        or PartyKind.MedicalAssociation or PartyKind.SectorIsac;

    /// <summary>The hospital's own suppliers: vendors, service providers, contractors.</summary>
    public static bool IsSupplier(this PartyKind kind) => kind is PartyKind.Vendor or PartyKind.ServiceProvider or PartyKind.Contractor;
}

/// <summary>
/// Someone outside the hospital to call during an incident, with the date by which its numbers must be checked
/// again: numbers change, and a wrong number on the worst day costs hours.
/// </summary>
/// <param name="Contract">The maintenance contract (number, hours, what it covers).</param>
/// <param name="RemoteAccess">How the vendor reaches the hospital's systems for remote maintenance, if at all.</param>
/// <param name="VerifyBy">The day by which someone must call or check the numbers again.</param>
/// <param name="Id">Its id in the list.</param>
/// <param name="Kind">Who it is to the hospital.</param>
/// <param name="Name">Its name.</param>
/// <param name="Department">The department or desk to ask for.</param>
/// <param name="Channels">Ways to reach it, in priority order.</param>
/// <param name="Hours">When it can be reached.</param>
/// <param name="Notes">Anything else worth knowing on the day.</param>
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

/// <summary>The external parties section.</summary>
public sealed record ExternalPartyList(IReadOnlyList<ExternalParty> Parties)
{
    /// <summary>A list with no party.</summary>
    public static ExternalPartyList Empty { get; } = new([]);

    /// <summary>How long a party's numbers count as checked after someone called or looked them up.</summary>
    public const int CheckedForMonths = 6;

    /// <summary>The party with this id, if any.</summary>
    public ExternalParty? Find(string? id) => id is null ? null : Parties.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    /// <summary>The list with one party's numbers checked on <paramref name="today"/>: due again in six months.</summary>
    public ExternalPartyList Checked(string id, DateOnly today) => this with
    {
        Parties = [.. Parties.Select(p => string.Equals(p.Id, id, StringComparison.Ordinal) ? p with { VerifyBy = today.AddMonths(CheckedForMonths) } : p)],
    };
}
