using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Sonae.Data.Access;
using Sonae.Data.Incidents;
using Sonae.Data.Playbooks;
using Sonae.Data.Preparedness;
using Sonae.Data.Reporting;
using Sonae.Data.Audit;

namespace Sonae.Data;

/// <summary>
/// Sonae's database. One model for both providers; <see cref="SqliteSonaeDbContext"/> and
/// <see cref="PostgresSonaeDbContext"/> exist only so that each provider has its own migrations.
/// </summary>
/// <remarks>
/// Tenancy: every row that belongs to a hospital carries <see cref="IOrganizationOwned.OrganizationId"/>, and a
/// query filter named <see cref="TenantFilter"/> keeps each query inside <see cref="OrganizationScope"/>. Writing
/// a row of another organization than the scope's, or of any organization outside a scope, throws. Code that must cross organizations (first-run setup,
/// <c>sonae verify</c>) says so with <c>IgnoreQueryFilters([TenantFilter])</c>.
/// </remarks>
public abstract partial class SonaeDbContext(DbContextOptions options, OrganizationScope scope)
    : IdentityUserContext<Account, Guid, IdentityUserClaim<Guid>, IdentityUserLogin<Guid>, IdentityUserToken<Guid>, IdentityUserPasskey<Guid>>(options),
      IDataProtectionKeyContext
{
    public const string TenantFilter = "Tenant";

    /// <summary>
    /// Keeps a vendor's queries inside the incidents they were invited to (<see cref="OrganizationScope.VisibleIncidents"/>);
    /// everyone inside the hospital passes it.
    /// </summary>
    public const string InvitedFilter = "Invited";

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<IncidentInvitation> IncidentInvitations => Set<IncidentInvitation>();

    public DbSet<IncidentAccess> IncidentAccess => Set<IncidentAccess>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<PlaybookVersion> PlaybookVersions => Set<PlaybookVersion>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<IncidentEventRow> IncidentEvents => Set<IncidentEventRow>();

    public DbSet<RequestReceipt> RequestReceipts => Set<RequestReceipt>();

    public DbSet<PreparednessRevision> PreparednessRevisions => Set<PreparednessRevision>();

    /// <summary>The audit log: sign-ins, changes, downloads (append-only, hash-chained per organization).</summary>
    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();

    /// <summary>Reports as issued, byte for byte (append-only).</summary>
    public DbSet<IssuedDocument> IssuedDocuments => Set<IssuedDocument>();

    /// <summary>Signed checkpoints of each organization's records (append-only).</summary>
    public DbSet<Checkpoints.CheckpointRow> Checkpoints => Set<Checkpoints.CheckpointRow>();

    /// <summary>The installation's checkpoint signing key.</summary>
    public DbSet<Checkpoints.SigningKeyRow> SigningKeys => Set<Checkpoints.SigningKeyRow>();

    /// <summary>The keys that protect sign-in cookies, shared by every Sonae server on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Pages, instructions and updates sent to people, with who acknowledged them.</summary>
    public DbSet<Notices.NoticeRow> Notices => Set<Notices.NoticeRow>();

    public DbSet<Notices.NoticeRecipientRow> NoticeRecipients => Set<Notices.NoticeRecipientRow>();

    /// <summary>Messages waiting to be sent (and sent ones, with when), claimed by one server at a time.</summary>
    public DbSet<Notices.OutboxMessageRow> OutboxMessages => Set<Notices.OutboxMessageRow>();

    public DbSet<Notices.ChannelSettingsRow> ChannelSettings => Set<Notices.ChannelSettingsRow>();

    /// <summary>Monitoring systems that post alerts, each with its own token.</summary>
    public DbSet<Monitoring.AlertSourceRow> AlertSources => Set<Monitoring.AlertSourceRow>();

    public DbSet<Monitoring.AlertGroupRow> AlertGroups => Set<Monitoring.AlertGroupRow>();

    public DbSet<Monitoring.AlertRow> Alerts => Set<Monitoring.AlertRow>();

    /// <summary>Advisories (KEV, JVN, the ministry's and NISC's alerts), unique per organization by source and id.</summary>
    public DbSet<Threats.ThreatAdvisoryRow> ThreatAdvisories => Set<Threats.ThreatAdvisoryRow>();

    /// <summary>Advisories found in the hospital's lines and assets: the security officer's tasks.</summary>
    public DbSet<Threats.ThreatMatchRow> ThreatMatches => Set<Threats.ThreatMatchRow>();

    /// <summary>Confirm or dismiss decisions on fuzzy pairs, remembered for the next advisory.</summary>
    public DbSet<Threats.ThreatDecisionRow> ThreatDecisions => Set<Threats.ThreatDecisionRow>();

    public DbSet<Threats.ThreatFeedRow> ThreatFeeds => Set<Threats.ThreatFeedRow>();

    /// <summary>The findings of after-action reports, each tied to its incident (drill or real).</summary>
    public DbSet<Aftercare.Metrics.AfterActionFindingRow> AfterActionFindings => Set<Aftercare.Metrics.AfterActionFindingRow>();

    /// <summary>The installation's scheduled backup: one row.</summary>
    public DbSet<Backups.BackupScheduleRow> BackupSchedules => Set<Backups.BackupScheduleRow>();
    /// <summary>Background work held by one server of several (<see cref="Cluster.Leases"/>).</summary>
    public DbSet<Cluster.LeaseRow> Leases => Set<Cluster.LeaseRow>();

    /// <summary>Counts for rate limits and waits after wrong keys, shared by every server on the database.</summary>
    public DbSet<Cluster.ThrottleRow> Throttles => Set<Cluster.ThrottleRow>();

    /// <summary>Values kept for minutes between a refused post and the page after it (forms, import problems).</summary>
    public DbSet<Cluster.KeptValueRow> KeptValues => Set<Cluster.KeptValueRow>();

    /// <summary>Recurrence-prevention measures (4-5 … 4-7), their training, notices and the instructions to contractors (4-8).</summary>
    public DbSet<Aftercare.Measures.MeasureRow> Measures => Set<Aftercare.Measures.MeasureRow>();

    public DbSet<Aftercare.Measures.MeasureTrainingRow> MeasureTrainings => Set<Aftercare.Measures.MeasureTrainingRow>();

    public DbSet<Aftercare.Measures.MeasureNoticeRow> MeasureNotices => Set<Aftercare.Measures.MeasureNoticeRow>();

    public DbSet<Aftercare.Measures.ContractorInstructionRow> ContractorInstructions => Set<Aftercare.Measures.ContractorInstructionRow>();

    public DbSet<Aftercare.Measures.InstructionCheckRow> InstructionChecks => Set<Aftercare.Measures.InstructionCheckRow>();

    public DbSet<Aftercare.Measures.InstructionLinkRow> InstructionLinks => Set<Aftercare.Measures.InstructionLinkRow>();

    /// <summary>Drill runs: the drill incident's scenario, mode, participants and clock (Aftercare/Drills).</summary>
    public DbSet<Aftercare.Drills.DrillRunRow> DrillRuns => Set<Aftercare.Drills.DrillRunRow>();

    /// <summary>What became of each inject of a drill: delivered once, skipped, or decided at the table.</summary>
    public DbSet<Aftercare.Drills.DrillInjectRow> DrillInjects => Set<Aftercare.Drills.DrillInjectRow>();

    public OrganizationScope Scope => scope;

    /// <summary>
    /// The incident to append to, locked until the transaction ends where the database can lock a row
    /// (PostgreSQL), so that writers on one incident queue instead of racing. SQLite's write transaction already
    /// holds the whole database. An incident this unit of work already holds is not read again: an earlier command
    /// of the same batch read it (and locked it), or <see cref="HoldIncidentsAsync"/> did, through the same filters,
    /// and commands moved it on.
    /// </summary>
    public async Task<Incident?> IncidentForAppendAsync(Guid id, CancellationToken cancellationToken)
    {
        if (_held?.GetValueOrDefault(id) is { } held
            && held.OrganizationId == scope.OrganizationId && (scope.VisibleIncidents is null || scope.VisibleIncidents.Contains(id)))
            return held;
        var incident = await IncidentRowForAppend(id).SingleOrDefaultAsync(cancellationToken);
        if (incident is not null)
            (_held ??= [])[id] = incident;
        return incident;
    }

    /// <summary>
    /// Reads the incidents the commands of a batch will append to in one query, locking them in the order of their
    /// ids where the database locks rows (so that two servers' batches never wait on each other in a circle), for
    /// <see cref="IncidentForAppendAsync"/> to find held. Ids it does not find, or finds outside the caller's scope,
    /// stay unheld: each command still gets its own answer (not found) from its own read.
    /// </summary>
    public async Task HoldIncidentsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        Guid[] unread = [.. ids.Where(id => _held?.ContainsKey(id) != true)];
        if (unread.Length == 0)
            return;
        // Read by their keys alone, and the caller's scope applied here: with the organization's filter in the query,
        // SQLite's planner walks the organization's whole index of incidents instead of looking the ids up.
        var rows = IncidentRowsForAppend(unread).IgnoreQueryFilters([TenantFilter, InvitedFilter]).AsAsyncEnumerable();
        await foreach (var incident in rows.WithCancellation(cancellationToken))
        {
            if (incident.OrganizationId == scope.OrganizationId && (scope.VisibleIncidents is null || scope.VisibleIncidents.Contains(incident.Id)))
                (_held ??= [])[incident.Id] = incident;
            else
                Entry(incident).State = EntityState.Detached;
        }
    }

    /// <summary>The incidents this unit of work read to append to, tracked by it; none is read twice.</summary>
    private Dictionary<Guid, Incident>? _held;

    private Dictionary<(string What, object? Of), object?>? _readOnce;

    /// <summary>
    /// A value this unit of work reads once for all its commands (a batch of the record writer opening many
    /// incidents reads the organization's playbook and reporting rules once, not once per incident). Only for what
    /// no command of the unit of work changes: each command sees the value as it was when the first one read it.
    /// </summary>
    public async Task<T> ReadOnceAsync<T>(string what, object? of, Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _readOnce ??= [];
        if (_readOnce.TryGetValue((what, of), out var known))
            return (T)known!;
        var value = await read();
        _readOnce[(what, of)] = value;
        return value;
    }

    /// <summary>The query that reads (and, where it can, locks) the incident to append to.</summary>
    protected virtual IQueryable<Incident> IncidentRowForAppend(Guid id) => Incidents.Where(i => i.Id == id);

    /// <summary>The query that reads (and, where it can, locks in this order) several incidents to append to, by their ids alone.</summary>
    protected virtual IQueryable<Incident> IncidentRowsForAppend(Guid[] ids) => Incidents.Where(i => ids.Contains(i.Id));

    /// <summary>
    /// The incidents an outside actor (a vendor's key or account) was invited to in an organization and not shut out
    /// of since: the one source of <see cref="OrganizationScope.VisibleIncidents"/>, for sessions and for the record
    /// writer alike.
    /// </summary>
    public IQueryable<Guid> InvitedIncidents(Guid organizationId, string actorId) =>
        IncidentAccess.IgnoreQueryFilters([TenantFilter]).AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && a.ActorId == actorId && a.RevokedAt == null)
            .Select(a => a.IncidentId);

    /// <summary>
    /// Holds an organization's audit chain for this transaction, so that whoever appends to it next (another writer of
    /// this server, or another server) reads the end this one leaves, and reads its end as saved: the last entry's
    /// sequence and hash, or null for an empty chain. PostgreSQL takes a transaction-level advisory lock and reads
    /// the end after it, in one round trip; SQLite's writers already take turns (one write transaction at a time,
    /// and one writer gate per file).
    /// </summary>
    public virtual async Task<(long Seq, string Hash)?> HoldAuditChainAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await AuditChainEndAsync(organizationId, cancellationToken);

    /// <summary>An organization's audit chain's end as saved (its last entry's sequence and hash), or null when it is empty; holds nothing.</summary>
    public async Task<(long Seq, string Hash)?> AuditChainEndAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var last = await AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organizationId)
            .OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        return last is null ? null : (last.Seq, last.Hash);
    }

    /// <summary>
    /// The 64-bit advisory lock key of an organization's audit chain: from the SHA-256 of every byte of its id (version
    /// 7 ids of organizations made in the same minute share their first bytes). Writers holding several chains take
    /// them in the order of these keys.
    /// </summary>
    public static long AuditChainLockKey(Guid organizationId) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(organizationId.ToByteArray()), 0);

    /// <summary>
    /// <see cref="InvitedIncidents"/> read by a transaction about to append for that actor, holding what it read until
    /// it ends: a revocation either commits before (and is seen) or waits until the append has committed (PostgreSQL
    /// locks the rows for share; SQLite's write transaction already holds the whole database).
    /// </summary>
    public virtual Task<List<Guid>> InvitedIncidentsForAppendAsync(Guid organizationId, string actorId, CancellationToken cancellationToken) =>
        InvitedIncidents(organizationId, actorId).ToListAsync(cancellationToken);

    /// <summary>The organization, locked the same way while a new incident takes the next number.</summary>
    public virtual IQueryable<Organization> OrganizationForNumbering(Guid id) => Organizations.Where(o => o.Id == id);

    /// <summary>
    /// Rows of type <typeparamref name="T"/> this unit of work holds (loaded, changed or added and not saved yet),
    /// read without scanning every tracked entity for changes (a batch of the record writer holds hundreds).
    /// </summary>
    public IReadOnlyList<T> Tracked<T>() where T : class
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return ChangeTracker.Entries<T>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Unchanged).Select(e => e.Entity).ToList();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// Waits for this process's turn to write, where the database has a single writer (SQLite). Writers then queue
    /// in memory, in order, instead of meeting SQLite's busy lock, which its driver answers by sleeping 150 ms.
    /// </summary>
    public virtual ValueTask<IDisposable> EnterWriterAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(NoGate.Instance);

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>Read by the query filters at each query.</summary>
    private Guid? CurrentOrganizationId => scope.OrganizationId;

    private bool AllIncidentsVisible => scope.VisibleIncidents is null;

    private Guid[] VisibleIncidentIds => scope.VisibleIncidents ?? [];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's third schema (with passkeys): read from the application's Identity options, which the design-time
        // factories below give too, so that migrations are made from the same model.
        base.OnModelCreating(builder);
        // Identity's tables keep their standard names (AspNetUsers, AspNetUserPasskeys, …): anyone who knows Identity
        // finds their way, and its passkey table's JSON column does not survive being renamed.
        builder.Entity<Account>(account => account.Property(a => a.DisplayName).HasMaxLength(200));
        builder.Entity<Membership>(membership =>
        {
            membership.ToTable("Memberships");
            membership.HasKey(m => new { m.OrganizationId, m.AccountId });
            membership.Property(m => m.Roles).HasMaxLength(100);
            membership.Property(m => m.AddedBy).HasMaxLength(200);
            membership.HasIndex(m => m.AccountId);
            membership.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            membership.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
            membership.HasQueryFilter(TenantFilter, m => m.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<IncidentInvitation>(invitation =>
        {
            invitation.ToTable("IncidentInvitations");
            invitation.Property(i => i.InvitedName).HasMaxLength(200);
            invitation.Property(i => i.Prefix).HasMaxLength(16);
            invitation.Property(i => i.SecretHash).HasMaxLength(64);
            invitation.Property(i => i.CreatedBy).HasMaxLength(200);
            invitation.Property(i => i.UsedBy).HasMaxLength(200);
            invitation.HasIndex(i => i.SecretHash).IsUnique();
            invitation.HasIndex(i => new { i.OrganizationId, i.IncidentId });
            invitation.HasOne<Incident>().WithMany().HasForeignKey(i => i.IncidentId).OnDelete(DeleteBehavior.Restrict);
            invitation.HasQueryFilter(TenantFilter, i => i.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<IncidentAccess>(access =>
        {
            access.ToTable("IncidentAccess");
            access.HasKey(a => new { a.OrganizationId, a.IncidentId, a.ActorId });
            access.Property(a => a.ActorId).HasMaxLength(200);
            access.Property(a => a.RevokedBy).HasMaxLength(200);
            access.HasIndex(a => a.ActorId);
            access.HasOne<Incident>().WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Restrict);
            access.HasQueryFilter(TenantFilter, a => a.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Organization>(organization =>
        {
            organization.ToTable("Organizations");
            organization.Property(o => o.Name).HasMaxLength(200);
            organization.Property(o => o.DefaultPlaybookId).HasMaxLength(64);
            organization.Property(o => o.EmergencyContactName).HasMaxLength(200);
            organization.Property(o => o.EmergencyContactPhone).HasMaxLength(200);
        });

        builder.Entity<ApiKey>(key =>
        {
            key.ToTable("ApiKeys");
            key.Property(k => k.Name).HasMaxLength(200);
            key.Property(k => k.Roles).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.SecretHash).HasMaxLength(64);
            key.HasIndex(k => k.SecretHash).IsUnique();
            key.HasIndex(k => k.OrganizationId);
            key.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            key.HasQueryFilter(TenantFilter, k => k.OrganizationId == CurrentOrganizationId);
        });

        builder.Entity<PlaybookVersion>(version =>
        {
            version.ToTable("PlaybookVersions");
            version.Property(v => v.PlaybookId).HasMaxLength(64);
            version.Property(v => v.Title).HasMaxLength(400);
            version.Property(v => v.Sha256).HasMaxLength(64);
            version.Property(v => v.AddedBy).HasMaxLength(200);
            version.HasIndex(v => new { v.OrganizationId, v.PlaybookId, v.Version }).IsUnique();
            version.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            version.HasQueryFilter(TenantFilter, v => v.OrganizationId == CurrentOrganizationId);
        });

        builder.Entity<Incident>(incident =>
        {
            incident.ToTable("Incidents");
            incident.Property(i => i.Title).HasMaxLength(200);
            incident.Property(i => i.Source).HasConversion<string>().HasMaxLength(32);
            incident.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            incident.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(16);
            incident.Property(i => i.HeadHash).HasMaxLength(64);
            incident.Property(i => i.LastSeq).IsConcurrencyToken();
            incident.HasIndex(i => new { i.OrganizationId, i.Number }).IsUnique();
            incident.HasIndex(i => new { i.OrganizationId, i.Status, i.UpdatedAt });
            // Only the incidents whose final report is owed, a handful whatever the hospital's history (a plain index
            // would not serve: the databases test a flag by itself, as EF Core writes it, without an index on it).
            incident.HasIndex(i => i.OrganizationId, "IX_Incidents_FinalReportOwed").HasFilter("\"FinalReportOwed\"");
            incident.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            incident.HasOne<PlaybookVersion>().WithMany().HasForeignKey(i => i.PlaybookVersionId).OnDelete(DeleteBehavior.Restrict);
            incident.Ignore(i => i.Head);
            incident.HasQueryFilter(TenantFilter, i => i.OrganizationId == CurrentOrganizationId);
            incident.HasQueryFilter(InvitedFilter, i => AllIncidentsVisible || VisibleIncidentIds.Contains(i.Id));
        });

        builder.Entity<IncidentEventRow>(row =>
        {
            row.ToTable("IncidentEvents");
            row.HasKey(e => new { e.IncidentId, e.Seq });
            // The pages read an incident's events of a few types (its reporting, its staff reports, its decisions):
            // by this index they read those alone, however many notes and actions the record holds.
            row.HasIndex(e => new { e.IncidentId, e.Type, e.Seq });
            row.Property(e => e.Type).HasMaxLength(32);
            row.Property(e => e.Hash).HasMaxLength(64);
            row.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Restrict);
            row.HasQueryFilter(TenantFilter, e => e.OrganizationId == CurrentOrganizationId);
            row.HasQueryFilter(InvitedFilter, e => AllIncidentsVisible || VisibleIncidentIds.Contains(e.IncidentId));
        });

        builder.Entity<RequestReceipt>(receipt =>
        {
            receipt.ToTable("RequestReceipts");
            receipt.HasKey(r => new { r.OrganizationId, r.RequestId });
            receipt.Property(r => r.RequestId).HasMaxLength(100);
            receipt.Property(r => r.Fingerprint).HasMaxLength(64);
            receipt.HasOne<Incident>().WithMany().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Restrict);
            receipt.HasQueryFilter(TenantFilter, r => r.OrganizationId == CurrentOrganizationId);
        });

        builder.Entity<PreparednessRevision>(revision =>
        {
            revision.ToTable("PreparednessRevisions");
            revision.Property(r => r.Section).HasMaxLength(32);
            revision.Property(r => r.Note).HasMaxLength(2000);
            revision.Property(r => r.ChangedBy).HasMaxLength(200);
            revision.HasIndex(r => new { r.OrganizationId, r.Section, r.Version }).IsUnique();
            revision.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            revision.HasQueryFilter(TenantFilter, r => r.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<AuditEntryRow>(entry =>
        {
            entry.ToTable("AuditEntries");
            entry.HasKey(e => new { e.OrganizationId, e.Seq });
            entry.Property(e => e.ActorId).HasMaxLength(200);
            entry.Property(e => e.ActorName).HasMaxLength(200);
            entry.Property(e => e.Action).HasMaxLength(AuditEntryLimits.Action);
            entry.Property(e => e.Target).HasMaxLength(AuditEntryLimits.Target);
            entry.Property(e => e.Address).HasMaxLength(64);
            entry.Property(e => e.Prev).HasMaxLength(64);
            entry.Property(e => e.Hash).HasMaxLength(64);
            entry.HasIndex(e => new { e.OrganizationId, e.At });
        });
        builder.Entity<IssuedDocument>(document =>
        {
            document.ToTable("IssuedDocuments");
            document.HasKey(d => new { d.IncidentId, d.Seq });
            document.Property(d => d.Report).HasMaxLength(64);
            document.Property(d => d.Format).HasMaxLength(8);
            document.Property(d => d.MediaType).HasMaxLength(100);
            document.Property(d => d.FileName).HasMaxLength(200);
            document.Property(d => d.Sha256).HasMaxLength(64);
            document.HasIndex(d => d.OrganizationId);
            document.HasOne<Incident>().WithMany().HasForeignKey(d => d.IncidentId).OnDelete(DeleteBehavior.Restrict);
            document.HasQueryFilter(TenantFilter, d => d.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Checkpoints.CheckpointRow>(checkpoint =>
        {
            checkpoint.ToTable("Checkpoints");
            checkpoint.HasKey(c => new { c.OrganizationId, c.Number });
            checkpoint.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            checkpoint.HasQueryFilter(TenantFilter, c => c.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Checkpoints.SigningKeyRow>(key =>
        {
            key.ToTable("SigningKeys");
            key.Property(k => k.PublicKey).HasMaxLength(400);
            key.Property(k => k.PrivateKey).HasMaxLength(600);
        });
        ConfigureNotices(builder);
        ConfigureMonitoring(builder);
        ConfigureThreats(builder);
        ConfigureMeasures(builder);
        ConfigureDrills(builder);
        ConfigureMetrics(builder);
        ConfigureChecklists(builder);
    }

    private void ConfigureMonitoring(ModelBuilder builder)
    {
        builder.Entity<Monitoring.AlertSourceRow>(source =>
        {
            source.ToTable("AlertSources");
            source.Property(s => s.Name).HasMaxLength(200);
            source.Property(s => s.Kind).HasMaxLength(32);
            source.Property(s => s.SecretHash).HasMaxLength(64);
            source.Property(s => s.Prefix).HasMaxLength(32);
            source.Property(s => s.CreatedBy).HasMaxLength(200);
            source.Property(s => s.MutedBy).HasMaxLength(200);
            source.Property(s => s.LastOutcome).HasMaxLength(16);
            source.Property(s => s.LastProblem).HasMaxLength(1_000);
            // A token names its source in every organization: found before the organization is known.
            source.HasIndex(s => s.SecretHash).IsUnique();
            source.HasIndex(s => new { s.OrganizationId, s.Number }).IsUnique();
            source.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            source.HasQueryFilter(TenantFilter, s => s.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Monitoring.AlertGroupRow>(group =>
        {
            group.ToTable("AlertGroups");
            group.Property(g => g.KeyHash).HasMaxLength(64);
            group.Property(g => g.Label).HasMaxLength(400);
            // One group per key and source, whichever server hears it first.
            group.HasIndex(g => new { g.SourceId, g.KeyHash }).IsUnique();
            group.HasIndex(g => g.IncidentId);
            group.HasOne<Monitoring.AlertSourceRow>().WithMany().HasForeignKey(g => g.SourceId).OnDelete(DeleteBehavior.Restrict);
            group.HasOne<Incident>().WithMany().HasForeignKey(g => g.IncidentId).OnDelete(DeleteBehavior.Restrict);
            group.HasQueryFilter(TenantFilter, g => g.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Monitoring.AlertRow>(alert =>
        {
            alert.ToTable("Alerts");
            alert.Property(a => a.FingerprintHash).HasMaxLength(64);
            alert.Property(a => a.Name).HasMaxLength(200);
            alert.Property(a => a.Host).HasMaxLength(200);
            alert.Property(a => a.Severity).HasMaxLength(200);
            alert.Property(a => a.Status).HasMaxLength(16);
            alert.Property(a => a.Labels).HasMaxLength(80_000);
            alert.HasIndex(a => new { a.GroupId, a.FingerprintHash }).IsUnique();
            alert.HasOne<Monitoring.AlertGroupRow>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Restrict);
            alert.HasQueryFilter(TenantFilter, a => a.OrganizationId == CurrentOrganizationId);
        });
    }

    private void ConfigureThreats(ModelBuilder builder)
    {
        builder.Entity<Threats.ThreatAdvisoryRow>(advisory =>
        {
            advisory.ToTable("ThreatAdvisories");
            advisory.Property(a => a.Source).HasMaxLength(16);
            advisory.Property(a => a.ExternalId).HasMaxLength(100);
            advisory.Property(a => a.Title).HasMaxLength(400);
            advisory.Property(a => a.Products).HasMaxLength(20_000);
            advisory.Property(a => a.AffectedVersions).HasMaxLength(400);
            advisory.Property(a => a.RequiredAction).HasMaxLength(2_000);
            advisory.Property(a => a.Link).HasMaxLength(2_000);
            advisory.Property(a => a.Description).HasMaxLength(8_000);
            advisory.Property(a => a.AddedBy).HasMaxLength(200);
            // Importing the same catalogue twice updates; it never duplicates.
            advisory.HasIndex(a => new { a.OrganizationId, a.Source, a.ExternalId }).IsUnique();
            advisory.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            advisory.HasQueryFilter(TenantFilter, a => a.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Threats.ThreatMatchRow>(match =>
        {
            match.ToTable("ThreatMatches");
            match.Property(m => m.TargetKind).HasMaxLength(8);
            match.Property(m => m.TargetId).HasMaxLength(200);
            match.Property(m => m.TargetName).HasMaxLength(200);
            match.Property(m => m.Device).HasMaxLength(200);
            match.Property(m => m.Maker).HasMaxLength(200);
            match.Property(m => m.Matched).HasMaxLength(200);
            match.Property(m => m.Version).HasMaxLength(100);
            match.Property(m => m.Kind).HasMaxLength(16);
            match.Property(m => m.Pair).HasMaxLength(1_000);
            match.Property(m => m.Status).HasMaxLength(16);
            match.Property(m => m.DecidedBy).HasMaxLength(200);
            match.Property(m => m.ClosedBy).HasMaxLength(200);
            match.Property(m => m.Note).HasMaxLength(4_000);
            match.HasIndex(m => new { m.AdvisoryId, m.TargetKind, m.TargetId }).IsUnique();
            // The officer's list and the readiness page: what is still pending or open.
            match.HasIndex(m => new { m.OrganizationId, m.Status });
            match.HasOne<Threats.ThreatAdvisoryRow>().WithMany().HasForeignKey(m => m.AdvisoryId).OnDelete(DeleteBehavior.Restrict);
            match.HasQueryFilter(TenantFilter, m => m.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Threats.ThreatDecisionRow>(decision =>
        {
            decision.ToTable("ThreatDecisions");
            decision.HasKey(d => new { d.OrganizationId, d.Pair });
            decision.Property(d => d.Pair).HasMaxLength(1_000);
            decision.Property(d => d.DecidedBy).HasMaxLength(200);
            decision.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            decision.HasQueryFilter(TenantFilter, d => d.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Threats.ThreatFeedRow>(feed =>
        {
            feed.ToTable("ThreatFeeds");
            feed.HasKey(f => f.OrganizationId);
            feed.Property(f => f.KevUrl).HasMaxLength(2_000);
            feed.Property(f => f.JvnUrl).HasMaxLength(2_000);
            feed.Property(f => f.ChangedBy).HasMaxLength(200);
            feed.Property(f => f.LastResult).HasMaxLength(4_000);
            feed.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            feed.HasQueryFilter(TenantFilter, f => f.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Backups.BackupScheduleRow>(schedule =>
        {
            schedule.ToTable("BackupSchedules");
            schedule.HasKey(b => b.Id);
            schedule.Property(b => b.Id).ValueGeneratedNever();
            schedule.Property(b => b.Folder).HasMaxLength(1_000);
            schedule.Property(b => b.TimeOfDay).HasMaxLength(5);
            schedule.Property(b => b.ChangedBy).HasMaxLength(200);
            schedule.Property(b => b.LastResult).HasMaxLength(4_000);
        });
        // Not any one hospital's: the keys say whose (an address, a key's id, an organization in a kept value's key).
        builder.Entity<Cluster.ThrottleRow>(throttle =>
        {
            throttle.ToTable("Throttles");
            throttle.HasKey(t => t.Key);
            throttle.Property(t => t.Key).HasMaxLength(300);
            throttle.HasIndex(t => t.WindowStart);
        });
        builder.Entity<Cluster.KeptValueRow>(kept =>
        {
            kept.ToTable("KeptValues");
            kept.HasKey(k => k.Key);
            kept.Property(k => k.Key).HasMaxLength(300);
            kept.HasIndex(k => k.ExpiresAt);
        });
    }

    private void ConfigureNotices(ModelBuilder builder)
    {
        builder.Entity<Notices.NoticeRow>(notice =>
        {
            notice.ToTable("Notices");
            notice.Property(n => n.Kind).HasMaxLength(32);
            notice.Property(n => n.Title).HasMaxLength(400);
            notice.Property(n => n.Body).HasMaxLength(20_000);
            notice.Property(n => n.Audience).HasMaxLength(20_000);
            notice.Property(n => n.Trigger).HasMaxLength(200);
            notice.Property(n => n.SentBy).HasMaxLength(200);
            notice.Property(n => n.SentByName).HasMaxLength(200);
            notice.HasIndex(n => new { n.OrganizationId, n.Number }).IsUnique();
            // A trigger pages once per incident, whichever server notices it first.
            notice.HasIndex(n => new { n.OrganizationId, n.IncidentId, n.Trigger }).IsUnique();
            // The escalation round looks for pages whose next tier is due.
            notice.HasIndex(n => n.EscalateAt);
            notice.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            notice.HasOne<Incident>().WithMany().HasForeignKey(n => n.IncidentId).OnDelete(DeleteBehavior.Restrict);
            notice.HasQueryFilter(TenantFilter, n => n.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Notices.NoticeRecipientRow>(recipient =>
        {
            recipient.ToTable("NoticeRecipients");
            recipient.Property(r => r.Key).HasMaxLength(200);
            recipient.Property(r => r.Name).HasMaxLength(200);
            recipient.Property(r => r.Department).HasMaxLength(200);
            recipient.Property(r => r.Email).HasMaxLength(320);
            recipient.Property(r => r.Role).HasMaxLength(32);
            recipient.Property(r => r.AcknowledgedVia).HasMaxLength(16);
            recipient.HasIndex(r => new { r.NoticeId, r.Tier });
            // The home page and the header badge: an account's notices not yet acknowledged.
            recipient.HasIndex(r => new { r.AccountId, r.AcknowledgedAt });
            recipient.HasOne<Notices.NoticeRow>().WithMany().HasForeignKey(r => r.NoticeId).OnDelete(DeleteBehavior.Restrict);
            recipient.HasQueryFilter(TenantFilter, r => r.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Notices.OutboxMessageRow>(message =>
        {
            message.ToTable("OutboxMessages");
            message.Property(m => m.Channel).HasMaxLength(16);
            message.Property(m => m.Target).HasMaxLength(400);
            message.Property(m => m.Subject).HasMaxLength(400);
            message.Property(m => m.Body).HasMaxLength(40_000);
            message.Property(m => m.Link).HasMaxLength(2_000);
            message.Property(m => m.LeasedBy).HasMaxLength(64);
            message.Property(m => m.LastError).HasMaxLength(1_000);
            // What is waiting to be sent, oldest due first; sent messages leave the index's front.
            message.HasIndex(m => new { m.SentAt, m.DueAt });
            message.HasIndex(m => m.LeasedBy);
            message.HasIndex(m => m.NoticeId);
            message.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            message.HasQueryFilter(TenantFilter, m => m.OrganizationId == CurrentOrganizationId);
        });
        builder.Entity<Cluster.LeaseRow>(lease =>
        {
            lease.ToTable("Leases");
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(64);
            lease.Property(l => l.Holder).HasMaxLength(128);
        });
        builder.Entity<Notices.ChannelSettingsRow>(settings =>
        {
            settings.ToTable("ChannelSettings");
            settings.HasKey(s => s.OrganizationId);
            settings.Property(s => s.Mail).HasMaxLength(4_000);
            settings.Property(s => s.Webhooks).HasMaxLength(20_000);
            settings.Property(s => s.ChangedBy).HasMaxLength(200);
            settings.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            settings.HasQueryFilter(TenantFilter, s => s.OrganizationId == CurrentOrganizationId);
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        CheckWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        CheckWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Rows stay in their organization, and the record is append-only, here as in the database.</summary>
    private void CheckWrites()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntryRow && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("The audit log is append-only.");
            if (entry.Entity is IncidentEventRow && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("An incident's events are append-only: record a correction as a new event.");
            if (entry.Entity is Sonae.Data.Checkpoints.CheckpointRow or Sonae.Data.Checkpoints.SigningKeyRow && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("Checkpoints and their signing key are append-only.");
            if (entry.Entity is IOrganizationOwned owned && entry.State is EntityState.Added or EntityState.Modified
                && owned.OrganizationId != scope.OrganizationId)
            {
                throw new InvalidOperationException(scope.OrganizationId is null
                    ? "A hospital's row can only be written inside its organization's scope."
                    : "A row of another organization cannot be written in this scope.");
            }
        }
    }
}

public sealed class SqliteSonaeDbContext(DbContextOptions<SqliteSonaeDbContext> options, OrganizationScope scope) : SonaeDbContext(options, scope)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);

    public override async ValueTask<IDisposable> EnterWriterAsync(CancellationToken cancellationToken)
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Database.GetConnectionString()).DataSource;
        var gate = Writers.GetOrAdd(file, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }

    /// <summary>
    /// SQLite has no time type: times are stored as UTC text of fixed width, so that they read well in the file
    /// and sort and compare correctly in SQL.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTextConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTextConverter>();
    }
}

public sealed class PostgresSonaeDbContext(DbContextOptions<PostgresSonaeDbContext> options, OrganizationScope scope) : SonaeDbContext(options, scope)
{
    protected override IQueryable<Incident> IncidentRowForAppend(Guid id) =>
        Incidents.FromSql($"SELECT * FROM \"Incidents\" WHERE \"Id\" = {id} FOR UPDATE");

    protected override IQueryable<Incident> IncidentRowsForAppend(Guid[] ids) =>
        Incidents.FromSql($"SELECT * FROM \"Incidents\" WHERE \"Id\" = ANY({ids}) ORDER BY \"Id\" FOR UPDATE");

    public override Task<List<Guid>> InvitedIncidentsForAppendAsync(Guid organizationId, string actorId, CancellationToken cancellationToken) =>
        IncidentAccess.FromSql($"SELECT * FROM \"IncidentAccess\" WHERE \"OrganizationId\" = {organizationId} AND \"ActorId\" = {actorId} AND \"RevokedAt\" IS NULL FOR SHARE")
            .IgnoreQueryFilters([TenantFilter]).AsNoTracking().Select(a => a.IncidentId).ToListAsync(cancellationToken);

    public override async Task<(long Seq, string Hash)?> HoldAuditChainAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        // Two statements in one round trip: the second starts once the first holds the lock, and reads committed rows
        // as of its own start (read committed), so it sees the end the previous holder left.
        // Outside a transaction the lock would end with the statement: it would hold nothing.
        var transaction = Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("An audit chain is held by a transaction.");
        await using var batch = new NpgsqlBatch((NpgsqlConnection)Database.GetDbConnection(), (NpgsqlTransaction)transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)") { Parameters = { new() { Value = AuditChainLockKey(organizationId) } } },
                new NpgsqlBatchCommand("SELECT \"Seq\", \"Hash\" FROM \"AuditEntries\" WHERE \"OrganizationId\" = $1 ORDER BY \"Seq\" DESC LIMIT 1")
                {
                    Parameters = { new() { Value = organizationId } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public override IQueryable<Organization> OrganizationForNumbering(Guid id) =>
        Organizations.FromSql($"SELECT * FROM \"Organizations\" WHERE \"Id\" = {id} FOR UPDATE");
}

/// <summary>The longest action and target an audit entry stores (longer ones are cut when the entry is sealed).</summary>
public static class AuditEntryLimits
{
    public const int Action = Sonae.Core.Audit.AuditEntry.MaxAction;
    public const int Target = Sonae.Core.Audit.AuditEntry.MaxTarget;
}
