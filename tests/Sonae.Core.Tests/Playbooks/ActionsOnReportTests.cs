using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Playbooks;

public sealed class ActionsOnReportTests
{
    private const string Yaml = """
        id: clinic
        title: { ja: 診療所, en: Clinic }
        phases:
          - id: 1
            title: { ja: 検知, en: Detection }
        facts:
          - id: signs
            kind: choice
            title: { ja: 兆候, en: Signs }
            question: { ja: 兆候は?, en: Signs? }
            values:
              - { id: "yes", ja: はい, en: "Yes" }
              - { id: unknown, ja: 不明, en: Unknown }
          - id: confirmed
            kind: choice
            title: { ja: 確認, en: Confirmed }
            question: { ja: 本当?, en: Real? }
            values:
              - { id: "yes", ja: はい, en: "Yes" }
              - { id: "no", ja: いいえ, en: "No" }
        intake: { step: A, fact: signs, signs-value: "yes", no-signs-value: unknown }
        steps:
          - id: A
            phase: 1
            guideline: ours
            title: { ja: 検知, en: Detect }
            asks: [signs]
            actions:
              - { id: look, role: staff, ja: 見る, en: Look }
          - id: B
            phase: 1
            guideline: ours
            title: { ja: 切離, en: Unplug }
            after: [A]
            applies-when: { fact: signs, is: "yes" }
            actions:
              - { id: unplug, role: staff, ja: 抜く, en: Unplug }
              - { id: isolate, role: security-officer, ja: 隔離, en: Isolate }
          - id: C
            phase: 1
            guideline: ours
            title: { ja: 確認, en: Confirm }
            after: [A]
            asks: [confirmed]
            actions:
              - { id: check, role: security-officer, ja: 確かめる, en: Check }
          - id: D
            phase: 1
            guideline: ours
            title: { ja: 停止, en: Shut down }
            after: [C]
            applies-when: { all: [{ fact: signs, is: "yes" }, { fact: confirmed, is: "yes" }] }
            actions:
              - { id: stop, role: staff, ja: 止める, en: Stop }
          - id: E
            phase: 1
            guideline: ours
            title: { ja: 様子見, en: Watch }
            after: [A]
            applies-when: { fact: signs, is: unknown }
            actions:
              - { id: keep, role: staff, ja: そのまま, en: Keep as is }
        """;

    private static Playbook Load(string yaml)
    {
        var result = PlaybookLoader.Load(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message.En)));
        return result.Playbook!;
    }

    [Fact]
    public void ActionsOnReport_Signs_GivesStaffActionsOfStepsTheSignsAloneSetGoing()
    {
        var actions = Load(Yaml).ActionsOnReport(showsInfection: true);

        // B's staff action only: not B's officer action, not D (it waits on a fact nobody has recorded), not E.
        Assert.Equal(["unplug"], actions.Select(a => a.Action.Id));
    }

    [Fact]
    public void ActionsOnReport_NoSigns_GivesTheNoSignsSteps()
    {
        var actions = Load(Yaml).ActionsOnReport(showsInfection: false);

        Assert.Equal(["keep"], actions.Select(a => a.Action.Id));
    }

    [Fact]
    public void ActionsOnReport_NoIntake_GivesNothing()
    {
        var withoutIntake = Yaml.Replace("""intake: { step: A, fact: signs, signs-value: "yes", no-signs-value: unknown }""", "", StringComparison.Ordinal);

        Assert.Empty(Load(withoutIntake).ActionsOnReport(showsInfection: true));
    }

    [Fact]
    public void ActionsOnReport_BuiltInFlowchart_SignsMeanPullTheCableAndNothingElse()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;

        var onSigns = playbook.ActionsOnReport(showsInfection: true);

        Assert.Equal(["1-2/unplug"], onSigns.Select(a => $"{a.Step.Id.Value}/{a.Action.Id}"));
        Assert.Contains("電源は切らない", onSigns[0].Action.Text.Ja, StringComparison.Ordinal);
        Assert.Empty(playbook.ActionsOnReport(showsInfection: false));
    }
}
