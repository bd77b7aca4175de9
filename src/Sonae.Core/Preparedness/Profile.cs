namespace Sonae.Core.Preparedness;

/// <summary>What kind of facility the organization is.</summary>
public enum FacilityKind
{
    /// <summary>A hospital (病院: 20 beds or more).</summary>
    Hospital,

    /// <summary>A clinic (診療所).</summary>
    Clinic,
}

/// <summary>
/// Who runs the facility. It decides which privacy rules apply to a leak report: a private operator reports to the
/// privacy commission as any business does; a local government, a local independent administrative agency and the
/// national agencies also answer to their own supervising bodies.
/// </summary>
public enum Operator
{
    /// <summary>A private operator (a medical corporation, an individual).</summary>
    Private,

    /// <summary>A prefecture or a municipality.</summary>
    LocalGovernment,

    /// <summary>A local independent administrative agency.</summary>
    LocalIndependentAdministrativeAgency,

    /// <summary>The state or a national independent administrative agency.</summary>
    NationalOrIndependentAdministrativeAgency,
}

/// <summary>The organization's own description: the cover of the binder and the base of the reports.</summary>
/// <param name="DocumentDates">How its documents write dates (和暦 or 西暦).</param>
/// <param name="PreliminaryReportDays">
/// Days it gives itself for the privacy commission's preliminary report, 3 to 5 (the guideline's 「概ね3〜5日以内」).
/// </param>
/// <param name="CountFirstDay">
/// Count the day of awareness as day 1 (an earlier deadline) instead of the civil code's rule, which starts on the
/// next day; the guideline does not settle its counting, so the organization chooses.
/// </param>
/// <param name="LargeOrRegional">
/// Large or important to its region (a disaster base hospital, an advanced treatment hospital): a CISO and a CSIRT
/// are then expected, and readiness says when they are missing.
/// </param>
/// <param name="Name">The organization's name as it signs its documents.</param>
/// <param name="Kind">Hospital or clinic.</param>
/// <param name="Beds">Its number of beds.</param>
/// <param name="Operator">Who runs it.</param>
/// <param name="Address">Its address, for the binder and the reports.</param>
/// <param name="MainPhone">Its main telephone number.</param>
/// <param name="ConfirmWithinMinutes">
/// How long a report may wait for the security officer's confirmation before every screen shows it overdue and
/// calls on the officer's deputy (1 to 240 minutes; 10 unless set).
/// </param>
/// <param name="PageOfficerEveryMinutes">
/// How long a page for the security officer waits for an acknowledgement before it calls the next person of the chain
/// (the deputy, then the next): 1 to 60 minutes, 5 unless set.
/// </param>
/// <param name="PageManagementEveryMinutes">The same for a page for management: 10 unless set.</param>
/// <param name="Representative">
/// Who represents the organization, with their title (「理事長 山田 太郎」, 「病院事業管理者 …」): the privacy
/// commission's report names the reporter as 「事業者の名称・住所・代表者」. Null until the profile says.
/// </param>
/// <param name="UpdateEveryMinutes">
/// How often those who lead a response post a status update for management and the others waiting for it
/// (10 to 1440 minutes; 60 unless set): the first is due this long after an incident opens, and an update's form
/// offers the next this long after it.
/// </param>
public sealed record OrganizationProfile(
    string Name,
    FacilityKind Kind,
    int? Beds,
    Operator Operator,
    bool LargeOrRegional,
    string? Address = null,
    string? MainPhone = null,
    Sonae.Core.Reporting.DocumentDates DocumentDates = Sonae.Core.Reporting.DocumentDates.Western,
    int PreliminaryReportDays = 3,
    bool CountFirstDay = false,
    int ConfirmWithinMinutes = 10,
    string? Representative = null,
    int PageOfficerEveryMinutes = 5,
    int PageManagementEveryMinutes = 10,
    int UpdateEveryMinutes = Sonae.Core.Incidents.StatusUpdates.DefaultEveryMinutes)
{
    /// <summary>The longest wait between two tiers of a page that this organization allows.</summary>
    public const int MaxPageEveryMinutes = 60;

    /// <summary>The longest a report may wait for confirmation that this organization allows.</summary>
    public const int MaxConfirmWithinMinutes = 240;

    /// <summary>How long a report may wait for the officer's confirmation.</summary>
    public TimeSpan ConfirmationLimit => TimeSpan.FromMinutes(Math.Clamp(ConfirmWithinMinutes, 1, MaxConfirmWithinMinutes));

    /// <summary>How often status updates are due.</summary>
    public TimeSpan UpdateRhythm => Sonae.Core.Incidents.StatusUpdates.Rhythm(UpdateEveryMinutes);

    /// <summary>The rules of the privacy commission's clocks this organization keeps.</summary>
    public Sonae.Core.Reporting.ReportingRules ReportingRules =>
        new(Math.Clamp(PreliminaryReportDays, 1, 5), CountFirstDay ? Sonae.Core.Reporting.DayCount.IncludingFirstDay : Sonae.Core.Reporting.DayCount.FromNextDay);
}
