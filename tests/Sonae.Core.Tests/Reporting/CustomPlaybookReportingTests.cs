using System.Globalization;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;
using Sonae.Core.Tests.Incidents;
using Sonae.Core.Tests.Playbooks;

namespace Sonae.Core.Tests.Reporting;

/// <summary>
/// Reporting on a hospital's own playbook (the one docs/playbook-format.md prints, steps A, B and C): its bindings,
/// not the built-in playbook's step numbers, say where its reports are made and what fills their drafts.
/// </summary>
public sealed class CustomPlaybookReportingTests
{
    private readonly IncidentDriver _incident = new(new NewIncident("受付端末に脅迫文", IncidentSource.Manual), playbook: DocumentedPlaybook.Load());

    private Playbook Playbook => _incident.Playbook;

    private IReadOnlyList<IncidentEvent> Events => [.. _incident.Record.Select(r => EventChain.Parse(r.Body))];

    /// <summary>What the record knows, worded as the web words it (each fact as its title and value, notes by step).</summary>
    private ReportContext Context(PlaybookBindings bindings)
    {
        string Worded(FactId id, string value) =>
            $"{Playbook.Fact(id).Title.Ja}: {Playbook.Fact(id).FindValue(value)?.Title.Ja ?? value}";
        return new ReportContext
        {
            Bindings = bindings,
            Organization = "さくら診療所",
            IncidentNumber = 1,
            IncidentTitle = "受付端末に脅迫文",
            Dates = DocumentDates.Western,
            Facts = _incident.Progress.Facts.ToDictionary(f => f.Key.Value, f => Worded(f.Key, f.Value.Value)),
            NotesByStep = Events.Where(e => e.Data is NoteAdded { Step: not null })
                .GroupBy(e => ((NoteAdded)e.Data).Step!.Value.Value)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(e => ((NoteAdded)e.Data).Text)]),
        };
    }

    private void ReachTheReportStep()
    {
        _incident.Fact(IncidentDriver.Officer, "signs", "yes");
        _incident.Fact(IncidentDriver.Officer, "what-stopped", "受付と会計");
        _incident.Do(IncidentDriver.Officer, new AddNote("受付PCの画面に英語の脅迫文。USBメモリの使用歴あり", new StepId("A")));
        _incident.Complete(IncidentDriver.Officer, "A");
        _incident.Complete(IncidentDriver.Officer, "B");
    }

    [Fact]
    public void Draft_AtItsReportStep_IsFilledFromItsOwnFactsAndNotes()
    {
        ReachTheReportStep();

        var step = Playbook.Bindings.ReportStep("damage-status")!.Value;
        Assert.Equal(StepState.Available, _incident.Snapshot[step].State);
        var fields = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.DamageStatus), Context(Playbook.Bindings));

        Assert.Equal("感染の兆候: あり\n受付PCの画面に英語の脅迫文。USBメモリの使用歴あり", fields["cause"]);
        Assert.Equal("止まった業務: 受付と会計", fields["where-and-care"]);
        Assert.Equal(ReportDrafting.UnderInvestigation, fields["source-method"]);
    }

    [Fact]
    public void Draft_WithTheBuiltInBindings_WouldFindNothingOfItsSteps()
    {
        ReachTheReportStep();

        var fields = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.DamageStatus), Context(BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings));

        Assert.Equal(ReportDrafting.UnderInvestigation, fields["cause"]);
        Assert.False(fields.ContainsKey("where-and-care"));
    }

    [Fact]
    public void Need_FollowsItsOwnCondition()
    {
        ReachTheReportStep();
        ReportingState State() => ReportingState.From(Events, Playbook.Bindings);
        Assert.Equal(ReportingNeed.NotRaised, State().Need(_incident.Progress));

        _incident.Fact(IncidentDriver.Officer, "patient-data", "unknown");

        Assert.Equal(ReportingNeed.AnswerNeeded, State().Need(_incident.Progress));
        Assert.True(State().Clocks(_incident.Progress, ReportingRules.Default, _incident.Clock.GetUtcNow())!.Running);
        Assert.Equal(ReportingNeed.NotRaised, ReportingState.From(Events, PlaybookBindings.None).Need(_incident.Progress));
        Assert.Equal("unknown", _incident.Progress.Facts[new FactId("patient-data")].Value.ToString(CultureInfo.InvariantCulture));
    }
}
