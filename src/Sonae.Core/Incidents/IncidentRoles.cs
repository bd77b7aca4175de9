using Sonae.Core.Access;

namespace Sonae.Core.Incidents;

/// <summary>A person as an incident's record names them in a role of the response (the commander, the scribe).</summary>
/// <param name="Name">Their name as the record shows it.</param>
/// <param name="Role">The role of the hospital they hold it in (a commander leads as the security officer or management).</param>
/// <param name="Actor">Their actor id (<c>account:…</c>, <c>key:…</c>) when Sonae knows them by a sign-in: then the pages recognise them.</param>
/// <param name="Person">Their id in the people directory of the preparedness record, when they were chosen from it.</param>
public sealed record IncidentPerson(string Name, Role Role, string? Actor = null, string? Person = null);

/// <summary>Who holds a role of the response now, and since which event of the record.</summary>
/// <param name="Person">Who.</param>
/// <param name="Seq">The sequence number of the event that gave them the role.</param>
/// <param name="Since">That event's time.</param>
public sealed record Appointment(IncidentPerson Person, long Seq, DateTimeOffset Since);

/// <summary>
/// Someone took command of the incident (指揮を執った): the event's actor is the new commander, in the role they acted
/// in. Taken from someone else, <paramref name="From"/> says whom.
/// </summary>
/// <param name="From">The commander until now; absent when nobody had command.</param>
/// <param name="Note">Why, or what the new commander said, if anything.</param>
public sealed record CommandTaken(IncidentPerson? From, string? Note) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.CommandTaken;
}

/// <summary>
/// The commander handed command over (指揮を引き継いだ): <paramref name="To"/> is the commander from this event on, with
/// no acceptance asked of them (docs/record-format.md); the note is what they were told.
/// </summary>
/// <param name="To">The next commander.</param>
/// <param name="Note">The handover note: what is known, what is pending.</param>
public sealed record CommandHandedOver(IncidentPerson To, string Note) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.CommandHandedOver;
}

/// <summary>The commander named the scribe (記録係) who records at their side; a later naming replaces them.</summary>
/// <param name="Scribe">The scribe: always someone who signs in to Sonae (<see cref="IncidentPerson.Actor"/> given).</param>
public sealed record ScribeNamed(IncidentPerson Scribe) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.ScribeNamed;
}

/// <summary>The person named to command holds neither role that leads a response (the security officer, management).</summary>
/// <param name="Name">The person named.</param>
/// <param name="Roles">The roles they hold.</param>
public sealed record MayNotLead(string Name, IReadOnlyList<Role> Roles) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>The person named scribe is not of the hospital (a vendor): the scribe records the hospital's response.</summary>
/// <param name="Name">The person named.</param>
public sealed record MayNotScribe(string Name) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>The commander named themselves as the next commander.</summary>
public sealed record HandOverToSelf : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>The commander named themselves scribe: the scribe is a second person at their side.</summary>
public sealed record ScribeIsCommander : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Invalid;
}

/// <summary>Nobody has command of the incident: someone takes command before handing it over or naming a scribe.</summary>
public sealed record NoCommander : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>Only the commander hands command over or names the scribe; this names who has command.</summary>
/// <param name="Commander">The commander.</param>
public sealed record NotTheCommander(IncidentPerson Commander) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>The caller has command already.</summary>
/// <param name="Since">When they took it, or were handed it.</param>
public sealed record AlreadyInCommand(DateTimeOffset Since) : Refusal
{
    /// <inheritdoc/>
    public override RefusalKind Kind => RefusalKind.Conflict;
}

/// <summary>
/// The roles of an incident's response, a smaller version of the incident command system: one commander (指揮者), who
/// leads the response and may hand it over, and the scribe (記録係) the commander names, who records at their side.
/// Who may lead is <see cref="Operation.LeadResponse"/> (the security officer and management). Holding either role
/// gives no permission beyond the person's own role: it says who leads, and, for the scribe, on whose behalf the
/// pages record by default (<see cref="RecordsFor"/>).
/// </summary>
public static class IncidentRoles
{
    /// <summary>The roles a scribe may hold, in the order the record names the one they are named in.</summary>
    private static readonly Role[] ScribeRoles = [Role.SecurityOfficer, Role.Management, Role.Staff];

    /// <summary>Whether someone holding <paramref name="roles"/> may be named to command (for the choices a page offers).</summary>
    public static bool MayLead(IReadOnlyCollection<Role> roles) => FirstHeld(Permissions.RolesFor(Operation.LeadResponse), [.. roles]) is not null;

    /// <summary>Whether someone holding <paramref name="roles"/> may be named scribe: anyone of the hospital, not a vendor.</summary>
    public static bool MayBeScribe(IReadOnlyCollection<Role> roles) => FirstHeld(ScribeRoles, [.. roles]) is not null;

    /// <summary>Whether <paramref name="actor"/> is the incident's commander (recognised by their sign-in).</summary>
    public static bool IsCommander(IncidentProgress progress, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(actor);
        return Is(progress.Commander, actor);
    }

    /// <summary>Whether <paramref name="actor"/> is the incident's named scribe.</summary>
    public static bool IsScribe(IncidentProgress progress, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(actor);
        return Is(progress.Scribe, actor);
    }

    /// <summary>
    /// On whose behalf <paramref name="actor"/> records by default: the commander's name when they are the scribe of an
    /// incident with a commander, else null (they record as themselves). A default only: the scribe may clear it.
    /// </summary>
    public static string? RecordsFor(IncidentProgress progress, Actor actor) =>
        IsScribe(progress, actor) && progress.Commander is { } commander && !IsCommander(progress, actor) ? commander.Person.Name : null;

    /// <summary>Whether <paramref name="actor"/> may take command now: one who may lead, of an open incident they do not command.</summary>
    public static bool MayTakeCommand(Actor actor, IncidentProgress progress) =>
        actor.May(Operation.LeadResponse) && progress.Status == IncidentStatus.Open && !IsCommander(progress, actor);

    /// <summary>Whether <paramref name="actor"/> may hand command over and name the scribe now: the commander of an open incident.</summary>
    public static bool MayDirect(Actor actor, IncidentProgress progress) =>
        actor.May(Operation.LeadResponse) && progress.Status == IncidentStatus.Open && IsCommander(progress, actor);

    internal static Decision Decide(IncidentProgress progress, Actor actor, TakeCommand command)
    {
        if (Permissions.ActingRole(actor, Operation.LeadResponse) is not { } role)
            return Decision.Refuse(Permissions.Check(actor, Operation.LeadResponse)!);
        if (TextRules.Check("note", command.Note, TextLimits.LongText) is { } bad)
            return Decision.Refuse(bad);
        if (progress.Status == IncidentStatus.Closed)
            return Decision.Refuse(new IncidentIsClosed());
        if (IsCommander(progress, actor))
            return Decision.Refuse(new AlreadyInCommand(progress.Commander!.Since));
        return Decision.Accept((new EventActor(actor.Id, actor.Name, role), new CommandTaken(progress.Commander?.Person, IncidentRules.Trimmed(command.Note))));
    }

    internal static Decision Decide(IncidentProgress progress, Actor actor, HandOverCommand command)
    {
        if (Permissions.ActingRole(actor, Operation.LeadResponse) is not { } role)
            return Decision.Refuse(Permissions.Check(actor, Operation.LeadResponse)!);
        var to = command.To;
        if ((CheckNominee(to) ?? TextRules.Check("note", command.Note, TextLimits.LongText, required: true)) is { } bad)
            return Decision.Refuse(bad);
        if (FirstHeld(Permissions.RolesFor(Operation.LeadResponse), to.Roles) is not { } leading)
            return Decision.Refuse(new MayNotLead(to.Name.Trim(), to.Roles));
        if (to.Actor is not null && string.Equals(to.Actor, actor.Id, StringComparison.Ordinal))
            return Decision.Refuse(new HandOverToSelf());
        if (Directing(progress, actor) is { } refusal)
            return Decision.Refuse(refusal);
        var next = new IncidentPerson(to.Name.Trim(), leading, to.Actor, IncidentRules.Trimmed(to.Person));
        return Decision.Accept((new EventActor(actor.Id, actor.Name, role), new CommandHandedOver(next, command.Note.Trim())));
    }

    internal static Decision Decide(IncidentProgress progress, Actor actor, NameScribe command)
    {
        if (Permissions.ActingRole(actor, Operation.LeadResponse) is not { } role)
            return Decision.Refuse(Permissions.Check(actor, Operation.LeadResponse)!);
        var scribe = command.Scribe;
        if (CheckNominee(scribe) is { } bad)
            return Decision.Refuse(bad);
        // The scribe records in Sonae under their own sign-in: a name alone could never be recognised there.
        if (string.IsNullOrWhiteSpace(scribe.Actor))
            return Decision.Refuse(new FieldRefused("account", FieldProblem.Required));
        if (FirstHeld(ScribeRoles, scribe.Roles) is not { } held)
            return Decision.Refuse(new MayNotScribe(scribe.Name.Trim()));
        if (string.Equals(scribe.Actor, actor.Id, StringComparison.Ordinal))
            return Decision.Refuse(new ScribeIsCommander());
        if (Directing(progress, actor) is { } refusal)
            return Decision.Refuse(refusal);
        // Naming the scribe already named records nothing.
        if (progress.Scribe?.Person.Actor == scribe.Actor)
            return Decision.Accept();
        var named = new IncidentPerson(scribe.Name.Trim(), held, scribe.Actor, IncidentRules.Trimmed(scribe.Person));
        return Decision.Accept((new EventActor(actor.Id, actor.Name, role), new ScribeNamed(named)));
    }

    /// <summary>The state after a role event: the projection's part of <see cref="IncidentProgress.Apply(EventData, EventActor, long, DateTimeOffset)"/>.</summary>
    internal static IncidentProgress Apply(IncidentProgress progress, EventData data, EventActor actor, long seq, DateTimeOffset at)
    {
        var (commander, scribe) = data switch
        {
            CommandTaken => (new Appointment(new IncidentPerson(actor.Name, actor.Role, actor.Id), seq, at), progress.Scribe),
            CommandHandedOver handedOver => (new Appointment(handedOver.To, seq, at), progress.Scribe),
            ScribeNamed named => (progress.Commander, new Appointment(named.Scribe, seq, at)),
            _ => throw new ArgumentException($"{data.Type.WireName()} is no role event.", nameof(data)),
        };
        // A scribe who becomes the commander is no longer anyone's scribe.
        if (scribe is not null && commander?.Person.Actor is { } id && string.Equals(scribe.Person.Actor, id, StringComparison.Ordinal))
            scribe = null;
        return progress with { Commander = commander, Scribe = scribe };
    }

    /// <summary>Whether the caller directs the response: an open incident that has a commander, and the caller is them.</summary>
    private static Refusal? Directing(IncidentProgress progress, Actor actor) =>
        progress.Status == IncidentStatus.Closed ? new IncidentIsClosed()
        : progress.Commander is not { } commander ? new NoCommander()
        : !Is(commander, actor) ? new NotTheCommander(commander.Person)
        : null;

    private static FieldRefused? CheckNominee(Nominee nominee) =>
        TextRules.Check("name", nominee.Name, TextLimits.ShortText, required: true)
        ?? TextRules.Check("account", nominee.Actor, TextLimits.ShortText)
        ?? TextRules.Check("person", nominee.Person, TextLimits.ShortText);

    private static Role? FirstHeld(IEnumerable<Role> order, IReadOnlyList<Role>? held) =>
        held is null ? null : order.Where(held.Contains).Select(r => (Role?)r).FirstOrDefault();

    private static bool Is(Appointment? appointment, Actor actor) =>
        appointment?.Person.Actor is { } id && string.Equals(id, actor.Id, StringComparison.Ordinal);
}
