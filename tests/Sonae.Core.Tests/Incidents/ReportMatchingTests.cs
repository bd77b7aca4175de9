using Sonae.Core.Incidents;

namespace Sonae.Core.Tests.Incidents;

public sealed class ReportMatchingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private static MatchCandidate Incident(int number, DateTimeOffset opened, params ReportSeen[] reports) =>
        new(new IncidentLink(number, Guid.NewGuid()), $"#{number}", opened, reports);

    private static ReportSeen Seen(string department, string? device, TimeSpan ago, AnomalySign sign = AnomalySign.RansomNote) =>
        new(department, device, [sign], Now - ago);

    [Fact]
    public void SameWard_WithinTheDay_Matches_WithWhatPeopleRecogniseItBy()
    {
        var ward = Incident(3, Now.AddHours(-2), Seen("3階西病棟", "PC-1", TimeSpan.FromHours(2)), Seen("3階西病棟", "PC-2", TimeSpan.FromMinutes(30), AnomalySign.OddFiles));

        var match = Assert.Single(ReportMatching.Matches("3階西病棟", null, [ward], Now));

        Assert.Equal((3, MatchBasis.Department, Now.AddMinutes(-30)), (match.Candidate.Incident.Number, match.Basis, match.LastReportAt));
        Assert.Equal(["3階西病棟"], match.Departments);
        Assert.Equal([AnomalySign.RansomNote, AnomalySign.OddFiles], match.Signs);
    }

    [Theory]
    [InlineData("３階西病棟")]
    [InlineData("3階 西病棟")]
    [InlineData(" 3階西病棟　")]
    public void WardNames_TypedDifferently_StillMatch(string typed)
    {
        var ward = Incident(3, Now.AddHours(-1), Seen("3階西病棟", null, TimeSpan.FromHours(1)));

        Assert.Single(ReportMatching.Matches(typed, null, [ward], Now));
    }

    [Fact]
    public void SameDevice_FromAnotherWard_Matches_CaseIgnored()
    {
        var device = Incident(4, Now.AddHours(-1), Seen("放射線科", "PC-3W-01", TimeSpan.FromHours(1)));

        var match = Assert.Single(ReportMatching.Matches("医事課", "pc-3w-01", [device], Now));

        Assert.Equal(MatchBasis.Device, match.Basis);
    }

    [Fact]
    public void AnotherWard_AndAnotherDevice_DoNotMatch()
    {
        var other = Incident(5, Now.AddHours(-1), Seen("5階東病棟", "PC-5E-02", TimeSpan.FromHours(1)));

        Assert.Empty(ReportMatching.Matches("3階西病棟", "PC-3W-01", [other], Now));
    }

    [Fact]
    public void AnIncidentQuietForMoreThanTheWindow_IsNotOffered()
    {
        var old = Incident(2, Now.AddDays(-3), Seen("3階西病棟", null, TimeSpan.FromHours(25)));
        var recentReport = Incident(6, Now.AddDays(-3), Seen("3階西病棟", null, TimeSpan.FromHours(25)), Seen("3階西病棟", null, TimeSpan.FromHours(23)));

        var match = Assert.Single(ReportMatching.Matches("3階西病棟", null, [old, recentReport], Now));

        Assert.Equal(6, match.Candidate.Incident.Number);
    }

    [Fact]
    public void NothingTyped_MatchesNothing_AndABlankDeviceIsNoMatch()
    {
        var ward = Incident(3, Now.AddHours(-1), Seen("3階西病棟", null, TimeSpan.FromHours(1)));

        Assert.Empty(ReportMatching.Matches(" ", null, [ward], Now));
        Assert.Empty(ReportMatching.Matches("医事課", "", [ward], Now));
    }

    [Fact]
    public void MostRecentlyReportedFirst_AtMostThree()
    {
        var candidates = Enumerable.Range(1, 5).Select(n => Incident(n, Now.AddHours(-6), Seen("ICU", null, TimeSpan.FromHours(6 - n)))).ToList();

        var matches = ReportMatching.Matches("ICU", null, candidates, Now);

        Assert.Equal([5, 4, 3], matches.Select(m => m.Candidate.Incident.Number));
    }
}
