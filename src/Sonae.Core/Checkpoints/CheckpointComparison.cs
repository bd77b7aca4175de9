namespace Sonae.Core.Checkpoints;

/// <summary>What a database shows against a checkpoint.</summary>
public enum CheckpointFindingKind
{
    /// <summary>An incident the checkpoint names is not in the database any more (erased).</summary>
    IncidentMissing,

    /// <summary>The incident's record now ends before the checkpoint's last event: events were cut from its end.</summary>
    IncidentShorter,

    /// <summary>The incident's event at the checkpoint's last sequence has another hash: its record was rewritten.</summary>
    IncidentRewritten,

    /// <summary>The organization's audit chain now ends before the checkpoint's last entry.</summary>
    AuditShorter,

    /// <summary>The audit entry at the checkpoint's last sequence has another hash: the chain was rewritten.</summary>
    AuditRewritten,
}

/// <summary>Something the database does not keep of what a checkpoint names.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Number">The incident's number (null for the audit chain).</param>
/// <param name="Seq">The event or entry the finding is about: the checkpoint's last one.</param>
public sealed record CheckpointFinding(CheckpointFindingKind Kind, int? Number, long Seq);

/// <summary>Where an incident's record ends now, and the hash of its event at the checkpoint's last sequence (null when there is none).</summary>
public sealed record IncidentNow(long LastSeq, string? HashAtCheckpoint);

/// <summary>Where the audit chain ends now, and the hash of its entry at the checkpoint's last sequence (null when there is none).</summary>
public sealed record AuditNow(long LastSeq, string? HashAtCheckpoint);

/// <summary>
/// Whether a database extends every chain a checkpoint names. Together with <c>sonae verify</c>'s check of each chain
/// from its first event (every event names the hash of the one before), an equal hash at the checkpoint's last event
/// means the whole record up to it is what it was; events after it are what happened since.
/// </summary>
public static class CheckpointComparison
{
    /// <summary>Everything the database does not keep of what the checkpoint names; empty when it extends every chain.</summary>
    /// <param name="incidents">The database's incidents of the checkpoint's organization, by id.</param>
    /// <param name="checkpoint">The checkpoint, as kept outside.</param>
    /// <param name="audit">Where the organization's audit chain ends now.</param>
    public static IReadOnlyList<CheckpointFinding> Compare(Checkpoint checkpoint, IReadOnlyDictionary<Guid, IncidentNow> incidents, AuditNow audit)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var findings = new List<CheckpointFinding>();
        foreach (var then in checkpoint.Incidents.OrderBy(i => i.Number))
        {
            if (!incidents.TryGetValue(then.Id, out var now))
                findings.Add(new CheckpointFinding(CheckpointFindingKind.IncidentMissing, then.Number, then.LastSeq));
            else if (HashChain.Compare(then.LastSeq, then.HeadHash, now.LastSeq, now.HashAtCheckpoint) is var extension and not ChainExtension.Extends)
                findings.Add(new CheckpointFinding(extension == ChainExtension.Shorter ? CheckpointFindingKind.IncidentShorter : CheckpointFindingKind.IncidentRewritten, then.Number, then.LastSeq));
        }
        if (checkpoint.AuditSeq > 0 && HashChain.Compare(checkpoint.AuditSeq, checkpoint.AuditHash, audit.LastSeq, audit.HashAtCheckpoint) is var auditExtension and not ChainExtension.Extends)
            findings.Add(new CheckpointFinding(auditExtension == ChainExtension.Shorter ? CheckpointFindingKind.AuditShorter : CheckpointFindingKind.AuditRewritten, null, checkpoint.AuditSeq));
        return findings;
    }
}
