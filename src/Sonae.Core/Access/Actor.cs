namespace Sonae.Core.Access;

/// <summary>
/// The person (or key) behind a command, with the roles they hold in the organization. Built by the web layer from
/// whatever signed them in; the rules only ever see this.
/// </summary>
public sealed record Actor
{
    /// <summary>An actor with an id, a name for the record and at least one role.</summary>
    public Actor(string id, string name, IReadOnlySet<Role> roles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (roles.Count == 0)
            throw new ArgumentException("An actor holds at least one role.", nameof(roles));
        Id = id;
        Name = name;
        Roles = roles;
    }

    /// <summary>Who they are to Sonae (an account, a key, a demo person), written into every event they cause.</summary>
    public string Id { get; }

    /// <summary>The name the record shows for them.</summary>
    public string Name { get; }

    /// <summary>The roles they hold in the organization; what they may do follows from these (<see cref="Permissions"/>).</summary>
    public IReadOnlySet<Role> Roles { get; }

    /// <summary>Whether they hold <paramref name="role"/>.</summary>
    public bool Holds(Role role) => Roles.Contains(role);
}
