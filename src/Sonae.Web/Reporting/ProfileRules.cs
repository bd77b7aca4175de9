using Microsoft.EntityFrameworkCore;
using Sonae.Core.Preparedness;
using Sonae.Core.Reporting;
using Sonae.Data;
using Sonae.Data.Preparedness;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Reporting;

/// <summary>
/// The reporting rules of the organization's profile: its preliminary period and how it counts days. Each incident
/// fixes the profile's rules on its opening event (<see cref="Current"/>), so that a later change of the profile moves
/// no running clock. An incident opened before Sonae did that counts by the profile as it was when the incident was
/// opened (<see cref="At"/>: the profile's versions are kept with their times), which is what its clocks said then.
/// </summary>
public static class ProfileRules
{
    /// <summary>The rules of the profile's newest version (the defaults until the hospital saves a profile).</summary>
    public static Task<ReportingRules> Current(SonaeDbContext db, CancellationToken cancellationToken) =>
        Read(db.PreparednessRevisions.AsNoTracking(), cancellationToken);

    /// <summary>The rules of the newest version of the profile saved by <paramref name="at"/> (the defaults when there was none yet).</summary>
    public static Task<ReportingRules> At(SonaeDbContext db, DateTimeOffset at, CancellationToken cancellationToken) =>
        Read(db.PreparednessRevisions.AsNoTracking().Where(r => r.ChangedAt <= at), cancellationToken);

    private static async Task<ReportingRules> Read(IQueryable<PreparednessRevision> revisions, CancellationToken cancellationToken)
    {
        var content = await revisions.Where(r => r.Section == PreparednessSection.Profile.Id())
            .OrderByDescending(r => r.Version).Select(r => r.Content).FirstOrDefaultAsync(cancellationToken);
        return content is null ? ReportingRules.Default
            : ((OrganizationProfile)PreparednessSections.Deserialize(PreparednessSection.Profile, content)).ReportingRules;
    }
}
