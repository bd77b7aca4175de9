using Sonae.Core.Access;

namespace Sonae.Core.Preparedness;

/// <summary>Who holds a role of the flowchart, as the people list says, so that a step names its owner before anyone acts.</summary>
public static class RoleHolders
{
    /// <summary>
    /// The people holding <paramref name="role"/>: those in the call tree first, in calling order (the tree says whom
    /// to try first), then the others in the list's order.
    /// </summary>
    public static IReadOnlyList<Person> Of(PeopleDirectory directory, Role role)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in CallTree.Walk(directory))
            order.TryAdd(entry.Person.Id, order.Count);
        return directory.People
            .Where(p => p.Roles.Contains(role))
            .OrderBy(p => order.TryGetValue(p.Id, out var i) ? i : int.MaxValue)
            .ToList();
    }

    /// <summary>The holders of every role, looked up once for a page that names them many times.</summary>
    public static IReadOnlyDictionary<Role, IReadOnlyList<Person>> OfEveryRole(PeopleDirectory directory) =>
        Roles.All.ToDictionary(r => r, r => Of(directory, r));
}
