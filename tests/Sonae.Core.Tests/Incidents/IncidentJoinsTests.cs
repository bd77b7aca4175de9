using Sonae.Core.Access;
using Sonae.Core.Incidents;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

public sealed class IncidentJoinsTests
{
    private static readonly AnomalyReport WardReport = new("3階西病棟", null, "PC-3W-01", [AnomalySign.RansomNote], null, null, "看護師 佐藤", null);

    private static IncidentDriver Reported() => new(new NewIncident("3階西病棟 PC-3W-01", IncidentSource.AnomalyReport, Report: WardReport), Nurse);

    /// <summary>The report's sequence number on a record opened by a report: right after the opening.</summary>
    private const long FirstReport = 2;

    [Fact]
    public void Merge_RecordsOnBothChains_ClosesTheMergedOneAndBothVerify()
    {
        var (source, target) = (Reported(), Reported());
        var sourceLast = source.Head.LastSeq;
        var targetLast = target.Head.LastSeq;

        var decision = IncidentJoins.Merge(Officer, source.Side(5), [FirstReport], target.Side(3), "同じ病棟の同じ攻撃");
        Assert.Null(decision.Refusal);
        var merged = Assert.Single(source.Append(decision.Source));
        var joined = Assert.Single(target.Append(decision.Target));

        var into = Assert.IsType<MergedInto>(EventChain.Parse(merged.Body).Data);
        Assert.Equal((3, target.Head.IncidentId, targetLast + 1), (into.Into.Number, into.Into.Id, into.IntoSeq));
        var from = Assert.IsType<IncidentMerged>(EventChain.Parse(joined.Body).Data);
        Assert.Equal((5, source.Head.IncidentId, sourceLast + 1), (from.From.Number, from.From.Id, from.FromSeq));
        Assert.Equal([FirstReport], from.Reports);
        Assert.Equal((IncidentStatus.Closed, IncidentOutcome.Merged, 3), (source.Progress.Status, source.Progress.Outcome, source.Progress.MergedInto?.Number));
        Assert.Equal((IncidentStatus.Open, 2), (target.Progress.Status, target.Progress.AnomalyReports));
        Assert.Null(source.Verify());
        Assert.Null(target.Verify());
    }

    /// <summary>A closed incident takes contacts (reporting goes on); a merged one's go to the incident it joined.</summary>
    [Fact]
    public void AMergedIncident_TakesNoContacts()
    {
        var (source, target) = (Reported(), Reported());
        source.Append(IncidentJoins.Merge(Officer, source.Side(5), [FirstReport], target.Side(3), "同じ病棟の同じ攻撃").Source);

        Assert.IsType<IncidentIsClosed>(source.Refused(Officer, new LogContact("警察", ContactChannel.Phone, ContactResult.Reached)));
        Assert.Single(target.Do(Officer, new LogContact("警察", ContactChannel.Phone, ContactResult.Reached)));
    }

    [Fact]
    public void Attach_MovesOneReport_CopiesItWithWhereItCameFrom()
    {
        var (source, target) = (Reported(), Reported());

        var decision = IncidentJoins.Attach(Director, source.Side(5), FirstReport, EventChain.Parse(source.Record[1].Body).Data, target.Side(3), null);
        Assert.Null(decision.Refusal);
        source.Append(decision.Source);
        var attached = Assert.IsType<ReportAttached>(EventChain.Parse(Assert.Single(target.Append(decision.Target)).Body).Data);

        Assert.Equal((5, FirstReport, source.Head.LastSeq), (attached.From.Number, attached.Report, attached.FromSeq));
        Assert.Equal("PC-3W-01", attached.Contents.Device);
        Assert.Equal(3, source.Progress.MovedReports[FirstReport].Number);
        Assert.Equal((0, 2), (source.Progress.AnomalyReports, target.Progress.AnomalyReports));
        Assert.Equal(IncidentStatus.Open, source.Progress.Status);
        Assert.Null(source.Verify());
        Assert.Null(target.Verify());

        var again = IncidentJoins.Attach(Officer, source.Side(5), FirstReport, EventChain.Parse(source.Record[1].Body).Data, target.Side(3), null);
        Assert.Equal(3, Assert.IsType<ReportAlreadyMoved>(again.Refusal).To.Number);
    }

    [Fact]
    public void Merge_ByStaffOrVendor_IsForbidden()
    {
        var (source, target) = (Reported(), Reported());
        foreach (var actor in new[] { Nurse, Vendor })
        {
            var refusal = IncidentJoins.Merge(actor, source.Side(5), [], target.Side(3), null).Refusal;
            Assert.Equal([Role.SecurityOfficer, Role.Management], Assert.IsType<RoleRequired>(refusal).Allowed);
            Assert.Equal(RefusalKind.Forbidden, refusal!.Kind);
        }
        Assert.IsType<RoleRequired>(IncidentJoins.Attach(Nurse, source.Side(5), FirstReport, EventChain.Parse(source.Record[1].Body).Data, target.Side(3), null).Refusal);
    }

    [Fact]
    public void ADrillAndARealIncident_NeverJoin_EitherWay()
    {
        var drill = Reported();
        var real = Reported();
        var report = EventChain.Parse(drill.Record[1].Body).Data;

        var merged = IncidentJoins.Merge(Officer, drill.Side(5) with { Drill = true }, [], real.Side(3), null);
        var attached = IncidentJoins.Attach(Officer, real.Side(3), FirstReport, report, drill.Side(5) with { Drill = true }, null);

        Assert.Equal(new JoinAcrossDrill(new IncidentLink(5, drill.Head.IncidentId), new IncidentLink(3, real.Head.IncidentId)), merged.Refusal);
        Assert.Empty(merged.Source);
        Assert.Equal(new JoinAcrossDrill(new IncidentLink(5, drill.Head.IncidentId), new IncidentLink(3, real.Head.IncidentId)), attached.Refusal);
        Assert.Null(IncidentJoins.Merge(Officer, drill.Side(5) with { Drill = true }, [], real.Side(3) with { Drill = true }, null).Refusal);
    }

    [Fact]
    public void Merge_IntoItself_IsRefused()
    {
        var incident = Reported();

        var decision = IncidentJoins.Merge(Officer, incident.Side(3), [], incident.Side(3), null);

        Assert.IsType<JoinIntoItself>(decision.Refusal);
        Assert.Empty(decision.Source);
        Assert.Empty(decision.Target);
    }

    [Fact]
    public void Merge_IntoAClosedIncident_IsAConflict()
    {
        var (source, target) = (Reported(), Reported());
        target.Do(Officer, new CloseIncident("誤報"));

        Assert.IsType<IncidentIsClosed>(IncidentJoins.Merge(Officer, source.Side(5), [], target.Side(3), null).Refusal);
    }

    [Fact]
    public void Merge_BackIntoTheOneThatJoined_IsRefusedAsMerged_SoNoCycle()
    {
        var (first, second) = (Reported(), Reported());
        var decision = IncidentJoins.Merge(Officer, first.Side(5), [], second.Side(3), null);
        first.Append(decision.Source);
        second.Append(decision.Target);

        var back = IncidentJoins.Merge(Officer, second.Side(3), [], first.Side(5), null).Refusal;
        var merged = Assert.IsType<IncidentIsMerged>(back);
        Assert.Equal((5, 3), (merged.Incident.Number, merged.Into.Number));
        Assert.Equal(RefusalKind.Conflict, back.Kind);

        var twice = IncidentJoins.Merge(Officer, first.Side(5), [], Reported().Side(7), null).Refusal;
        Assert.IsType<IncidentIsMerged>(twice);
    }

    [Fact]
    public void Attach_OfAnEventThatIsNoReport_IsNotFound()
    {
        var (source, target) = (Reported(), Reported());

        var refusal = IncidentJoins.Attach(Officer, source.Side(5), 1, EventChain.Parse(source.Record[0].Body).Data, target.Side(3), null).Refusal;
        Assert.Equal(RefusalKind.NotFound, Assert.IsType<UnknownAnomalyReport>(refusal).Kind);
        Assert.IsType<UnknownAnomalyReport>(IncidentJoins.Attach(Officer, source.Side(5), 99, null, target.Side(3), null).Refusal);
    }

    [Fact]
    public void Merge_LeavesOutReportsAttachedElsewhereAlready()
    {
        var (source, target, other) = (Reported(), Reported(), Reported());
        var attach = IncidentJoins.Attach(Officer, source.Side(5), FirstReport, EventChain.Parse(source.Record[1].Body).Data, other.Side(4), null);
        source.Append(attach.Source);
        other.Append(attach.Target);

        var merge = IncidentJoins.Merge(Officer, source.Side(5), [FirstReport], target.Side(3), null);

        Assert.Empty(Assert.IsType<IncidentMerged>(Assert.Single(merge.Target).Data).Reports);
    }

    [Fact]
    public void Merge_ReasonTooLong_IsInvalid()
    {
        var (source, target) = (Reported(), Reported());

        var refusal = IncidentJoins.Merge(Officer, source.Side(5), [], target.Side(3), new string('あ', TextLimits.LongText + 1)).Refusal;

        Assert.Equal(("reason", FieldProblem.TooLong), (Assert.IsType<FieldRefused>(refusal).Field, ((FieldRefused)refusal!).Problem));
    }

    [Fact]
    public void ReportFate_FollowsWhereTheReportWentThenTheIncident()
    {
        var incident = Reported();
        Assert.Equal(ReportFate.Received, ReportFates.Of(FirstReport, incident.Progress, responseActed: false).Fate);
        Assert.Equal(ReportFate.Confirmed, ReportFates.Of(FirstReport, incident.Progress, responseActed: true).Fate);

        var to = new IncidentLink(3, Guid.NewGuid());
        var moved = incident.Progress with { MovedReports = incident.Progress.MovedReports.Add(FirstReport, to) };
        Assert.Equal((ReportFate.Joined, to), ReportFates.Of(FirstReport, moved, true));
        Assert.Equal(ReportFate.Confirmed, ReportFates.Of(FirstReport + 1, moved, true).Fate);
        Assert.Equal((ReportFate.Merged, to), ReportFates.Of(FirstReport, incident.Progress with { Status = IncidentStatus.Closed, MergedInto = to }, true));
        Assert.Equal(ReportFate.Closed, ReportFates.Of(FirstReport, incident.Progress with { Status = IncidentStatus.Closed }, true).Fate);
    }

    [Fact]
    public void Counterparts_OfAMergeAndAnAttach_NameEachOther_AndAnotherEventIsNone()
    {
        var (source, target) = (Reported(), Reported());
        var attach = IncidentJoins.Attach(Officer, source.Side(5), FirstReport, EventChain.Parse(source.Record[1].Body).Data, target.Side(3), null);
        var moved = Assert.Single(source.Append(attach.Source));
        var attached = Assert.Single(target.Append(attach.Target));
        var merge = IncidentJoins.Merge(Officer, source.Side(5), [], target.Side(3), null);
        var into = Assert.Single(source.Append(merge.Source));
        var merged = Assert.Single(target.Append(merge.Target));

        foreach (var (here, there) in new[] { (moved, attached), (attached, moved), (into, merged), (merged, into) })
        {
            var data = EventChain.Parse(here.Body).Data;
            Assert.Equal((there.IncidentId, there.Seq), IncidentJoins.CounterpartOf(data));
            Assert.True(IncidentJoins.IsCounterpart(data, here.IncidentId, here.Seq, EventChain.Parse(there.Body).Data));
        }
        // The wrong half, or none, is no counterpart: what verify reports across records.
        Assert.False(IncidentJoins.IsCounterpart(EventChain.Parse(into.Body).Data, into.IncidentId, into.Seq, EventChain.Parse(attached.Body).Data));
        Assert.False(IncidentJoins.IsCounterpart(EventChain.Parse(merged.Body).Data, merged.IncidentId, merged.Seq, null));
        Assert.False(IncidentJoins.IsCounterpart(EventChain.Parse(moved.Body).Data, moved.IncidentId, moved.Seq + 1, EventChain.Parse(attached.Body).Data));
        Assert.Null(IncidentJoins.CounterpartOf(EventChain.Parse(source.Record[0].Body).Data));
    }
}
