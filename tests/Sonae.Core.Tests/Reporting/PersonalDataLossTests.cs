using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;
using Sonae.Core.Tests.Incidents;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Reporting;

/// <summary>
/// 漏えい等 is a leak, a loss or damage (漏えい、滅失、毀損) of personal data, with or without an attack: on the built-in
/// playbook, a power failure that destroys records no copy can restore raises the privacy question and makes 4-3
/// (the report to the commission) apply, as a leak does; one that loses nothing raises nothing.
/// </summary>
public sealed class PersonalDataLossTests
{
    private static readonly FactId LeakLossOrDamage = new("data-leak-suspected");

    private readonly IncidentDriver _incident = IncidentDriver.OpenedByHand();

    private ReportingState Reporting => ReportingState.From([.. _incident.Record.Select(r => EventChain.Parse(r.Body))], _incident.Playbook.Bindings);

    private ReportingNeed Need => Reporting.Need(_incident.Progress);

    private Clock Preliminary => Reporting.Clocks(_incident.Progress, ReportingRules.Default, _incident.Clock.GetUtcNow())!.Preliminary;

    private StepState PrivacyReportStep => _incident.State(_incident.Playbook.Bindings.ReportStep(ReportTemplates.Get(ReportKind.PrivacyPreliminary).Id)!.Value.Value);

    /// <summary>A confirmed failure that is not an attack; the cause is found at 2-1 with the answer on personal data.</summary>
    private void ConfirmedFailure(string cause, string signs, string leakLossOrDamage)
    {
        _incident.Complete(Officer, "1-1", "infection-signs", "no");
        _incident.Complete(Officer, "1-3");
        _incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        _incident.Complete(Officer, "2-1", "cause", cause, "cyber-attack-signs", signs, "data-leak-suspected", leakLossOrDamage);
    }

    [Fact]
    public void TheQuestionAt2_1_AsksAboutLeakLossAndDamage_AndSaysARestorableCopyIsNoLoss()
    {
        var fact = _incident.Playbook.Fact(LeakLossOrDamage);

        Assert.Contains(LeakLossOrDamage, _incident.Playbook.Step(new StepId("2-1")).Asks);
        Assert.All(new[] { "漏えい", "滅失", "毀損", "停電", "写しから元どおりに戻せるなら" }, word => Assert.Contains(word, fact.Question.Ja, StringComparison.Ordinal));
        Assert.All(new[] { "leaked", "lost", "damaged", "power failure", "identical copy" }, word => Assert.Contains(word, fact.Question.En, StringComparison.Ordinal));
        Assert.Equal("個人データの漏えい・滅失・毀損の疑い", fact.Title.Ja);
    }

    [Fact]
    public void TheFindingAt4_1_AsksAboutLossAndDamageToo_SoALossIsNotReportedAsNoLeak()
    {
        // The finding is bound into the reports' overview and items of data: a power failure that destroyed records must
        // be answerable there as what it is, not as 「漏えいなし」 in a report required because of the loss.
        var finding = _incident.Playbook.Fact(new FactId("data-leak-confirmed"));

        Assert.Contains(finding.Id, _incident.Playbook.Step(new StepId("4-1")).Asks);
        Assert.All(new[] { "漏えい", "滅失", "毀損", "停電", "元どおりに戻せた" }, word => Assert.Contains(word, finding.Question.Ja, StringComparison.Ordinal));
        Assert.All(new[] { "leaked", "lost", "damaged", "identical copy" }, word => Assert.Contains(word, finding.Question.En, StringComparison.Ordinal));
        Assert.Equal(["漏えい等あり", "漏えい等なし"], finding.Values.Take(2).Select(v => v.Title.Ja));
    }

    [Fact]
    public void PowerFailure_RecordsDestroyedWithNoCopy_RaisesThePrivacyQuestionAndOpens4_3()
    {
        ConfirmedFailure("power-hardware", "no", "yes");

        Assert.Equal(StepState.NotApplicable, _incident.State("2-12"));
        Assert.Equal(ReportingNeed.AnswerNeeded, Need);
        Assert.Equal(ClockState.Running, Preliminary.State);
        Assert.Equal(StepState.Available, PrivacyReportStep);
    }

    [Fact]
    public void PowerFailure_NothingLost_RaisesNothingAnd4_3DoesNotApply()
    {
        ConfirmedFailure("power-hardware", "no", "no");

        Assert.Equal(ReportingNeed.NotRaised, Need);
        Assert.Equal(ClockState.NotNeeded, Preliminary.State);
        Assert.Equal(StepState.NotApplicable, PrivacyReportStep);
    }

    [Fact]
    public void PowerFailure_NotKnownYetWhetherTheBackupRestores_RaisesTheQuestionUntilItDoes()
    {
        ConfirmedFailure("power-hardware", "no", "unknown");

        Assert.Equal(ReportingNeed.AnswerNeeded, Need);
        Assert.Equal(StepState.Available, PrivacyReportStep);

        _incident.Fact(Officer, "data-leak-suspected", "no", "前夜のバックアップから全件を復元し、件数を照合した");

        Assert.Equal(ReportingNeed.NotRaised, Need);
        Assert.Equal(StepState.NotApplicable, PrivacyReportStep);
    }

    [Fact]
    public void BrokenDisk_DataFoundUnrestorableDuringRecovery_TheRevisedAnswerAt2_1RaisesTheQuestion()
    {
        ConfirmedFailure("power-hardware", "no", "no");
        _incident.Complete(Officer, "2-2", "prior-vendor-work", "no");
        _incident.Complete(Officer, "2-3");
        _incident.Complete(Officer, "2-4", "hardware-findings", "検査システムのディスク2本が同時に故障");
        _incident.Complete(Director, "3-1", "vendor-help-needed", "no");
        _incident.Complete(Officer, "3-3");
        Assert.Equal(StepState.NotApplicable, PrivacyReportStep);

        var revision = _incident.Do(Officer, new RecordFact(LeakLossOrDamage, "yes", "バックアップが前月末で止まっており、今月分の検査結果を戻せない"));

        var revised = Assert.IsType<FactRevised>(EventChain.Parse(Assert.Single(revision).Body).Data);
        Assert.Equal(("no", "yes", "2-1"), (revised.Previous, revised.Value, revised.Step.Value));
        Assert.Equal(ReportingNeed.AnswerNeeded, Need);
        Assert.Equal(StepState.Available, PrivacyReportStep);
    }

    [Theory]
    [InlineData("power-hardware", "no")]
    [InlineData("system-fault", "no")]
    [InlineData("vendor-work", "no")]
    [InlineData("network", "no")]
    [InlineData("unknown", "possible")]
    [InlineData("cyber-attack", "yes")]
    public void EveryConfirmedPath_AsksAt2_1_AndALeakLossOrDamageRaisesTheQuestion(string cause, string signs)
    {
        ConfirmedFailure(cause, signs, "yes");

        Assert.Equal(StepState.Done, _incident.State("2-1"));
        Assert.Equal(ReportingNeed.AnswerNeeded, Need);
    }

    [Fact]
    public void PreliminaryReportDraft_SaysUnderItsSummaryThatPersonalDataWasLostOrDamaged()
    {
        ConfirmedFailure("power-hardware", "no", "yes");
        var playbook = _incident.Playbook;
        var context = new ReportContext
        {
            Bindings = playbook.Bindings,
            Organization = "みなと総合病院",
            IncidentNumber = 1,
            IncidentTitle = "予約サーバーの故障",
            Dates = DocumentDates.Western,
            Facts = _incident.Progress.Facts.ToDictionary(
                f => f.Key.Value,
                f => $"{playbook.Fact(f.Key).Title.Ja}: {playbook.Fact(f.Key).FindValue(f.Value.Value)?.Title.Ja ?? f.Value.Value}"),
        };

        var fields = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.PrivacyPreliminary), context);

        Assert.Contains("原因の見立て: 電源・ハードウェア", fields["overview"], StringComparison.Ordinal);
        Assert.Contains("個人データの漏えい・滅失・毀損の疑い: 疑いあり", fields["overview"], StringComparison.Ordinal);
    }
}
