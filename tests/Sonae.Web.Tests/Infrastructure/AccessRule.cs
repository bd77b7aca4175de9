using Sonae.Core.Access;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>Who may reach an endpoint or a page: the expectations of the authorization matrix tests, written apart from the app's own rules.</summary>
public enum AccessRule
{
    /// <summary>No key or session needed (health, setup, the sign-in steps, links that carry their own secret).</summary>
    Anyone,

    /// <summary>Any role of the hospital; the page or the rules refuse finer.</summary>
    SignedIn,

    /// <summary>Everyone of the hospital but vendors (preparedness, reporting).</summary>
    InsideHospital,

    /// <summary>Those who keep evidence: the security officer, vendors, management.</summary>
    EvidenceKeepers,

    /// <summary>The security officer and management.</summary>
    Leaders,

    Management,

    /// <summary>Vendors' own page.</summary>
    Vendors,

    /// <summary>Only someone signed in with their own account (no role key).</summary>
    Accounts,

    /// <summary>Any role reaches the endpoint; the rules decide per command which role may (a 403 from them is right).</summary>
    ByTheRules,

    /// <summary>Vendors are refused at the door; the rules decide for the others.</summary>
    InsideThenRules,

    /// <summary>Only a monitoring source's alert token: no role key passes (401, as without a key).</summary>
    AlertToken,
}

public static class AccessRules
{
    public static IReadOnlyList<Role> AllRoles { get; } = [Role.Staff, Role.SecurityOfficer, Role.Management, Role.Vendor];

    /// <summary>Whether a role's key passes the door of an endpoint with this rule.</summary>
    public static bool Allows(this AccessRule rule, Role role) => rule switch
    {
        AccessRule.Anyone or AccessRule.SignedIn or AccessRule.ByTheRules => true,
        AccessRule.InsideHospital or AccessRule.InsideThenRules => role != Role.Vendor,
        AccessRule.EvidenceKeepers => role != Role.Staff,
        AccessRule.Leaders => role is Role.SecurityOfficer or Role.Management,
        AccessRule.Management => role == Role.Management,
        AccessRule.Vendors => role == Role.Vendor,
        AccessRule.Accounts or AccessRule.AlertToken => false,
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}
