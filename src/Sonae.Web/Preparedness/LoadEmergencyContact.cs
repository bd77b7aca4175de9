using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Web.Documents;

namespace Sonae.Web.Preparedness;

/// <summary>What the settings page shows of the emergency contact, and the people record's version it edits.</summary>
/// <param name="Officer">The people record's security officer on duty; null when it names none (the form then asks for a name).</param>
/// <param name="PeopleVersion">The people record's version the form saves against (0 before its first save).</param>
/// <param name="OldSetting">What the old settings field still holds (both null once moved).</param>
public sealed record EmergencyContactSettings(EmergencyContact? Contact, Person? Officer, int PeopleVersion, OldContactSetting OldSetting)
{
    /// <summary>The line the form edits: the officer's first phone line (null when they have none).</summary>
    public Channel? FirstPhone => Officer is null ? null : EmergencyContacts.Phones(Officer).FirstOrDefault();
}

/// <summary>
/// Reads the emergency contact (<see cref="EmergencyContacts"/>) for the pages, the documents and the API that tell
/// staff whom to call: from the newest people record, and the old settings field while that still holds a number.
/// </summary>
public sealed class LoadEmergencyContact(SonaeDbContext db, LoadPreparedness load)
{
    public async Task<EmergencyContact?> Current(Guid organizationId, CancellationToken cancellationToken) =>
        (await ForSettings(organizationId, cancellationToken)).Contact;

    /// <summary>
    /// The contact as <paramref name="caller"/> may see it: the hospital's people get every number to call; whoever may
    /// not read the people record (a vendor) gets the first line alone, the one the settings page publishes, and not
    /// the officer's other lines (a mobile, a home number).
    /// </summary>
    public async Task<EmergencyContact?> For(Access.Caller caller, CancellationToken cancellationToken)
    {
        var contact = await Current(caller.OrganizationId, cancellationToken);
        return contact is not null && !caller.Actor.May(Operation.ReadPreparedness)
            ? contact with { Numbers = [.. contact.Numbers.Take(1)] }
            : contact;
    }

    public async Task<EmergencyContactSettings> ForSettings(Guid organizationId, CancellationToken cancellationToken)
    {
        var people = await load.Current(PreparednessSection.People, cancellationToken);
        var directory = people.As<PeopleDirectory>();
        var old = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId)
            .Select(o => new OldContactSetting(o.EmergencyContactName, o.EmergencyContactPhone))
            .SingleAsync(cancellationToken);
        return new EmergencyContactSettings(EmergencyContacts.Of(directory, old), EmergencyContacts.OnDutyOfficer(directory), people.Version, old);
    }
}

/// <summary>How the emergency contact is written wherever staff read it, in the reader's language.</summary>
public static class EmergencyContactText
{
    /// <summary>"院内PHS 2100", "携帯 090-…(夜間)"; a number typed as free text as it was typed.</summary>
    public static string Number(ContactNumber number) =>
        number.Kind is { } kind ? DocumentParts.Channel(new Channel(kind, number.Value, number.Note)) : number.Value;

    /// <summary>"田中 一郎 院内PHS 2100 / 携帯 090-0000-2100"; null when there is no number to call.</summary>
    public static string? Line(EmergencyContact? contact) =>
        contact is { Numbers.Count: > 0 } ? $"{contact.Name} {string.Join(" / ", contact.Numbers.Select(Number))}".Trim() : null;

    /// <summary>
    /// The address a phone dials for the number (<c>tel:09000002100</c>), or null for an extension or a PHS number,
    /// which rings only inside the hospital and is shown as text (<see cref="PhoneNumbers.TelUri"/>).
    /// </summary>
    public static string? Dial(ContactNumber number) => PhoneNumbers.TelUri(number.Value);
}
