using Sonae.Core.Access;
using Sonae.Core.Notices;

namespace Sonae.Core.Incidents;

/// <summary>
/// A notice about the incident went out (a stop-use instruction, a recovery notice, a decision…): what, to how many
/// people. Who received it and who acknowledged it when are kept with the notice (thousands of acknowledgements would
/// drown the record); the final report reads them from there.
/// </summary>
/// <param name="Notice">The notice's id.</param>
/// <param name="Number">The notice's number in the hospital (「お知らせ 12」).</param>
/// <param name="Kind">What kind of notice.</param>
/// <param name="Title">Its title as sent.</param>
/// <param name="Recipients">How many people it went to.</param>
public sealed record NoticeSent(Guid Notice, int Number, NoticeKind Kind, string Title, int Recipients) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.NoticeSent;
}

/// <summary>
/// Someone acknowledged a page about the incident, which stops its escalation: the event's actor is the person who
/// acknowledged (from the people record when they used their link). The page itself was Sonae's, not a person's act,
/// so this event also says when it began and how far it had escalated.
/// </summary>
/// <param name="Notice">The page's id.</param>
/// <param name="Number">The page's number in the hospital.</param>
/// <param name="Reason">What the page was for, as Sonae wrote it (its title).</param>
/// <param name="PagedAt">When the page first went out.</param>
/// <param name="Tier">The tier of the escalation the person belonged to (0: the first called).</param>
/// <param name="Via">How they acknowledged: <c>link</c>, <c>app</c> or <c>phone</c>.</param>
public sealed record PageAcknowledged(Guid Notice, int Number, string Reason, DateTimeOffset PagedAt, int Tier, string Via) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.PageAcknowledged;
}

/// <summary>Put on the record that a notice about the incident went out (the notice is written in the same transaction).</summary>
public sealed record RecordNotice(Guid Notice, int Number, NoticeKind Kind, string Title, int Recipients) : IncidentCommand;

/// <summary>Put on the record that the actor acknowledged a page about the incident.</summary>
public sealed record AcknowledgePage(Guid Notice, int Number, string Reason, DateTimeOffset PagedAt, int Tier, string Via) : IncidentCommand;

/// <summary>The rules of the notices' events on an incident's record.</summary>
public static class IncidentNotices
{
    internal static Decision Decide(IncidentProgress progress, Actor actor, RecordNotice command)
    {
        if (Permissions.ActingRole(actor, Operation.SendNotices) is not { } role)
            return Decision.Refuse(Permissions.Check(actor, Operation.SendNotices)!);
        if (TextRules.Check("title", command.Title, TextLimits.ShortText, required: true) is { } bad)
            return Decision.Refuse(bad);
        // A closed incident still has notices (the recovery notice, the measures); a merged one's go with the incident it joined.
        if (progress.Outcome == IncidentOutcome.Merged)
            return Decision.Refuse(new IncidentIsClosed());
        return Decision.Accept((new EventActor(actor.Id, actor.Name, role), new NoticeSent(command.Notice, command.Number, command.Kind, command.Title.Trim(), command.Recipients)));
    }

    internal static Decision Decide(Actor actor, AcknowledgePage command)
    {
        // Whoever the page reached may acknowledge it (their personal link is the permission), in the first role they hold.
        var role = Roles.All.First(actor.Holds);
        return Decision.Accept((new EventActor(actor.Id, actor.Name, role), new PageAcknowledged(command.Notice, command.Number, command.Reason, command.PagedAt, command.Tier, command.Via)));
    }
}
