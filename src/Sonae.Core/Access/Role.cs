namespace Sonae.Core.Access;

/// <summary>The four kinds of people who act in the flowchart (DESIGN.md, section 1).</summary>
public enum Role
{
    Management,
    SecurityOfficer,
    Staff,
    Vendor,
}

public static class Roles
{
    public static IReadOnlyList<Role> All { get; } = [Role.Management, Role.SecurityOfficer, Role.Staff, Role.Vendor];

    /// <summary>The id used in playbooks, events and the API.</summary>
    public static string Id(this Role role) => role switch
    {
        Role.Management => "management",
        Role.SecurityOfficer => "security-officer",
        Role.Staff => "staff",
        Role.Vendor => "vendor",
    };

    public static bool TryParse(string? id, out Role role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Id(), id, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static Role Parse(string id) =>
        TryParse(id, out var role) ? role : throw new ArgumentException($"'{id}' is not a role.", nameof(id));
}
