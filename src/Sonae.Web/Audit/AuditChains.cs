using Microsoft.EntityFrameworkCore;
using Sonae.Core.Audit;
using Sonae.Data;
using Sonae.Data.Audit;

namespace Sonae.Web.Audit;

/// <summary>
/// Appends entries to the audit chains inside the caller's transaction: each organization's chain is held
/// (<see cref="SonaeDbContext.HoldAuditChainAsync"/>), its end read (counting entries this unit of work already
/// holds), and the entries sealed onto it. Used by the audit log's own writer and by the record writer, which saves a
/// command's entry in the same transaction as the command's events.
/// </summary>
public static class AuditChains
{
    public static async Task Append(SonaeDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        // In the order of their lock keys, so that two writers holding several chains always take them in the same order.
        foreach (var organization in records.Select(r => r.Organization).Distinct().OrderBy(SonaeDbContext.AuditChainLockKey))
        {
            var head = await Head(db, organization, cancellationToken);
            foreach (var record in records.Where(r => r.Organization == organization))
            {
                var (entry, hash, next) = head.Append(record.At, record.ActorId, record.ActorName, record.Action, record.Target, record.Status, record.Address);
                db.AuditEntries.Add(AuditEntryRow.From(entry, hash));
                head = next;
            }
        }
    }

    /// <summary>The chain's end with what this unit of work staged on it (it holds the chain since it staged them), else held and read now.</summary>
    private static async Task<AuditHead> Head(SonaeDbContext db, Guid organization, CancellationToken cancellationToken)
    {
        if (db.Tracked<AuditEntryRow>().Where(e => e.OrganizationId == organization).MaxBy(e => e.Seq) is { } staged)
            return new AuditHead(organization, staged.Seq, staged.Hash);
        return Of(organization, await db.HoldAuditChainAsync(organization, cancellationToken));
    }

    private static AuditHead Of(Guid organization, (long Seq, string Hash)? end) =>
        end is { } last ? new AuditHead(organization, last.Seq, last.Hash) : AuditHead.New(organization);

    /// <summary>
    /// The end of an organization's chain as saved: its last entry's sequence and hash, or the genesis of an empty
    /// chain. Read through <paramref name="db"/>, so inside the caller's transaction (a checkpoint's snapshot).
    /// </summary>
    public static async Task<AuditHead> End(SonaeDbContext db, Guid organization, CancellationToken cancellationToken) =>
        Of(organization, await db.AuditChainEndAsync(organization, cancellationToken));
}
