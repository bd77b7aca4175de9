using Sonae.Core.Aftercare.Drills;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Aftercare.Drills;

public class ScenarioLibraryTests
{
    private static IReadOnlySet<StepId> PlaybookSteps => BuiltInPlaybooks.MhlwIncidentFlowchart.Steps.Select(s => s.Id).ToHashSet();

    [Fact]
    public void BuiltIn_FiveScenarios_EachComplete()
    {
        var scenarios = ScenarioLibrary.BuiltIn;

        Assert.Equal(["ransomware-vendor-vpn", "phishing-stolen-credentials", "power-failure", "network-loop", "ehr-outage-night-shift"], scenarios.Select(s => s.Id));
        foreach (var scenario in scenarios)
        {
            Assert.NotEmpty(scenario.Objectives);
            Assert.NotEmpty(scenario.Steps);
            Assert.True(scenario.Injects.Count >= 5, scenario.Id);
            Assert.Equal(0, scenario.Injects[0].AtMinutes);
            Assert.Equal(scenario.Injects.OrderBy(i => i.AtMinutes).Select(i => i.Id), scenario.Injects.Select(i => i.Id));
            Assert.All(scenario.Injects.Where(i => i.Kind != InjectKind.Fact), i => Assert.NotNull(i.From));
        }
        // Every kind of inject is used somewhere in the library.
        Assert.Equal(Enum.GetValues<InjectKind>().Order(), scenarios.SelectMany(s => s.Injects).Select(i => i.Kind).Distinct().Order());
    }

    [Fact]
    public void BuiltIn_StepsExercised_AllInTheBuiltInPlaybook()
    {
        var steps = PlaybookSteps;

        Assert.All(ScenarioLibrary.BuiltIn.SelectMany(s => s.Steps), step => Assert.Contains(step, steps));
    }

    [Fact]
    public void Load_StepNotInPlaybook_NamesScenarioAndStep()
    {
        var result = ScenarioLibrary.Load(Scenario("[1-1, 9-9]"), PlaybookSteps);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(nameof(DrillTexts.ScenarioUnknownStep), problem.Code);
        Assert.Contains("9-9", problem.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("drill-x", problem.Message.En, StringComparison.Ordinal);
        Assert.Empty(result.Scenarios);
    }

    [Fact]
    public void Load_Valid_ReadsInjectsInTimeOrder()
    {
        var result = ScenarioLibrary.Load(Scenario("[1-1]",
            "- { id: b, at: 10, kind: fact, text: { ja: 後, en: Later } }",
            "- { id: a, at: 0, kind: call, from: { ja: 業者, en: Vendor }, text: { ja: 先, en: First } }"));

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Message.En)));
        var scenario = Assert.Single(result.Scenarios);
        Assert.Equal(["a", "b"], scenario.Injects.Select(i => i.Id));
        Assert.Equal(InjectKind.Call, scenario.Injects[0].Kind);
        Assert.Equal("Vendor", scenario.Injects[0].From!.En);
    }

    [Theory]
    [InlineData("- { id: a, at: 0, kind: telegram, text: { ja: あ, en: A } }", nameof(DrillTexts.ScenarioUnknownKind), "telegram")]
    [InlineData("- { id: a, at: -5, kind: fact, text: { ja: あ, en: A } }", nameof(DrillTexts.ScenarioBadTime), "-5")]
    [InlineData("- { id: a, at: 0, kind: fact, text: { ja: あ } }", nameof(DrillTexts.ScenarioTextMissing), "text")]
    [InlineData("- { id: a, at: 0, kind: report, text: { ja: あ, en: A } }", nameof(DrillTexts.ScenarioFieldMissing), "from")]
    [InlineData("- { id: a, at: 0, kind: fact, text: { ja: あ, en: A } }|- { id: a, at: 1, kind: fact, text: { ja: い, en: B } }", nameof(DrillTexts.ScenarioDuplicateId), "a")]
    public void Load_BadInject_ClearProblemWithPlace(string inject, string code, string named)
    {
        var result = ScenarioLibrary.Load(Scenario("[1-1]", inject.Split('|')));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(code, problem.Code);
        Assert.Contains("drill-x › injects", problem.Path, StringComparison.Ordinal);
        Assert.Contains(named, problem.Message.En, StringComparison.Ordinal);
        Assert.Empty(result.Scenarios);
    }

    [Fact]
    public void Load_NotYaml_SaysLineAndColumn()
    {
        var result = ScenarioLibrary.Load("scenarios:\n  - id: [unclosed\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(nameof(DrillTexts.ScenarioNotYaml), problem.Code);
        Assert.Matches("line [0-9]+, column [0-9]+", problem.Message.En);
        Assert.Matches("[0-9]+行[0-9]+列目", problem.Message.Ja);
    }

    [Fact]
    public void Load_UnknownField_RefusedNotIgnored()
    {
        var result = ScenarioLibrary.Load(Scenario("[1-1]", "- { id: a, at: 0, kind: fact, txet: { ja: あ, en: A } }"));

        Assert.Equal(nameof(DrillTexts.ScenarioNotYaml), Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Load_NoScenarios_Refused()
    {
        Assert.Equal(nameof(DrillTexts.ScenarioNone), Assert.Single(ScenarioLibrary.Load("scenarios: []").Problems).Code);
    }

    /// <summary>A file of one scenario with these steps and injects (one YAML flow mapping each; a fact by default).</summary>
    private static string Scenario(string steps, params string[] injects) => $$"""
        scenarios:
          - id: drill-x
            title: { ja: 訓練, en: Drill }
            summary: { ja: 概要, en: Summary }
            objectives:
              - { ja: 目標, en: Objective }
            steps: {{steps}}
            injects:

        """ + string.Join("\n", (injects.Length == 0 ? ["- { id: a, at: 0, kind: fact, text: { ja: あ, en: A } }"] : injects).Select(i => "      " + i)) + "\n";
}
