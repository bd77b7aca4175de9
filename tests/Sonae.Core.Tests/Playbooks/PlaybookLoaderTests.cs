using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Playbooks;

public sealed class PlaybookLoaderTests
{
    /// <summary>A small valid playbook; each test breaks one thing in it.</summary>
    private const string Valid = """
        id: small-clinic
        title: { ja: 小さな診療所の手順, en: Small clinic procedure }
        phases:
          - id: 1
            title: { ja: 検知, en: Detection }
        facts:
          - id: confirmed
            kind: choice
            title: { ja: 確認, en: Confirmed }
            question: { ja: 本当ですか?, en: Is it real? }
            values:
              - { id: "yes", ja: はい, en: "Yes" }
              - { id: "no", ja: いいえ, en: "No" }
        steps:
          - id: A
            phase: 1
            guideline: ours
            title: { ja: 確認, en: Confirm }
            asks: [confirmed]
            actions:
              - { id: check, role: security-officer, ja: 確かめる, en: Check }
          - id: B
            phase: 1
            guideline: ours
            title: { ja: 対応, en: Respond }
            after: [A]
            applies-when: { fact: confirmed, is: "yes" }
            actions:
              - { id: act, role: staff, ja: 対応する, en: Respond }
        """;

    private static PlaybookProblem SingleProblem(string yaml)
    {
        var result = PlaybookLoader.Load(yaml);
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Load_ValidPlaybook_ReturnsItInDependencyOrder()
    {
        var result = PlaybookLoader.Load(Valid);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message.En)));
        Assert.Equal(["A", "B"], result.Playbook!.Steps.Select(s => s.Id.Value));
        Assert.Equal(64, result.Playbook.Sha256.Length);
    }

    [Fact]
    public void Load_UnknownStepInDependency_NamesStepAndLine()
    {
        var problem = SingleProblem(Valid.Replace("after: [A]", "after: [A, Z]", StringComparison.Ordinal));

        Assert.Equal(nameof(PlaybookTexts.UnknownStep), problem.Code);
        Assert.Equal(26, problem.Line);
        Assert.Equal("steps › B › after: step Z is not in this playbook.", problem.Message.En);
        Assert.Equal("steps › B › after: ステップ Z はこのプレイブックにありません。", problem.Message.Ja);
    }

    [Fact]
    public void Load_Cycle_NamesEveryStepInIt()
    {
        var yaml = Valid.Replace("""
            asks: [confirmed]
        """, """
            asks: [confirmed]
            after: [B]
        """, StringComparison.Ordinal);

        var problems = PlaybookLoader.Load(yaml).Problems;

        var cycle = Assert.Single(problems, p => p.Code == nameof(PlaybookTexts.Cycle));
        Assert.Contains("A → B → A", cycle.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownFact_IsReportedWhereItIsUsed()
    {
        var problem = SingleProblem(Valid.Replace("asks: [confirmed]", "asks: [confirmed, severity]", StringComparison.Ordinal));

        Assert.Equal(nameof(PlaybookTexts.UnknownFact), problem.Code);
        Assert.Equal("steps › A › asks: fact severity is not in facts.", problem.Message.En);
    }

    [Fact]
    public void Load_UnknownRole_ListsTheRoles()
    {
        var problem = SingleProblem(Valid.Replace("role: staff", "role: nurse", StringComparison.Ordinal));

        Assert.Equal(nameof(PlaybookTexts.UnknownRole), problem.Code);
        Assert.Equal(29, problem.Line);
        Assert.Contains("management, security-officer, staff, vendor", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingEnglish_IsReportedWithItsPlace()
    {
        var problem = SingleProblem(Valid.Replace("title: { ja: 対応, en: Respond }", "title: { ja: 対応 }", StringComparison.Ordinal));

        Assert.Equal(nameof(PlaybookTexts.MissingEnglish), problem.Code);
        Assert.Equal("steps › B › title has no English (en) text.", problem.Message.En);
    }

    [Fact]
    public void Load_ConditionOnFactNoEarlierStepAsks_ReportsTheStepAsUnreachable()
    {
        var yaml = Valid.Replace("    after: [A]\n", "", StringComparison.Ordinal);

        var problem = SingleProblem(yaml);

        Assert.Equal(nameof(PlaybookTexts.UnaskedFact), problem.Code);
        Assert.Contains("so B can never open", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DependencyOnUnreachableStep_ReportsBoth()
    {
        var yaml = Valid.Replace("    after: [A]\n", "", StringComparison.Ordinal) + "\n" + string.Join("\n",
            "  - id: C",
            "    phase: 1",
            "    guideline: ours",
            "    title: { ja: 後片付け, en: Clean up }",
            "    after: [B]",
            "    actions:",
            "      - { id: tidy, role: staff, ja: 片付ける, en: Tidy up }");

        var problems = PlaybookLoader.Load(yaml).Problems;

        Assert.Equal([nameof(PlaybookTexts.UnaskedFact), nameof(PlaybookTexts.UnreachableDependency)], problems.Select(p => p.Code));
    }

    [Fact]
    public void Load_ConditionValueNotAllowed_ListsTheValues()
    {
        var problem = SingleProblem(Valid.Replace("is: \"yes\"", "is: maybe", StringComparison.Ordinal));

        Assert.Equal(nameof(PlaybookTexts.UnknownValue), problem.Code);
        Assert.Contains("Values: yes, no", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenYaml_ReportsLineWithoutThrowing()
    {
        var problem = SingleProblem("id: x\nsteps: [\n  - a: 1\n");

        Assert.Equal(nameof(PlaybookTexts.YamlUnreadable), problem.Code);
        Assert.True(problem.Line > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("# only a comment\n")]
    public void Load_Empty_SaysSo(string yaml)
    {
        Assert.Equal(nameof(PlaybookTexts.Empty), SingleProblem(yaml).Code);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOneInLineOrder()
    {
        var yaml = Valid
            .Replace("role: staff", "role: nurse", StringComparison.Ordinal)
            .Replace("after: [A]", "after: [Z]", StringComparison.Ordinal)
            .Replace("kind: choice", "kind: choise", StringComparison.Ordinal)
            .Replace("guideline: ours\n    title: { ja: 確認", "title: { ja: 確認", StringComparison.Ordinal);

        var problems = PlaybookLoader.Load(yaml).Problems;

        // A broken element is reported, and what it refers to is not checked further (its after: [Z] here).
        Assert.Equal(3, problems.Count);
        Assert.Equal(problems.OrderBy(p => p.Line).Select(p => p.Line), problems.Select(p => p.Line));
        Assert.Contains(problems, p => p.Code == nameof(PlaybookTexts.UnknownKind));
        Assert.Contains(problems, p => p.Code == nameof(PlaybookTexts.Missing) && p.Path == "steps › A › guideline");
        Assert.Contains(problems, p => p.Code == nameof(PlaybookTexts.UnknownRole));
    }

    [Fact]
    public void Load_UnknownTopLevelField_IsATypoNotIgnored()
    {
        var problem = SingleProblem(Valid + "\nstep: []\n");

        Assert.Equal(nameof(PlaybookTexts.UnknownField), problem.Code);
    }

    [Fact]
    public void Load_DeeplyNestedYaml_IsRefusedWithoutExhaustingTheStack()
    {
        var yaml = "id: x\nsteps: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var problem = SingleProblem(yaml);

        Assert.Equal(nameof(PlaybookTexts.TooDeep), problem.Code);
        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void Load_AliasBomb_StopsAtTheConditionBudget()
    {
        // Each level refers twice to the one before: 2^40 condition parts once aliases are followed.
        var levels = new System.Text.StringBuilder("x0: &a0 { fact: confirmed, is: \"yes\" }\n");
        for (var i = 1; i <= 40; i++)
            levels.Append(System.Globalization.CultureInfo.InvariantCulture, $"x{i}: &a{i} {{ all: [*a{i - 1}, *a{i - 1}] }}\n");
        var yaml = Valid.Replace("applies-when: { fact: confirmed, is: \"yes\" }", "applies-when: *a40", StringComparison.Ordinal)
            .Replace("steps:\n", "anchors:\n" + string.Join('\n', levels.ToString().TrimEnd().Split('\n').Select(l => "  " + l)) + "\nsteps:\n", StringComparison.Ordinal);

        var problems = PlaybookLoader.Load(yaml).Problems;

        Assert.Contains(problems, p => p.Code == nameof(PlaybookTexts.ConditionsTooLarge));
    }

    [Fact]
    public void Load_OneWrongDependencyInTheBuiltIn_IsOneProblemNotACascade()
    {
        var yaml = BuiltInPlaybooks.MhlwIncidentFlowchartYaml.Replace("after: [2-16]", "after: [2-99]", StringComparison.Ordinal);

        var problems = PlaybookLoader.Load(yaml).Problems;

        Assert.Equal([nameof(PlaybookTexts.UnknownStep)], problems.Select(p => p.Code));
    }

    [Fact]
    public void Load_ShortTitle_IsKeptForTheFlowchart()
    {
        var yaml = Valid.Replace("title: { ja: 確認, en: Confirm }", "title: { ja: 確認, en: Confirm }\n    short: { ja: 確認, en: OK? }", StringComparison.Ordinal);

        var step = PlaybookLoader.Load(yaml).Playbook!.Steps[0];

        Assert.Equal(new LocalizedText("確認", "OK?"), step.ShortTitle);
    }

    [Fact]
    public void Load_ShortTitleTooLongForABox_SaysTheLimits()
    {
        var yaml = Valid.Replace("title: { ja: 確認, en: Confirm }", "title: { ja: 確認, en: Confirm }\n    short: { ja: 安全管理責任者による確認, en: OK? }", StringComparison.Ordinal);

        var problem = SingleProblem(yaml);

        Assert.Equal(nameof(PlaybookTexts.ShortTitleTooLong), problem.Code);
        Assert.Equal("steps › A › short: to fit on one line of a flowchart box, keep it to 8 characters in Japanese and 15 in English.", problem.Message.En);
    }

    [Theory]
    [InlineData("15m", 15)]
    [InlineData("2h", 120)]
    [InlineData("1d", 1440)]
    public void Load_Target_IsKeptAsADuration(string target, int minutes)
    {
        var yaml = Valid.Replace("title: { ja: 確認, en: Confirm }", $"title: {{ ja: 確認, en: Confirm }}\n    target: {target}", StringComparison.Ordinal);

        var step = PlaybookLoader.Load(yaml).Playbook!.Steps[0];

        Assert.Equal(TimeSpan.FromMinutes(minutes), step.Target);
        Assert.Null(PlaybookLoader.Load(Valid).Playbook!.Steps[0].Target);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("30")]
    [InlineData("0m")]
    [InlineData("31d")]
    [InlineData("1.5h")]
    public void Load_UnreadableTarget_IsAProblemAtItsPlace(string target)
    {
        var yaml = Valid.Replace("title: { ja: 確認, en: Confirm }", $"title: {{ ja: 確認, en: Confirm }}\n    target: \"{target}\"", StringComparison.Ordinal);

        var problem = SingleProblem(yaml);

        Assert.Equal(nameof(PlaybookTexts.InvalidTarget), problem.Code);
        Assert.Equal(19, problem.Line);
        Assert.Equal($"steps › A › target: \"{target}\" is not a target time. Write a whole number and a unit, such as 15m (minutes), 2h (hours) or 1d (days), up to 30 days.", problem.Message.En);
        Assert.StartsWith($"steps › A › target: 「{target}」は目標時間として読めません。", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltIn_SetsTargetsForTheResponse()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;

        Assert.Equal(TimeSpan.FromMinutes(10), playbook.Step(new StepId("1-2")).Target);
        Assert.Equal(TimeSpan.FromHours(1), playbook.Step(new StepId("2-6")).Target);
        // The officer's confirmation is due at the hospital's own limit (its profile), counted from the report.
        Assert.Null(playbook.Step(new StepId("1-4")).Target);
    }
}
