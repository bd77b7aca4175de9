using Sonae.Core;
using System.Globalization;
using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Core.Notices;
using Sonae.Core.Preparedness;
using Sonae.Web.Resources;

namespace Sonae.Web.Threats;

/// <summary>
/// "Send as a notice": the notices' compose page, prefilled with a draft about the match (which appliance, which
/// flaw, CISA's due date, whom at the vendor to call) for the security officer and the people of the one party that
/// answers for the matched thing — the line's external party, or the vendor of the asset's system. Never the Vendor
/// role: that reaches every vendor of the hospital, and the draft names an unpatched appliance and its flaw. The
/// party's people are those of the people record and the accounts whose e-mail address the party's record (or the
/// line's vendor contact) gives. The sender reads it, adds staff or people as needed, and sends it as any notice.
/// </summary>
public sealed partial class ThreatNotice(PreparednessRecord record, IReadOnlyList<MemberAccount> accounts)
{
    /// <summary>The compose page's address with the draft and its audience.</summary>
    public string Link(MatchView match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var culture = CultureInfo.CurrentUICulture;
        var line = match.IsLine ? record.Network.Lines.FirstOrDefault(l => l.Id == match.TargetId) : null;
        var party = PartyOf(match, line);
        var appliance = string.Join(" ", new[] { match.Maker, match.Matched, match.Version }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var contact = !string.IsNullOrWhiteSpace(line?.VendorContact) ? line.VendorContact : party?.Name;
        if (!string.IsNullOrWhiteSpace(contact))
            appliance += $"({contact})";
        var due = match.DueDate is { } day
            ? string.Format(culture, UiTexts.ThreatsNoticeDue, day.Iso())
            : UiTexts.ThreatsNoticeNoDue;
        var title = string.Format(culture, UiTexts.ThreatsNoticeTitle, match.TargetName, match.AdvisoryId);
        var body = string.Format(culture, UiTexts.ThreatsNoticeBody, match.TargetName, match.AdvisoryId, match.AdvisoryTitle, appliance, due);
        var people = string.Concat(Responsible(party, line).Select(key => "&people=" + Uri.EscapeDataString(key)));
        return $"/notices/new?kind={NoticeKinds.Id(NoticeKind.AdHoc)}&title={Uri.EscapeDataString(title)}&body={Uri.EscapeDataString(body)}"
            + $"&roles={Role.SecurityOfficer.Id()}{people}";
    }

    /// <summary>The party that answers for the matched thing: the line's, or the vendor of the asset's system.</summary>
    private ExternalParty? PartyOf(MatchView match, ExternalLine? line)
    {
        if (line is not null)
            return record.Parties.Find(line.Party);
        var asset = record.Inventory.Assets.FirstOrDefault(a => a.Id == match.TargetId);
        return record.Parties.Find(record.Inventory.FindSystem(asset?.System)?.Vendor);
    }

    /// <summary>The keys (<c>person:</c>, <c>account:</c>) of the party's people: by the e-mail addresses its record gives.</summary>
    private List<string> Responsible(ExternalParty? party, ExternalLine? line)
    {
        var addresses = (party?.Channels ?? []).Where(c => c.Kind == ChannelKind.Email).Select(c => c.Value)
            .Concat(line?.VendorContact is { } contact ? EmailAddress().Matches(contact).Select(m => m.Value) : [])
            .Select(Normalize).ToHashSet(StringComparer.Ordinal);
        if (addresses.Count == 0)
            return [];
        var people = record.People.People
            .Where(p => p.Channels.Any(c => c.Kind == ChannelKind.Email && addresses.Contains(Normalize(c.Value))))
            .Select(Audiences.KeyOf);
        var ofAccounts = accounts.Where(a => a.Email is { } email && addresses.Contains(Normalize(email))).Select(Audiences.KeyOf);
        return people.Concat(ofAccounts).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
