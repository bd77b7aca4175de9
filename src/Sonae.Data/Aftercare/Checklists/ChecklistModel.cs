using Microsoft.EntityFrameworkCore;
using Sonae.Data.Access;
using Sonae.Data.Aftercare.Checklists;

namespace Sonae.Data;

public abstract partial class SonaeDbContext
{
    /// <summary>Uploaded editions of the ministry's checklist.</summary>
    public DbSet<ChecklistEditionRow> ChecklistEditions => Set<ChecklistEditionRow>();

    /// <summary>The hospital's corrections and additions to editions' items.</summary>
    public DbSet<ChecklistCorrectionRow> ChecklistCorrections => Set<ChecklistCorrectionRow>();

    /// <summary>Yearly checklists, the hospital's and the vendors'.</summary>
    public DbSet<ChecklistRow> Checklists => Set<ChecklistRow>();

    public DbSet<ChecklistAnswerRow> ChecklistAnswers => Set<ChecklistAnswerRow>();

    /// <summary>Links through which vendors fill in their forms.</summary>
    public DbSet<ChecklistVendorLinkRow> ChecklistVendorLinks => Set<ChecklistVendorLinkRow>();

    private void ConfigureChecklists(ModelBuilder builder)
    {
        builder.Entity<ChecklistEditionRow>(edition =>
        {
            edition.ToTable("ChecklistEditions");
            edition.Property(e => e.Key).HasMaxLength(7);
            edition.Property(e => e.File).HasMaxLength(600_000);
            edition.Property(e => e.UploadedBy).HasMaxLength(200);
            edition.HasIndex(e => new { e.OrganizationId, e.Key }).IsUnique();
            edition.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            edition.HasQueryFilter(TenantFilter, e => e.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<ChecklistCorrectionRow>(correction =>
        {
            correction.ToTable("ChecklistCorrections");
            correction.Property(c => c.EditionKey).HasMaxLength(7);
            correction.Property(c => c.ItemId).HasMaxLength(80);
            correction.Property(c => c.Number).HasMaxLength(20);
            correction.Property(c => c.TextJa).HasMaxLength(1_000);
            correction.Property(c => c.TextEn).HasMaxLength(1_000);
            correction.Property(c => c.Forms).HasMaxLength(40);
            correction.Property(c => c.Target).HasMaxLength(16);
            correction.Property(c => c.Reason).HasMaxLength(1_000);
            correction.Property(c => c.By).HasMaxLength(200);
            correction.HasIndex(c => new { c.OrganizationId, c.EditionKey, c.At });
            correction.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            correction.HasQueryFilter(TenantFilter, c => c.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<ChecklistRow>(checklist =>
        {
            checklist.ToTable("Checklists");
            checklist.Property(c => c.Form).HasMaxLength(16);
            checklist.Property(c => c.EditionKey).HasMaxLength(7);
            checklist.Property(c => c.Items).HasMaxLength(600_000);
            checklist.Property(c => c.VendorId).HasMaxLength(200);
            checklist.Property(c => c.VendorName).HasMaxLength(200);
            checklist.Property(c => c.SystemName).HasMaxLength(200);
            checklist.Property(c => c.Slot).HasMaxLength(500);
            checklist.Property(c => c.CreatedBy).HasMaxLength(200);
            checklist.Property(c => c.ReturnedBy).HasMaxLength(200);
            // One hospital form a year, one vendor form per vendor and system a year, whoever asks twice at once.
            checklist.HasIndex(c => new { c.OrganizationId, c.FiscalYear, c.Slot }).IsUnique();
            checklist.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            checklist.HasQueryFilter(TenantFilter, c => c.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<ChecklistAnswerRow>(answer =>
        {
            answer.ToTable("ChecklistAnswers");
            answer.HasKey(a => new { a.ChecklistId, a.ItemId });
            answer.Property(a => a.ItemId).HasMaxLength(80);
            answer.Property(a => a.Note).HasMaxLength(1_000);
            answer.Property(a => a.AnsweredBy).HasMaxLength(200);
            answer.HasOne<ChecklistRow>().WithMany().HasForeignKey(a => a.ChecklistId).OnDelete(DeleteBehavior.Restrict);
            answer.HasQueryFilter(TenantFilter, a => a.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<ChecklistVendorLinkRow>(link =>
        {
            link.ToTable("ChecklistVendorLinks");
            link.Property(l => l.InvitedName).HasMaxLength(200);
            link.Property(l => l.Prefix).HasMaxLength(32);
            link.Property(l => l.SecretHash).HasMaxLength(64);
            link.Property(l => l.CreatedBy).HasMaxLength(200);
            link.Property(l => l.UsedBy).HasMaxLength(200);
            // A link's secret names its form in every organization: found before the organization is known.
            link.HasIndex(l => l.SecretHash).IsUnique();
            link.HasIndex(l => l.ChecklistId);
            link.HasOne<ChecklistRow>().WithMany().HasForeignKey(l => l.ChecklistId).OnDelete(DeleteBehavior.Restrict);
            link.HasQueryFilter(TenantFilter, l => l.OrganizationId == CurrentOrganizationId);
        });
    }
}
