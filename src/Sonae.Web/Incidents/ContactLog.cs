using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Localization;

namespace Sonae.Web.Incidents;

/// <summary>
/// One contact of an incident's log: what the record says of it, when it happened (the time given, else when it was
/// recorded) and who spoke for the hospital (the person it was recorded for, else whoever recorded it).
/// </summary>
public sealed record ContactEntry(long Seq, DateTimeOffset RecordedAt, EventActor RecordedBy, ContactLogged Contact)
{
    public DateTimeOffset At => Contact.At ?? RecordedAt;

    public string SpokeBy => RecordedBy.ForPerson ?? RecordedBy.Name;

    public static ContactEntry Of(IncidentEvent e) => new(e.Seq, e.At, e.Actor, (ContactLogged)e.Data);

    /// <summary>Newest first: by when each happened, then by the record's order.</summary>
    public static IReadOnlyList<ContactEntry> Newest(IEnumerable<IncidentEvent> events) =>
        [.. events.Select(Of).OrderByDescending(c => c.At).ThenByDescending(c => c.Seq)];
}

/// <summary>An incident's contact log: the incident, and every contact, newest first.</summary>
public sealed record ContactLogReading(Incident Incident, IReadOnlyList<ContactEntry> Contacts);

/// <param name="At">When it happened.</param>
/// <param name="RecordedAt">When it was put on the record.</param>
/// <param name="Direction"><c>outgoing</c> (the hospital contacted them) or <c>incoming</c>; null on contacts logged before Sonae asked.</param>
/// <param name="Reference">The number the other side gave (a receipt or claim number).</param>
/// <param name="SpokeBy">Who spoke for the hospital: the person it was recorded for, else whoever recorded it.</param>
/// <param name="RecordedBy">Who put it on the record.</param>
/// <param name="Role">The role they recorded it in.</param>
public sealed record ContactView(
    long Seq, DateTimeOffset At, DateTimeOffset RecordedAt, string Party, string? Direction, string Channel, string Result,
    string? Subject, string? Reference, string? Comment, string SpokeBy, string RecordedBy, string Role);

/// <param name="Contacts">Every contact, newest first (by when it happened).</param>
public sealed record ContactLogView(Guid IncidentId, int Number, int Count, IReadOnlyList<ContactView> Contacts)
{
    public static ContactLogView Of(ContactLogReading log) => new(log.Incident.Id, log.Incident.Number, log.Contacts.Count,
        [.. log.Contacts.Select(c => new ContactView(c.Seq, c.At.ToJst(), c.RecordedAt.ToJst(), c.Contact.Party,
            c.Contact.Direction is { } direction ? Wire.Name(direction) : null, Wire.Name(c.Contact.Channel), Wire.Name(c.Contact.Result),
            c.Contact.Subject, c.Contact.Reference, c.Contact.Comment, c.SpokeBy, c.RecordedBy.Name, c.RecordedBy.Role.Id()))]);
}

/// <summary>
/// The contact log's read side, for its page, the workspace and the API: the record's <c>contact-logged</c> events,
/// read by the (incident, type) index alone, through the caller's filters like every incident query.
/// </summary>
public sealed class ContactLogQueries(SonaeDbContext db, IncidentQueries incidents)
{
    private static readonly string Type = IncidentEventType.ContactLogged.WireName();

    /// <summary>The whole log of the incident named <paramref name="id"/> (its id or number); null when there is no such incident for the caller.</summary>
    public async Task<ContactLogReading?> Log(string id, CancellationToken cancellationToken)
    {
        if (await incidents.Find(id, cancellationToken) is not { } incident)
            return null;
        var contacts = await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, [Type], cancellationToken);
        return new ContactLogReading(incident, ContactEntry.Newest(contacts));
    }

    /// <summary>The last <paramref name="count"/> contacts put on the record, newest first: what the workspace shows of the log.</summary>
    public async Task<IReadOnlyList<ContactEntry>> Latest(Guid incidentId, int count, CancellationToken cancellationToken)
    {
        var bodies = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incidentId && e.Type == Type)
            .OrderByDescending(e => e.Seq).Take(count).Select(e => e.Body).ToListAsync(cancellationToken);
        return ContactEntry.Newest(bodies.Select(EventChain.Parse));
    }
}
