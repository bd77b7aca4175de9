using System.Security.Cryptography;
using Sonae.Core.Checkpoints;

namespace Sonae.Core.Tests.Checkpoints;

/// <summary>
/// Checkpoints: signed and read back exactly, a changed byte breaks the signature, and a later database extends one
/// only when every chain it names is still there with the same hash at its last event.
/// </summary>
public sealed class CheckpointTests
{
    private static readonly Guid Organization = Guid.Parse("01a2b3c4-0000-7000-8000-0000000000aa");
    private static readonly Guid First = Guid.Parse("01a2b3c4-0000-7000-8000-000000000001");
    private static readonly Guid Second = Guid.Parse("01a2b3c4-0000-7000-8000-000000000002");
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);
    private static readonly string HashC = new('c', 64);

    private static Checkpoint Made() => new(Organization, "備え総合病院", 7, new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero),
        [new CheckpointIncident(1, First, 12, HashA), new CheckpointIncident(2, Second, 3, HashB)], 40, HashC);

    private static Dictionary<Guid, IncidentNow> Extended() => new()
    {
        [First] = new IncidentNow(15, HashA),
        [Second] = new IncidentNow(3, HashB),
    };

    [Fact]
    public void Sign_ThenParse_GivesTheSameCheckpoint_AndTheSignatureHolds()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = SignedCheckpoint.Sign(Made(), key);

        var read = SignedCheckpoint.Parse(signed.Document());

        Assert.True(read.SignatureHolds());
        Assert.Equal(signed.Document(), read.Document());
        Assert.Equal(signed.Digest(), read.Digest());
        Assert.True(read.Checkpoint.SameHeads(Made()));
        Assert.Equal(Made().Incidents, read.Checkpoint.Incidents);
        Assert.Equal(64, read.KeyFingerprint().Length);
    }

    [Theory]
    [InlineData("\"lastSeq\":12", "\"lastSeq\":11")]
    [InlineData("備え総合病院", "別の病院")]
    [InlineData("\"number\":7", "\"number\":8")]
    public void AChangedDocument_NoLongerHoldsItsSignature(string from, string to)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var document = SignedCheckpoint.Sign(Made(), key).Document();
        Assert.Contains(from, document, StringComparison.Ordinal);

        Assert.False(SignedCheckpoint.Parse(document.Replace(from, to, StringComparison.Ordinal)).SignatureHolds());
    }

    [Fact]
    public void AnotherKeysSignature_DoesNotHold()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = SignedCheckpoint.Sign(Made(), key);
        var forged = signed with { PublicKey = Convert.ToBase64String(other.ExportSubjectPublicKeyInfo()) };

        Assert.False(forged.SignatureHolds());
        Assert.NotEqual(signed.KeyFingerprint(), forged.KeyFingerprint());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("{\"checkpoint\":{\"format\":\"something-else\"},\"publicKey\":\"\",\"signature\":\"\"}")]
    public void Parse_NotACheckpoint_SaysSo(string text) =>
        Assert.Throws<FormatException>(() => SignedCheckpoint.Parse(text));

    [Fact]
    public void Compare_RecordsThatWentOn_Hold() =>
        Assert.Empty(CheckpointComparison.Compare(Made(), Extended(), new AuditNow(55, HashC)));

    [Fact]
    public void Compare_ErasedShortenedRewritten_EachFoundAtItsIncident()
    {
        var erased = Extended();
        erased.Remove(Second);
        Assert.Equal([new CheckpointFinding(CheckpointFindingKind.IncidentMissing, 2, 3)], CheckpointComparison.Compare(Made(), erased, new AuditNow(40, HashC)));

        var shorter = Extended();
        shorter[First] = new IncidentNow(10, null);
        Assert.Equal([new CheckpointFinding(CheckpointFindingKind.IncidentShorter, 1, 12)], CheckpointComparison.Compare(Made(), shorter, new AuditNow(40, HashC)));

        var rewritten = Extended();
        rewritten[First] = new IncidentNow(12, HashB);
        Assert.Equal([new CheckpointFinding(CheckpointFindingKind.IncidentRewritten, 1, 12)], CheckpointComparison.Compare(Made(), rewritten, new AuditNow(40, HashC)));
    }

    [Fact]
    public void Compare_AuditChainCutOrRewritten_IsFound()
    {
        Assert.Equal([new CheckpointFinding(CheckpointFindingKind.AuditShorter, null, 40)], CheckpointComparison.Compare(Made(), Extended(), new AuditNow(39, null)));
        Assert.Equal([new CheckpointFinding(CheckpointFindingKind.AuditRewritten, null, 40)], CheckpointComparison.Compare(Made(), Extended(), new AuditNow(41, HashA)));
    }

    [Fact]
    public void SameHeads_IgnoresTimeAndNumber_ButNotAnEnd()
    {
        var later = Made() with { Number = 8, MadeAt = Made().MadeAt.AddHours(1) };
        Assert.True(Made().SameHeads(later));
        Assert.False(Made().SameHeads(later with { AuditSeq = 41 }));
        Assert.False(Made().SameHeads(later with { Incidents = [new CheckpointIncident(1, First, 13, HashA), new CheckpointIncident(2, Second, 3, HashB)] }));
    }
}
