using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Reporting;

/// <summary>
/// An incident's reporting as the record builds it, and the rules of reporting, on a fake clock: what starts the
/// clocks, what moves them, who may answer and issue, what a report must hold, and when lateness must be explained.
/// </summary>
public sealed class ReportingTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>Opened on Tuesday 24 November 2026, 09:00 JST.</summary>
    private static readonly DateTimeOffset Opened = new(2026, 11, 24, 9, 0, 0, Jst);

    private static readonly Actor Director = new("key-mgmt", "院長 鈴木", new HashSet<Role> { Role.Management });
    private static readonly Actor Officer = new("key-so", "情報システム課 田中", new HashSet<Role> { Role.SecurityOfficer });
    private static readonly Actor Nurse = new("key-staff", "看護師 佐藤", new HashSet<Role> { Role.Staff });

    private readonly List<IncidentEvent> _events = [];
    private IncidentProgress _progress = IncidentProgress.Empty;

    public ReportingTests()
    {
        Record(Opened, new EventActor("key-so", "田中", Role.SecurityOfficer),
            new IncidentOpened(1, "電子カルテ暗号化", IncidentSource.Manual, new PlaybookRef("p", 1, "x"), false, null));
    }

    private ReportingState State => ReportingState.From(_events, BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings);

    private void Record(DateTimeOffset at, EventActor actor, EventData data)
    {
        var e = new IncidentEvent(Guid.Empty, Guid.Empty, _events.Count + 1, at, actor, data, "");
        _events.Add(e);
        _progress = _progress.Apply(e);
    }

    /// <summary>Decides a command at a time and records what it decides; returns the refusal, if any.</summary>
    private Refusal? Do(Actor actor, ReportingCommand command, DateTimeOffset now, ReportingRules? rules = null)
    {
        var decision = ReportingDecisions.Decide(State, _progress, actor, command, rules ?? ReportingRules.Default, now);
        foreach (var (by, data) in decision.Events)
            Record(now, by, data);
        return decision.Refusal;
    }

    private static AssessReporting Answers(bool sensitive, bool unlawful) => new(
    [
        new CategoryAnswer(ReportingCategory.SensitiveData, sensitive, "電子カルテの診療情報"),
        new CategoryAnswer(ReportingCategory.FinancialHarm, false, "決済情報は扱っていない"),
        new CategoryAnswer(ReportingCategory.UnlawfulPurpose, unlawful, "ランサムウェアによる不正アクセス"),
        new CategoryAnswer(ReportingCategory.OverThreshold, false, "対象は1,000人以下の見込み"),
    ]);

    private static Dictionary<string, string> Complete(ReportKind kind) =>
        ReportTemplates.Get(kind).Fields.ToDictionary(f => f.Id, f => $"{f.Heading.Ja}の内容");

    private static IssueDocument Issue(ReportKind kind, string? lateReason = null, Dictionary<string, string>? fields = null) => new(
        ReportTemplates.Get(kind).Id, fields ?? Complete(kind), ReportFormat.Pdf, new DateOnly(2026, 11, 25), DocumentDates.Era,
        new string('a', 64), "個人情報保護委員会", ContactChannel.WebForm, null, lateReason);

    [Fact]
    public void Clocks_WhenNothingRaisesAReport_AreNotNeeded_NeverOverdue_AndAskNoLateReason()
    {
        // A power failure: nothing on the record says personal data is at risk, and nobody answered rule 7.
        var weekLater = Opened.AddDays(7);

        var clocks = State.Clocks(_progress, ReportingRules.Default, weekLater)!;

        Assert.Equal(ReportingNeed.NotRaised, clocks.Need);
        Assert.Equal((ClockState.NotNeeded, ClockState.NotNeeded), (clocks.Preliminary.State, clocks.Final.State));
        Assert.False(clocks.Running);
        // A report filed anyway is simply done, without a reason for lateness.
        Assert.Null(Do(Director, Issue(ReportKind.PrivacyPreliminary), weekLater));
        Assert.Equal(ClockState.Done, State.Clocks(_progress, ReportingRules.Default, weekLater)!.Preliminary.State);
    }

    [Fact]
    public void Clocks_NoAnswerYet_CountFromTheOpeningWithTheShorterFinalPeriod()
    {
        var clocks = State.Clocks(_progress, ReportingRules.Default, Opened)!;

        Assert.Equal(AwarenessBasis.Opened, clocks.Awareness.Basis);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), clocks.Preliminary.Due);
        Assert.Equal(new DateTimeOffset(2026, 12, 25, 0, 0, 0, Jst), clocks.Final.Due);
        Assert.Equal(ReportingNeed.NotRaised, clocks.Need);
    }

    [Fact]
    public void Need_FollowsTheFactsUntilManagementAnswers_ThenTheAnswers()
    {
        Record(Opened.AddHours(2), new EventActor("key-so", "田中", Role.SecurityOfficer), new FactRecorded(new FactId("data-leak-suspected"), "unknown", new StepId("2-1")));
        Assert.Equal(ReportingNeed.AnswerNeeded, State.Need(_progress));

        Assert.Null(Do(Director, Answers(sensitive: false, unlawful: false), Opened.AddHours(3)));
        Assert.Equal(ReportingNeed.NotRequired, State.Need(_progress));

        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: false), Opened.AddHours(4)));
        Assert.Equal(ReportingNeed.Required, State.Need(_progress));
        Assert.Equal(2, State.Assessments.Count);
    }

    [Fact]
    public void FinalDeadline_Category3_Is60Days_OthersAre30()
    {
        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: false), Opened.AddHours(3)));
        Assert.Equal(new DateTimeOffset(2026, 12, 25, 0, 0, 0, Jst), State.Clocks(_progress, ReportingRules.Default, Opened)!.Final.Due);

        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: true), Opened.AddHours(4)));
        var clocks = State.Clocks(_progress, ReportingRules.Default, Opened)!;
        Assert.Equal(60, clocks.Deadlines.FinalDays);
        Assert.Equal(new DateTimeOffset(2027, 1, 24, 0, 0, 0, Jst), clocks.Final.Due);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), clocks.Preliminary.Due);
    }

    [Fact]
    public void Awareness_RevisedAfterTheFact_MovesBothClocksAndKeepsTheRecordsDefault()
    {
        // The night shift saw the ransom note on the 22nd, but nobody opened an incident until the 24th.
        var seen = new DateTimeOffset(2026, 11, 22, 23, 30, 0, Jst);
        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: false), Opened)); // a report is required: the clocks run
        Assert.Null(Do(Director, new SetAwareness(seen, "夜勤の看護師が22日夜に脅迫文を確認していた"), Opened.AddDays(1)));

        var state = State;
        var clocks = state.Clocks(_progress, ReportingRules.Default, Opened.AddDays(1))!;
        Assert.Equal(AwarenessBasis.SetByManagement, clocks.Awareness.Basis);
        Assert.Equal(Opened, state.FromRecord!.At);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, Jst), clocks.Preliminary.Due);
        Assert.Equal(ClockState.Within24Hours, clocks.Preliminary.State);
        Assert.Equal(new DateTimeOffset(2026, 12, 23, 0, 0, 0, Jst), clocks.Final.Due);
    }

    [Fact]
    public void Awareness_InTheFutureOrWithoutAReason_IsRefused()
    {
        var now = Opened.AddHours(1);

        Assert.Equal(new FieldRefused("at", FieldProblem.InTheFuture), Do(Director, new SetAwareness(now.AddHours(1), "理由"), now));
        Assert.Equal(new FieldRefused("reason", FieldProblem.Required), Do(Director, new SetAwareness(now.AddHours(-1), " "), now));
        Assert.IsType<RoleRequired>(Do(Officer, new SetAwareness(now.AddHours(-1), "理由"), now));
    }

    [Fact]
    public void Assessment_OnlyManagement_AllFourCategories_EachWithAReason()
    {
        var now = Opened.AddHours(1);
        Assert.IsType<RoleRequired>(Do(Officer, Answers(true, true), now));

        var three = new AssessReporting(Answers(true, true).Answers.Take(3).ToList());
        Assert.Equal([ReportingCategory.OverThreshold], Assert.IsType<CategoriesIncomplete>(Do(Director, three, now)).Missing);

        var twice = new AssessReporting([.. Answers(true, true).Answers.Take(3), Answers(true, true).Answers[0]]);
        Assert.IsType<CategoriesIncomplete>(Do(Director, twice, now));

        var noReason = new AssessReporting([.. Answers(true, true).Answers.Take(3), new CategoryAnswer(ReportingCategory.OverThreshold, false, "")]);
        Assert.Equal(new FieldRefused("reason.over-threshold", FieldProblem.Required), Do(Director, noReason, now));
        Assert.Empty(State.Assessments);
    }

    [Fact]
    public void PeopleAffected_KeepsEveryValueInOrder_AndRefusesNonsense()
    {
        Assert.Null(Do(Officer, new RecordFigure(ReportingState.PeopleAffected, 120, "初期集計"), Opened.AddDays(1)));
        Assert.Null(Do(Director, new RecordFigure(ReportingState.PeopleAffected, 1450, "アクセスログの全件調査"), Opened.AddDays(20)));

        Assert.Equal([120L, 1450L], State.History(ReportingState.PeopleAffected).Select(v => v.Value));
        Assert.Equal(1450, State.Latest(ReportingState.PeopleAffected)!.Value);
        Assert.IsType<RoleRequired>(Do(Nurse, new RecordFigure(ReportingState.PeopleAffected, 5), Opened));
        Assert.Equal(new FieldRefused("value", FieldProblem.OutOfRange, 200_000_000), Do(Officer, new RecordFigure(ReportingState.PeopleAffected, -1), Opened));
        Assert.IsType<UnknownFigure>(Do(Officer, new RecordFigure("rooms", 1), Opened));
    }

    [Fact]
    public void PeopleAffected_GrowingPastTheThreshold_AsksForTheAnswerToCase4AgainUntilChanged()
    {
        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: true), Opened.AddHours(1)));
        Assert.Null(Do(Officer, new RecordFigure(ReportingState.PeopleAffected, 1000), Opened.AddDays(1)));
        Assert.False(State.Clocks(_progress, ReportingRules.Default, Opened.AddDays(1))!.OutgrewAnswer);

        Assert.Null(Do(Officer, new RecordFigure(ReportingState.PeopleAffected, 1001), Opened.AddDays(2)));
        Assert.True(State.Clocks(_progress, ReportingRules.Default, Opened.AddDays(2))!.OutgrewAnswer);

        var answers = Answers(sensitive: true, unlawful: true).Answers.Select(a => a.Category == ReportingCategory.OverThreshold ? a with { Applies = true, Reason = "1,001人" } : a).ToList();
        Assert.Null(Do(Director, new AssessReporting(answers), Opened.AddDays(2)));
        Assert.False(State.Clocks(_progress, ReportingRules.Default, Opened.AddDays(2))!.OutgrewAnswer);
    }

    [Fact]
    public void Issue_OnTime_RecordsWhatItSaid_AndMeetsThePreliminaryClock()
    {
        Assert.Null(Do(Director, Answers(true, true), Opened.AddHours(2)));
        var at = Opened.AddDays(1);

        Assert.Null(Do(Director, Issue(ReportKind.PrivacyPreliminary), at));

        var issued = Assert.Single(State.Issued);
        Assert.Equal("privacy-preliminary", issued.Data.Report);
        Assert.Equal(Complete(ReportKind.PrivacyPreliminary), issued.Data.Fields);
        Assert.Equal(new DateOnly(2026, 11, 25), issued.Data.Dated);
        Assert.Equal(DocumentDates.Era, issued.Data.Dates);
        var clocks = State.Clocks(_progress, ReportingRules.Default, at.AddDays(10))!;
        Assert.Equal(ClockState.Done, clocks.Preliminary.State);
        Assert.Equal(ClockState.Running, clocks.Final.State);
        Assert.Same(clocks.Final, clocks.Next);
    }

    [Fact]
    public void Issue_AfterTheDeadline_NeedsTheReasonForLateness_AndIsMarkedLate()
    {
        var late = new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst);
        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: false), Opened)); // a report is required: the clocks run

        Assert.Equal(new LateReasonRequired("privacy-preliminary", late), Do(Director, Issue(ReportKind.PrivacyPreliminary), late));
        Assert.Null(Do(Director, Issue(ReportKind.PrivacyPreliminary, "2-12 の判断が週末にかかった"), late));

        var clock = State.Clocks(_progress, ReportingRules.Default, late)!.Preliminary;
        Assert.Equal(ClockState.DoneLate, clock.State);
        Assert.Equal("2-12 の判断が週末にかかった", clock.Done!.Data.LateReason);
    }

    [Fact]
    public void Issue_JustBeforeMidnightOfTheLastDay_IsOnTime_WithFiveDaysConfigured()
    {
        var rules = new ReportingRules(preliminaryDays: 5);
        var lastMinute = new DateTimeOffset(2026, 11, 29, 23, 59, 0, Jst);

        Assert.Null(Do(Director, Issue(ReportKind.PrivacyPreliminary), lastMinute, rules));
        Assert.Equal(ClockState.Done, State.Clocks(_progress, rules, lastMinute)!.Preliminary.State);
    }

    [Fact]
    public void Issue_FinalReportFirst_AlsoMeetsThePreliminaryClock()
    {
        Assert.Null(Do(Director, Issue(ReportKind.PrivacyFinal), Opened.AddDays(2)));

        var clocks = State.Clocks(_progress, ReportingRules.Default, Opened.AddDays(2))!;
        Assert.Equal(ClockState.Done, clocks.Preliminary.State);
        Assert.Equal(ClockState.Done, clocks.Final.State);
    }

    [Fact]
    public void Issue_FinalFirst_WhileThePreliminaryIsOverdue_NeedsTheReasonToo()
    {
        var day5 = new DateTimeOffset(2026, 11, 29, 9, 0, 0, Jst);
        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: false), Opened)); // a report is required: the clocks run

        Assert.Equal(new LateReasonRequired("privacy-preliminary", new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst)), Do(Director, Issue(ReportKind.PrivacyFinal), day5));
        Assert.Null(Do(Director, Issue(ReportKind.PrivacyFinal, "速報を出さずに確報をまとめた"), day5));

        var clocks = State.Clocks(_progress, ReportingRules.Default, day5)!;
        Assert.Equal(ClockState.DoneLate, clocks.Preliminary.State);
        Assert.Equal("速報を出さずに確報をまとめた", clocks.Preliminary.Done!.Data.LateReason);
        Assert.Equal(ClockState.Done, clocks.Final.State);
    }

    [Fact]
    public void Fields_CountedAsKept_AndRefusingWhatNoWordFileCanHold()
    {
        var crlf = string.Concat(Enumerable.Repeat("あ\r\n", ReportingDecisions.FieldLimit / 2 - 1));
        Assert.Null(Do(Officer, new DraftReport("police", new Dictionary<string, string> { ["timeline"] = crlf }), Opened));

        Assert.Equal(new FieldRefused("overview", FieldProblem.ControlCharacters),
            Do(Officer, new DraftReport("police", new Dictionary<string, string> { ["overview"] = "概要\uFFFF" }), Opened));
    }

    [Fact]
    public void CountOutgrowsAnAnswerOfNoneApplies_TheClocksShowAgain()
    {
        Assert.Null(Do(Director, Answers(sensitive: false, unlawful: false), Opened.AddHours(1)));
        Assert.False(State.Clocks(_progress, ReportingRules.Default, Opened.AddHours(1))!.Running);

        Assert.Null(Do(Officer, new RecordFigure(ReportingState.PeopleAffected, 2400), Opened.AddDays(3)));

        var clocks = State.Clocks(_progress, ReportingRules.Default, Opened.AddDays(3))!;
        Assert.Equal(ReportingNeed.NotRequired, clocks.Need);
        Assert.True(clocks.OutgrewAnswer);
        Assert.True(clocks.Running);
    }

    [Fact]
    public void FinalReportOwed_IsWhetherTheClocksRunWithTheFinalNotDone_OnceAnswered_WhateverTheTime()
    {
        // What the projection keeps for the home page: exactly the clocks' question, for an answered incident, at any moment.
        void Owed(bool expected, DateTimeOffset now)
        {
            Assert.Equal(expected, State.FinalReportOwed);
            foreach (var at in new[] { now, now.AddDays(90) })
            {
                var clocks = State.Clocks(_progress, ReportingRules.Default, at)!;
                Assert.Equal(expected, State.Assessment is not null && clocks.Running && clocks.Final.Done is null);
            }
        }

        // Not answered yet: personal data at risk or not, the open incident's clocks are the home page's anyway.
        Owed(false, Opened);
        Assert.Null(Do(Director, Answers(sensitive: false, unlawful: false), Opened.AddHours(1)));
        Owed(false, Opened.AddHours(1));
        Assert.Null(Do(Officer, new RecordFigure(ReportingState.PeopleAffected, 2400), Opened.AddDays(1)));
        Owed(true, Opened.AddDays(1));
        Assert.Null(Do(Officer, new RecordFigure(ReportingState.PeopleAffected, 900), Opened.AddDays(1)));
        Owed(false, Opened.AddDays(1));
        Assert.Null(Do(Director, Answers(sensitive: true, unlawful: false), Opened.AddDays(2)));
        Owed(true, Opened.AddDays(2));
        Assert.Null(Do(Director, Issue(ReportKind.PrivacyPreliminary), Opened.AddDays(2)));
        Owed(true, Opened.AddDays(2));
        Assert.Null(Do(Director, Issue(ReportKind.PrivacyFinal), Opened.AddDays(20)));
        Owed(false, Opened.AddDays(20));
    }

    [Fact]
    public void Profile_ChoosesTheDaysAndWhetherTheFirstDayCounts()
    {
        var profile = new Core.Preparedness.OrganizationProfile("さくら病院", Core.Preparedness.FacilityKind.Hospital, 199, Core.Preparedness.Operator.Private, false, PreliminaryReportDays: 4, CountFirstDay: true);

        var clocks = State.Clocks(_progress, profile.ReportingRules, Opened)!;

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), clocks.Preliminary.Due);
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 0, 0, 0, Jst), clocks.Final.Due);
        Assert.Equal(DayCount.FromNextDay, (profile with { CountFirstDay = false }).ReportingRules.Count);
    }

    [Fact]
    public void Issue_WithRequiredHeadingsEmpty_NamesThem()
    {
        var fields = Complete(ReportKind.PrivacyPreliminary);
        fields.Remove("people");
        fields["cause"] = "   ";

        var refusal = Assert.IsType<ReportFieldsMissing>(Do(Director, Issue(ReportKind.PrivacyPreliminary, fields: fields), Opened));

        Assert.Equal(["people", "cause"], refusal.Fields);
    }

    [Fact]
    public void DraftAndIssue_UnknownReportOrHeading_NoHeading_OrStaff_AreRefused()
    {
        Assert.IsType<UnknownReport>(Do(Officer, new DraftReport("press-release", new Dictionary<string, string>()), Opened));
        Assert.IsType<UnknownReportField>(Do(Officer, new DraftReport("police", new Dictionary<string, string> { ["salary"] = "x" }), Opened));
        Assert.IsType<RoleRequired>(Do(Nurse, new DraftReport("police", new Dictionary<string, string>()), Opened));
        Assert.Equal(new FieldRefused("fields", FieldProblem.Required), Do(Officer, new DraftReport("police", new Dictionary<string, string>()), Opened));
        Assert.Equal(new FieldRefused("overview", FieldProblem.TooLong, ReportingDecisions.FieldLimit),
            Do(Officer, new DraftReport("police", new Dictionary<string, string> { ["overview"] = new string('あ', ReportingDecisions.FieldLimit + 1) }), Opened));
    }

    [Fact]
    public void Draft_KeepsTheLatestPerReport_InTheTemplatesOrder_Trimmed()
    {
        Assert.Null(Do(Officer, new DraftReport("police", new Dictionary<string, string> { ["damage"] = " 暗号化 \r\n 2台 ", ["overview"] = "概要" }), Opened));
        Assert.Null(Do(Director, new DraftReport("police", new Dictionary<string, string> { ["overview"] = "概要(修正)", ["damage"] = "" }), Opened.AddHours(1)));

        var draft = State.Draft("police")!;
        Assert.Equal("院長 鈴木", draft.By);
        Assert.Equal(new Dictionary<string, string> { ["overview"] = "概要(修正)" }, draft.Fields);
        Assert.Equal(["overview", "damage"], ReportingDecisions.Normalized(ReportTemplates.Get(ReportKind.Police), new Dictionary<string, string> { ["damage"] = "x", ["overview"] = "y" }).Keys);
        Assert.Equal("暗号化 \n 2台", ReportingDecisions.Normalized(ReportTemplates.Get(ReportKind.Police), new Dictionary<string, string> { ["damage"] = " 暗号化 \r\n 2台 " })["damage"]);
    }

    [Fact]
    public void Reporting_GoesOnAfterTheIncidentIsClosed()
    {
        Assert.Null(Do(Director, Issue(ReportKind.PrivacyPreliminary), Opened.AddDays(1)));
        Record(Opened.AddDays(10), new EventActor("key-so", "田中", Role.SecurityOfficer), new IncidentClosed(IncidentOutcome.ClosedEarly, "復旧済み"));

        Assert.Null(Do(Director, Issue(ReportKind.PrivacyFinal), Opened.AddDays(20)));
        Assert.Equal(ClockState.Done, State.Clocks(_progress, ReportingRules.Default, Opened.AddDays(20))!.Final.State);
    }
}
