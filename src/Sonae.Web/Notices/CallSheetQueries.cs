using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Notices;

/// <summary>An incident's call sheet: the incident, the people directory it was made from, and the sheet.</summary>
public sealed record CallSheetReading(Incident Incident, PeopleDirectory People, CallSheet Sheet);

/// <param name="Kind">The number's kind in the people directory (<c>mobile</c>, <c>home</c>, <c>phs</c>…).</param>
/// <param name="Tel">The <c>tel:</c> address a phone dials; null for a PHS or extension number, which only the hospital's switchboard dials.</param>
/// <param name="InsideOnly">Rings only inside the hospital (PHS, extension).</param>
public sealed record CallNumberView(int Index, string Kind, string Value, string? Note, string? Tel, bool InsideOnly);

/// <param name="Result">The contact's result (<c>reached</c>, <c>no-answer</c>, <c>left-message</c>, <c>failed</c>, <c>wrong-number</c>…).</param>
/// <param name="Number">The number called, when it was recorded from the sheet.</param>
public sealed record CallView(long Seq, DateTimeOffset At, string Result, string? Number, string? Comment, string By);

/// <param name="Level">Depth in the call tree: 0 for the first person told.</param>
/// <param name="CalledBy">Who calls them in the tree (null for the first).</param>
/// <param name="State"><c>not-called</c>, <c>tried</c>, <c>reached</c> or <c>wrong-number</c>.</param>
/// <param name="Latest">The latest call made to them, if any.</param>
public sealed record CallSheetPersonView(string Id, string Name, string? Department, string? Position, int Level, string? CalledBy,
    IReadOnlyList<CallNumberView> Numbers, string State, CallView? Latest, int Calls);

/// <param name="Next">The person to call next: the first in the tree's order not reached yet, with a number that was not found wrong; null when none is left.</param>
/// <param name="People">Everyone of the call tree, in calling order.</param>
public sealed record CallSheetView(Guid IncidentId, int Number, int Reached, CallSheetPersonView? Next, IReadOnlyList<CallSheetPersonView> People)
{
    public static CallSheetView Of(CallSheetReading reading)
    {
        var people = reading.Sheet.People.Select(Person).ToList();
        var next = reading.Sheet.Next is { } n ? people.First(p => p.Id == n.Person.Id) : null;
        return new CallSheetView(reading.Incident.Id, reading.Incident.Number, reading.Sheet.Reached, next, people);
    }

    private static CallSheetPersonView Person(CallSheetPerson p) => new(p.Person.Id, p.Person.Name, p.Person.Department, p.Person.Position,
        p.Entry.Level, p.Entry.CalledBy?.Name,
        [.. p.Numbers.Select((n, i) => new CallNumberView(i, Wire.Name(n.Channel.Kind), n.Channel.Value, n.Channel.Note, n.Tel, n.InsideOnly))],
        Wire.Name(p.State), p.Latest is { } latest ? new CallView(latest.Seq, latest.At.ToJst(), Wire.Name(latest.Result), latest.Number, latest.Comment, latest.By) : null,
        p.Calls.Count);
}

/// <summary>
/// The call sheet's read side: the people directory's call tree (the preparedness record now) and the incident's
/// contacts (its <c>contact-logged</c> events, read by the (incident, type) index alone), of which those to a person of
/// the tree, by the name the directory gives them, are their calls.
/// </summary>
public sealed class CallSheetQueries(SonaeDbContext db, IncidentQueries incidents, LoadPreparedness preparedness)
{
    private static readonly string Type = IncidentEventType.ContactLogged.WireName();

    /// <summary>The sheet of the incident named <paramref name="id"/> (its id or number); null when there is no such incident for the caller.</summary>
    public async Task<CallSheetReading?> Sheet(string id, CancellationToken cancellationToken)
    {
        if (await incidents.Find(id, cancellationToken) is not { } incident)
            return null;
        var contacts = await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, [Type], cancellationToken);
        var people = (await preparedness.Current(PreparednessSection.People, cancellationToken)).As<PeopleDirectory>();
        var calls = contacts.Select(ContactEntry.Of).Select(c => new CallMade(c.Contact.Party, c.Contact.Result, c.Contact.Subject, c.Contact.Comment, c.At, c.SpokeBy, c.Seq));
        return new CallSheetReading(incident, people, CallSheet.Of(people, calls));
    }
}
