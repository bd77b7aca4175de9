using System.Globalization;
using Sonae.Core.Access;
using Sonae.Core.Notices;
using Sonae.Web.Resources;

namespace Sonae.Web.Threats;

/// <summary>
/// "Send as a notice": the notices' compose page, prefilled with a draft about the match (which appliance, which
/// flaw, CISA's due date, whom at the vendor to call) for the vendors' accounts and the security officer. The sender
/// reads it, adds staff or people as needed, and sends it as any notice (<c>SendNotice</c>).
/// </summary>
public static class ThreatNotice
{
    public static string Link(MatchView match, string? vendorContact)
    {
        ArgumentNullException.ThrowIfNull(match);
        var culture = CultureInfo.CurrentUICulture;
        var appliance = string.Join(" ", new[] { match.Maker, match.Matched, match.Version }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (!string.IsNullOrWhiteSpace(vendorContact))
            appliance += $"({vendorContact})";
        var due = match.DueDate is { } day
            ? string.Format(culture, UiTexts.ThreatsNoticeDue, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : UiTexts.ThreatsNoticeNoDue;
        var title = string.Format(culture, UiTexts.ThreatsNoticeTitle, match.TargetName, match.AdvisoryId);
        var body = string.Format(culture, UiTexts.ThreatsNoticeBody, match.TargetName, match.AdvisoryId, match.AdvisoryTitle, appliance, due);
        return $"/notices/new?kind={NoticeKinds.Id(NoticeKind.AdHoc)}&title={Uri.EscapeDataString(title)}&body={Uri.EscapeDataString(body)}"
            + $"&roles={Role.Vendor.Id()}&roles={Role.SecurityOfficer.Id()}";
    }
}
