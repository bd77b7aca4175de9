using Sonae.Core.Audit;

namespace Sonae.Core.Tests.Audit;

/// <summary>The audit chain: an untouched one verifies; an edit, a relink or a gap is found at its entry.</summary>
public sealed class AuditChainTests
{
    private static readonly Guid Organization = Guid.Parse("01a2b3c4-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset At = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    private static List<(AuditEntry Entry, string Hash)> Chain(int count)
    {
        var head = AuditHead.New(Organization);
        var chain = new List<(AuditEntry, string)>();
        for (var i = 0; i < count; i++)
        {
            var (entry, hash, next) = head.Append(At.AddSeconds(i), "key:so", "田中", "POST /api/v1/incidents/{id}/notes", $"/api/v1/incidents/{i}/notes", 200, "10.0.0.5");
            chain.Add((entry, hash));
            head = next;
        }
        return chain;
    }

    [Fact]
    public void Untouched_Verifies()
    {
        Assert.Null(AuditVerifier.Check(Organization, Chain(5)));
        Assert.Null(AuditVerifier.Check(Organization, []));
    }

    [Fact]
    public void EditedEntry_IsFoundAtItsNumber()
    {
        var chain = Chain(5);
        chain[2] = (chain[2].Entry with { Status = 403 }, chain[2].Hash);

        Assert.Equal(new AuditBreak(Organization, 3, AuditBreakKind.Altered), AuditVerifier.Check(Organization, chain));
    }

    [Fact]
    public void EditedAndRehashed_BreaksTheLinkOfTheNext()
    {
        var chain = Chain(5);
        var forged = chain[2].Entry with { ActorName = "だれか" };
        chain[2] = (forged, forged.Hash());

        Assert.Equal(new AuditBreak(Organization, 4, AuditBreakKind.Relinked), AuditVerifier.Check(Organization, chain));
    }

    [Fact]
    public void RemovedEntry_IsAGap()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);

        Assert.Equal(new AuditBreak(Organization, 2, AuditBreakKind.Missing), AuditVerifier.Check(Organization, chain));
    }

    [Fact]
    public void LongTexts_AreCutWhenSealed_AndStillVerify()
    {
        var (entry, hash, _) = AuditHead.New(Organization).Append(At, null, null, new string('a', 500), new string('b', 900), 401, null);

        Assert.Equal(AuditEntry.MaxAction, entry.Action.Length);
        Assert.Equal(AuditEntry.MaxTarget, entry.Target.Length);
        Assert.Null(AuditVerifier.Check(Organization, [(entry, hash)]));
    }
}
