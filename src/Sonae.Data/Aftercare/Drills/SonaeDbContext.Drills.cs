using Microsoft.EntityFrameworkCore;
using Sonae.Data.Aftercare.Drills;
using Sonae.Data.Incidents;

namespace Sonae.Data;

public abstract partial class SonaeDbContext
{
    private void ConfigureDrills(ModelBuilder builder)
    {
        builder.Entity<DrillRunRow>(run =>
        {
            run.ToTable("DrillRuns");
            run.Property(r => r.ScenarioId).HasMaxLength(64);
            run.Property(r => r.Mode).HasMaxLength(16);
            run.Property(r => r.Participants).HasMaxLength(40_000);
            run.Property(r => r.FacilitatorId).HasMaxLength(200);
            run.Property(r => r.FacilitatorName).HasMaxLength(200);
            run.HasIndex(r => r.IncidentId).IsUnique();
            run.HasIndex(r => new { r.OrganizationId, r.Number });
            run.HasOne<Incident>().WithMany().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Restrict);
            run.HasQueryFilter(TenantFilter, r => r.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<DrillInjectRow>(inject =>
        {
            inject.ToTable("DrillInjects");
            inject.Property(i => i.InjectId).HasMaxLength(32);
            inject.Property(i => i.State).HasMaxLength(16);
            inject.Property(i => i.By).HasMaxLength(200);
            inject.Property(i => i.Decision).HasMaxLength(4_000);
            // Once only: two servers delivering the same inject cannot both save it.
            inject.HasIndex(i => new { i.DrillId, i.InjectId }).IsUnique();
            inject.HasOne<DrillRunRow>().WithMany().HasForeignKey(i => i.DrillId).OnDelete(DeleteBehavior.Restrict);
            inject.HasQueryFilter(TenantFilter, i => i.OrganizationId == CurrentOrganizationId);
        });
    }
}
