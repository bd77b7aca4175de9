namespace Sonae.Core.Preparedness;

/// <summary>What kind of facility the organization is.</summary>
public enum FacilityKind
{
    Hospital,
    Clinic,
}

/// <summary>
/// Who runs the facility. It decides which privacy rules apply to a leak report: a private operator reports to the
/// privacy commission as any business does; a local government, a local independent administrative agency and the
/// national agencies also answer to their own supervising bodies (research: japan-regulatory.md, 1.6).
/// </summary>
public enum Operator
{
    Private,
    LocalGovernment,
    LocalIndependentAdministrativeAgency,
    NationalOrIndependentAdministrativeAgency,
}

/// <summary>The organization's own description: the cover of the binder and the base of the reports.</summary>
/// <param name="LargeOrRegional">
/// Large or important to its region (a disaster base hospital, an advanced treatment hospital): a CISO and a CSIRT
/// are then expected, and readiness says when they are missing.
/// </param>
public sealed record OrganizationProfile(
    string Name,
    FacilityKind Kind,
    int? Beds,
    Operator Operator,
    bool LargeOrRegional,
    string? Address = null,
    string? MainPhone = null);
