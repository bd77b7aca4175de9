using Sonae.Core.Playbooks;

namespace Sonae.Core.Access;

/// <summary>The four kinds of people who act in the flowchart (docs/architecture.md, "Permissions").</summary>
public enum Role
{
    /// <summary>経営層: the director and the board, who take the decisions only they can take.</summary>
    Management,

    /// <summary>医療情報システム安全管理責任者: runs the response and keeps the hospital ready.</summary>
    SecurityOfficer,

    /// <summary>医療従事者・一般のシステム利用者: notices, reports, stops using systems, works on paper.</summary>
    Staff,

    /// <summary>ベンダ・委託業者: helps with the incidents they are invited to, and sees nothing else.</summary>
    Vendor,
}

/// <summary>The roles' ids, as playbooks, events, keys and the API write them.</summary>
public static class Roles
{
    /// <summary>Every role, in the order lists show them.</summary>
    public static IReadOnlyList<Role> All { get; } = [Role.Management, Role.SecurityOfficer, Role.Staff, Role.Vendor];

    /// <summary>The id used in playbooks, events and the API.</summary>
    public static string Id(this Role role) => role switch
    {
        Role.Management => "management",
        Role.SecurityOfficer => "security-officer",
        Role.Staff => "staff",
        Role.Vendor => "vendor",
    };

    /// <summary>Reads a role's id (<c>security-officer</c>), exactly as written; false for anything else.</summary>
    public static bool TryParse(string? id, out Role role) =>
        WireNames.TryParse(All, c => c.Id(), id, out role);

    /// <summary>Reads a role's id that must be one (from the database or the built-in playbook).</summary>
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
}
