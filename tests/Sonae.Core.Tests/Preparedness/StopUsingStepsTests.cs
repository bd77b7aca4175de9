using Sonae.Core.Playbooks;
using Sonae.Core.Tests.Playbooks;

namespace Sonae.Core.Tests.Preparedness;

/// <summary>The steps whose page shows the systems to stop using are the playbook's to name.</summary>
public sealed class StopUsingStepsTests
{
    [Fact]
    public void BuiltIn_ShowsThemAt2_7And2_9Only()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;

        Assert.Equal(["2-7", "2-9"], playbook.Steps.Where(s => playbook.Bindings.ShowsStopUsing(s.Id)).Select(s => s.Id.Value));
    }

    [Fact]
    public void PlaybookOfItsOwn_ShowsThemAtTheStepItNames()
    {
        var playbook = DocumentedPlaybook.Load();

        Assert.Equal(["B"], playbook.Steps.Where(s => playbook.Bindings.ShowsStopUsing(s.Id)).Select(s => s.Id.Value));
    }

    [Fact]
    public void Load_StopUseStepRenamed_IsRefused()
    {
        var yaml = BuiltInPlaybooks.MhlwIncidentFlowchartYaml.Replace("  - id: 2-9\n", "  - id: 2-9-stop\n", StringComparison.Ordinal);

        var problem = Assert.Single(PlaybookLoader.Load(yaml).Problems);

        Assert.Equal(("bindings › stop-using-steps", nameof(PlaybookTexts.UnknownStep)), (problem.Path, problem.Code));
        Assert.Contains("2-9", problem.Message.En, StringComparison.Ordinal);
    }
}
