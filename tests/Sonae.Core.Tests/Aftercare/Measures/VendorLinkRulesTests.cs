using Sonae.Core.Aftercare.Measures;

namespace Sonae.Core.Tests.Aftercare.Measures;

/// <summary>A vendor's link: open until its end (exclusive), revoked wins over expired.</summary>
public sealed class VendorLinkRulesTests
{
    private static readonly DateTimeOffset End = new(2027, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void State_BeforeTheEnd_IsOpen() => Assert.Equal(VendorLinkState.Open, VendorLinkRules.State(End, null, End.AddTicks(-1)));

    [Fact]
    public void State_AtTheEnd_IsExpired() => Assert.Equal(VendorLinkState.Expired, VendorLinkRules.State(End, null, End));

    [Fact]
    public void State_Revoked_WinsOverOpenAndExpired()
    {
        Assert.Equal(VendorLinkState.Revoked, VendorLinkRules.State(End, End.AddDays(-3), End.AddDays(-1)));
        Assert.Equal(VendorLinkState.Revoked, VendorLinkRules.State(End, End.AddDays(-3), End.AddDays(10)));
    }
}
