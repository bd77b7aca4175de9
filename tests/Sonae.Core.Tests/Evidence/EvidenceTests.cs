using Sonae.Core.Access;
using Sonae.Core.Evidence;
using Sonae.Core.Incidents;
using Sonae.Core.Tests.Incidents;

namespace Sonae.Core.Tests.Evidence;

/// <summary>The locker's rules: names made harmless, who may keep evidence, numbering and hand-overs.</summary>
public sealed class EvidenceTests
{
    private static readonly string Sha = new('a', 64);

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\Windows\\win.ini", "win.ini")]
    [InlineData("C:\\Users\\nurse\\Desktop\\脅迫文.png", "脅迫文.png")]
    [InlineData("con.txt", "_con.txt")]
    [InlineData("LPT1", "_LPT1")]
    [InlineData("a\u0000b\nc\u202Ed.log", "a_b_c_d.log")]
    [InlineData("invoice\u202Egnp.exe", "invoice_gnp.exe")]
    [InlineData("what?<are>:these|*.log", "what__are__these__.log")]
    [InlineData("...", "evidence")]
    [InlineData("   ", "evidence")]
    [InlineData(null, "evidence")]
    [InlineData(".htaccess", "htaccess")]
    [InlineData("firewall.log.", "firewall.log")]
    public void Safe_KeepsOnlyAHarmlessLastPart(string? given, string expected)
    {
        Assert.Equal(expected, EvidenceNames.Safe(given));
    }

    [Fact]
    public void Safe_LongName_IsCutKeepingItsExtension()
    {
        var safe = EvidenceNames.Safe(new string('あ', 300) + ".evtx");

        Assert.Equal(EvidenceNames.MaxLength, safe.Length);
        Assert.EndsWith(".evtx", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEvidence_NumbersEachPiece_KeepsCustodyDetails_AndDefaultsToWhoAndWhen()
    {
        var incident = IncidentDriver.OpenedByHand();

        incident.Do(IncidentDriver.Vendor, new AddEvidence(Sha, 2048, "../fw.log", EvidenceKind.Log, null, null, "FW-01", null));
        incident.Do(IncidentDriver.Officer, new AddEvidence(Sha, 10, "note.png", EvidenceKind.RansomNote, "看護師 佐藤", incident.Clock.GetUtcNow().AddHours(-1), "PC-3W-01", "画面の写真"));

        var added = incident.Record.Select(r => EventChain.Parse(r.Body).Data).OfType<EvidenceAdded>().ToList();
        Assert.Equal(["E1", "E2"], added.Select(a => a.Evidence));
        Assert.Equal("fw.log", added[0].FileName);
        Assert.Equal(IncidentDriver.Vendor.Name, added[0].CollectedBy);
        Assert.Equal("看護師 佐藤", added[1].CollectedBy);
        Assert.Equal(2, incident.Progress.EvidenceItems);
    }

    [Fact]
    public void AddEvidence_StaffOrBadHashOrEmptyFileOrFutureTime_IsRefused()
    {
        var incident = IncidentDriver.OpenedByHand();

        Assert.IsType<RoleRequired>(incident.Refused(IncidentDriver.Nurse, new AddEvidence(Sha, 1, "a", EvidenceKind.Other, null, null, null, null)));
        Assert.Equal(new FieldRefused("sha256", FieldProblem.NotHex64), incident.Refused(IncidentDriver.Officer, new AddEvidence("../x", 1, "a", EvidenceKind.Other, null, null, null, null)));
        Assert.Equal(new FieldRefused("file", FieldProblem.Required), incident.Refused(IncidentDriver.Officer, new AddEvidence(Sha, 0, "a", EvidenceKind.Other, null, null, null, null)));
        Assert.Equal(new FieldRefused("collectedAt", FieldProblem.InTheFuture),
            incident.Refused(IncidentDriver.Officer, new AddEvidence(Sha, 1, "a", EvidenceKind.Other, null, incident.Clock.GetUtcNow().AddDays(1), null, null)));
    }

    [Fact]
    public void HandOver_OnlyOfEvidenceInTheLocker_ToSomeone()
    {
        var incident = IncidentDriver.OpenedByHand();
        Assert.Equal(new UnknownEvidence("E1", 0), incident.Refused(IncidentDriver.Officer, new HandOverEvidence("E1", "県警")));
        incident.Do(IncidentDriver.Officer, new AddEvidence(Sha, 1, "a.log", EvidenceKind.Log, null, null, null, null));

        Assert.Equal(new UnknownEvidence("E01", 1), incident.Refused(IncidentDriver.Officer, new HandOverEvidence("E01", "県警")));
        Assert.Equal(new UnknownEvidence("E2", 1), incident.Refused(IncidentDriver.Officer, new HandOverEvidence("E2", "県警")));
        Assert.Equal(new FieldRefused("to", FieldProblem.Required), incident.Refused(IncidentDriver.Officer, new HandOverEvidence("E1", " ")));
        incident.Do(IncidentDriver.Director, new HandOverEvidence("E1", "架空県警 サイバー犯罪対策課", "受領書 No.12"));

        Assert.Equal("架空県警 サイバー犯罪対策課", incident.Record.Select(r => EventChain.Parse(r.Body).Data).OfType<EvidenceHandedOver>().Single().To);
    }
}
