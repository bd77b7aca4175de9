using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Reporting;

/// <summary>
/// An incident's reporting rules (the preliminary period and how its days are counted) are fixed on its opening, from
/// the profile of that moment: a later change of the profile moves no running clock; only management moves it, with
/// a reason, as an event on the incident's record. Times are fixed: opened on Tuesday 24 November 2026, 09:00 JST.
/// </summary>
public sealed class ReportingRulesTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset Opened = new(2026, 11, 24, 9, 0, 0, Jst);

    private static readonly Actor Director = new("key-mgmt", "院長 鈴木", new HashSet<Role> { Role.Management });
    private static readonly Actor Officer = new("key-so", "情報システム課 田中", new HashSet<Role> { Role.SecurityOfficer });

    /// <summary>The profile as the security officer saved it later: five days, counting the first day.</summary>
    private static readonly ReportingRules ProfileLater = new(5, DayCount.IncludingFirstDay);

    private readonly List<IncidentEvent> _events = [];
    private IncidentProgress _progress = IncidentProgress.Empty;
    private IncidentHead _head = IncidentHead.New(Guid.NewGuid(), Guid.NewGuid());

    private ReportingState State => ReportingState.From(_events, BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings);

    /// <summary>Opens the incident as Sonae does, through its rules and its chain; <paramref name="rules"/> null: as before they were fixed.</summary>
    private void Open(ReportingRules? rules)
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var decision = IncidentRules.Open(playbook, new PlaybookRef(playbook.Id, 1, playbook.Sha256), 1, Officer,
            new NewIncident("電子カルテ暗号化", IncidentSource.Manual), Opened, rules ?? ReportingRules.Default);
        Assert.True(decision.IsAccepted);
        var events = rules is null
            ? decision.Events.Select(e => e.Data is IncidentOpened opened ? (e.Actor, (EventData)(opened with { Reporting = null })) : e)
            : decision.Events;
        Seal(events, Opened);
        // A leak is suspected: the clocks run.
        Seal([(new EventActor("key-so", "田中", Role.SecurityOfficer), new FactRecorded(new FactId("data-leak-suspected"), "yes", new StepId("2-1")))], Opened.AddHours(1));
    }

    /// <summary>Seals events onto the chain and reads them back from their canonical text, as the database gives them.</summary>
    private void Seal(IEnumerable<(EventActor Actor, EventData Data)> events, DateTimeOffset at)
    {
        var appended = EventChain.Append(_head, events, at);
        _head = appended.Head;
        foreach (var recorded in appended.Recorded)
        {
            var e = EventChain.Parse(recorded.Body);
            _events.Add(e);
            _progress = _progress.Apply(e);
        }
    }

    /// <summary>Decides a change at a time, with the profile as it is then, and records what it decides.</summary>
    private Refusal? Do(Actor actor, ReportingCommand command, DateTimeOffset now, ReportingRules? profile = null)
    {
        var decision = ReportingDecisions.Decide(State, _progress, actor, command, profile ?? ProfileLater, now);
        Seal(decision.Events, now);
        return decision.Refusal;
    }

    private Clock Preliminary(DateTimeOffset now, ReportingRules? profile = null) => State.Clocks(_progress, profile ?? ProfileLater, now)!.Preliminary;

    [Fact]
    public void Opening_FixesTheProfilesRulesOnTheRecord()
    {
        Open(new ReportingRules(3));

        var opened = Assert.IsType<IncidentOpened>(_events[0].Data);
        Assert.Equal(new ReportingRules(3), opened.Reporting);
        Assert.Contains("\"reporting\":{\"count\":\"from-next-day\",\"preliminaryDays\":3}", EventChain.Canonical(_events[0]), StringComparison.Ordinal);
        Assert.Equal(new ReportingRules(3), State.Rules);
        Assert.Empty(State.RulesChanges);
    }

    [Fact]
    public void ProfileChangedAfterTheOpening_DoesNotMoveTheRunningClock()
    {
        Open(new ReportingRules(3));

        // The officer has since saved the profile with five days counted from the first: the incident keeps its three.
        var clock = Preliminary(Opened.AddDays(1), profile: ProfileLater);

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), clock.Due);
        Assert.Equal(ClockState.Within48Hours, Preliminary(Opened.AddDays(2), profile: ProfileLater).State);
    }

    [Fact]
    public void PeriodChange_ByTheSecurityOfficer_IsRefused_AndTheDeadlineStays()
    {
        Open(new ReportingRules(3));
        var now = Opened.AddDays(1);

        var refusal = Do(Officer, new ChangeReportingRules(5, null, "調査に時間がかかるため"), now);

        var required = Assert.IsType<RoleRequired>(refusal);
        Assert.Equal([Role.Management], required.Allowed);
        Assert.DoesNotContain(_events, e => e.Type == IncidentEventType.ReportingRulesChanged);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), Preliminary(now).Due);
    }

    [Fact]
    public void PeriodChange_ByManagement_IsRecordedWithItsReason_AndMovesTheDeadlineFromThenOn()
    {
        Open(new ReportingRules(3));
        var changedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, Jst);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), Preliminary(changedAt).Due);

        Assert.Null(Do(Director, new ChangeReportingRules(5, null, "委員会の窓口と相談し、5日以内とした"), changedAt));

        var changed = Assert.IsType<ReportingRulesChanged>(_events[^1].Data);
        Assert.Equal((new ReportingRules(5), new ReportingRules(3), "委員会の窓口と相談し、5日以内とした"), (changed.Rules, changed.Previous, changed.Reason));
        Assert.Equal((Role.Management, "院長 鈴木"), (_events[^1].Actor.Role, _events[^1].Actor.Name));
        var change = Assert.Single(State.RulesChanges);
        Assert.Equal((changedAt, "院長 鈴木"), (change.At, change.By));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, Jst), Preliminary(changedAt).Due);
        // Vendors, outside the hospital, do not read it; the incident's own record keeps it.
        Assert.Contains(IncidentEventType.ReportingRulesChanged, ReportingState.InsideOnly);
    }

    [Fact]
    public void PeriodChange_CanCountTheFirstDay_AndLeavesTheCountAsItIsWhenNotSaid()
    {
        Open(new ReportingRules(3));

        Assert.Null(Do(Director, new ChangeReportingRules(3, DayCount.IncludingFirstDay, "安全側で数える"), Opened.AddHours(2)));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, Jst), Preliminary(Opened.AddHours(2)).Due);

        Assert.Null(Do(Director, new ChangeReportingRules(4, null, "1日延ばす"), Opened.AddHours(3)));
        Assert.Equal(new ReportingRules(4, DayCount.IncludingFirstDay), State.Rules);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), Preliminary(Opened.AddHours(3)).Due);
        Assert.Equal(2, State.RulesChanges.Count);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(0)]
    [InlineData(-3)]
    public void PeriodChange_OutsideThreeToFiveDays_IsRefused(int days)
    {
        Open(new ReportingRules(3));

        Assert.Equal(new PreliminaryDaysOutOfRange(days), Do(Director, new ChangeReportingRules(days, null, "理由"), Opened.AddHours(2)));
        Assert.Equal(new ReportingRules(3), State.Rules);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void PeriodChange_WithoutAReason_IsRefused(string reason)
    {
        Open(new ReportingRules(3));

        Assert.Equal(new FieldRefused("reason", FieldProblem.Required), Do(Director, new ChangeReportingRules(5, null, reason), Opened.AddHours(2)));
        Assert.Empty(State.RulesChanges);
    }

    [Fact]
    public void PeriodChange_AfterAReportWasFiledWithTheCommission_IsRefused_AndTheFilingKeepsItsJudgement()
    {
        Open(new ReportingRules(3));
        var filedAt = new DateTimeOffset(2026, 11, 27, 16, 0, 0, Jst);
        Seal([(new EventActor("key-mgmt", "院長 鈴木", Role.Management), new ReportIssued("privacy-preliminary", new string('a', 64), "個人情報保護委員会", ContactChannel.WebForm, null))], filedAt);
        Assert.Equal(ClockState.Done, Preliminary(filedAt).State);

        // Three days counted from the first day would make that filing late after the fact.
        var refusal = Do(Director, new ChangeReportingRules(3, DayCount.IncludingFirstDay, "数え方を見直した"), filedAt.AddDays(1));

        Assert.Equal(new ReportingRulesAfterFiling("privacy-preliminary", filedAt), refusal);
        Assert.Empty(State.RulesChanges);
        Assert.Equal((ClockState.Done, new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst)), (Preliminary(filedAt.AddDays(1)).State, Preliminary(filedAt.AddDays(1)).Due));
    }

    [Fact]
    public void PeriodChange_ThatChangesNothing_IsRefused()
    {
        Open(new ReportingRules(4));

        Assert.Equal(new ReportingRulesUnchanged(new ReportingRules(4)), Do(Director, new ChangeReportingRules(4, DayCount.FromNextDay, "確認"), Opened.AddHours(2)));
    }

    [Fact]
    public void IncidentOpenedBeforeTheRulesWereFixed_CountsByTheProfileAtItsOpening_UntilManagementChangesThem()
    {
        Open(rules: null);
        var profileAtOpening = new ReportingRules(4);

        Assert.Null(State.Rules);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, Jst), Preliminary(Opened.AddHours(2), profile: profileAtOpening).Due);

        Assert.Null(Do(Director, new ChangeReportingRules(3, null, "院内規程に合わせる"), Opened.AddHours(2), profile: profileAtOpening));
        var changed = Assert.IsType<ReportingRulesChanged>(_events[^1].Data);
        Assert.Equal(profileAtOpening, changed.Previous);
        // From now on the record says it all: whatever the profile says, three days.
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, Jst), Preliminary(Opened.AddHours(3), profile: ProfileLater).Due);
    }
}
