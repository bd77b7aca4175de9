using Microsoft.EntityFrameworkCore;
using Sonae.Core.Checkpoints;
using Sonae.Data;

namespace Sonae.Web.Checkpoints;

/// <summary>
/// Checks a database against a checkpoint kept outside it (<c>sonae verify --checkpoint FILE</c>): the signature, and
/// that every chain the checkpoint names is still there and extends it — the incident's event and the audit entry at
/// the checkpoint's last sequence carry the hash the checkpoint recorded. The chains themselves are checked from their
/// first event by <see cref="Incidents.VerifyRecords"/>, so an equal hash there means an equal record up to it.
/// </summary>
public sealed class VerifyCheckpoint(SonaeDbContext db)
{
    /// <param name="OurKey">Whether it was signed with this installation's key (false: another key, perhaps another installation's).</param>
    public sealed record Result(SignedCheckpoint Checkpoint, bool SignatureHolds, bool OurKey, IReadOnlyList<CheckpointFinding> Findings)
    {
        public bool Holds => SignatureHolds && Findings.Count == 0;
    }

    public async Task<Result> Run(SignedCheckpoint document, CancellationToken cancellationToken)
    {
        var checkpoint = document.Checkpoint;
        var ids = checkpoint.Incidents.Select(i => i.Id).ToList();
        var incidents = await db.Incidents.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.OrganizationId == checkpoint.Organization && ids.Contains(i.Id))
            .Select(i => new { i.Id, i.LastSeq }).ToListAsync(cancellationToken);
        var seqs = checkpoint.Incidents.Select(i => i.LastSeq).Distinct().ToList();
        var hashes = (await db.IncidentEvents.IgnoreQueryFilters().AsNoTracking()
                .Where(e => ids.Contains(e.IncidentId) && seqs.Contains(e.Seq))
                .Select(e => new { e.IncidentId, e.Seq, e.Hash }).ToListAsync(cancellationToken))
            .ToDictionary(e => (e.IncidentId, e.Seq), e => e.Hash);
        var now = incidents.ToDictionary(i => i.Id, i => new IncidentNow(i.LastSeq,
            hashes.GetValueOrDefault((i.Id, checkpoint.Incidents.First(c => c.Id == i.Id).LastSeq))));

        var auditLast = await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == checkpoint.Organization).MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        var auditHash = await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == checkpoint.Organization && e.Seq == checkpoint.AuditSeq)
            .Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);

        var ourKey = await MakeCheckpoint.KeyFingerprint(db, cancellationToken) == document.KeyFingerprint();
        return new Result(document, document.SignatureHolds(), ourKey, CheckpointComparison.Compare(checkpoint, now, new AuditNow(auditLast, auditHash)));
    }
}
