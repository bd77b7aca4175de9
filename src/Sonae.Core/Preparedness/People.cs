using Sonae.Core.Access;

namespace Sonae.Core.Preparedness;

/// <summary>A way to reach a person or a party.</summary>
public enum ChannelKind
{
    /// <summary>The hospital's own PHS handset: works only inside the hospital.</summary>
    Phs,

    /// <summary>An extension of the hospital's switchboard: inside only.</summary>
    Extension,

    /// <summary>A mobile phone.</summary>
    Mobile,

    /// <summary>A home phone.</summary>
    Home,

    /// <summary>An office line from outside (a vendor's or an authority's number).</summary>
    Office,

    /// <summary>A line answered around the clock.</summary>
    Hotline24h,

    /// <summary>Fax.</summary>
    Fax,

    /// <summary>E-mail: needs the network.</summary>
    Email,

    /// <summary>Chat: needs the network.</summary>
    Chat,

    /// <summary>A web form: needs the network.</summary>
    WebForm,
}

/// <summary>What a way to reach someone is worth when the hospital's systems are down.</summary>
public static class ChannelKinds
{
    /// <summary>Reaches the person only while they are inside the hospital.</summary>
    public static bool IsInsideOnly(this ChannelKind kind) => kind is ChannelKind.Phs or ChannelKind.Extension;

    /// <summary>
    /// Goes through networks that a cyber attack may take down with the rest (the hospital's mail, chat, a web
    /// form): no use as the only way to call someone in.
    /// </summary>
    public static bool NeedsNetwork(this ChannelKind kind) => kind is ChannelKind.Email or ChannelKind.Chat or ChannelKind.WebForm;

    /// <summary>A line one phones (not e-mail, chat, a web form or a fax): what staff can be told to call.</summary>
    public static bool IsPhone(this ChannelKind kind) => !kind.NeedsNetwork() && kind != ChannelKind.Fax;

    /// <summary>A voice line that rings from outside the hospital.</summary>
    public static bool RingsFromOutside(this ChannelKind kind) =>
        kind is ChannelKind.Mobile or ChannelKind.Home or ChannelKind.Office or ChannelKind.Hotline24h;
}

/// <summary>One way to reach someone, in the order they should be tried.</summary>
/// <param name="Note">When it works, or for whom (「平日 9-17 時」).</param>
/// <param name="Kind">What kind of line or address.</param>
/// <param name="Value">The number or address.</param>
public sealed record Channel(ChannelKind Kind, string Value, string? Note = null);

/// <summary>
/// Someone the response depends on: who holds which role of the flowchart, whom to call in their place, and how to
/// reach them in priority order.
/// </summary>
/// <param name="Id">A short id the hospital chooses (its staff number, or <c>p-001</c>).</param>
/// <param name="Deputy">The person who acts when this one cannot be reached.</param>
/// <param name="Ciso">The chief information security officer.</param>
/// <param name="Csirt">A member of the hospital's CSIRT.</param>
/// <param name="DepartmentHead">
/// The head of their department (所属長): told who in the department has not acknowledged a notice when the sender
/// escalates it.
/// </param>
/// <param name="Name">Their name.</param>
/// <param name="Department">Their department.</param>
/// <param name="Position">Their position.</param>
/// <param name="Roles">The roles of the flowchart they hold.</param>
/// <param name="Channels">Ways to reach them, in priority order.</param>
public sealed record Person(
    string Id,
    string Name,
    string? Department,
    string? Position,
    IReadOnlyList<Role> Roles,
    string? Deputy,
    IReadOnlyList<Channel> Channels,
    bool Ciso = false,
    bool Csirt = false,
    bool DepartmentHead = false)
{
    /// <summary>
    /// A key person: the response stalls without them, so they need a deputy and a way to be called in from home.
    /// </summary>
    public bool IsKey => Ciso || Roles.Contains(Role.SecurityOfficer) || Roles.Contains(Role.Management);
}

/// <summary>One call of the emergency call tree: the caller rings the callee, in this order among their calls.</summary>
public sealed record CallLink(string Caller, string Callee, int Order);

/// <summary>The people of the hospital and the order in which they call each other when something happens.</summary>
/// <param name="CallTreeRoot">The first person told (usually the security officer), who starts the calls.</param>
/// <param name="People">Everyone the response may call on.</param>
/// <param name="Departments">The departments, in the order the hospital lists them.</param>
/// <param name="CallTree">Who calls whom.</param>
public sealed record PeopleDirectory(
    IReadOnlyList<Person> People,
    IReadOnlyList<string> Departments,
    string? CallTreeRoot,
    IReadOnlyList<CallLink> CallTree)
{
    /// <summary>A directory with nobody in it.</summary>
    public static PeopleDirectory Empty { get; } = new([], [], null, []);

    /// <summary>The person with this id, if any.</summary>
    public Person? Find(string? id) => id is null ? null : People.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    /// <summary>Whom to call in this person's place: their deputy, when one is named, listed, and not themselves.</summary>
    public Person? DeputyOf(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Names(person.Deputy, person) ? null : Find(person.Deputy);
    }

    /// <summary>Whether a person names no deputy (or only themselves).</summary>
    public static bool NamesNoDeputy(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Names(person.Deputy, person);
    }

    private static bool Names(string? deputy, Person person) => deputy is null || string.Equals(deputy, person.Id, StringComparison.Ordinal);
}
