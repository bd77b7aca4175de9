using System.Text;
using Sonae.Core.Audit;

namespace Sonae.Core.Tests;

/// <summary>The one hash-chain rule the incident record and the audit log are both verified by.</summary>
public sealed class HashChainTests
{
    private sealed record Link(long Seq, string Text, string Hash, string? Prev);

    /// <summary>A chain of <paramref name="count"/> links whose texts name the hash before them.</summary>
    private static List<Link> Chain(int count)
    {
        var links = new List<Link>();
        var prev = HashChain.Genesis;
        for (var seq = 1; seq <= count; seq++)
        {
            var text = $"{{\"prev\":\"{prev}\",\"seq\":{seq}}}";
            links.Add(new Link(seq, text, HashChain.Hash(text), prev));
            prev = links[^1].Hash;
        }
        return links;
    }

    private static (HashChainVerifier Verifier, List<LinkCheck> Checks) Verify(IEnumerable<Link> links)
    {
        var verifier = new HashChainVerifier();
        var checks = links.Select(l => verifier.Add(l.Seq, Encoding.UTF8.GetBytes(l.Text), l.Hash, l.Prev)).ToList();
        return (verifier, checks);
    }

    [Fact]
    public void Untouched_LinksEveryLink_AndEndsAtTheLastHash()
    {
        var chain = Chain(4);

        var (verifier, checks) = Verify(chain);

        Assert.All(checks, c => Assert.Equal(LinkCheck.Linked, c));
        Assert.Null(verifier.Finish(4, chain[^1].Hash));
        Assert.Equal((4, chain[^1].Hash, 4), (verifier.LastSeq, verifier.Head, verifier.LinksChecked));
        Assert.Null(new HashChainVerifier().Finish(0, HashChain.Genesis));
    }

    [Fact]
    public void EditedText_IsAlteredAtItsLink_DecidedByTheNext()
    {
        var chain = Chain(4);
        chain[1] = chain[1] with { Text = chain[1].Text.Replace("\"seq\":2", "\"seq\":2 ", StringComparison.Ordinal) };

        var (verifier, checks) = Verify(chain);

        Assert.Equal([LinkCheck.Linked, LinkCheck.Undecided, LinkCheck.Broken, LinkCheck.Broken], checks);
        Assert.Equal(new LinkBroken(2, LinkBreak.Altered), verifier.Finish(4, chain[^1].Hash));
        Assert.Equal(2, verifier.LinksChecked);
    }

    [Fact]
    public void EditedStoredHash_IsHashAltered_InTheMiddleOrAtTheEnd()
    {
        var chain = Chain(4);
        var middle = chain.Select((l, i) => i == 1 ? l with { Hash = new string('a', 64) } : l).ToList();
        var last = chain.Select((l, i) => i == 3 ? l with { Hash = new string('a', 64) } : l).ToList();

        Assert.Equal(new LinkBroken(2, LinkBreak.HashAltered), Verify(middle).Verifier.Finish(4, chain[^1].Hash));
        Assert.Equal(new LinkBroken(4, LinkBreak.HashAltered), Verify(last).Verifier.Finish(4, chain[^1].Hash));
        Assert.Equal(new LinkBroken(4, LinkBreak.Altered), Verify(last).Verifier.Finish());
    }

    [Fact]
    public void EditedAndHashedAgain_BreaksTheLinkOfTheNext()
    {
        var chain = Chain(4);
        var forged = chain[1].Text + " ";
        chain[1] = chain[1] with { Text = forged, Hash = HashChain.Hash(forged) };

        Assert.Equal(new LinkBroken(3, LinkBreak.Relinked), Verify(chain).Verifier.Finish(4, chain[^1].Hash));
    }

    [Fact]
    public void GapRepeatAndCutEnd_AreMissingOutOfOrderAndTruncated()
    {
        var chain = Chain(4);

        Assert.Equal(new LinkBroken(2, LinkBreak.Missing), Verify([chain[0], chain[2], chain[3]]).Verifier.Finish(4, chain[^1].Hash));
        Assert.Equal(new LinkBroken(1, LinkBreak.OutOfOrder), Verify([chain[0], chain[0]]).Verifier.Finish(4, chain[^1].Hash));
        Assert.Equal(new LinkBroken(4, LinkBreak.Truncated), Verify(chain.Take(3)).Verifier.Finish(4, chain[^1].Hash));
        Assert.Null(Verify(chain.Take(3)).Verifier.Finish());
    }

    [Fact]
    public void TextThatNamesNothing_IsUnreadable_AndHexCaseDoesNotMatter()
    {
        var chain = Chain(2);

        Assert.Equal(new LinkBroken(2, LinkBreak.Unreadable), Verify([chain[0], chain[1] with { Prev = null }]).Verifier.Finish());
        Assert.Null(Verify([chain[0], chain[1] with { Hash = chain[1].Hash.ToUpperInvariant(), Prev = chain[1].Prev!.ToUpperInvariant() }]).Verifier.Finish());
    }

    [Fact]
    public void AuditEntry_LinkEditedWithoutHashing_IsFoundAsTheIncidentRecordFindsIt()
    {
        // Both chains decide by the same rule: the entry's text no longer hashes to its stored hash, so it was altered.
        var head = AuditHead.New(Guid.Empty);
        var entries = new List<(AuditEntry Entry, string Hash)>();
        for (var i = 0; i < 3; i++)
        {
            var (entry, hash, next) = head.Append(DateTimeOffset.UnixEpoch, null, null, "sign-in-failed", "/signin", 401, null);
            entries.Add((entry, hash));
            head = next;
        }
        entries[1] = (entries[1].Entry with { Prev = new string('b', 64) }, entries[1].Hash);

        Assert.Equal(new AuditBreak(Guid.Empty, 2, AuditBreakKind.Altered), AuditVerifier.Check(Guid.Empty, entries));
    }

    [Fact]
    public void Compare_AChainNow_AgainstACheckpointsEnd()
    {
        var hash = new string('c', 64);

        Assert.Equal(ChainExtension.Extends, HashChain.Compare(3, hash, 5, hash));
        Assert.Equal(ChainExtension.Shorter, HashChain.Compare(3, hash, 2, null));
        Assert.Equal(ChainExtension.Shorter, HashChain.Compare(3, hash, 5, null));
        Assert.Equal(ChainExtension.Rewritten, HashChain.Compare(3, hash, 3, new string('d', 64)));
    }
}
