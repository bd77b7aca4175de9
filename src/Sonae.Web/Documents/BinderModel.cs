using Sonae.Core.Access;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;

namespace Sonae.Web.Documents;

/// <summary>Everything the emergency binder prints, gathered once.</summary>
/// <param name="MadeAt">When this copy was made; the cover prints it.</param>
/// <param name="ReplaceBy">The day after which the copy should be replaced by a fresher one.</param>
/// <param name="ReportUrl">The anomaly report page, as staff devices reach it (printed and as a QR code).</param>
/// <param name="PdfUrl">Where the browser page offers the same binder as PDF; none in the PDF itself.</param>
public sealed record BinderModel(
    string OrganizationName,
    PreparednessRecord Record,
    Playbook Playbook,
    IReadOnlyList<ReadinessFinding> Findings,
    DateTimeOffset MadeAt,
    DateOnly Today,
    DateOnly ReplaceBy,
    string ReportUrl,
    string? PdfUrl = null,
    Sonae.Core.Checkpoints.SignedCheckpoint? Checkpoint = null)
{
    /// <summary>A binder copy is meant to be replaced weekly; after this many days it is out of date.</summary>
    public const int ReplaceAfterDays = 7;

    public IEnumerable<Person> Holders(Role role) => Record.People.People.Where(p => p.Roles.Contains(role));

    /// <summary>The first security officer on the call tree (its root when that is one), whom staff phone first.</summary>
    public Person? FirstOfficer =>
        Record.People.Find(Record.People.CallTreeRoot) is { } root && root.Roles.Contains(Role.SecurityOfficer)
            ? root
            : Holders(Role.SecurityOfficer).FirstOrDefault();

    /// <summary>
    /// The security officer's first two numbers that ring, in their order ("田中 一郎 院内PHS 2100 / 携帯 090-…"): a PHS
    /// reaches them inside, the mobile when they are at home. Null when nobody with numbers is on record.
    /// </summary>
    public string? OfficerPhones()
    {
        var phones = FirstOfficer?.Channels.Where(c => !c.Kind.NeedsNetwork() && c.Kind != ChannelKind.Fax).Take(2).ToList() ?? [];
        return phones.Count == 0 ? null : $"{FirstOfficer!.Name} {string.Join(" / ", phones.Select(DocumentParts.Channel))}";
    }
}
