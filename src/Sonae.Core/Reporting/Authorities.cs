using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Reporting;

/// <summary>The authorities besides the privacy commission whom a leak report says were told (its item 9).</summary>
public enum Authority
{
    /// <summary>The Ministry of Health, Labour and Welfare (厚生労働省).</summary>
    Ministry,

    /// <summary>The police (警察).</summary>
    Police,

    /// <summary>The prefecture or the local public health centre (都道府県・保健所).</summary>
    LocalGovernment,
}

/// <summary>One time an authority was told: a report issued to it, or a call or message that reached it.</summary>
/// <param name="Authority">Who.</param>
/// <param name="At">When.</param>
/// <param name="What">What was done, as the record says it (「「厚生労働省への報告」を提出 → 厚生労働省 医政局」).</param>
public sealed record AuthorityTold(Authority Authority, DateTimeOffset At, string What);

/// <summary>
/// Which authority a report or a contact of the record went to. The reports of the catalogue say it themselves; a
/// contact's party is free text (「厚労省 医政局」「県警 サイバー犯罪相談窓口」), so it is matched against the external
/// parties of the preparedness record by name or id, then by the authorities' usual names.
/// </summary>
public static class Authorities
{
    /// <summary>The usual names of each authority, as people write them in a contact log.</summary>
    private static readonly (Authority Authority, string[] Names)[] UsualNames =
    [
        (Authority.Ministry, ["厚生労働省", "厚労省", "MHLW"]),
        (Authority.Police, ["警察", "警視庁", "県警", "府警", "道警", "サイバー犯罪相談窓口"]),
        (Authority.LocalGovernment, ["保健所", "県庁", "都庁", "府庁", "道庁", "医療政策課", "医務課"]),
    ];

    /// <summary>Words that make a name a hospital's or a clinic's, whatever authority's name it also holds.</summary>
    private static readonly string[] Hospitals = ["病院", "診療所", "クリニック", "医療センター"];

    /// <summary>How a draft names an authority: 「厚生労働省」「警察」「地方公共団体(都道府県・保健所)」.</summary>
    public static string Name(Authority authority) => authority switch
    {
        Authority.Ministry => "厚生労働省",
        Authority.Police => "警察",
        Authority.LocalGovernment => "地方公共団体(都道府県・保健所)",
    };

    /// <summary>The authority a report went to: the catalogue's report to the ministry or the police, else whoever <paramref name="to"/> names.</summary>
    public static Authority? OfReport(string report, string to, ExternalPartyList parties) =>
        ReportTemplates.Find(report)?.Kind switch
        {
            ReportKind.Ministry => Authority.Ministry,
            ReportKind.Police => Authority.Police,
            _ => Named(to, parties),
        };

    /// <summary>
    /// The authority a contact told: one the hospital made that reached them (spoken to, or a message sent), with a
    /// party that is an authority. A call nobody answered told nobody; a call the authority made to the hospital is
    /// not the hospital's report to them (a legal report must not say it reported when it was asked).
    /// </summary>
    public static Authority? OfContact(ContactLogged contact, ExternalPartyList parties)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return contact.Direction != ContactDirection.Incoming && contact.Result is ContactResult.Reached or ContactResult.Sent ? Named(contact.Party, parties) : null;
    }

    /// <summary>
    /// The authority a free-text name stands for: an external party of the record named exactly so (by name or id)
    /// whose kind is an authority, else the first authority whose usual name it contains; null for anyone else.
    /// </summary>
    public static Authority? Named(string? name, ExternalPartyList parties)
    {
        ArgumentNullException.ThrowIfNull(parties);
        if (string.IsNullOrWhiteSpace(name))
            return null;
        name = name.Trim();
        var party = parties.Find(name) ?? parties.Parties.FirstOrDefault(p => string.Equals(p.Name.Trim(), name, StringComparison.Ordinal));
        if (party is not null)
            return party.Kind switch
            {
                PartyKind.Ministry => Authority.Ministry,
                PartyKind.Police => Authority.Police,
                PartyKind.Prefecture => Authority.LocalGovernment,
                _ => null,
            };
        // A hospital whose name holds an authority's (警察病院, 県立病院) is a hospital, not the authority.
        if (Hospitals.Any(h => name.Contains(h, StringComparison.Ordinal)))
            return null;
        return UsualNames.Where(u => u.Names.Any(n => name.Contains(n, StringComparison.OrdinalIgnoreCase)))
            .Select(u => (Authority?)u.Authority).FirstOrDefault();
    }
}
