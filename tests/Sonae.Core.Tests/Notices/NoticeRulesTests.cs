using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Notices;

public sealed class NoticeRulesTests
{
    private static Person P(string id, string name, string? department, Role[] roles, string? deputy = null, string? email = null, bool head = false) =>
        new(id, name, department, null, roles, deputy, email is null ? [new(ChannelKind.Mobile, "090-0000-0000")] : [new(ChannelKind.Mobile, "090-0000-0000"), new(ChannelKind.Email, email)],
            DepartmentHead: head);

    private static readonly PeopleDirectory People = new(
        [
            P("o1", "田中", "情報システム課", [Role.SecurityOfficer], deputy: "o2", email: "tanaka@example.jp"),
            P("o2", "鈴木", "情報システム課", [Role.SecurityOfficer], deputy: "o1"),
            P("o3", "高橋", "情報システム課", [Role.SecurityOfficer]),
            P("m1", "山本", "院長室", [Role.Management], deputy: "m2"),
            P("m2", "中村", "院長室", [Role.Management]),
            P("s1", "佐藤", "3階西病棟", [Role.Staff]),
            P("s2", "伊藤", "3階西病棟", [Role.Staff], head: true),
        ],
        ["情報システム課", "院長室", "3階西病棟"], "o3", [new CallLink("o3", "o1", 1)]);

    private static readonly MemberAccount Tanaka = new(Guid.NewGuid(), "田中(アカウント)", "TANAKA@example.jp ", new HashSet<Role> { Role.SecurityOfficer });
    private static readonly MemberAccount Clerk = new(Guid.NewGuid(), "事務 小林", "kobayashi@example.jp", new HashSet<Role> { Role.Staff });

    [Fact]
    public void AnAudience_ReachesEachPersonOnce_AndAPersonAndTheirAccountAreOne()
    {
        var audience = new Audience(false, ["3階西病棟"], [Role.SecurityOfficer], ["person:s1", Audiences.KeyOf(Clerk)]);

        var reached = Audiences.Resolve(audience, People, [Tanaka, Clerk]);

        Assert.Equal(["田中", "鈴木", "高橋", "佐藤", "伊藤", "事務 小林"], reached.Select(r => r.Name));
        var tanaka = reached.Single(r => r.Name == "田中");
        Assert.Equal((Tanaka.Id, "tanaka@example.jp"), (tanaka.AccountId, tanaka.Email));
        Assert.DoesNotContain(reached, r => r.Key == Audiences.KeyOf(Tanaka));
    }

    [Fact]
    public void Everyone_IsThePeopleRecordAndTheAccountsThatAreNoOneOfIt_ButNoVendor()
    {
        var vendor = new MemberAccount(Guid.NewGuid(), "ベンダ SE", "se@vendor.example.jp", new HashSet<Role> { Role.Vendor });
        var reached = Audiences.Resolve(new Audience(true, [], [], []), People, [Tanaka, Clerk, vendor]);
        Assert.Equal(People.People.Count + 1, reached.Count);
        Assert.DoesNotContain(reached, r => r.AccountId == vendor.Id);
        // A vendor chosen by name, or all vendors by their role, are reached.
        Assert.Single(Audiences.Resolve(Audience.OfPeople(Audiences.KeyOf(vendor)), People, [vendor]));
        Assert.Single(Audiences.Resolve(Audience.OfRoles(Role.Vendor), People, [vendor]));
    }

    [Fact]
    public void AnAudience_NamesWhatIsWrong()
    {
        Assert.Equal(AudienceProblemKind.Empty, Audiences.Check(new Audience(false, [], [], []), People, []).Single().Kind);
        Assert.Equal(new AudienceProblem(AudienceProblemKind.UnknownDepartment, "放射線科"), Audiences.Check(new Audience(false, ["放射線科"], [], []), People, []).Single());
        Assert.Equal(new AudienceProblem(AudienceProblemKind.UnknownPerson, "person:x9"), Audiences.Check(Audience.OfPeople("person:x9"), People, []).Single());
        Assert.Equal(AudienceProblemKind.NobodyInIt, Audiences.Check(Audience.OfRoles(Role.Vendor), People, []).Single().Kind);
        Assert.Empty(Audiences.Check(Audience.OfRoles(Role.Staff), People, []));
    }

    [Fact]
    public void APageForTheOfficer_CallsTheOneOnDuty_TheirDeputy_TheOtherOfficers_ThenManagement_NobodyTwice()
    {
        // o3 is on duty (the call tree starts with them); o1's deputy o2 names o1 back: followed once.
        var chain = Paging.Chain(Role.SecurityOfficer, People);
        Assert.Equal(["o3", "o1", "o2", "m1", "m2"], chain.Select(p => p.Id));
        Assert.Equal(["m1", "m2"], Paging.Chain(Role.Management, People).Select(p => p.Id));
        Assert.Empty(Paging.Chain(Role.SecurityOfficer, PeopleDirectory.Empty));
    }

    [Fact]
    public void EachTier_WaitsItsRolesTime_AndTheLastOneEscalatesNoFurther()
    {
        var profile = new OrganizationProfile("病院", FacilityKind.Hospital, 100, Operator.Private, false, PageOfficerEveryMinutes: 3, PageManagementEveryMinutes: 500);
        Assert.Equal(TimeSpan.FromMinutes(3), Paging.EscalateAfter(Role.SecurityOfficer, profile));
        Assert.Equal(TimeSpan.FromMinutes(OrganizationProfile.MaxPageEveryMinutes), Paging.EscalateAfter(Role.Management, profile));
        Assert.Equal(TimeSpan.FromMinutes(5), Paging.EscalateAfter(Role.SecurityOfficer, null));
        var at = new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(at.AddMinutes(5), Paging.EscalateAt(0, 3, at, TimeSpan.FromMinutes(5)));
        Assert.Null(Paging.EscalateAt(2, 3, at, TimeSpan.FromMinutes(5)));
        Assert.Equal(Role.Management, Paging.PagedFor(Role.Management));
        Assert.Equal(Role.SecurityOfficer, Paging.PagedFor(Role.Vendor));
    }

    [Fact]
    public void TheStopUseDraft_NamesTheAffectedSystems_WithTheirPaperFallback()
    {
        var inventory = new Inventory(
            [
                new InformationSystem("ehr", "電子カルテ", SystemCategory.Ehr, Criticality.High, null, null, "紙カルテと伝票で運用"),
                new InformationSystem("pacs", "PACS", SystemCategory.Pacs, Criticality.High, null, null, null),
                new InformationSystem("mail", "院内メール", SystemCategory.Other, Criticality.Low, null, null, null),
            ],
            [new Asset("srv-1", "EHRサーバ", AssetKind.Server, null, null, null, null, null, null, null, "ehr", null)]);

        var affected = NoticeDrafts.SystemsOf(inventory, ["srv-1"]);
        var draft = NoticeDrafts.For(NoticeKind.StopUse, "電子カルテ停止", affected);

        Assert.Equal(["電子カルテ"], affected.Select(s => s.Name));
        Assert.Contains("電子カルテ:紙カルテと伝票で運用", draft.Body.Ja, StringComparison.Ordinal);
        Assert.Contains("電子カルテ停止", draft.Body.Ja, StringComparison.Ordinal);
        Assert.Contains("paper", draft.Body.En, StringComparison.Ordinal);
        // Nothing known to be affected: the systems care depends on most.
        Assert.Equal(["電子カルテ", "PACS"], NoticeDrafts.SystemsOf(inventory, []).Select(s => s.Name));
    }

    [Fact]
    public void NoticeKinds_ReadTheirWireNamesExactly()
    {
        Assert.All(NoticeKinds.All, k => Assert.Equal(k, NoticeKinds.Parse(k.Id())));
        Assert.False(NoticeKinds.TryParse("Stop-Use", out _));
        Assert.DoesNotContain(NoticeKind.Page, NoticeKinds.Written);
    }

    [Fact]
    public void ANoticeOnTheRecord_IsTheSendersAct_AndAPageAcknowledgement_TheAcknowledgersAct()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var progress = IncidentProgress.Empty;
        var officer = new Actor("account:o", "田中", new HashSet<Role> { Role.SecurityOfficer });
        var staff = new Actor("key:s", "佐藤", new HashSet<Role> { Role.Staff });
        var now = DateTimeOffset.UtcNow;
        var notice = new RecordNotice(Guid.NewGuid(), 3, NoticeKind.StopUse, " 使用停止 ", 120);

        var sent = IncidentRules.Decide(playbook, progress, officer, notice, now);
        Assert.Equal("使用停止", Assert.IsType<NoticeSent>(sent.Events.Single().Data).Title);
        Assert.IsType<RoleRequired>(IncidentRules.Decide(playbook, progress, staff, notice, now).Refusal);
        var merged = progress with { Outcome = IncidentOutcome.Merged, Status = IncidentStatus.Closed };
        Assert.IsType<IncidentIsClosed>(IncidentRules.Decide(playbook, merged, officer, notice, now).Refusal);

        var person = new Actor("person:o2", "鈴木", new HashSet<Role> { Role.SecurityOfficer });
        var acknowledged = IncidentRules.Decide(playbook, progress, person, new AcknowledgePage(Guid.NewGuid(), 4, "インシデント 1", now.AddMinutes(-6), 1, "link"), now);
        var (by, data) = acknowledged.Events.Single();
        Assert.Equal(("person:o2", Role.SecurityOfficer), (by.Id, by.Role));
        Assert.Equal(1, Assert.IsType<PageAcknowledged>(data).Tier);
        // Neither changes the state of the response: they are counted, not folded.
        Assert.True(IncidentProgress.OnlyCounts(IncidentEventType.NoticeSent));
        Assert.True(progress.Apply(data, by, 1, now).SameAs(progress));
    }

    [Fact]
    public void AStepPastItsTarget_PagesItsOwnersChain_OnceItGoesOff_AndNotLongAfter()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var step = playbook.Steps.First(s => s.Roles.Contains(Role.SecurityOfficer));
        var managementStep = playbook.Steps.First(s => s.Roles.Contains(Role.Management) && !s.Roles.Contains(Role.SecurityOfficer));
        var now = new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);
        StepClock Late(StepDefinition s, TimeSpan by) => new(s.Id, now.AddHours(-3), now - by);

        var due = PageTriggers.Due(playbook, 7, [Late(step, TimeSpan.FromMinutes(2)), Late(managementStep, TimeSpan.FromMinutes(5))], null, now);

        Assert.Equal([$"step-overdue:{step.Id.Value}", $"step-overdue:{managementStep.Id.Value}"], due.Select(t => t.Trigger));
        Assert.Equal([Role.SecurityOfficer, Role.Management], due.Select(t => t.Role));
        Assert.Contains("インシデント 7", due[0].Title.Ja, StringComparison.Ordinal);
        Assert.Contains(step.Title.En, due[0].Title.En, StringComparison.Ordinal);
        Assert.Empty(PageTriggers.Due(playbook, 7, [Late(step, TimeSpan.FromHours(2))], null, now));
        Assert.Empty(PageTriggers.Due(playbook, 7, [Late(step, TimeSpan.FromMinutes(-1))], null, now));
        Assert.Empty(PageTriggers.Due(playbook, 7, [new StepClock(step.Id, now.AddHours(-3), null)], null, now));
    }

    [Fact]
    public void ALegalClocksLastDay_PagesTheOfficersChain_Once_AndAnOverdueOneRightAfter()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var aware = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var due = aware.AddDays(3);
        Sonae.Core.Reporting.LegalClocks Clocks(Sonae.Core.Reporting.ClockState state) => new(
            Sonae.Core.Reporting.ReportingNeed.Required, new Sonae.Core.Reporting.Awareness(aware, Sonae.Core.Reporting.AwarenessBasis.Opened),
            new Sonae.Core.Reporting.Deadlines(aware, due, aware.AddDays(30), 30),
            new Sonae.Core.Reporting.Clock(Sonae.Core.Reporting.ReportKind.PrivacyPreliminary, due, state, null),
            new Sonae.Core.Reporting.Clock(Sonae.Core.Reporting.ReportKind.PrivacyFinal, aware.AddDays(30), Sonae.Core.Reporting.ClockState.Running, null));

        var lastDay = PageTriggers.Due(playbook, 3, [], Clocks(Sonae.Core.Reporting.ClockState.Within24Hours), due.AddHours(-20));
        var trigger = Assert.Single(lastDay);
        Assert.Equal(("clock:privacy-preliminary", Role.SecurityOfficer), (trigger.Trigger, trigger.Role));
        Assert.Contains("24時間", trigger.Title.Ja, StringComparison.Ordinal);
        Assert.Contains("overdue", Assert.Single(PageTriggers.Due(playbook, 3, [], Clocks(Sonae.Core.Reporting.ClockState.Overdue), due.AddMinutes(10))).Title.En, StringComparison.Ordinal);
        // Two days before, nothing; a day and more after it went overdue, nothing new (it paged when it went off).
        Assert.Empty(PageTriggers.Due(playbook, 3, [], Clocks(Sonae.Core.Reporting.ClockState.Within48Hours), due.AddHours(-40)));
        Assert.Empty(PageTriggers.Due(playbook, 3, [], Clocks(Sonae.Core.Reporting.ClockState.Overdue), due.AddHours(5)));
    }
}
