using Sonae.Core.Playbooks;

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

    /// <summary>
    /// The role's name as the MHLW flowchart gives it (「医療情報システム安全管理責任者」; "security officer"), for
    /// sentences and lists: role cards, who did what, who may do it. The one source of the role's names.
    /// </summary>
    public static LocalizedText Name(this Role role) => Bilingual.Format(RoleTexts.ResourceManager, $"Role_{role}");

    /// <summary>
    /// The role's short name (「安全管理責任者」; "Security officer") for a narrow place: a lane of the flowchart, a
    /// spreadsheet cell, the name of a role's key.
    /// </summary>
    public static LocalizedText ShortName(this Role role) => Bilingual.Format(RoleTexts.ResourceManager, $"Short_{role}");

    /// <summary>
    /// The roles that run the response and may record what someone else did on their behalf
    /// (DESIGN.md, section 3): the security officer and management.
    /// </summary>
    public static bool MayActOnBehalf(this Role role) => role is Role.SecurityOfficer or Role.Management;
}
