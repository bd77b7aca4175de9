using System.Text.RegularExpressions;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Playbooks;

/// <summary>
/// What depends on a step (the step each report is made at, what fills report headings, the stop-use steps, when
/// personal data is at risk) is read from the playbook's bindings and checked by the loader: a step renamed on one
/// side only is refused with every binding it breaks, where it used to be accepted and to empty drafts silently.
/// </summary>
public sealed class PlaybookBindingsTests
{
    private static readonly string BuiltIn = BuiltInPlaybooks.MhlwIncidentFlowchartYaml;

    private static PlaybookBindings BuiltInBindings => BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings;

    /// <summary>The built-in playbook as Sonae shipped it before bindings: the same file without its bindings section.</summary>
    private static string WithoutBindings(string yaml) =>
        yaml[..yaml.IndexOf("\n# What Sonae does with these steps", StringComparison.Ordinal)] + "\n";

    private static string FirstRelease => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Playbooks", "Stored", "mhlw-incident-flowchart-127ed5b.yaml"));

    /// <summary>Renames a step wherever the steps name it (its id, every after), leaving the bindings section as it is.</summary>
    private static string RenameInSteps(string yaml, string from, string to)
    {
        var split = yaml.IndexOf("\nbindings:", StringComparison.Ordinal);
        var (steps, bindings) = split < 0 ? (yaml, "") : (yaml[..split], yaml[split..]);
        return Rename(steps, from, to) + bindings;
    }

    /// <summary>Renames a step in the bindings section only.</summary>
    private static string RenameInBindings(string yaml, string from, string to)
    {
        var split = yaml.IndexOf("\nbindings:", StringComparison.Ordinal);
        return yaml[..split] + Rename(yaml[split..], from, to);
    }

    private static string Rename(string text, string from, string to) =>
        Regex.Replace(text, $@"(?<![\w.-]){Regex.Escape(from)}(?![\w.-])", to, RegexOptions.CultureInvariant);

    private static void AssertSameBindings(PlaybookBindings expected, PlaybookBindings actual)
    {
        Assert.Equal(expected.Reports.OrderBy(r => r.Key, StringComparer.Ordinal), actual.Reports.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Headings.Keys.Order(StringComparer.Ordinal), actual.Headings.Keys.Order(StringComparer.Ordinal));
        foreach (var (heading, sources) in expected.Headings)
        {
            Assert.Equal(sources.Facts, actual.Headings[heading].Facts);
            Assert.Equal(sources.Notes, actual.Headings[heading].Notes);
        }
        Assert.Equal(expected.StopUsingSteps, actual.StopUsingSteps);
        Assert.Equal(Describe(expected.PersonalDataAtRiskWhen), Describe(actual.PersonalDataAtRiskWhen));
    }

    private static string Describe(Condition? condition) => condition switch
    {
        null => "never",
        FactIn f => $"{f.Fact} in [{string.Join(", ", f.Values)}]",
        AllOf a => $"all({string.Join("; ", a.Conditions.Select(Describe))})",
        AnyOf a => $"any({string.Join("; ", a.Conditions.Select(Describe))})",
        Not n => $"not({Describe(n.Condition)})",
        _ => throw new ArgumentException(condition.GetType().Name, nameof(condition)),
    };

    [Fact]
    public void BuiltIn_BindsEveryReport_AndWhatEarlierReleasesHadInCode()
    {
        Assert.Equal(ReportTemplates.All.Select(t => t.Id).Order(StringComparer.Ordinal), BuiltInBindings.Reports.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["2-7", "2-9"], BuiltInBindings.StopUsingSteps.Select(s => s.Value));
        Assert.Equal(["cause", "prior-vendor-work"], BuiltInBindings.Heading("cause").Facts.Select(f => f.Value));
        Assert.Equal(["2-1"], BuiltInBindings.Heading("cause").Notes.Select(s => s.Value));
        Assert.Equal(["2-15", "2-10"], BuiltInBindings.Heading("source-method").Notes.Select(s => s.Value));
        Assert.Same(HeadingSources.Empty, BuiltInBindings.Heading("timeline"));
    }

    [Fact]
    public void Load_BuiltInWithAStepRenamedInTheStepsOnly_IsRefusedNamingTheBinding()
    {
        var result = PlaybookLoader.Load(RenameInSteps(BuiltIn, "2-13", "2-13a"));

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(nameof(PlaybookTexts.UnknownStep), problem.Code);
        Assert.Equal("bindings › reports › ministry", problem.Path);
        Assert.Equal("bindings › reports › ministry: step 2-13 is not in this playbook.", problem.Message.En);
        Assert.Equal("bindings › reports › ministry: ステップ 2-13 はこのプレイブックにありません。", problem.Message.Ja);
        Assert.Equal(("    ministry: 2-13", 15), (BuiltIn.Split('\n')[problem.Line - 1], problem.Column));
    }

    [Fact]
    public void Load_BuiltInWithStepsRenamedInTheBindingsOnly_ListsEveryBindingThatNamesThem()
    {
        var yaml = RenameInBindings(RenameInBindings(BuiltIn, "2-9", "2-9x"), "2-15", "2-15x");

        var problems = PlaybookLoader.Load(yaml).Problems;

        Assert.All(problems, p => Assert.Equal(nameof(PlaybookTexts.UnknownStep), p.Code));
        Assert.All(problems, p => Assert.True(p.Line > 0));
        Assert.Equal(
        [
            "bindings › headings › source-method › notes: step 2-15x is not in this playbook.",
            "bindings › headings › evidence-results › notes: step 2-15x is not in this playbook.",
            "bindings › headings › evidence › notes: step 2-15x is not in this playbook.",
            "bindings › stop-using-steps: step 2-9x is not in this playbook.",
        ], problems.Select(p => p.Message.En));
    }

    /// <summary>
    /// The file as earlier releases shipped it (no bindings section), with a step renamed: the loader of those
    /// releases accepted it, and the ministry report silently belonged to a step the playbook no longer had.
    /// </summary>
    [Fact]
    public void Load_BuiltInWithoutBindingsAndAStepRenamed_IsRefusedForTheBindingItTakes()
    {
        var result = PlaybookLoader.Load(RenameInSteps(WithoutBindings(BuiltIn), "2-13", "2-13a"));

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(nameof(PlaybookTexts.InheritedStepMissing), problem.Code);
        Assert.Equal("bindings (built-in) › reports › ministry", problem.Path);
        Assert.Contains("step 2-13", problem.Message.En, StringComparison.Ordinal);
        Assert.Equal(10, problem.Line);
    }

    [Fact]
    public void LoadAndLoadStored_BuiltInOfEarlierReleases_TakeTheBuiltInBindings()
    {
        foreach (var yaml in new[] { WithoutBindings(BuiltIn), FirstRelease })
        {
            Assert.DoesNotContain("\nbindings:", yaml, StringComparison.Ordinal);
            foreach (var result in new[] { PlaybookLoader.Load(yaml), PlaybookLoader.LoadStored(yaml) })
            {
                Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message.En)));
                AssertSameBindings(BuiltInBindings, result.Playbook!.Bindings);
            }
        }
    }

    [Fact]
    public void LoadStored_EarlierVersionWithoutAStepItsBindingsName_LoadsWithTheRest()
    {
        // A hospital's version from before bindings, with the police report step renamed: stored, incidents run on it.
        var yaml = RenameInSteps(WithoutBindings(BuiltIn), "2-18", "2-18-police");

        var stored = PlaybookLoader.LoadStored(yaml);

        Assert.True(stored.IsValid, string.Join("\n", stored.Problems.Select(p => p.Message.En)));
        var bindings = stored.Playbook!.Bindings;
        Assert.Null(bindings.ReportStep("police"));
        Assert.Equal("2-13", bindings.ReportStep("ministry")?.Value);
        Assert.Equal(BuiltInBindings.StopUsingSteps, bindings.StopUsingSteps);
        Assert.False(PlaybookLoader.Load(yaml).IsValid);
    }

    [Fact]
    public void LoadStored_EarlierVersionWithoutAFactTheConditionReads_RaisesTheQuestionOnTheOthersAsBefore()
    {
        // Earlier releases read data-leak-suspected in code: a version that renamed it never raised the question on it.
        var yaml = Rename(WithoutBindings(BuiltIn), "data-leak-suspected", "leak-suspected");

        var bindings = PlaybookLoader.LoadStored(yaml).Playbook!.Bindings;

        Assert.Equal(["personal-data-at-risk", "data-leak-confirmed"], bindings.PersonalDataAtRiskWhen!.Facts.Select(f => f.Value));
        Assert.False(bindings.PersonalDataAtRisk(f => f.Value == "leak-suspected" ? "yes" : null));
        Assert.True(bindings.PersonalDataAtRisk(f => f.Value == "data-leak-confirmed" ? "unknown" : null));
        Assert.Equal([], bindings.Heading("personal-data").Facts.Where(f => f.Value.Contains("suspected", StringComparison.Ordinal)));
        Assert.Equal(nameof(PlaybookTexts.InheritedFactMissing), PlaybookLoader.Load(yaml).Problems.Select(p => p.Code).Distinct().Single());
    }

    [Fact]
    public void Load_PlaybookOfItsOwnWithoutBindings_BindsNothing()
    {
        var yaml = DocumentedPlaybook.Yaml[..DocumentedPlaybook.Yaml.IndexOf("bindings:", StringComparison.Ordinal)];

        var result = PlaybookLoader.Load(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message.En)));
        Assert.True(result.Playbook!.Bindings.IsEmpty);
        // Stored (from before bindings), it keeps of the built-in bindings only what names its own steps and facts.
        var stored = PlaybookLoader.LoadStored(yaml).Playbook!;
        Assert.All(Sonae.Core.Reporting.ReportTemplates.All, t => Assert.True(stored.Bindings.ReportStep(t.Id) is not { } step || stored.FindStep(step) is not null));
        Assert.All(stored.Bindings.StopUsingSteps, step => Assert.NotNull(stored.FindStep(step)));
    }

    [Fact]
    public void LoadStored_HospitalsOwnPlaybookFromBeforeBindings_KeepsTheBuiltInBindingsItsIdsMatch()
    {
        // Earlier releases applied the built-in bindings to every playbook by its step and fact ids: a hospital's own
        // version (another id) stored then keeps them, so its running incidents keep their reports and clocks.
        var yaml = WithoutBindings(BuiltIn).Replace("id: mhlw-incident-flowchart", "id: our-hospital-flowchart", StringComparison.Ordinal);
        Assert.Contains("id: our-hospital-flowchart", yaml, StringComparison.Ordinal);

        var stored = PlaybookLoader.LoadStored(yaml);

        Assert.True(stored.IsValid, string.Join("\n", stored.Problems.Select(p => p.Message.En)));
        AssertSameBindings(BuiltInBindings, stored.Playbook!.Bindings);
        Assert.True(PlaybookLoader.Load(yaml).Playbook!.Bindings.IsEmpty);
    }

    [Fact]
    public void Load_DocumentedPlaybook_BindsItsOwnSteps()
    {
        var bindings = DocumentedPlaybook.Load().Bindings;

        Assert.Equal("C", bindings.ReportStep("damage-status")?.Value);
        Assert.Null(bindings.ReportStep("ministry"));
        Assert.Equal(["signs"], bindings.Heading("cause").Facts.Select(f => f.Value));
        Assert.Equal(["A"], bindings.Heading("cause").Notes.Select(s => s.Value));
        Assert.Equal(["patient-data"], bindings.PersonalDataAtRiskWhen!.Facts.Select(f => f.Value));
    }

    [Fact]
    public void Load_BindingsNamingWhatIsNotThere_ListsEveryProblemWithItsPlace()
    {
        var yaml = DocumentedPlaybook.Yaml[..DocumentedPlaybook.Yaml.IndexOf("bindings:", StringComparison.Ordinal)] + """
            bindings:
              reports:
                damage-status: C
                fax-to-the-mayor: C
                police: Z
              headings:
                cause: { facts: [signs, weather], notes: [A, Y] }
                horoscope: { facts: [signs] }
              stop-using-steps: [B, X]
              personal-data-at-risk-when:
                any:
                  - { fact: what-stopped, is: "everything" }
                  - { fact: patient-data, in: ["yes", perhaps] }
              confirmation-step: Q
            """;

        var result = PlaybookLoader.Load(yaml);

        Assert.False(result.IsValid);
        Assert.All(result.Problems, p => Assert.True(p.Line > 0, p.Message.En));
        Assert.Equal(
        [
            (nameof(PlaybookTexts.UnknownReport), "bindings › reports › fax-to-the-mayor"),
            (nameof(PlaybookTexts.UnknownStep), "bindings › reports › police"),
            (nameof(PlaybookTexts.UnknownFact), "bindings › headings › cause › facts"),
            (nameof(PlaybookTexts.UnknownStep), "bindings › headings › cause › notes"),
            (nameof(PlaybookTexts.UnknownHeading), "bindings › headings › horoscope"),
            (nameof(PlaybookTexts.UnknownStep), "bindings › stop-using-steps"),
            (nameof(PlaybookTexts.ConditionOnText), "bindings › personal-data-at-risk-when › any[1]"),
            (nameof(PlaybookTexts.UnknownValue), "bindings › personal-data-at-risk-when › any[2]"),
            (nameof(PlaybookTexts.UnknownStep), "bindings › confirmation-step"),
        ], result.Problems.Select(p => (p.Code, p.Path)));
        Assert.Contains("weather", result.Problems[2].Message.Ja, StringComparison.Ordinal);
        Assert.Contains("Reports: damage-status, ministry", result.Problems[0].Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatPage_NamesEveryReportAndHeading()
    {
        var ids = ReportTemplates.All.Select(t => t.Id).Concat(ReportTemplates.All.SelectMany(t => t.Fields).Select(f => f.Id)).Distinct(StringComparer.Ordinal);

        Assert.All(ids, id => Assert.Contains($"`{id}`", DocumentedPlaybook.Page, StringComparison.Ordinal));
    }
}
