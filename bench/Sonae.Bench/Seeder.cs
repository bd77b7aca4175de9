using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Audit;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Data.Audit;
using Sonae.Data.Incidents;
using Sonae.Data.Playbooks;

namespace Sonae.Bench;

/// <summary>
/// Writes large records into a Sonae SQLite database through Sonae's own model and Core's hash chain, so that
/// <c>sonae verify</c> and the incident API can be measured on them. Prints the API key and the big incident's id.
/// </summary>
public static class Seeder
{
    private const int Batch = 5000;

    public static async Task<int> Seed(string[] args)
    {
        var path = Path.GetFullPath(Baseline.Option(args, "--db") ?? "seed.db");
        var incidents = int.Parse(Baseline.Option(args, "--incidents") ?? "10", CultureInfo.InvariantCulture);
        var perIncident = int.Parse(Baseline.Option(args, "--events-per-incident") ?? "90000", CultureInfo.InvariantCulture);
        var big = int.Parse(Baseline.Option(args, "--big-incident") ?? "100000", CultureInfo.InvariantCulture);

        var storage = new StorageOptions { Provider = StorageProvider.Sqlite, SqlitePath = path };
        var scope = new OrganizationScope();
        var builder = new DbContextOptionsBuilder<SqliteSonaeDbContext>();
        StorageRegistration.UseSqlite(builder, storage).UseApplicationServiceProvider(IdentitySchema.Services);
        var options = builder.Options;
        await using var db = new SqliteSonaeDbContext(options, scope);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await StorageRegistration.MigrateAsync(db, storage, CancellationToken.None);

        var now = DateTimeOffset.UtcNow;
        var organization = new Organization { Id = Guid.CreateVersion7(), Name = "負荷試験病院", CreatedAt = now, DefaultPlaybookId = BuiltInPlaybooks.MhlwIncidentFlowchartId };
        scope.Enter(organization.Id);
        var key = "sonae_bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var version = new PlaybookVersion
        {
            Id = Guid.CreateVersion7(), OrganizationId = organization.Id, PlaybookId = playbook.Id, Version = 1, Title = playbook.Title.Ja,
            Yaml = BuiltInPlaybooks.MhlwIncidentFlowchartYaml, Sha256 = playbook.Sha256, BuiltIn = true, AddedAt = now, AddedBy = "bench",
        };
        db.Organizations.Add(organization);
        db.PlaybookVersions.Add(version);
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.CreateVersion7(), OrganizationId = organization.Id, Name = "負荷試験", Roles = "security-officer,management,staff,vendor",
            Prefix = key[..12], SecretHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), CreatedAt = now,
        });
        await db.SaveChangesAsync();

        var actor = new Actor("bench", "負荷試験 担当", new HashSet<Role>(Roles.All));
        // Every event made through the API has its audit entry: the seeded hospital has them too, chained as the server chains them.
        var audit = AuditHead.New(organization.Id);
        Guid bigId = default;
        long total = 0;
        var sizes = Enumerable.Repeat(perIncident, incidents).Append(big).Where(n => n > 0).ToList();
        for (var n = 0; n < sizes.Count; n++)
        {
            (var id, audit) = await SeedIncident(db, organization.Id, version, playbook, actor, n + 1, sizes[n], now, audit);
            total += sizes[n];
            if (n == sizes.Count - 1)
                bigId = id;
            await Console.Error.WriteLineAsync($"incident {n + 1}: {sizes[n]} events");
        }
        Console.WriteLine($"key={key}");
        Console.WriteLine($"incident={bigId}");
        Console.WriteLine($"events={total}");
        return 0;
    }

    private static async Task<(Guid Incident, AuditHead Audit)> SeedIncident(
        SqliteSonaeDbContext db, Guid organizationId, PlaybookVersion version, Playbook playbook, Actor actor, int number, int events, DateTimeOffset start, AuditHead audit)
    {
        var id = Guid.CreateVersion7();
        var at = start;
        var opened = IncidentRules.Open(playbook, new PlaybookRef(version.PlaybookId, version.Version, version.Sha256), number, actor,
            new NewIncident($"負荷試験インシデント {number}", IncidentSource.Manual), at, Core.Reporting.ReportingRules.Default);
        var incident = new Incident
        {
            Id = id, OrganizationId = organizationId, Number = number, Title = $"負荷試験インシデント {number}", Source = IncidentSource.Manual,
            PlaybookVersionId = version.Id, Status = IncidentStatus.Open, OpenedAt = at, UpdatedAt = at, HeadHash = EventChain.GenesisPrev,
            Progress = IncidentRecordWriter.WriteProgress(IncidentProgress.Empty),
        };
        db.Incidents.Add(incident);
        var progress = IncidentProgress.Empty;
        var head = incident.Head;
        var pending = new List<(EventActor, EventData)>(opened.Events);
        var by = new EventActor(actor.Id, actor.Name, Role.SecurityOfficer);
        for (var i = pending.Count; i < events; i++)
            pending.Add((by, new NoteAdded($"負荷試験のメモ {i}: 電子カルテ端末の状態を確認し、ログを保全した。", null)));

        foreach (var chunk in pending.Chunk(Batch))
        {
            at = at.AddSeconds(1);
            var appended = EventChain.Append(head, chunk, at);
            foreach (var recorded in appended.Recorded)
            {
                db.IncidentEvents.Add(IncidentEventRow.From(recorded));
                var (entry, hash, next) = audit.Append(at, actor.Id, actor.Name, "POST /api/v1/incidents/{id}/notes", $"/api/v1/incidents/{number}/notes", 201, "127.0.0.1");
                db.AuditEntries.Add(AuditEntryRow.From(entry, hash));
                audit = next;
            }
            foreach (var e in appended.Events)
                progress = progress.Apply(e);
            head = appended.Head;
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        await db.Incidents.Where(i => i.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.LastSeq, head.LastSeq)
            .SetProperty(i => i.HeadHash, head.HeadHash)
            .SetProperty(i => i.UpdatedAt, at)
            .SetProperty(i => i.Progress, IncidentRecordWriter.WriteProgress(progress)));
        return (id, audit);
    }
}
