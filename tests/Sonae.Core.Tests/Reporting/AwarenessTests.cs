using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Reporting;

public sealed class AwarenessTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(9));

    private static IncidentEvent Event(long seq, DateTimeOffset at, EventData data) =>
        new(Guid.Empty, Guid.Empty, seq, at, new EventActor("a", "山田", Role.Staff), data, "");

    private static IncidentEvent OpenedEvent(DateTimeOffset at) =>
        Event(1, at, new IncidentOpened(1, "3階西病棟", IncidentSource.AnomalyReport, new PlaybookRef("p", 1, "x"), false, null));

    private static IncidentEvent Report(long seq, DateTimeOffset at, DateTimeOffset? since) =>
        Event(seq, at, new AnomalyReported("3階西病棟", null, "PC-1", [AnomalySign.RansomNote], since, null, null, null));

    [Fact]
    public void FromRecord_NoRecord_IsUnknown()
    {
        Assert.Null(Awareness.FromRecord([]));
    }

    [Fact]
    public void FromRecord_OpenedAndReportedTogether_IsTheOpening()
    {
        Assert.Equal(new Awareness(Opened, AwarenessBasis.Opened), Awareness.FromRecord([OpenedEvent(Opened), Report(2, Opened, null)]));
    }

    [Fact]
    public void FromRecord_ReportSaysSeenSinceTheNightBefore_StartsTheClockThen()
    {
        var since = Opened.AddHours(-12);

        Assert.Equal(new Awareness(since, AwarenessBasis.NoticedSince), Awareness.FromRecord([OpenedEvent(Opened), Report(2, Opened, since)]));
    }

    [Fact]
    public void FromRecord_AlertOpenedBeforeTheStaffReport_KeepsTheAlertsTime()
    {
        var awareness = Awareness.FromRecord([OpenedEvent(Opened), Report(2, Opened.AddHours(3), Opened.AddHours(1))]);

        Assert.Equal(new Awareness(Opened, AwarenessBasis.Opened), awareness);
    }
}
