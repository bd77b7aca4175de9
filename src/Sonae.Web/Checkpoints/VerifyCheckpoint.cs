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
    /// <param name="KeyTrusted">
    /// Whether the signing key is the one to trust: the fingerprint given (noted on paper), or else this installation's
    /// key. A checkpoint re-signed with a key of one's own proves nothing.
    /// </param>
    public sealed record Result(SignedCheckpoint Checkpoint, bool SignatureHolds, bool KeyTrusted, IReadOnlyList<CheckpointFinding> Findings)
    {
        public bool Holds => SignatureHolds && KeyTrusted && Findings.Count == 0;
    }

    /// <param name="trustedKey">The key fingerprint to trust (from paper); null to trust the key this database keeps.</param>
    public async Task<Result> Run(SignedCheckpoint document, string? trustedKey, CancellationToken cancellationToken)
    {
        var checkpoint = document.Checkpoint;
        var ends = checkpoint.Incidents.ToDictionary(i => i.Id, i => i.LastSeq);
        var ids = ends.Keys.ToList();
        var incidents = await db.Incidents.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.OrganizationId == checkpoint.Organization && ids.Contains(i.Id))
            .Select(i => new { i.Id, i.LastSeq }).ToListAsync(cancellationToken);
        var seqs = checkpoint.Incidents.Select(i => i.LastSeq).Distinct().ToList();
        var hashes = (await db.IncidentEvents.IgnoreQueryFilters().AsNoTracking()
                .Where(e => ids.Contains(e.IncidentId) && seqs.Contains(e.Seq))
                .Select(e => new { e.IncidentId, e.Seq, e.Hash }).ToListAsync(cancellationToken))
            .ToDictionary(e => (e.IncidentId, e.Seq), e => e.Hash);
        var now = incidents.ToDictionary(i => i.Id, i => new IncidentNow(i.LastSeq,
            hashes.GetValueOrDefault((i.Id, ends[i.Id]))));

        var auditLast = await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == checkpoint.Organization).MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        var auditHash = await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == checkpoint.Organization && e.Seq == checkpoint.AuditSeq)
            .Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);

        var trusted = trustedKey is { Length: > 0 } given
            ? string.Equals(given.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal), document.KeyFingerprint(), StringComparison.OrdinalIgnoreCase)
            : await MakeCheckpoint.KeyFingerprint(db, cancellationToken) == document.KeyFingerprint();
        return new Result(document, document.SignatureHolds(), trusted, CheckpointComparison.Compare(checkpoint, now, new AuditNow(auditLast, auditHash)));
    }
}
