using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Playbooks;

/// <summary>
/// The playbook's <c>bindings › occurred-at</c> (the fact that says when the breach happened) and
/// <c>bindings › individual-notice</c> (how the people affected are told): the reports read them, so the loader
/// refuses one that names what the playbook does not have or could never record, each with its place in the file.
/// </summary>
public sealed class FormBindingsTests
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
    public void BuiltIn_BindsWhenItHappened_AndHowThePeopleAreTold_ToFactsItsStepsRecord()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var bindings = playbook.Bindings;

        Assert.Equal("breach-began", bindings.OccurredAt?.Value);
        Assert.Equal(["2-1", "4-1", "4-3"], playbook.Steps.Where(s => s.Covers(bindings.OccurredAt!.Value)).Select(s => s.Id.Value));
        var notice = bindings.IndividualNotice!;
        Assert.Equal(["4-3"], playbook.Steps.Where(s => s.Covers(notice.Fact)).Select(s => s.Id.Value));
        Assert.Equal(playbook.Fact(notice.Fact).Values.Select(v => v.Id).Order(StringComparer.Ordinal), notice.Values.Values.Order(StringComparer.Ordinal));
        Assert.Equal(NoticeChoice.AnnounceInstead, notice.Meaning("announce-instead"));
        Assert.True(notice.NeedsReason(notice.Fact, "announce-instead"));
        Assert.False(notice.NeedsReason(notice.Fact, "notify"));
        Assert.False(notice.NeedsReason(new FactId("publish-disclosure"), "announce-instead"));
    }

    [Fact]
    public void OccurredAt_NamingAnUnknownFact_IsRefusedWhereItIsWritten()
    {
        var yaml = Replace(BuiltIn, "  occurred-at: breach-began", "  occurred-at: breach-begun");

        var problem = SingleProblem(yaml);

        Assert.Equal((nameof(PlaybookTexts.UnknownFact), "bindings › occurred-at"), (problem.Code, problem.Path));
        Assert.Equal("  occurred-at: breach-begun", yaml.Split('\n')[problem.Line - 1]);
    }

    [Fact]
    public void OccurredAt_OnAFactNoStepRecords_IsRefused()
    {
        // Out of 2-1 and 4-1 (both with one replacement), and out of 4-3.
        var yaml = Replace(Replace(BuiltIn, "    records: [breach-began]\n", ""), "    records: [breach-began, notice-method]", "    records: [notice-method]");

        var problem = SingleProblem(yaml);

        Assert.Equal((nameof(PlaybookTexts.BoundFactNeverAsked), "bindings › occurred-at"), (problem.Code, problem.Path));
        Assert.Equal("bindings › occurred-at: no step asks or records fact breach-began, so it can never be recorded.", problem.Message.En);
    }

    [Fact]
    public void IndividualNotice_OnATextFact_IsRefused()
    {
        var problem = SingleProblem(Replace(BuiltIn, "    fact: notice-method", "    fact: breach-began"));

        Assert.Equal((nameof(PlaybookTexts.NoticeOnText), "bindings › individual-notice › fact"), (problem.Code, problem.Path));
        Assert.Contains("選択肢", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void IndividualNotice_WithAValueTheFactDoesNotHave_ListsTheValues()
    {
        var problem = SingleProblem(Replace(BuiltIn, "    both: notify-and-announce", "    both: both"));

        Assert.Equal((nameof(PlaybookTexts.UnknownValue), "bindings › individual-notice › both"), (problem.Code, problem.Path));
        Assert.EndsWith("Values: notify, announce-instead, notify-and-announce, not-decided", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void IndividualNotice_WithoutTheAnnouncementInstead_IsRefused_AndOneValueCannotMeanTwoThings()
    {
        var missing = SingleProblem(Replace(BuiltIn, "    announce-instead: announce-instead\n", ""));
        Assert.Equal((nameof(PlaybookTexts.Missing), "bindings › individual-notice › announce-instead"), (missing.Code, missing.Path));

        var twice = SingleProblem(Replace(BuiltIn, "    both: notify-and-announce", "    both: notify"));
        Assert.Equal((nameof(PlaybookTexts.Duplicate), "bindings › individual-notice › both"), (twice.Code, twice.Path));
    }

    [Fact]
    public void IndividualNotice_LeftOut_LeavesTheRecordSilentAndAskingNoReason()
    {
        var yaml = BuiltIn[..BuiltIn.IndexOf("  individual-notice:", StringComparison.Ordinal)]
            + BuiltIn[BuiltIn.IndexOf("  # The steps whose instructions are the list of systems", StringComparison.Ordinal)..];

        var result = PlaybookLoader.Load(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message.En)));
        Assert.Null(result.Playbook!.Bindings.IndividualNotice);
        Assert.Equal("breach-began", result.Playbook.Bindings.OccurredAt?.Value);
    }
}
