using Microsoft.EntityFrameworkCore;
using Sonae.Data.Access;
using Sonae.Data.Aftercare.Measures;

namespace Sonae.Data;

public abstract partial class SonaeDbContext
{
    /// <summary>The tables of measures and contractor instructions: numbered per hospital, each row in its hospital.</summary>
    private void ConfigureMeasures(ModelBuilder builder)
    {
        builder.Entity<MeasureRow>(measure =>
        {
            measure.ToTable("Measures");
            measure.Property(m => m.Title).HasMaxLength(400);
            measure.Property(m => m.Description).HasMaxLength(8_000);
            measure.Property(m => m.OwnerPersonId).HasMaxLength(200);
            measure.Property(m => m.OwnerName).HasMaxLength(200);
            measure.Property(m => m.Status).HasMaxLength(16);
            measure.Property(m => m.DroppedReason).HasMaxLength(8_000);
            measure.Property(m => m.Finding).HasMaxLength(8_000);
            measure.Property(m => m.CreatedBy).HasMaxLength(200);
            measure.Property(m => m.ChangedBy).HasMaxLength(200);
            measure.Property(m => m.RequestKey).HasMaxLength(400);
            measure.HasIndex(m => new { m.OrganizationId, m.Number }).IsUnique();
            measure.HasIndex(m => new { m.OrganizationId, m.RequestKey }).IsUnique();
            measure.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            measure.HasOne<Incidents.Incident>().WithMany().HasForeignKey(m => m.IncidentId).OnDelete(DeleteBehavior.Restrict);
            measure.HasQueryFilter(TenantFilter, m => m.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<MeasureTrainingRow>(training =>
        {
            training.ToTable("MeasureTrainings");
            training.Property(t => t.Title).HasMaxLength(400);
            training.Property(t => t.Attendees).HasMaxLength(8_000);
            training.Property(t => t.RecordedBy).HasMaxLength(200);
            training.HasIndex(t => t.MeasureId);
            training.HasOne<MeasureRow>().WithMany().HasForeignKey(t => t.MeasureId).OnDelete(DeleteBehavior.Restrict);
            training.HasQueryFilter(TenantFilter, t => t.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<MeasureNoticeRow>(link =>
        {
            link.ToTable("MeasureNotices");
            link.HasKey(l => new { l.MeasureId, l.NoticeId });
            link.HasIndex(l => l.NoticeId);
            link.HasOne<MeasureRow>().WithMany().HasForeignKey(l => l.MeasureId).OnDelete(DeleteBehavior.Restrict);
            link.HasOne<Notices.NoticeRow>().WithMany().HasForeignKey(l => l.NoticeId).OnDelete(DeleteBehavior.Restrict);
            link.HasQueryFilter(TenantFilter, l => l.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<ContractorInstructionRow>(instruction =>
        {
            instruction.ToTable("ContractorInstructions");
            instruction.Property(i => i.VendorPartyId).HasMaxLength(200);
            instruction.Property(i => i.VendorName).HasMaxLength(200);
            instruction.Property(i => i.System).HasMaxLength(200);
            instruction.Property(i => i.Instruction).HasMaxLength(8_000);
            instruction.Property(i => i.Dates).HasMaxLength(400);
            instruction.Property(i => i.AcknowledgedBy).HasMaxLength(200);
            instruction.Property(i => i.CreatedBy).HasMaxLength(200);
            instruction.Property(i => i.ChangedBy).HasMaxLength(200);
            instruction.Property(i => i.EndedBy).HasMaxLength(200);
            instruction.HasIndex(i => new { i.OrganizationId, i.Number }).IsUnique();
            instruction.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            instruction.HasOne<MeasureRow>().WithMany().HasForeignKey(i => i.MeasureId).OnDelete(DeleteBehavior.Restrict);
            instruction.HasQueryFilter(TenantFilter, i => i.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<InstructionCheckRow>(check =>
        {
            check.ToTable("InstructionChecks");
            check.Property(c => c.Found).HasMaxLength(8_000);
            check.Property(c => c.CheckedBy).HasMaxLength(200);
            check.HasIndex(c => c.InstructionId);
            check.HasOne<ContractorInstructionRow>().WithMany().HasForeignKey(c => c.InstructionId).OnDelete(DeleteBehavior.Restrict);
            check.HasQueryFilter(TenantFilter, c => c.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<InstructionLinkRow>(link =>
        {
            link.ToTable("InstructionLinks");
            link.Property(l => l.Prefix).HasMaxLength(32);
            link.Property(l => l.SecretHash).HasMaxLength(64);
            link.Property(l => l.CreatedBy).HasMaxLength(200);
            link.HasIndex(l => l.SecretHash).IsUnique();
            link.HasIndex(l => l.InstructionId);
            link.HasOne<ContractorInstructionRow>().WithMany().HasForeignKey(l => l.InstructionId).OnDelete(DeleteBehavior.Restrict);
            link.HasQueryFilter(TenantFilter, l => l.OrganizationId == CurrentOrganizationId);
        });
    }
}
