using System.Data;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sonae.Core.Checkpoints;
using Sonae.Data;
using Sonae.Data.Checkpoints;
using Sonae.Web.Audit;

namespace Sonae.Web.Checkpoints;

/// <summary><c>Sonae:Checkpoints</c>: where checkpoint files go, and how often one is made.</summary>
public sealed class CheckpointOptions
{
    public const string Section = "Sonae:Checkpoints";

    /// <summary>
    /// The folder each checkpoint is also written to as a file: by default <c>checkpoints</c> beside the SQLite file
    /// (<c>data/checkpoints</c> on PostgreSQL). Point it at another disk or machine: a copy Sonae's database does not
    /// hold is what makes a checkpoint an anchor.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Minutes between scheduled checkpoints (one per organization whose records moved since); 0 turns the schedule off.</summary>
    public int EveryMinutes { get; set; } = 60;
}

/// <summary>
/// Makes a signed checkpoint of one organization's records (every incident's end, the audit chain's end), keeps it
/// (append-only) and writes it as a file. Read in one snapshot of the database, so that it never names an incident
/// ahead of the audit entry that made it, or the reverse.
/// </summary>
public sealed class MakeCheckpoint(SonaeDbContext db, TimeProvider clock, IOptions<CheckpointOptions> options, IOptions<StorageOptions> storage)
{
    /// <summary>A checkpoint made (or the latest kept, when nothing moved and none was asked for), and the file it was written to.</summary>
    public sealed record Made(SignedCheckpoint Checkpoint, bool New, string? File)
    {
        public string Digest => Checkpoint.Digest();
    }

    /// <summary>Makes one for an organization, in a scope of its own (the schedule, the console).</summary>
    public static async Task<Made> ForOrganization(IServiceScopeFactory scopes, Guid organizationId, bool onlyIfMoved, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organizationId);
        return await scope.ServiceProvider.GetRequiredService<MakeCheckpoint>().Run(onlyIfMoved, cancellationToken);
    }

    /// <summary>Makes one for the organization the context's scope is in.</summary>
    /// <param name="onlyIfMoved">For the schedule: when no record moved since the latest checkpoint, keep that one.</param>
    public async Task<Made> Run(bool onlyIfMoved, CancellationToken cancellationToken)
    {
        var organizationId = db.Scope.OrganizationId ?? throw new InvalidOperationException("Enter the organization's scope before making its checkpoint.");
        using var key = await SigningKey(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            // SQLite's writers take turns; the snapshot read below then cannot be overtaken before the row is written.
            using var writer = await db.EnterWriterAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var latest = await db.Checkpoints.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
                .Where(c => c.OrganizationId == organizationId).OrderByDescending(c => c.Number).FirstOrDefaultAsync(cancellationToken);
            var now = await Heads(organizationId, (latest?.Number ?? 0) + 1, cancellationToken);
            if (onlyIfMoved && latest is not null && SignedCheckpoint.Parse(latest.Document) is { } kept && kept.Checkpoint.SameHeads(now))
                return new Made(kept, New: false, File: null);

            var signed = SignedCheckpoint.Sign(now, key);
            var document = signed.Document();
            db.Checkpoints.Add(new CheckpointRow { OrganizationId = organizationId, Number = now.Number, MadeAt = now.MadeAt, Document = document });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (attempt < 3 && StorageRegistration.IsUniqueViolation(e))
            {
                // Another server made this number at the same moment: read again and take the next.
                continue;
            }
            return new Made(signed, New: true, await WriteFile(signed, cancellationToken));
        }
    }

    /// <summary>The folder checkpoint files go to.</summary>
    public string Folder => Path.GetFullPath(options.Value.Path is { Length: > 0 } path ? path
        : storage.Value.Provider == StorageProvider.Sqlite
            ? Path.Combine(Path.GetDirectoryName(storage.Value.SqliteFullPath)!, "checkpoints")
            : Path.Combine("data", "checkpoints"));

    /// <summary>A checkpoint's file name: the organization, its number and the time, so that a folder of them sorts.</summary>
    public static string FileName(Checkpoint checkpoint) =>
        $"checkpoint-{checkpoint.Organization.ToString("N")[..8]}-{checkpoint.Number:D6}-{checkpoint.MadeAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.json";

    /// <summary>Every incident's end and the audit chain's end now, as checkpoint <paramref name="number"/>.</summary>
    private async Task<Checkpoint> Heads(Guid organizationId, long number, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(cancellationToken);
        var incidents = await db.Incidents.IgnoreQueryFilters().AsNoTracking().Where(i => i.OrganizationId == organizationId)
            .OrderBy(i => i.Number).Select(i => new CheckpointIncident(i.Number, i.Id, i.LastSeq, i.HeadHash)).ToListAsync(cancellationToken);
        var audit = await AuditChains.End(db, organizationId, cancellationToken);
        return new Checkpoint(organizationId, organization, number, Core.Incidents.Timestamps.Normalize(clock.GetUtcNow()), incidents,
            audit.LastSeq, audit.Hash);
    }

    private async Task<string?> WriteFile(SignedCheckpoint signed, CancellationToken cancellationToken)
    {
        var folder = Folder;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(signed.Checkpoint));
        await File.WriteAllTextAsync(path, signed.Document() + "\n", cancellationToken);
        return path;
    }

    /// <summary>The installation's signing key: the first one kept, made on first use.</summary>
    private async Task<ECDsa> SigningKey(CancellationToken cancellationToken)
    {
        if (await FirstKey(db, cancellationToken) is not { } row)
        {
            using var made = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            db.SigningKeys.Add(new SigningKeyRow
            {
                Id = Guid.CreateVersion7(),
                CreatedAt = clock.GetUtcNow(),
                PublicKey = Convert.ToBase64String(made.ExportSubjectPublicKeyInfo()),
                PrivateKey = Convert.ToBase64String(made.ExportPkcs8PrivateKey()),
            });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            // Two servers may have made one at once: every server uses the first.
            row = (await FirstKey(db, cancellationToken))!;
        }
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(row.PrivateKey), out _);
        return key;
    }

    /// <summary>The key in use: the first kept (two servers may each have made one at the same moment).</summary>
    private static Task<SigningKeyRow?> FirstKey(SonaeDbContext db, CancellationToken cancellationToken) =>
        db.SigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The fingerprint of the installation's key, or null before the first checkpoint made it.</summary>
    public static async Task<string?> KeyFingerprint(SonaeDbContext db, CancellationToken cancellationToken) =>
        await FirstKey(db, cancellationToken) is { } key ? SignedCheckpoint.Fingerprint(key.PublicKey) : null;
}
