using System.Text.Json.Nodes;
using Sonae.Core.Audit;
using Sonae.Core.Incidents;

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

    [Theory]
    [InlineData("key:so", "田中 一郎", "10.0.0.5")]
    [InlineData(null, null, null)]
    [InlineData("key:\"quoted\"\\", "改行\nタブ\t制御\u0001", "::1")]
    [InlineData("key:x", "絵文字 🏥", "2001:db8::1")]
    public void CanonicalText_IsWhatTheCanonicalJsonOfTheSameObjectIs(string? actor, string? name, string? address)
    {
        // The audit entry writes its text member by member (it is checked a million times over); the record's general
        // canonical JSON of the same object is the definition it must equal, byte for byte.
        var entry = new AuditEntry(Organization, 42, At.AddMilliseconds(123), actor, name, "POST /api/v1/incidents/{id}/notes", "/api/v1/incidents/7/notes?x=\"1\"", 201, address, new string('0', 64));
        var reference = CanonicalJson.Write(new JsonObject
        {
            ["action"] = entry.Action, ["actor"] = entry.ActorId, ["address"] = entry.Address, ["at"] = Timestamps.Format(entry.At),
            ["name"] = entry.ActorName, ["org"] = entry.Organization.ToString("D"), ["prev"] = entry.Prev, ["seq"] = entry.Seq,
            ["status"] = entry.Status, ["target"] = entry.Target,
        });

        Assert.Equal(reference, entry.Canonical());
    }

    [Fact]
    public void FlatObject_RefusesMembersOutOfKeyOrder()
    {
        Assert.Throws<ArgumentException>(() => new CanonicalJson.FlatObject().Add("b", "1").Add("a", "2"));
        Assert.Equal("{\"a\":1,\"c\":\"x\"}", new CanonicalJson.FlatObject().Add("a", 1).Add("b", (string?)null).Add("c", "x").ToString());
    }

    [Fact]
    public void ChainCheckedEntryByEntry_StopsAtTheBreak_AndSaysHowFarItRead()
    {
        var chain = Chain(6);
        chain[3] = (chain[3].Entry with { Status = 500 }, chain[3].Hash);
        var check = new AuditChainCheck(Organization);

        var added = chain.TakeWhile(c => check.Add(c.Entry, c.Hash)).Count();

        // The altered fourth entry is told from a changed hash only by the fifth, which names the hash it follows.
        Assert.Equal(4, added);
        Assert.Equal(new AuditBreak(Organization, 4, AuditBreakKind.Altered), check.Finish());
    }
}
