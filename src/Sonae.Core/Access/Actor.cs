namespace Sonae.Core.Access;

/// <summary>
/// The person (or key) behind a command, with the roles they hold in the organization. Built by the web layer from
/// whatever signed them in; the rules only ever see this.
/// </summary>
public sealed record Actor
{
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

    public string Id { get; }

    public string Name { get; }

    public IReadOnlySet<Role> Roles { get; }

    public bool Holds(Role role) => Roles.Contains(role);
}
