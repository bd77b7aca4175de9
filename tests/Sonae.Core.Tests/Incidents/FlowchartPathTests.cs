using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

/// <summary>Whole incidents through the ministry's flowchart, one path per test.</summary>
public sealed class FlowchartPathTests
{
    private static readonly string[] Detection = ["1-1", "1-2", "1-3", "1-4"];
    private static readonly string[] CyberOnly = ["2-5", "2-6", "2-7", "2-8", "2-9", "2-10", "2-11", "2-12", "2-13", "2-14", "2-15", "2-16", "2-17", "2-18"];

    private static IncidentDriver RansomNoteReported() => new(
        new NewIncident("3階西病棟 PC-3W-01", IncidentSource.AnomalyReport, Report: new AnomalyReport(
            "3階西病棟", "ナースステーション", "PC-3W-01", [AnomalySign.RansomNote, AnomalySign.OddFiles],
            new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero), "画面に英語の脅迫文", "看護師 佐藤", "PHS 3021")),
        Nurse);

    private static void ConfirmCyberAttack(IncidentDriver incident)
    {
        incident.Do(Nurse, new CompleteAction(new StepId("1-2"), "unplug"));
        incident.Complete(Nurse, "1-2", "disconnected-devices", "PC-3W-01(LAN ケーブルを抜いた)");
        incident.Do(Nurse, new CompleteAction(new StepId("1-3"), "call-officer"));
        incident.Complete(Nurse, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Complete(Officer, "2-1", "cause", "cyber-attack", "cyber-attack-signs", "yes", "data-leak-suspected", "unknown");
    }

    private static void ThroughPolicy(IncidentDriver incident, string personalData = "yes")
    {
        incident.Complete(Officer, "2-2", "prior-vendor-work", "no");
        incident.Do(Officer, new SkipStep(new StepId("2-3"), "ネットワーク機器は正常に応答している"));
        incident.Do(Officer, new SkipStep(new StepId("2-4"), "電源・ハードウェアに異常なし"));
        incident.Complete(Officer, "2-5", "consultation-log", "IPA に電話で相談、初動の助言を受けた");
        incident.Do(Vendor, new CompleteAction(new StepId("2-6"), "help-contain"));
        incident.Complete(Officer, "2-6");
        incident.Complete(Officer, "2-7");
        incident.Complete(Director, "2-8", "response-team-formed", "yes");
        incident.Complete(Nurse, "2-9");
        incident.Complete(Vendor, "2-10");
        incident.Complete(Officer, "2-11");
        incident.Complete(Director, "2-12", "report-to-ministry", "yes", "personal-data-at-risk", personalData, "legal-action", "yes", "preserve-evidence", "yes");
    }

    [Fact]
    public void CyberAttack_FromRansomNoteToClosure_RunsEveryPhaseAndTheChainVerifies()
    {
        var incident = RansomNoteReported();

        // The report is the staff's check of 1-1: infection signs recorded, so staff must disconnect (1-2) first.
        Assert.Equal(StepState.Done, incident.State("1-1"));
        Assert.Equal("yes", incident.Progress.Facts[new FactId("infection-signs")].Value);
        Assert.Equal(StepState.Available, incident.State("1-2"));
        Assert.Equal(StepState.Locked, incident.State("1-3"));
        Assert.Contains(incident.Snapshot.NextFor(Core.Access.Role.Staff), n => n.Step == new StepId("1-2") && n.Action == "unplug");

        ConfirmCyberAttack(incident);
        Assert.All(new[] { "2-5", "2-6" }, s => Assert.Equal(StepState.Available, incident.State(s)));
        Assert.Equal(StepState.Locked, incident.State("2-7"));

        ThroughPolicy(incident);
        Assert.All(new[] { "2-13", "2-14", "2-18", "4-3", "4-4" }, s => Assert.Equal(StepState.Available, incident.State(s)));
        Assert.Equal(StepState.Locked, incident.State("3-1"));

        incident.Complete(Director, "2-13");
        incident.Do(Vendor, new CompleteAction(new StepId("2-14"), "preserve", "ディスクイメージ3台分を取得"));
        incident.Complete(Officer, "2-14");
        incident.Complete(Officer, "2-15");
        incident.Complete(Officer, "2-16");
        Assert.Equal(StepState.Locked, incident.State("3-1"));
        incident.Complete(Director, "2-17");
        incident.Complete(Director, "2-18");

        incident.Complete(Director, "3-1", "vendor-help-needed", "yes", "recovery-budget", "3,000万円(理事会承認)");
        incident.Do(Vendor, new CompleteAction(new StepId("3-2"), "accept-request"));
        incident.Complete(Officer, "3-2");
        incident.Complete(Vendor, "3-3");
        incident.Complete(Officer, "3-4");
        incident.Complete(Officer, "4-1", "data-leak-confirmed", "no");
        incident.Complete(Director, "4-2");
        incident.Complete(Director, "4-3");
        incident.Complete(Director, "4-4");
        incident.Complete(Officer, "4-5");
        incident.Complete(Officer, "4-6");
        incident.Complete(Nurse, "4-7");
        incident.Complete(Officer, "4-8");
        incident.Complete(Director, "4-9", "publish-disclosure", "yes");

        Assert.Empty(incident.Snapshot.Unsettled);
        incident.Do(Officer, new CloseIncident());
        Assert.Equal(IncidentStatus.Closed, incident.Progress.Status);
        Assert.Equal(IncidentOutcome.Resolved, incident.Progress.Outcome);

        var verifier = new ChainVerifier(incident.Head.OrganizationId, incident.Head.IncidentId);
        foreach (var e in incident.Record)
            Assert.True(verifier.Add(new StoredEvent(e.Seq, e.Type.WireName(), e.At, e.Body, e.Hash, incident.Head.OrganizationId)));
        Assert.Null(verifier.Finish(incident.Head.LastSeq, incident.Head.HeadHash, incident.Progress));
    }

    [Fact]
    public void PowerFailure_NoSignsOfAttack_MakesTheCyberStepsNotApplicable()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");
        Assert.Equal(StepState.NotApplicable, incident.State("1-2"));
        Assert.Equal(StepState.Available, incident.State("1-3"));
        incident.Complete(Vendor, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Complete(Officer, "2-1", "cause", "power-hardware", "cyber-attack-signs", "no", "data-leak-suspected", "no");

        Assert.All(CyberOnly, s => Assert.Equal(StepState.NotApplicable, incident.State(s)));
        Assert.Equal(StepState.NotApplicable, incident.State("4-3"));
        Assert.Equal(StepState.NotApplicable, incident.State("4-4"));
        Assert.Equal(StepState.Locked, incident.State("3-1"));
        Assert.Equal(["2-2", "2-3", "2-4"], incident.Snapshot[new StepId("3-1")].WaitingForSteps.Select(s => s.Value));

        incident.Complete(Officer, "2-2", "prior-vendor-work", "no");
        incident.Complete(Officer, "2-3");
        incident.Complete(Officer, "2-4", "hardware-findings", "サーバー室の分電盤のブレーカーが落ちていた");
        Assert.Equal(StepState.Available, incident.State("3-1"));

        incident.Complete(Director, "3-1", "vendor-help-needed", "no");
        Assert.Equal(StepState.NotApplicable, incident.State("3-2"));
        incident.Complete(Officer, "3-3");
        incident.Complete(Officer, "3-4");
        incident.Complete(Officer, "4-1", "data-leak-confirmed", "no");
        incident.Complete(Director, "4-2");
        incident.Complete(Officer, "4-5");
        incident.Complete(Officer, "4-6");
        incident.Complete(Nurse, "4-7");
        incident.Complete(Officer, "4-8");
        incident.Complete(Director, "4-9", "publish-disclosure", "no");

        incident.Do(Director, new CloseIncident());
        Assert.Equal(IncidentOutcome.Resolved, incident.Progress.Outcome);
    }

    [Fact]
    public void FalseAlarm_NotConfirmedAt1_4_SettlesEveryLaterStepAndClosesAsFalseAlarm()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Nurse, "1-1", "infection-signs", "unknown");
        incident.Complete(Nurse, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "no");

        Assert.Empty(incident.Snapshot.Unsettled);
        Assert.All(incident.Snapshot.Steps.Where(s => !Detection.Contains(s.Step.Id.Value)),
            s => Assert.Equal(StepState.NotApplicable, s.State));

        incident.Do(Officer, new CloseIncident());
        Assert.Equal(IncidentOutcome.FalseAlarm, incident.Progress.Outcome);
    }

    [Fact]
    public void PersonalDataAtRisk_DecidedAt2_12_Opens4_3AtOnce()
    {
        var incident = RansomNoteReported();
        ConfirmCyberAttack(incident);
        ThroughPolicy(incident, personalData: "no");
        Assert.Equal(StepState.NotApplicable, incident.State("4-3"));

        var withData = RansomNoteReported();
        ConfirmCyberAttack(withData);
        ThroughPolicy(withData, personalData: "yes");
        Assert.Equal(StepState.Available, withData.State("4-3"));
        // Recovery has not even started: the privacy report does not wait for it.
        Assert.Equal(StepState.Locked, withData.State("3-1"));
    }

    [Fact]
    public void NonCyberLossOfPersonalData_Opens4_3After2_1()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");
        incident.Complete(Officer, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Complete(Officer, "2-1", "cause", "vendor-work", "cyber-attack-signs", "no", "data-leak-suspected", "yes");

        Assert.Equal(StepState.Available, incident.State("4-3"));
    }

    [Fact]
    public void PossibleAttack_OnlyConsultationOpens_AndNothingWaitsForever()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "unknown");
        incident.Complete(Officer, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Complete(Officer, "2-1", "cause", "unknown", "cyber-attack-signs", "possible", "data-leak-suspected", "no");

        Assert.Equal(StepState.Available, incident.State("2-5"));
        Assert.Equal(StepState.NotApplicable, incident.State("2-6"));
        // 2-12 never runs on this path, so its personal-data decision is absent rather than pending.
        Assert.Equal(StepState.NotApplicable, incident.State("4-3"));
    }

    [Fact]
    public void RecordFact_RevisedMidIncident_MovesDependentStepsAndKeepsDoneStepsDone()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");
        incident.Complete(Officer, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Complete(Officer, "2-1", "cause", "system-fault", "cyber-attack-signs", "no", "data-leak-suspected", "no");
        Assert.Equal(StepState.NotApplicable, incident.State("2-6"));

        var unexplained = incident.Refused(Officer, new RecordFact(new FactId("cyber-attack-signs"), "yes"));
        var recorded = Assert.IsType<FactAlreadyRecorded>(unexplained);
        Assert.Equal((new FactId("cyber-attack-signs"), "no"), (recorded.Fact, recorded.Value));

        var revision = incident.Do(Officer, new RecordFact(new FactId("cyber-attack-signs"), "yes", "ベンダ解析で不審な通信を検出"));

        Assert.Equal(StepState.Done, incident.State("2-1"));
        Assert.Equal(StepState.Available, incident.State("2-5"));
        Assert.Equal(StepState.Available, incident.State("2-6"));
        var revised = Assert.IsType<FactRevised>(EventChain.Parse(Assert.Single(revision).Body).Data);
        Assert.Equal(("no", "yes", "2-1"), (revised.Previous, revised.Value, revised.Step.Value));
        Assert.Equal(1, incident.Progress.Facts[new FactId("cyber-attack-signs")].Revisions);

        // A revision back: the steps it had opened settle again, and what was done there stays on the record.
        incident.Do(Vendor, new CompleteAction(new StepId("2-6"), "help-contain"));
        incident.Do(Officer, new RecordFact(new FactId("cyber-attack-signs"), "no", "検出は誤検知と判明"));
        Assert.Equal(StepState.NotApplicable, incident.State("2-6"));
        Assert.True(incident.Snapshot[new StepId("2-6")].Progress.ActionsDone.ContainsKey("help-contain"));
    }

    [Fact]
    public void RecordFact_SameValueAgain_RecordsNothing()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Fact(Officer, "infection-signs", "no");
        var count = incident.Record.Count;

        var decision = IncidentRules.Decide(incident.Playbook, incident.Progress, Officer, new RecordFact(new FactId("infection-signs"), "no"), incident.Clock.GetUtcNow());

        Assert.True(decision.IsAccepted);
        Assert.Empty(decision.Events);
        Assert.Equal(count, incident.Record.Count);
    }

    [Fact]
    public void DecisionPreview_At2_12_SaysWhatEachChoiceOpens()
    {
        var incident = RansomNoteReported();
        ConfirmCyberAttack(incident);
        ThroughPolicyExcept2_12(incident);

        var report = DecisionPreview.Of(incident.Playbook, incident.Progress, new FactId("report-to-ministry"), "yes");
        var noReport = DecisionPreview.Of(incident.Playbook, incident.Progress, new FactId("report-to-ministry"), "no");

        Assert.Equal([new DecisionEffect(new StepId("2-13"), true)], report);
        Assert.Equal([new DecisionEffect(new StepId("2-13"), false)], noReport);
        var personalData = DecisionPreview.Of(incident.Playbook, incident.Progress, new FactId("personal-data-at-risk"), "yes");
        Assert.Equal([new DecisionEffect(new StepId("4-3"), true)], personalData);
    }

    private static void ThroughPolicyExcept2_12(IncidentDriver incident)
    {
        incident.Complete(Officer, "2-2", "prior-vendor-work", "no");
        incident.Do(Officer, new SkipStep(new StepId("2-3"), "正常"));
        incident.Do(Officer, new SkipStep(new StepId("2-4"), "正常"));
        foreach (var step in new[] { "2-6", "2-7" })
            incident.Complete(Officer, step);
        incident.Complete(Director, "2-8", "response-team-formed", "yes");
        incident.Complete(Vendor, "2-10");
        incident.Complete(Officer, "2-11");
    }

    [Fact]
    public void NextFor_LeavesGuideChecklistsOut_ButTheyCanBeTicked()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");
        incident.Complete(Officer, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");

        var step = incident.Playbook.Step(new StepId("2-1"));
        Assert.Equal(5, step.Guides.Count);
        Assert.DoesNotContain(incident.Snapshot.NextFor(Core.Access.Role.SecurityOfficer), n => n.Step == step.Id && n.Action is { } a && step.FindAction(a)!.Guide is not null);
        Assert.Contains(incident.Snapshot.NextFor(Core.Access.Role.SecurityOfficer), n => n.Step == step.Id && n.Action == "check-attack-signs");
        incident.Do(Officer, new CompleteAction(step.Id, "mail-block"));
        Assert.Equal(StepState.InProgress, incident.State("2-1"));
    }
}
