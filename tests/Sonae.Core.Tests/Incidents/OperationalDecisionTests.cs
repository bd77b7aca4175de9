using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

/// <summary>
/// Management's operational decisions (stop the electronic medical record, restrict care, divert ambulances), as the
/// built-in playbook binds them at 2-8, 2-12 and 3-1: only management takes them, always with a reason, and they can
/// be lifted later as new events, never edits.
/// </summary>
public sealed class OperationalDecisionTests
{
    private static readonly FactId Emr = new("emr-operation");
    private static readonly FactId Ambulances = new("ambulance-acceptance");

    /// <summary>A cyber attack confirmed and reported to management: 2-8 is open.</summary>
    private static IncidentDriver AtManagementReview()
    {
        var incident = OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "yes");
        incident.Complete(Nurse, "1-2");
        incident.Complete(Nurse, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Complete(Officer, "2-1", "cause", "cyber-attack", "cyber-attack-signs", "yes", "data-leak-suspected", "unknown");
        incident.Complete(Officer, "2-6");
        incident.Complete(Officer, "2-7");
        Assert.Equal(StepState.Available, incident.State("2-8"));
        return incident;
    }

    private static DecisionStanding Standing(IncidentDriver incident, FactId fact) =>
        OperationalDecisions.Standing(incident.Snapshot, OperationalDecisions.History(incident.Playbook, incident.Record.Select(r => EventChain.Parse(r.Body))))
            .Single(s => s.Decision.Fact == fact);

    [Fact]
    public void BuiltInPlaybook_BindsTheThreeDecisionsAtTheStepsWhereManagementDecides()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;

        Assert.Equal(["emr-operation", "care-restriction", "ambulance-acceptance"], playbook.Bindings.Decisions.Select(d => d.Fact.Value));
        foreach (var decision in playbook.Bindings.Decisions)
        {
            Assert.Equal(["2-8", "2-12", "3-1"], playbook.AskedBy[decision.Fact].Select(s => s.Value));
            Assert.Single(decision.Notices);
        }
        Assert.Equal("電子カルテは停止中です。紙運用に切り替えてください。", playbook.Bindings.Decision(Emr)!.Notice("stopped")!.Ja);
        Assert.Null(playbook.Bindings.Decision(Emr)!.Notice("running"));
        Assert.Null(playbook.Bindings.Decision(new FactId("response-team-formed")));
    }

    [Fact]
    public void Management_StopsTheRecordWithAReason_TheEventKeepsTheReasonAndWho()
    {
        var incident = AtManagementReview();

        var recorded = Assert.Single(incident.Do(Director, new RecordFact(Emr, "stopped", "  暗号化がサーバーに及んでいる  ")));

        var e = EventChain.Parse(recorded.Body);
        Assert.Equal(new FactRecorded(Emr, "stopped", new StepId("2-8"), "暗号化がサーバーに及んでいる"), e.Data);
        Assert.Equal((Director.Name, Role.Management, (Role?)null), (e.Actor.Name, e.Actor.Role, e.Actor.For));
        Assert.Contains("\"reason\":\"暗号化がサーバーに及んでいる\"", recorded.Body, StringComparison.Ordinal);
        var standing = Standing(incident, Emr);
        Assert.Equal("電子カルテは停止中です。紙運用に切り替えてください。", standing.Notice!.Ja);
        Assert.Equal(incident.Clock.GetUtcNow(), standing.Latest!.At);
        var inForce = Assert.Single(OperationalDecisions.InForce(incident.Playbook, incident.Progress));
        Assert.Equal((Emr, Director.Name), (inForce.Decision.Fact, inForce.Taken.By));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Decision_WithoutAReason_IsRefusedAndNothingIsRecorded(string? reason)
    {
        var incident = AtManagementReview();

        var refusal = incident.Refused(Director, new RecordFact(Emr, "stopped", reason));

        Assert.Equal(new FieldRefused("reason", FieldProblem.Required), refusal);
        Assert.False(incident.Progress.Facts.ContainsKey(Emr));
    }

    [Fact]
    public void OrdinaryFact_AtTheSameStep_StillNeedsNoReason()
    {
        var incident = AtManagementReview();

        var e = EventChain.Parse(Assert.Single(incident.Do(Director, new RecordFact(new FactId("response-team-formed"), "yes"))).Body);

        Assert.Null(((FactRecorded)e.Data).Reason);
    }

    [Fact]
    public void OnlyManagement_TakesThem_NotEvenTheOfficerOnItsBehalf()
    {
        var incident = AtManagementReview();

        foreach (var actor in new[] { Nurse, Vendor, Officer })
        {
            var refusal = Assert.IsType<RoleRequired>(incident.Refused(actor, new RecordFact(Emr, "stopped", "理由")));
            Assert.Equal([Role.Management], refusal.Allowed);
        }
        // The officer still answers management's ordinary question on its behalf, as before.
        incident.Do(Officer, new RecordFact(new FactId("response-team-formed"), "yes"));
    }

    [Fact]
    public void Decision_BeforeTheFlowchartReachesManagement_IsRefusedNamingTheSteps()
    {
        var incident = OpenedByHand();

        var refusal = Assert.IsType<FactNotAskedNow>(incident.Refused(Director, new RecordFact(Emr, "stopped", "念のため")));

        Assert.Equal(["2-8", "2-12", "3-1"], refusal.AskedBy.Select(s => s.Value));
        Assert.False(OperationalDecisions.CanBeTaken(incident.Snapshot, Emr));
    }

    [Fact]
    public void Decision_AfterItsStepIsDone_CanStillBeTakenAndLiftedWithAReason()
    {
        var incident = AtManagementReview();
        incident.Do(Director, new RecordFact(Emr, "stopped", "暗号化が広がっている"));
        incident.Complete(Director, "2-8", "response-team-formed", "yes");
        Assert.Equal(StepState.Done, incident.State("2-8"));

        // Never decided at 2-8, and 2-12 is still locked: the ambulances can still be diverted.
        incident.Do(Director, new RecordFact(Ambulances, "diverted", "救急外来の端末が使えない"));
        Assert.Equal(new FieldRefused("reason", FieldProblem.Required), incident.Refused(Director, new RecordFact(Emr, "running")));
        var lifted = EventChain.Parse(Assert.Single(incident.Do(Director, new RecordFact(Emr, "running", "クリーンな端末で再開を確認"))).Body);

        Assert.Equal(new FactRevised(Emr, "running", "stopped", "クリーンな端末で再開を確認", new StepId("2-8")), lifted.Data);
        var standing = Standing(incident, Emr);
        Assert.Null(standing.Notice);
        Assert.Equal([("stopped", (string?)null), ("running", "stopped")], standing.History.Select(h => (h.Value, h.Previous)));
        Assert.Equal(["暗号化が広がっている", "クリーンな端末で再開を確認"], standing.History.Select(h => h.Reason));
        Assert.Equal([Ambulances], OperationalDecisions.InForce(incident.Playbook, incident.Progress).Select(d => d.Decision.Fact));
        // The record holds both events: the first decision was never edited.
        Assert.Equal(2, incident.Record.Count(r => r.Body.Contains("\"emr-operation\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void ClosedIncident_TakesNoMoreDecisions()
    {
        var incident = AtManagementReview();
        incident.Do(Director, new RecordFact(Emr, "stopped", "暗号化"));
        incident.Do(Director, new RecordFact(Emr, "running", "復旧"));
        incident.Do(Director, new CloseIncident("訓練終了"));

        Assert.IsType<IncidentIsClosed>(incident.Refused(Director, new RecordFact(Emr, "running", "再開")));
        Assert.False(OperationalDecisions.CanBeTaken(incident.Snapshot, Emr));
    }

    [Fact]
    public void IncidentWithADecisionStanding_CannotBeClosedOrMerged_UntilItIsLifted()
    {
        // Closing or merging would take "the record is stopped" off every home page while it still is, and leave
        // nobody able to lift it.
        var incident = AtManagementReview();
        incident.Do(Director, new RecordFact(Emr, "stopped", "暗号化"));

        Assert.Equal([Emr], Assert.IsType<DecisionsInForce>(incident.Refused(Director, new CloseIncident("終わり"))).Facts);
        var source = new JoinSide(new IncidentLink(1, Guid.NewGuid()), "病棟", incident.Progress, 10, [Emr]);
        var target = new JoinSide(new IncidentLink(2, Guid.NewGuid()), "別の件", IncidentProgress.Empty, 3);
        Assert.IsType<DecisionsInForce>(IncidentJoins.Merge(Officer, source, [], target, null).Refusal);

        incident.Do(Director, new RecordFact(Emr, "running", "復旧"));
        incident.Do(Director, new CloseIncident("終わり"));
    }
}
