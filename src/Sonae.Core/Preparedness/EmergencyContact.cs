using Sonae.Core.Access;

namespace Sonae.Core.Preparedness;

/// <summary>One number staff may call to reach the emergency contact.</summary>
/// <param name="Kind">What line it is (PHS, mobile…); null for a number typed as free text in the old settings field.</param>
/// <param name="Value">The number as written in the record, dialled as it stands.</param>
/// <param name="Note">When it works (「夜間」), as the people record says.</param>
public sealed record ContactNumber(ChannelKind? Kind, string Value, string? Note = null)
{
    /// <summary>A channel of the people record as a number to call.</summary>
    public static ContactNumber From(Channel channel) => new(channel.Kind, channel.Value, channel.Note);
}

/// <summary>Where the emergency contact was read from.</summary>
public enum EmergencyContactSource
{
    /// <summary>The people record of the preparedness record (versioned, with who changed it when).</summary>
    People,

    /// <summary>
    /// The number the settings page kept before it edited the people record: used only while the people record
    /// has no number for its security officer, and shown on the settings page as one to move.
    /// </summary>
    OldSetting,
}

/// <summary>
/// Whom staff are told to phone when something is wrong (the report page, the page after a report, the poster, the
/// binder, the anomaly report's answer), and the numbers to use, most useful first.
/// </summary>
/// <param name="Name">Who answers, as staff should ask for them.</param>
/// <param name="Numbers">Empty when nobody with a number is on record: staff are then told to go in person.</param>
/// <param name="Source">Where the contact comes from: the people record, or the old settings field not yet moved.</param>
/// <param name="PersonId">The person of the people record it is; null for the old setting.</param>
public sealed record EmergencyContact(string Name, IReadOnlyList<ContactNumber> Numbers, EmergencyContactSource Source, string? PersonId = null);

/// <summary>What the settings page kept as the emergency contact before the people record held it (free text).</summary>
public sealed record OldContactSetting(string? Name, string? Phone);

/// <summary>
/// The one rule for the number staff call: the people record's security officer on duty, with their phone lines in
/// their order. Every page and document that tells staff whom to call asks this rule, so they can never disagree.
/// </summary>
public static class EmergencyContacts
{
    /// <summary>
    /// How many numbers are shown: the first line (usually the PHS that reaches the officer inside the hospital)
    /// and the next (usually the mobile that reaches them at home).
    /// </summary>
    public const int NumbersShown = 2;

    /// <summary>
    /// The security officer staff phone first: the call tree's root when the root is a security officer, else the
    /// first security officer of the record; null when the record names none.
    /// </summary>
    public static Person? OnDutyOfficer(PeopleDirectory people)
    {
        ArgumentNullException.ThrowIfNull(people);
        return people.Find(people.CallTreeRoot) is { } root && root.Roles.Contains(Role.SecurityOfficer)
            ? root
            : people.People.FirstOrDefault(p => p.Roles.Contains(Role.SecurityOfficer));
    }

    /// <summary>A person's lines that ring as a phone (not e-mail, chat, a web form or a fax), in their order.</summary>
    public static IEnumerable<Channel> Phones(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Channels.Where(c => c.Kind.IsPhone());
    }

    /// <summary>
    /// The emergency contact. The people record wins whenever its officer on duty has a phone line; while it has
    /// none, a number still kept in the old settings field is used (so an installation that set it there keeps
    /// showing it until it is moved), else the officer's name without a number; null when there is nobody at all.
    /// </summary>
    public static EmergencyContact? Of(PeopleDirectory people, OldContactSetting? oldSetting = null)
    {
        var officer = OnDutyOfficer(people);
        var phones = officer is null ? [] : Phones(officer).Take(NumbersShown).Select(ContactNumber.From).ToList();
        if (officer is not null && phones.Count > 0)
            return new EmergencyContact(officer.Name, phones, EmergencyContactSource.People, officer.Id);
        if (oldSetting is { Phone: { } phone } && !string.IsNullOrWhiteSpace(phone))
        {
            // The old field's name went with its number ("情報システム課 田中"); the officer's is the next best.
            var name = string.IsNullOrWhiteSpace(oldSetting.Name) ? officer?.Name ?? "" : oldSetting.Name.Trim();
            return new EmergencyContact(name, [new ContactNumber(null, phone.Trim())], EmergencyContactSource.OldSetting);
        }
        return officer is null ? null : new EmergencyContact(officer.Name, [], EmergencyContactSource.People, officer.Id);
    }

    /// <summary>
    /// The people record with the emergency number set: the officer on duty's first phone line takes the number
    /// and kind (its note is kept when the kind stays), or the number becomes their first line when they have none.
    /// With no security officer on record, one is added under <paramref name="name"/> (and becomes the call tree's
    /// root when the tree has none), so that the record says who answers the number.
    /// </summary>
    /// <param name="people">The people record as it stands.</param>
    /// <param name="name">Used only to add an officer; ignored when the record has one.</param>
    /// <param name="kind">What line the number is (PHS, mobile…).</param>
    /// <param name="number">The number staff are to call.</param>
    /// <exception cref="ArgumentException">No officer is on record and <paramref name="name"/> is blank, or <paramref name="number"/> is blank.</exception>
    public static PeopleDirectory WithNumber(PeopleDirectory people, string? name, ChannelKind kind, string number)
    {
        ArgumentNullException.ThrowIfNull(people);
        if (string.IsNullOrWhiteSpace(number))
            throw new ArgumentException("The number is blank.", nameof(number));
        number = number.Trim();
        if (OnDutyOfficer(people) is { } officer)
        {
            var first = Phones(officer).FirstOrDefault();
            var channels = officer.Channels.ToList();
            if (first is null)
                channels.Insert(0, new Channel(kind, number));
            else
                channels[channels.IndexOf(first)] = new Channel(kind, number, first.Kind == kind ? first.Note : null);
            var changed = officer with { Channels = channels };
            return people with { People = [.. people.People.Select(p => ReferenceEquals(p, officer) ? changed : p)] };
        }
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("No security officer is on record and no name was given.", nameof(name));
        var id = FreeId(people);
        var added = new Person(id, name.Trim(), null, null, [Role.SecurityOfficer], null, [new Channel(kind, number)]);
        return people with { People = [.. people.People, added], CallTreeRoot = people.CallTreeRoot ?? id };
    }

    /// <summary>An id no one of the record has: <c>security-officer</c>, else <c>security-officer-2</c>, <c>-3</c>….</summary>
    private static string FreeId(PeopleDirectory people)
    {
        const string Base = "security-officer";
        var id = Base;
        for (var n = 2; people.Find(id) is not null; n++)
            id = $"{Base}-{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return id;
    }
}
