using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Notices;

/// <summary>
/// A call made from the call sheet, as the incident's record holds it: a <c>contact-logged</c> event whose party is
/// the person's name as the people directory writes it.
/// </summary>
/// <param name="Party">Who was called.</param>
/// <param name="Result">How it went.</param>
/// <param name="Number">The number called, when the sheet wrote it (the contact's subject).</param>
/// <param name="Comment">What the caller noted.</param>
/// <param name="At">When it was made.</param>
/// <param name="By">Who called.</param>
/// <param name="Seq">Its event's sequence number: the record's order.</param>
public sealed record CallMade(string Party, ContactResult Result, string? Number, string? Comment, DateTimeOffset At, string By, long Seq);

/// <summary>Where a person of the call sheet stands.</summary>
public enum CallState
{
    /// <summary>Nobody has called them yet.</summary>
    NotCalled,

    /// <summary>Called, not reached yet: no answer, a message left, or the call did not go through.</summary>
    Tried,

    /// <summary>Reached: done.</summary>
    Reached,

    /// <summary>The last call found the number wrong: the people directory must be put right.</summary>
    WrongNumber,
}

/// <summary>A number of a person on the sheet: a <c>tel:</c> address when a phone can dial it, and whether it rings only inside the hospital.</summary>
/// <param name="Channel">The number as the people directory holds it.</param>
/// <param name="Tel">The <c>tel:</c> address (<see cref="PhoneNumbers.TelUri"/>); null for an extension or PHS number, which only the hospital's switchboard dials.</param>
public sealed record SheetNumber(Channel Channel, string? Tel)
{
    /// <summary>A PHS handset or an extension: rings only inside the hospital.</summary>
    public bool InsideOnly => Channel.Kind.IsInsideOnly();
}

/// <summary>One person of the call sheet: their place in the call tree, the numbers to call, and the calls made to them.</summary>
/// <param name="Entry">Their place in the tree.</param>
/// <param name="Numbers">Their phone numbers, in the order to try them (no e-mail, chat or fax: this is the phone).</param>
/// <param name="Calls">The calls made to them, in the record's order.</param>
public sealed record CallSheetPerson(CallTreeEntry Entry, IReadOnlyList<SheetNumber> Numbers, IReadOnlyList<CallMade> Calls)
{
    /// <summary>The person.</summary>
    public Person Person => Entry.Person;

    /// <summary>The last call made to them, if any.</summary>
    public CallMade? Latest => Calls.Count == 0 ? null : Calls[^1];

    /// <summary>
    /// Reached once is done, whatever came after (a second call to say more is not a failure to reach them); else what
    /// the last call found.
    /// </summary>
    public CallState State =>
        Calls.Any(c => c.Result == ContactResult.Reached) ? CallState.Reached
        : Latest is null ? CallState.NotCalled
        : Latest.Result == ContactResult.WrongNumber ? CallState.WrongNumber
        : CallState.Tried;

    /// <summary>Whether the sheet can ask for them to be called: someone not reached, with a number, whose last call did not find it wrong.</summary>
    public bool ToCall => State is CallState.NotCalled or CallState.Tried && Numbers.Count > 0;
}

/// <summary>
/// The phone call sheet of an incident (連絡網): everyone of the preparedness record's call tree in calling order
/// (<see cref="CallTree.Walk"/>), each with their phone numbers and what the calls made to them from the incident
/// found. It moves on: the next to call is the first, in the tree's order, who is not reached yet, has a number, and
/// whose last call did not find the number wrong. A wrong number, and a person without a phone number, are problems of
/// the preparedness record, for the people section to put right.
/// </summary>
/// <param name="People">Everyone in the tree, in calling order.</param>
public sealed record CallSheet(IReadOnlyList<CallSheetPerson> People)
{
    /// <summary>The person to call next; null when everyone who can be called was reached.</summary>
    public CallSheetPerson? Next => People.FirstOrDefault(p => p.ToCall);

    /// <summary>How many were reached.</summary>
    public int Reached => People.Count(p => p.State == CallState.Reached);

    /// <summary>The people the preparedness record must put right: a number found wrong, or no phone number at all.</summary>
    public IEnumerable<CallSheetPerson> ToFix => People.Where(p => p.State == CallState.WrongNumber || p.Numbers.Count == 0);

    /// <summary>
    /// The sheet of <paramref name="directory"/>'s call tree with the <paramref name="calls"/> the incident's record
    /// holds (its contacts: those to a party named as a person of the tree are theirs; the rest are left alone).
    /// </summary>
    public static CallSheet Of(PeopleDirectory directory, IEnumerable<CallMade> calls)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(calls);
        var byParty = calls.OrderBy(c => c.Seq).GroupBy(c => c.Party.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CallMade>)[.. g], StringComparer.Ordinal);
        return new CallSheet([.. CallTree.Walk(directory).Select(entry =>
        {
            var numbers = entry.Person.Channels.Where(c => c.Kind.IsPhone()).Select(c => new SheetNumber(c, PhoneNumbers.TelUri(c.Value))).ToList();
            // A call's number is one of theirs, or none: a contact logged by hand may say anything in its subject.
            var made = (byParty.GetValueOrDefault(entry.Person.Name.Trim()) ?? [])
                .Select(c => numbers.Any(n => string.Equals(n.Channel.Value, c.Number, StringComparison.Ordinal)) ? c : c with { Number = null });
            return new CallSheetPerson(entry, numbers, [.. made]);
        })]);
    }

    /// <summary>How the record names a call to a number of this kind (<c>contact-logged</c>'s <c>channel</c>).</summary>
    public static ContactChannel ChannelOf(ChannelKind kind) => kind switch
    {
        ChannelKind.Phs => ContactChannel.Phs,
        ChannelKind.Extension => ContactChannel.Extension,
        ChannelKind.Mobile => ContactChannel.Mobile,
        ChannelKind.Home or ChannelKind.Office or ChannelKind.Hotline24h => ContactChannel.Phone,
        ChannelKind.Fax => ContactChannel.Fax,
        ChannelKind.Email => ContactChannel.Email,
        ChannelKind.Chat => ContactChannel.Chat,
        ChannelKind.WebForm => ContactChannel.WebForm,
    };
}
