using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Playbooks;

/// <summary>
/// The playbook's <c>bindings › operational-decisions</c>: the loader refuses a decision that could never be taken,
/// never be lifted, or that a step without management would ask, each with its place in the file.
/// </summary>
public sealed class DecisionBindingsTests
{
    private static readonly string BuiltIn = BuiltInPlaybooks.MhlwIncidentFlowchartYaml;

    private static string Replace(string yaml, string from, string to)
    {
        Assert.Contains(from, yaml, StringComparison.Ordinal);
        return yaml.Replace(from, to, StringComparison.Ordinal);
    }

    private static PlaybookProblem SingleProblem(string yaml)
    {
        var result = PlaybookLoader.Load(yaml);
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Decision_NamingAnUnknownFact_IsRefusedWhereItIsWritten()
    {
        var yaml = Replace(BuiltIn, "\n    ambulance-acceptance:\n      diverted:", "\n    ambulance-diversion:\n      diverted:");

        var problem = SingleProblem(yaml);

        Assert.Equal((nameof(PlaybookTexts.UnknownFact), "bindings › operational-decisions › ambulance-diversion"), (problem.Code, problem.Path));
        Assert.Equal("    ambulance-diversion:", yaml.Split('\n')[problem.Line - 1]);
    }

    [Fact]
    public void Decision_WithAValueTheFactDoesNotHave_ListsTheValues()
    {
        var problem = SingleProblem(Replace(BuiltIn, "      stopped: { ja: 電子カルテは停止中です。", "      halted: { ja: 電子カルテは停止中です。"));

        Assert.Equal(nameof(PlaybookTexts.UnknownValue), problem.Code);
        Assert.Equal("bindings › operational-decisions › emr-operation › halted: \"halted\" is not a value of fact emr-operation. Values: stopped, running", problem.Message.En);
    }

    [Fact]
    public void Decision_WithEveryValueInForce_CannotBeLiftedAndIsRefused()
    {
        var problem = SingleProblem(Replace(BuiltIn, "      stopped: { ja: 電子カルテは停止中です。",
            "      running: { ja: 電子カルテを使っています。, en: The record is in use. }\n      stopped: { ja: 電子カルテは停止中です。"));

        Assert.Equal((nameof(PlaybookTexts.DecisionCannotBeLifted), "bindings › operational-decisions › emr-operation"), (problem.Code, problem.Path));
        Assert.Contains("解除", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_NoticeWithoutEnglish_IsRefused()
    {
        var problem = SingleProblem(Replace(BuiltIn, ", en: The electronic medical record is stopped. Switch to paper records. }", " }"));

        Assert.Equal((nameof(PlaybookTexts.MissingEnglish), "bindings › operational-decisions › emr-operation › stopped"), (problem.Code, problem.Path));
    }

    [Fact]
    public void Decision_OnAFreeTextFact_IsRefused()
    {
        var problem = SingleProblem(Replace(BuiltIn, "    emr-operation:\n      stopped:", "    recovery-budget:\n      stopped:"));

        Assert.Equal(nameof(PlaybookTexts.DecisionOnText), problem.Code);
    }

    [Fact]
    public void Decision_NoStepRecords_IsRefused()
    {
        var yaml = BuiltIn.Replace("    records: [emr-operation, care-restriction, ambulance-acceptance]\n", "    records: [care-restriction, ambulance-acceptance]\n", StringComparison.Ordinal)
            .Replace("    records: [recovery-budget, emr-operation, care-restriction, ambulance-acceptance]\n", "    records: [recovery-budget, care-restriction, ambulance-acceptance]\n", StringComparison.Ordinal);

        var problem = SingleProblem(yaml);

        Assert.Equal((nameof(PlaybookTexts.DecisionNeverAsked), "bindings › operational-decisions › emr-operation"), (problem.Code, problem.Path));
    }

    [Fact]
    public void Decision_RecordedAtAStepWithoutManagement_IsRefusedNamingTheStep()
    {
        var problem = SingleProblem(Replace(BuiltIn, "    records: [consultation-log]\n", "    records: [consultation-log, ambulance-acceptance]\n"));

        Assert.Equal(nameof(PlaybookTexts.DecisionWithoutManagement), problem.Code);
        Assert.Equal("bindings › operational-decisions › ambulance-acceptance: operational decision ambulance-acceptance is recorded at step 2-5, which has no action for management; only management takes operational decisions.", problem.Message.En);
    }

    [Fact]
    public void StoredVersion_WithoutTheDecisionFacts_KeepsItsOtherBindingsAndNoDecision()
    {
        var old = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Playbooks", "Stored", "mhlw-incident-flowchart-127ed5b.yaml"));

        var stored = PlaybookLoader.LoadStored(old);

        Assert.True(stored.IsValid, string.Join("\n", stored.Problems.Select(p => p.Message.En)));
        Assert.Empty(stored.Playbook!.Bindings.Decisions);
        Assert.NotEmpty(stored.Playbook.Bindings.Reports);
    }
}
