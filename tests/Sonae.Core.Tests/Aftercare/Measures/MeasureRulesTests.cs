using Sonae.Core.Aftercare.Measures;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Aftercare.Measures;

/// <summary>A measure's statuses: forward one step at a time, dropped with a reason from any open state, settled for good; overdue by Japanese days.</summary>
public sealed class MeasureRulesTests
{
    [Theory]
    [InlineData(MeasureStatus.Proposed, MeasureStatus.Approved)]
    [InlineData(MeasureStatus.Approved, MeasureStatus.InProgress)]
    [InlineData(MeasureStatus.InProgress, MeasureStatus.Done)]
    public void Change_NextStepForward_IsAllowed(MeasureStatus from, MeasureStatus to) =>
        Assert.Null(MeasureRules.Change(from, to, null));

    [Theory]
    [InlineData(MeasureStatus.Proposed, MeasureStatus.InProgress)]
    [InlineData(MeasureStatus.Proposed, MeasureStatus.Done)]
    [InlineData(MeasureStatus.Approved, MeasureStatus.Proposed)]
    [InlineData(MeasureStatus.InProgress, MeasureStatus.Approved)]
    [InlineData(MeasureStatus.Done, MeasureStatus.InProgress)]
    [InlineData(MeasureStatus.Done, MeasureStatus.Dropped)]
    [InlineData(MeasureStatus.Dropped, MeasureStatus.Proposed)]
    public void Change_SkippingBackwardOrFromSettled_IsNotAllowed(MeasureStatus from, MeasureStatus to) =>
        Assert.Equal(MeasureRefusal.NotAllowed, MeasureRules.Change(from, to, "理由"));

    [Theory]
    [InlineData(MeasureStatus.Proposed)]
    [InlineData(MeasureStatus.Approved)]
    [InlineData(MeasureStatus.InProgress)]
    public void Change_DropWithReason_IsAllowed_WithoutReason_IsRefused(MeasureStatus from)
    {
        Assert.Null(MeasureRules.Change(from, MeasureStatus.Dropped, "予算が付かなかった"));
        Assert.Equal(MeasureRefusal.ReasonRequired, MeasureRules.Change(from, MeasureStatus.Dropped, null));
        Assert.Equal(MeasureRefusal.ReasonRequired, MeasureRules.Change(from, MeasureStatus.Dropped, "  "));
    }

    [Fact]
    public void Change_ToTheSameStatus_IsAlreadyThere() =>
        Assert.Equal(MeasureRefusal.AlreadyThere, MeasureRules.Change(MeasureStatus.Approved, MeasureStatus.Approved, null));

    [Fact]
    public void Next_SettledStatuses_HaveNone()
    {
        Assert.Empty(MeasureRules.Next(MeasureStatus.Done));
        Assert.Empty(MeasureRules.Next(MeasureStatus.Dropped));
        Assert.Equal([MeasureStatus.Approved, MeasureStatus.Dropped], MeasureRules.Next(MeasureStatus.Proposed));
    }

    [Theory]
    [InlineData("2027-03-31", MeasureStatus.Approved, "2027-03-31", false)]
    [InlineData("2027-03-31", MeasureStatus.Approved, "2027-04-01", true)]
    [InlineData("2027-03-31", MeasureStatus.Proposed, "2027-04-01", true)]
    [InlineData("2027-03-31", MeasureStatus.InProgress, "2028-01-01", true)]
    [InlineData("2027-03-31", MeasureStatus.Done, "2027-04-01", false)]
    [InlineData("2027-03-31", MeasureStatus.Dropped, "2027-04-01", false)]
    public void IsOverdue_OnlyAfterTheDueDay_AndOnlyWhileOpen(string due, MeasureStatus status, string today, bool overdue) =>
        Assert.Equal(overdue, MeasureRules.IsOverdue(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), status, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Today_IsTheDayInJapan_NotInUtc()
    {
        // 2027-03-31 15:30 UTC is already 1 April in Japan.
        Assert.Equal(new DateOnly(2027, 4, 1), MeasureRules.Today(new DateTimeOffset(2027, 3, 31, 15, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2027, 3, 31), MeasureRules.Today(new DateTimeOffset(2027, 3, 31, 14, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Statuses_ReadTheirWireNamesBack_AndNothingElse()
    {
        foreach (var status in MeasureRules.All)
            Assert.Equal(status, MeasureRules.Parse(status.Id()));
        Assert.Equal("in-progress", MeasureStatus.InProgress.Id());
        Assert.False(MeasureRules.TryParse("InProgress", out _));
        Assert.False(MeasureRules.TryParse(null, out _));
    }

    [Fact]
    public void Findings_OverdueMeasuresAndChecks_EarliestFirst_TheDueDayItselfNotLate()
    {
        var today = new DateOnly(2025, 10, 1);
        var findings = MeasureRules.Findings([
            new MeasureDue(1, new DateOnly(2025, 9, 30), MeasureStatus.InProgress),
            new MeasureDue(2, new DateOnly(2025, 9, 1), MeasureStatus.Approved),
            new MeasureDue(3, new DateOnly(2025, 10, 1), MeasureStatus.Proposed),
            new MeasureDue(4, new DateOnly(2025, 8, 1), MeasureStatus.Done),
            new MeasureDue(5, new DateOnly(2025, 8, 1), MeasureStatus.Dropped),
        ], [
            new CheckDue(7, "港画像システム", new DateOnly(2025, 9, 15)),
            new CheckDue(8, "電子カルテ社", new DateOnly(2025, 10, 1)),
            new CheckDue(9, "保守会社", null),
            new CheckDue(10, "回線会社", new DateOnly(2025, 6, 30)),
        ], today);

        Assert.Equal([
            new ReadinessFinding(FindingKind.MeasureOverdue, "2", "2025-09-01"),
            new ReadinessFinding(FindingKind.MeasureOverdue, "1", "2025-09-30"),
            new ReadinessFinding(FindingKind.ContractorCheckOverdue, "10", "2025-06-30", "回線会社"),
            new ReadinessFinding(FindingKind.ContractorCheckOverdue, "7", "2025-09-15", "港画像システム"),
        ], findings);
        Assert.Equal([AftercarePage.Measure, AftercarePage.Measure, AftercarePage.ContractorInstruction, AftercarePage.ContractorInstruction],
            findings.Select(f => f.FixInAftercare!.Value));
    }

    [Fact]
    public void Findings_NothingLate_IsNone() =>
        Assert.Empty(MeasureRules.Findings([new MeasureDue(1, new DateOnly(2025, 10, 1), MeasureStatus.Approved)], [new CheckDue(2, "v", new DateOnly(2025, 10, 1))], new DateOnly(2025, 10, 1)));

    [Fact]
    public void AcknowledgementStands_WhileTextAndSystemAreTheSame_ComparedExactly()
    {
        Assert.True(MeasureRules.AcknowledgementStands("更新すること", "VPN-01", "更新すること", "VPN-01"));
        Assert.True(MeasureRules.AcknowledgementStands("更新すること", null, "更新すること", null));
        Assert.False(MeasureRules.AcknowledgementStands("更新すること", "VPN-01", "30 日以内に更新すること", "VPN-01"));
        Assert.False(MeasureRules.AcknowledgementStands("更新すること", "VPN-01", "更新すること", "VPN-02"));
        Assert.False(MeasureRules.AcknowledgementStands("更新すること", "VPN-01", "更新すること", null));
        Assert.False(MeasureRules.AcknowledgementStands("Update it", null, "update it", null));
    }
}
