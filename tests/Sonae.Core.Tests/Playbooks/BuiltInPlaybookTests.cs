using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Playbooks;

public sealed partial class BuiltInPlaybookTests
{
    private static readonly Playbook Playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;

    [Fact]
    public void MhlwIncidentFlowchartSha256_WithoutLoading_IsTheLoadedPlaybooksDigestAndId()
    {
        Assert.Equal(Playbook.Sha256, BuiltInPlaybooks.MhlwIncidentFlowchartSha256);
        Assert.Equal(BuiltInPlaybooks.MhlwIncidentFlowchartId, Playbook.Id);
    }

    /// <summary>Every step of the ministry's flowchart, with the roles its text names, read from the published text.</summary>
    private static Dictionary<string, (string Title, HashSet<Role> Roles)> SeedSteps()
    {
        var steps = new Dictionary<string, (string Title, HashSet<Role> Roles)>();
        string? current = null;
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Seed", "mhlw-incident-flowchart.md")))
        {
            if (StepHeading().Match(line) is { Success: true } heading)
            {
                current = heading.Groups[1].Value;
                steps[current] = (heading.Groups[2].Value.Trim(), []);
            }
            else if (current is not null && RoleHeading().Match(line) is { Success: true } roleLine)
            {
                var names = roleLine.Groups[1].Value;
                if (names.StartsWith("経営層", StringComparison.Ordinal) || names.Contains("・経営層", StringComparison.Ordinal))
                    steps[current].Roles.Add(Role.Management);
                if (names.Contains("医療情報システム安全管理責任者", StringComparison.Ordinal))
                    steps[current].Roles.Add(Role.SecurityOfficer);
                if (names.Contains("医療従事者・一般のシステム利用者", StringComparison.Ordinal))
                    steps[current].Roles.Add(Role.Staff);
                if (names.StartsWith("外部", StringComparison.Ordinal) || names.StartsWith("医療情報システムのベンダ", StringComparison.Ordinal))
                    steps[current].Roles.Add(Role.Vendor);
            }
        }
        return steps;
    }

    [Fact]
    public void BuiltIn_EveryTitleTooLongForAFlowchartBox_HasAShortOne()
    {
        var cut = Playbook.Steps.Where(s => s.ShortTitle is null
            && (s.Title.Ja.Length > StepDefinition.ShortTitleMaxJa || s.Title.En.Length > StepDefinition.ShortTitleMaxEn));

        Assert.Empty(cut.Select(s => s.Id.Value));
    }

    [Fact]
    public void BuiltIn_EverySeedStep_IsInThePlaybookWithItsTitleAndRoles()
    {
        var seed = SeedSteps();
        Assert.Equal(37, seed.Count);

        foreach (var (id, (title, roles)) in seed)
        {
            Assert.True(roles.Count > 0, $"no role read for {id}");
            var (playbookTitle, playbookRoles) = id.StartsWith("0-", StringComparison.Ordinal)
                ? Playbook.Preparedness.Where(p => p.Id.Value == id).Select(p => (p.Title.Ja, p.Roles)).Single()
                : (Playbook.Step(new StepId(id)).Title.Ja, Playbook.Step(new StepId(id)).Roles);
            Assert.Equal(title, playbookTitle);
            Assert.True(roles.IsSubsetOf(playbookRoles), $"{id}: the guideline names {string.Join(", ", roles)}, the playbook has {string.Join(", ", playbookRoles)}");
        }
        Assert.Equal(35, Playbook.Steps.Count);
        Assert.Equal(2, Playbook.Preparedness.Count);
    }

    [Fact]
    public void BuiltIn_OurActionTexts_AreNotCopiedFromTheGuideline()
    {
        var guideline = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "mhlw-incident-flowchart.md"));
        foreach (var action in Playbook.Steps.SelectMany(s => s.Actions))
            Assert.DoesNotContain(action.Text.Ja.TrimEnd('。'), guideline, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltIn_StepOrder_FollowsTheGuideline()
    {
        Assert.Equal(
            ["1-1", "1-2", "1-3", "1-4", "2-1", "2-2", "2-3", "2-4", "2-5", "2-6", "2-7", "2-8", "2-9", "2-10", "2-11", "2-12",
             "2-13", "2-14", "2-15", "2-16", "2-17", "2-18", "3-1", "3-2", "3-3", "3-4", "4-1", "4-2", "4-3", "4-4", "4-5",
             "4-6", "4-7", "4-8", "4-9"],
            Playbook.Steps.Select(s => s.Id.Value));
    }

    [GeneratedRegex(@"^#{2,4} (\d-\d+) (.+)$")]
    private static partial Regex StepHeading();

    [GeneratedRegex(@"^(?:#{1,4} )?【(.+)】\s*$")]
    private static partial Regex RoleHeading();
}
