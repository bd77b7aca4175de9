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
/// <c>sonae verify</c>, the incident API and the pages can be measured on them. Prints the API key, the big incident's
/// id and its number. With <c>--past-incidents N</c>, the hospital also has N small closed incidents of years past
/// (numbered before the open ones; every fifth answered "no report needed"), the history of a long-used Sonae.
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
        var past = int.Parse(Baseline.Option(args, "--past-incidents") ?? "0", CultureInfo.InvariantCulture);

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
        var bigNumber = 0;
        long total = 0;
        if (past > 0)
        {
            (total, audit) = await SeedPast(db, organization.Id, version, playbook, actor, past, now, audit);
            await Console.Error.WriteLineAsync($"incidents 1–{past}: closed, {total} events");
        }
        var sizes = Enumerable.Repeat(perIncident, incidents).Append(big).Where(n => n > 0).ToList();
        for (var n = 0; n < sizes.Count; n++)
        {
            var number = past + n + 1;
            (var id, audit) = await SeedIncident(db, organization.Id, version, playbook, actor, number, sizes[n], now, audit);
            total += sizes[n];
            if (n == sizes.Count - 1)
                (bigId, bigNumber) = (id, number);
            await Console.Error.WriteLineAsync($"incident {number}: {sizes[n]} events");
        }
        Console.WriteLine($"key={key}");
        Console.WriteLine($"incident={bigId}");
        Console.WriteLine($"events={total}");
        Console.WriteLine($"number={bigNumber}");
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

    /// <summary>
    /// Closed incidents of years past, an hour apart and ending a month ago, each opened, noted and closed as a false
    /// alarm; every fifth with management's answer that no situation of 第7条 applies (so a closed incident with a
    /// reporting answer is there, as in a hospital's real history). Written many to a transaction.
    /// </summary>
    private static async Task<(long Events, AuditHead Audit)> SeedPast(
        SqliteSonaeDbContext db, Guid organizationId, PlaybookVersion version, Playbook playbook, Actor actor, int count, DateTimeOffset now, AuditHead audit)
    {
        var by = new EventActor(actor.Id, actor.Name, Role.SecurityOfficer);
        var management = new EventActor(actor.Id, actor.Name, Role.Management);
        var noneApplies = new ReportingAssessed([.. Enum.GetValues<Core.Reporting.ReportingCategory>().Select(c => new Core.Reporting.CategoryAnswer(c, false, "個人データの漏えいはない"))]);
        long events = 0;
        for (var number = 1; number <= count; number++)
        {
            var at = now.AddDays(-30).AddHours(number - count);
            var title = $"過去のインシデント {number}";
            var opened = IncidentRules.Open(playbook, new PlaybookRef(version.PlaybookId, version.Version, version.Sha256), number, actor,
                new NewIncident(title, IncidentSource.Manual), at, Core.Reporting.ReportingRules.Default);
            var pending = new List<(EventActor, EventData)>(opened.Events) { (by, new NoteAdded("端末を確認したが異常はなかった。", null)) };
            if (number % 5 == 0)
                pending.Add((management, noneApplies));
            pending.Add((by, new IncidentClosed(IncidentOutcome.FalseAlarm, "誤報")));
            var incident = new Incident
            {
                Id = Guid.CreateVersion7(), OrganizationId = organizationId, Number = number, Title = title, Source = IncidentSource.Manual,
                PlaybookVersionId = version.Id, Status = IncidentStatus.Open, OpenedAt = at, UpdatedAt = at, HeadHash = EventChain.GenesisPrev,
                Progress = IncidentRecordWriter.WriteProgress(IncidentProgress.Empty),
            };
            db.Incidents.Add(incident);
            var appended = EventChain.Append(incident.Head, pending, at);
            db.Append(incident, IncidentProgress.Empty, appended, request: null);
            foreach (var _ in appended.Recorded)
            {
                var (entry, hash, next) = audit.Append(at, actor.Id, actor.Name, "POST /api/v1/incidents/{id}/notes", $"/api/v1/incidents/{number}/notes", 201, "127.0.0.1");
                db.AuditEntries.Add(AuditEntryRow.From(entry, hash));
                audit = next;
            }
            events += appended.Recorded.Count;
            if (number % 500 == 0 || number == count)
            {
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        return (events, audit);
    }
}
