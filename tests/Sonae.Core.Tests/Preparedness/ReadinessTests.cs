using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

public sealed class ReadinessTests
{
    private static List<FindingKind> Kinds(PreparednessRecord record, DateOnly? today = null) =>
        Readiness.Check(record, today ?? Prepared.Today).Select(f => f.Kind).ToList();

    [Fact]
    public void Check_CompleteRecord_FindsNothing()
    {
        Assert.Empty(Readiness.Check(Prepared.Record, Prepared.Today));
    }

    [Fact]
    public void Check_EmptyRecord_ListsEverythingToStartWith()
    {
        var kinds = Kinds(PreparednessRecord.Empty);

        Assert.Equal([FindingKind.ProfileMissing, FindingKind.NoSecurityOfficer, FindingKind.NoManagement, FindingKind.NetworkMissing, FindingKind.NoDrill], kinds);
    }

    [Fact]
    public void Check_KeyPersonWithoutDeputy_IsAProblemLinkingToPeople()
    {
        var record = Prepared.Record with { People = Prepared.People.WithPerson(Prepared.Director with { Deputy = null }) };

        var finding = Assert.Single(Readiness.Check(record, Prepared.Today));
        Assert.Equal(FindingKind.NoDeputy, finding.Kind);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.Equal(PreparednessSection.People, finding.Section);
        Assert.Equal("p-director", finding.Subject);
    }

    [Fact]
    public void Check_DeputyIsThePersonThemself_CountsAsNoDeputy()
    {
        var record = Prepared.Record with { People = Prepared.People.WithPerson(Prepared.Director with { Deputy = "p-director" }) };

        Assert.Equal([FindingKind.NoDeputy], Kinds(record));
    }

    [Fact]
    public void Check_DeputyNotInTheList_IsFound()
    {
        var record = Prepared.Record with { People = Prepared.People.WithPerson(Prepared.Director with { Deputy = "p-gone" }) };

        Assert.Equal([FindingKind.DeputyUnknown], Kinds(record));
    }

    [Fact]
    public void Check_LargeHospitalWithoutCisoOrCsirt_ExpectsThem()
    {
        var record = Prepared.Record with { Profile = Prepared.Record.Profile! with { LargeOrRegional = true } };

        Assert.Equal([FindingKind.NoCiso, FindingKind.NoCsirt], Kinds(record));
    }

    [Fact]
    public void Check_ContactVerifyDate_WarnsAMonthAheadAndFlagsOnceItPassed()
    {
        var party = Prepared.EhrVendor with { VerifyBy = Prepared.Today };
        var record = Prepared.Record with { Parties = new ExternalPartyList([party]) };

        Assert.Equal([FindingKind.ContactVerifySoon], Kinds(record, Prepared.Today.AddDays(-Readiness.VerifySoonDays)));
        Assert.Empty(Kinds(record, Prepared.Today.AddDays(-Readiness.VerifySoonDays - 1)));
        Assert.Equal([FindingKind.ContactVerifySoon], Kinds(record, Prepared.Today));
        Assert.Equal([FindingKind.ContactPastVerify], Kinds(record, Prepared.Today.AddDays(1)));
    }

    [Fact]
    public void Check_StarterParties_AreFlaggedTheDayAfterTheyAreAdded()
    {
        var record = Prepared.Record with { Parties = new ExternalPartyList([Prepared.EhrVendor, .. StarterParties.For(Prepared.Today)]) };

        var past = Kinds(record, Prepared.Today.AddDays(1)).Count(k => k == FindingKind.ContactPastVerify);

        Assert.Equal(StarterParties.For(Prepared.Today).Count, past);
    }

    [Fact]
    public void Check_DiagramSixMonthsOld_IsStale()
    {
        var reviewed = Prepared.Today.AddMonths(-Readiness.NetworkReviewMonths);
        var record = Prepared.Record with { Network = Prepared.Network with { ReviewedOn = reviewed }, InventoryChangedOn = reviewed.AddDays(-1) };

        Assert.Empty(Kinds(record));
        Assert.Equal([FindingKind.NetworkNotReviewed], Kinds(record, Prepared.Today.AddDays(1)));
    }

    [Fact]
    public void Check_AssetsChangedAfterTheReview_AsksForAReview()
    {
        var record = Prepared.Record with { InventoryChangedOn = Prepared.Network.ReviewedOn!.Value.AddDays(1) };

        Assert.Equal([FindingKind.NetworkOlderThanAssets], Kinds(record));
    }

    [Fact]
    public void Check_ServerBackups_NeedOneOfflineAndRecentlyRestored()
    {
        var server = Prepared.Inventory.Assets[0];
        Inventory With(Backup? backup) => Prepared.Inventory with { Assets = [server with { Backup = backup }, Prepared.Inventory.Assets[1]] };

        Assert.Equal([FindingKind.AssetWithoutBackup], Kinds(Prepared.Record with { Inventory = With(null) }));
        Assert.Equal([FindingKind.BackupNotOffline], Kinds(Prepared.Record with { Inventory = With(server.Backup! with { Offline = false }) }));
        Assert.Equal([FindingKind.RestoreTestOld], Kinds(Prepared.Record with { Inventory = With(server.Backup! with { LastRestoreTest = null }) }));
        Assert.Equal([FindingKind.RestoreTestOld], Kinds(Prepared.Record with { Inventory = With(server.Backup! with { LastRestoreTest = Prepared.Today.AddMonths(-12).AddDays(-1) }) }));
    }

    [Fact]
    public void Check_TerminalWithoutBackup_IsFine()
    {
        Assert.Null(Prepared.Inventory.Assets[1].Backup);
        Assert.Empty(Kinds(Prepared.Record));
    }

    [Fact]
    public void Check_CriticalSystemWithoutPaperFallbackOrVendor_IsFound()
    {
        var system = Prepared.Inventory.Systems[0] with { PaperFallback = " ", Vendor = "v-gone" };
        var record = Prepared.Record with { Inventory = Prepared.Inventory with { Systems = [system] } };

        Assert.Equal([FindingKind.SystemWithoutFallback, FindingKind.SystemWithoutVendor], Kinds(record));
    }

    [Fact]
    public void Check_ExternalLineWithoutOwnerOrRecentFirmware_IsFound()
    {
        var line = Prepared.Network.Lines[0] with { Owner = null, LastFirmwareUpdate = null, OwnedBy = ApplianceOwner.Hospital };
        var record = Prepared.Record with { Network = Prepared.Network with { Lines = [line] } };

        Assert.Equal([FindingKind.LineWithoutOwner, FindingKind.LineFirmwareOld], Kinds(record));
    }

    [Fact]
    public void Check_DrillPastItsNextDueDate_IsOverdue()
    {
        var due = Prepared.Drills.NextDue!.Value;
        List<FindingKind> DrillKinds(DateOnly today) =>
            [.. Readiness.Check(Prepared.Record, today).Where(f => f.Section == PreparednessSection.Drills).Select(f => f.Kind)];

        Assert.Empty(DrillKinds(due));
        Assert.Equal([FindingKind.DrillOverdue], DrillKinds(due.AddDays(1)));
    }

    [Fact]
    public void Check_PartyWithoutAnyNumber_IsAProblemWhateverItsVerifyDate()
    {
        var record = Prepared.Record with { Parties = new ExternalPartyList([Prepared.EhrVendor with { Channels = [] }]) };

        var finding = Assert.Single(Readiness.Check(record, Prepared.Today));
        Assert.Equal((FindingKind.PartyWithoutChannels, FindingSeverity.Problem), (finding.Kind, finding.Severity));
    }

    [Fact]
    public void Check_KeyPersonWithPhsAndEmailOnly_IsAProblem()
    {
        var record = Prepared.Record with { People = Prepared.People.WithPerson(Prepared.Deputy with { Channels = [new(ChannelKind.Phs, "5102"), new(ChannelKind.Email, "d@example.jp")] }) };

        var finding = Assert.Single(Readiness.Check(record, Prepared.Today));
        Assert.Equal((FindingKind.PersonNoOutsidePhone, FindingSeverity.Problem), (finding.Kind, finding.Severity));
    }

    [Fact]
    public void Check_LastDrillWithoutANextDate_AsksForOneRatherThanCallingItOverdue()
    {
        var drill = Prepared.Drills.Drills[0] with { NextDue = null };

        Assert.Equal([FindingKind.DrillNoNextDate], Kinds(Prepared.Record with { Drills = new DrillLog([drill]) }));
    }

    [Fact]
    public void Check_OnlyAPlannedDrill_CountsAsNoDrill()
    {
        var planned = Prepared.Drills.Drills[0] with { HeldOn = null, PlannedOn = Prepared.Today.AddDays(10) };

        Assert.Equal([FindingKind.NoDrill], Kinds(Prepared.Record with { Drills = new DrillLog([planned]) }));
    }

    [Fact]
    public void FindingTexts_EveryKind_ReadsInBothLanguages()
    {
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            var text = new ReadinessFinding(kind, "s-1", "名前").Text;
            Assert.DoesNotContain("{", text.Ja, StringComparison.Ordinal);
            Assert.DoesNotContain("{", text.En, StringComparison.Ordinal);
            _ = new ReadinessFinding(kind, "", null).Section;
        }
    }
}

public sealed class SectionValidationTests
{
    [Fact]
    public void Check_ListsLeftOutOfAClientsJson_AreNamedNotThrown()
    {
        var person = Prepared.Officer with { Roles = null!, Channels = null! };
        var people = Prepared.People with { People = [person], CallTree = null! };

        var problems = SectionValidation.Check(people);

        Assert.Equal(["people[0].roles", "people[0].channels", "callTree"], problems.Select(p => p.Path));
        Assert.Equal("people[0].roles: 入力が必要です。", problems[0].Message.Ja);
    }

    [Fact]
    public void Check_NullableMembersLeftOut_AreFine()
    {
        Assert.Empty(SectionValidation.Check(Prepared.People with { People = [Prepared.Nurse with { Department = null, Position = null, Deputy = null }] }));
    }
}
