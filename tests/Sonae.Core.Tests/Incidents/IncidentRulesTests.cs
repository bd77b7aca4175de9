using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

public sealed class IncidentRulesTests
{
    private static readonly StepId S1_1 = new("1-1");
    private static readonly StepId S1_4 = new("1-4");

    [Fact]
    public void CompleteAction_WithoutTheRole_IsForbiddenAndNamesTheRoles()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Vendor, new CompleteAction(S1_1, "check-signs"));

        var required = Assert.IsType<RoleRequired>(refusal);
        Assert.Equal(RefusalKind.Forbidden, refusal.Kind);
        Assert.Equal([Role.Staff, Role.SecurityOfficer, Role.Management], required.Allowed);
        Assert.Equal([Role.Vendor], required.Held);
    }

    [Fact]
    public void CompleteAction_ByOfficerForStaff_RecordsWhoItWasFor()
    {
        var incident = IncidentDriver.OpenedByHand();

        var recorded = incident.Do(Officer, new CompleteAction(S1_1, "check-signs", ForPerson: "看護師 佐藤"));

        var e = EventChain.Parse(Assert.Single(recorded).Body);
        Assert.Equal((Role.SecurityOfficer, Role.Staff, "看護師 佐藤"), (e.Actor.Role, e.Actor.For, e.Actor.ForPerson));
        Assert.Equal(StepState.InProgress, incident.State("1-1"));
    }

    [Fact]
    public void CompleteAction_OnLockedStep_IsAConflictThatSaysWhatComesFirst()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Officer, new CompleteAction(S1_4, "confirm"));

        var locked = Assert.IsType<StepIsLocked>(refusal);
        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Equal(["1-3"], locked.WaitingForSteps.Select(s => s.Value));
    }

    [Fact]
    public void CompleteAction_StepWaitingForAFact_SaysWhichFact()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Nurse, new CompleteAction(new StepId("1-2"), "unplug"));

        var locked = Assert.IsType<StepIsLocked>(refusal);
        Assert.Equal(["1-1"], locked.WaitingForSteps.Select(s => s.Value));
        Assert.Equal(["infection-signs"], locked.WaitingForFacts.Select(f => f.Value));
    }

    [Fact]
    public void CompleteAction_Twice_IsAConflictNamingWhoDidIt()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Do(Nurse, new CompleteAction(S1_1, "check-signs"));

        var refusal = incident.Refused(Officer, new CompleteAction(S1_1, "check-signs"));

        Assert.Equal(Nurse.Name, Assert.IsType<ActionAlreadyDone>(refusal).By);
    }

    [Fact]
    public void CompleteStep_WithoutItsFacts_SaysWhichAreMissing()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Officer, new CompleteStep(S1_1));

        Assert.Equal(["infection-signs"], Assert.IsType<FactsMissing>(refusal).Facts.Select(f => f.Value));
    }

    [Fact]
    public void CompleteStep_AlreadyDone_IsFinished()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");

        Assert.Equal(new StepIsFinished(S1_1, StepState.Done), incident.Refused(Officer, new CompleteStep(S1_1)));
        Assert.IsType<StepIsFinished>(incident.Refused(Nurse, new CompleteAction(S1_1, "check-signs")));
    }

    [Fact]
    public void CompleteStep_NotApplicable_IsAConflict()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");

        Assert.Equal(new StepDoesNotApply(new StepId("1-2")), incident.Refused(Nurse, new CompleteStep(new StepId("1-2"))));
    }

    [Fact]
    public void SkipStep_ThatAsksADecision_IsRefused()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Officer, new SkipStep(S1_1, "不要"));

        Assert.IsType<StepAsksDecision>(refusal);
    }

    [Fact]
    public void SkipStep_ByStaff_IsForbidden_AndWithoutReasonIsInvalid()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");

        Assert.IsType<RoleRequired>(incident.Refused(Nurse, new SkipStep(new StepId("1-3"), "電話済み")));
        Assert.Equal(new FieldRefused("reason", FieldProblem.Required), incident.Refused(Officer, new SkipStep(new StepId("1-3"), "  ")));
    }

    [Fact]
    public void RecordFact_ValueNotInTheList_ListsTheAllowedValues()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Officer, new RecordFact(new FactId("infection-signs"), "maybe"));

        Assert.Equal(["yes", "no", "unknown"], Assert.IsType<FactValueNotAllowed>(refusal).Allowed);
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
    }

    [Fact]
    public void RecordFact_WhoseStepIsStillLocked_IsNotAskedNow()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Officer, new RecordFact(new FactId("cause"), "cyber-attack"));

        Assert.Equal(["2-1"], Assert.IsType<FactNotAskedNow>(refusal).AskedBy.Select(s => s.Value));
    }

    [Fact]
    public void UnknownNames_AreNotFound()
    {
        var incident = IncidentDriver.OpenedByHand();

        Assert.Equal(RefusalKind.NotFound, incident.Refused(Officer, new CompleteStep(new StepId("9-9"))).Kind);
        Assert.Equal(RefusalKind.NotFound, incident.Refused(Officer, new CompleteAction(S1_1, "dance")).Kind);
        Assert.Equal(RefusalKind.NotFound, incident.Refused(Officer, new RecordFact(new FactId("colour"), "red")).Kind);
        Assert.Equal(RefusalKind.NotFound, incident.Refused(Officer, new AddNote("メモ", new StepId("9-9"))).Kind);
    }

    [Theory]
    [InlineData(TextLimits.LongText + 1, FieldProblem.TooLong)]
    [InlineData(0, FieldProblem.Required)]
    public void AddNote_TextOutOfBounds_NamesTheFieldAndLimit(int length, FieldProblem problem)
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Staff(), new AddNote(new string('あ', length)));

        Assert.Equal(new FieldRefused("text", problem, problem == FieldProblem.TooLong ? TextLimits.LongText : 0), refusal);
    }

    [Theory]
    [InlineData("bell\u0007")]
    [InlineData("broken surrogate")]
    public void AddNote_ControlCharactersOrBrokenText_IsRefused(string text)
    {
        var incident = IncidentDriver.OpenedByHand();
        // Attribute strings cannot carry a lone surrogate, so build it here.
        text = text.Replace("broken", "broken \ud800", StringComparison.Ordinal);

        Assert.Equal(new FieldRefused("text", FieldProblem.ControlCharacters), incident.Refused(Officer, new AddNote(text)));
    }

    [Fact]
    public void AddNote_MultilineJapaneseWithEmoji_IsKeptAsWritten()
    {
        var incident = IncidentDriver.OpenedByHand();
        const string text = "5階の端末でも同じ画面 😱\n\t→ 隔離済み";

        var e = EventChain.Parse(Assert.Single(incident.Do(Nurse, new AddNote(text))).Body);

        Assert.Equal(text, Assert.IsType<NoteAdded>(e.Data).Text);
    }

    [Fact]
    public void Close_WithOpenSteps_NeedsAReason_ThenClosesEarly()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Officer, new CloseIncident());
        Assert.Contains(new StepId("1-1"), Assert.IsType<StepsStillOpen>(refusal).Steps);

        incident.Do(Officer, new CloseIncident("訓練のため作成した重複インシデント"));
        Assert.Equal(IncidentOutcome.ClosedEarly, incident.Progress.Outcome);
    }

    [Fact]
    public void AnyCommand_OnClosedIncident_IsAConflict()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Do(Officer, new CloseIncident("重複"));

        Assert.IsType<IncidentIsClosed>(incident.Refused(Officer, new AddNote("後から")));
        Assert.IsType<IncidentIsClosed>(incident.Refused(Nurse, new CompleteAction(S1_1, "check-signs")));
        Assert.IsType<IncidentIsClosed>(incident.Refused(Officer, new CloseIncident("もう一度")));
    }

    [Fact]
    public void Open_ManuallyByStaff_IsForbidden()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;

        var decision = IncidentRules.Open(playbook, new PlaybookRef(playbook.Id, 1, playbook.Sha256), 1, Nurse,
            new NewIncident("端末が遅い", IncidentSource.Manual), DateTimeOffset.UnixEpoch, ReportingRules.Default);

        Assert.IsType<RoleRequired>(decision.Refusal);
    }

    [Fact]
    public void Open_FromAnAlert_ByHandIsTheResponses_AsAReportAnyReportersToo()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var at = new DateTimeOffset(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);
        var report = new AnomalyReport("サーバ監視", null, "SV-001", [AnomalySign.Other], null, null, "Prometheus", null);

        var byHand = IncidentRules.Open(playbook, new PlaybookRef(playbook.Id, 1, playbook.Sha256), 1, Nurse, new NewIncident("UPS 警報", IncidentSource.Alert), at, ReportingRules.Default);
        var asReport = IncidentRules.Open(playbook, new PlaybookRef(playbook.Id, 1, playbook.Sha256), 1, Nurse, new NewIncident("監視: HostDown", IncidentSource.Alert, Report: report), at, ReportingRules.Default);

        Assert.IsType<RoleRequired>(byHand.Refusal);
        Assert.Null(asReport.Refusal);
        Assert.Contains(asReport.Events, e => e.Data is AnomalyReported { ReporterName: "Prometheus" });
    }

    [Fact]
    public void Open_FromReportWithoutInfectionSigns_RecordsUnknownAndCompletes1_1()
    {
        var incident = new IncidentDriver(new NewIncident("外来 受付端末", IncidentSource.AnomalyReport,
            Report: new AnomalyReport("外来", null, "受付-02", [AnomalySign.SlowOrFrozen], null, null, null, null)), Nurse);

        Assert.Equal("unknown", incident.Progress.Facts[new FactId("infection-signs")].Value);
        Assert.Equal(StepState.Done, incident.State("1-1"));
        Assert.Equal(StepState.NotApplicable, incident.State("1-2"));
        Assert.Equal(StepState.Available, incident.State("1-3"));
        Assert.Equal(
            [IncidentEventType.Opened, IncidentEventType.AnomalyReported, IncidentEventType.FactRecorded, IncidentEventType.StepCompleted],
            incident.Record.Select(e => e.Type));
    }

    [Fact]
    public void Open_ReportFromTheFuture_IsRefused()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var now = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

        var decision = IncidentRules.Open(playbook, new PlaybookRef(playbook.Id, 1, playbook.Sha256), 1, Nurse,
            new NewIncident("外来", IncidentSource.AnomalyReport, Report: new AnomalyReport("外来", null, null, [AnomalySign.Other], now.AddHours(2), null, null, null)), now, ReportingRules.Default);

        Assert.Equal(new FieldRefused("since", FieldProblem.InTheFuture), decision.Refusal);
    }

    [Theory]
    [InlineData(1, 1, 5)]
    [InlineData(1900, 1, 1)]
    [InlineData(2025, 11, 22)]
    public void Open_ReportSeenSinceLongAgo_IsRefused(int year, int month, int day)
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var now = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
        var since = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);

        var decision = IncidentRules.Open(playbook, new PlaybookRef(playbook.Id, 1, playbook.Sha256), 1, Nurse,
            new NewIncident("外来", IncidentSource.AnomalyReport, Report: new AnomalyReport("外来", null, null, [AnomalySign.Other], since, null, null, null)), now, ReportingRules.Default);

        Assert.Equal(new FieldRefused("since", FieldProblem.TooLongAgo, 366), decision.Refusal);
    }

    [Fact]
    public void Open_ReportSeenSinceElevenMonthsAgo_IsAccepted()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var now = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

        var decision = IncidentRules.Open(playbook, new PlaybookRef(playbook.Id, 1, playbook.Sha256), 1, Nurse,
            new NewIncident("外来", IncidentSource.AnomalyReport, Report: new AnomalyReport("外来", null, null, [AnomalySign.Other], now.AddDays(-330), null, null, null)), now, ReportingRules.Default);

        Assert.True(decision.IsAccepted);
    }

    [Fact]
    public void NextFor_Management_ListsTheDecisionsWaitingForThem()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "yes");
        incident.Complete(Nurse, "1-2");
        incident.Complete(Nurse, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Complete(Officer, "2-1", "cause", "cyber-attack", "cyber-attack-signs", "yes", "data-leak-suspected", "yes");
        incident.Complete(Officer, "2-6");
        incident.Complete(Officer, "2-7");

        var next = incident.Snapshot.NextFor(Role.Management);

        Assert.Equal(
            [new NextItem(new StepId("2-8"), NextKind.DoAction, "decide-team"), new NextItem(new StepId("2-8"), NextKind.DoAction, "order-damage-survey"),
             new NextItem(new StepId("2-8"), NextKind.AnswerFact, Fact: new FactId("response-team-formed"))],
            next);
    }

    [Theory]
    [InlineData("ministry\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "report")]
    [InlineData("ministry", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", "sha256")]
    public void IssueReport_ValueWithATrailingLineBreak_IsRefused(string report, string sha256, string field)
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = Assert.IsType<FieldRefused>(incident.Refused(Director, new IssueReport(report, sha256, "厚生労働省", ContactChannel.Email)));

        Assert.Equal(field, refusal.Field);
        Assert.False(StepId.IsValid("2-1\n"));
        Assert.False(FactId.IsValid("cause\n"));
    }

    [Theory]
    [InlineData("privacy-preliminary")]
    [InlineData("privacy-final")]
    public void IssueReport_APrivacyReportRecordedAsSentElsewhere_IsRefused_ItStopsALegalClock(string report)
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Director, new IssueReport(report, new string('a', 64), "個人情報保護委員会", ContactChannel.WebForm));

        Assert.Equal(new Sonae.Core.Reporting.IssueThroughReporting(report), refusal);
    }

    private static Actor Staff() => Nurse;

    [Fact]
    public void DecideTogether_EachCommandSeesTheOnesBeforeIt()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Nurse, "1-1", "infection-signs", "unknown");
        incident.Complete(Nurse, "1-3");
        IncidentCommand[] answerAndFinish = [new RecordFact(new FactId("anomaly-confirmed"), "yes"), new CompleteStep(S1_4)];

        var decision = IncidentRules.DecideTogether(incident.Playbook, incident.Progress, Officer, answerAndFinish, incident.Clock.GetUtcNow(), incident.OpenedAt, out var refusedAt);

        // Alone, completing 1-4 would be refused: its question is not answered yet.
        Assert.True(decision.IsAccepted, decision.Refusal?.ToString());
        Assert.Equal(-1, refusedAt);
        Assert.Equal([typeof(FactRecorded), typeof(StepCompleted)], decision.Events.Select(e => e.Data.GetType()));
    }

    [Fact]
    public void DecideTogether_OneRefusal_RefusesThemAllAndSaysWhich()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Nurse, "1-1", "infection-signs", "yes");
        incident.Complete(Nurse, "1-2");
        incident.Complete(Nurse, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        IncidentCommand[] answers =
        [
            new RecordFact(new FactId("cause"), "cyber-attack"),
            new RecordFact(new FactId("cyber-attack-signs"), "maybe-later"),
        ];

        var decision = IncidentRules.DecideTogether(incident.Playbook, incident.Progress, Officer, answers, incident.Clock.GetUtcNow(), incident.OpenedAt, out var refusedAt);

        Assert.Equal(1, refusedAt);
        Assert.IsType<FactValueNotAllowed>(decision.Refusal);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void HoldingUp_Officer_SeesTheStaffStepsBeforeTheirConfirmation()
    {
        var incident = new IncidentDriver(new NewIncident("3階西病棟 PC-3W-01", IncidentSource.AnomalyReport,
            Report: new AnomalyReport("3階西病棟", null, "PC-3W-01", [AnomalySign.RansomNote], null, null, null, null)), Nurse);

        // 1-4 (the officer's) waits on 1-3, which is itself locked behind 1-2: the officer is shown 1-2, the open one.
        Assert.Empty(incident.Snapshot.NextFor(Role.SecurityOfficer));
        Assert.Equal([new NextItem(new StepId("1-2"), NextKind.WaitingOnOthers)], incident.Snapshot.HoldingUp(Role.SecurityOfficer));

        incident.Complete(Officer, "1-2");

        Assert.Equal([new NextItem(new StepId("1-3"), NextKind.WaitingOnOthers)], incident.Snapshot.HoldingUp(Role.SecurityOfficer));
        incident.Complete(Officer, "1-3");
        Assert.Empty(incident.Snapshot.HoldingUp(Role.SecurityOfficer));
        Assert.Contains(incident.Snapshot.NextFor(Role.SecurityOfficer), n => n.Step == S1_4);
    }
}
