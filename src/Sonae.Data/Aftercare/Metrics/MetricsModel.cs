using Microsoft.EntityFrameworkCore;
using Sonae.Data.Aftercare.Metrics;
using Sonae.Data.Access;
using Sonae.Data.Incidents;

namespace Sonae.Data;

public abstract partial class SonaeDbContext
{
    /// <summary>The after-action reports' findings: each in its hospital, tied to its incident, once per request id.</summary>
    private void ConfigureMetrics(ModelBuilder builder)
    {
        builder.Entity<AfterActionFindingRow>(finding =>
        {
            finding.ToTable("AfterActionFindings");
            finding.Property(f => f.Text).HasMaxLength(2_000);
            finding.Property(f => f.AddedBy).HasMaxLength(200);
            finding.Property(f => f.AddedByName).HasMaxLength(200);
            finding.HasIndex(f => new { f.IncidentId, f.AddedAt });
            finding.HasIndex(f => new { f.OrganizationId, f.RequestId }).IsUnique();
            finding.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            finding.HasOne<Incident>().WithMany().HasForeignKey(f => f.IncidentId).OnDelete(DeleteBehavior.Restrict);
            finding.HasQueryFilter(TenantFilter, f => f.OrganizationId == CurrentOrganizationId);
            finding.HasQueryFilter(InvitedFilter, f => AllIncidentsVisible || VisibleIncidentIds.Contains(f.IncidentId));
        });
    }
}
