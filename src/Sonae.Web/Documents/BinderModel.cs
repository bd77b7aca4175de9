using Sonae.Core.Access;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;

namespace Sonae.Web.Documents;

/// <summary>Everything the emergency binder prints, gathered once.</summary>
/// <param name="MadeAt">When this copy was made; the cover prints it.</param>
/// <param name="ReplaceBy">The day after which the copy should be replaced by a fresher one.</param>
/// <param name="ReportUrl">The anomaly report page, as staff devices reach it (printed and as a QR code).</param>
/// <param name="PdfUrl">Where the browser page offers the same binder as PDF; none in the PDF itself.</param>
/// <param name="ReportingPlace">On a poster that carries a reporting link: where it hangs (the link's label); its QR code then reports without an account.</param>
/// <param name="Contact">Whom staff phone (<see cref="EmergencyContacts"/>): the same on the poster, in the binder and on the pages.</param>
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
    Sonae.Core.Checkpoints.SignedCheckpoint? Checkpoint = null,
    EmergencyContact? Contact = null,
    string? ReportingPlace = null)
{
    /// <summary>A binder copy is meant to be replaced weekly; after this many days it is out of date.</summary>
    public const int ReplaceAfterDays = 7;

    /// <summary>
    /// The call tree from the people record, each person with their level, in the order it is phoned; walked at each
    /// read (a copy made <c>with</c> another record has that record's tree): the pages read it once.
    /// </summary>
    public IReadOnlyList<CallTreeEntry> Tree => CallTree.Walk(Record.People);

    /// <summary>The people the call tree does not reach, listed after it so that nobody on record is left out.</summary>
    public IReadOnlyList<Person> NotInTree => CallTree.NotReached(Record.People, Tree);

    public IEnumerable<Person> Holders(Role role) => Record.People.People.Where(p => p.Roles.Contains(role));

    /// <summary>
    /// The numbers staff phone, in their order ("田中 一郎 院内PHS 2100 / 携帯 090-…"): a PHS reaches the officer inside,
    /// the mobile when they are at home. Null when nobody with numbers is on record.
    /// </summary>
    public string? ContactLine => Preparedness.EmergencyContactText.Line(Contact);
}
