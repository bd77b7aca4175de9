using Sonae.Core.Access;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Core.Aftercare.Measures;

namespace Sonae.Core.Tests.Access;

/// <summary>
/// A secret link's state and lifetime, one rule for every kind: open until its end (exclusive), revoked wins over
/// expired (and over used); each kind's days are its own data.
/// </summary>
public sealed class LinkLifetimeTests
{
    private static readonly DateTimeOffset End = new(2027, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void State_BeforeTheEnd_IsOpen() => Assert.Equal(InvitationState.Open, SignInRules.Invitation(End, null, null, End.AddTicks(-1)));

    [Fact]
    public void State_AtTheEnd_IsExpired() => Assert.Equal(InvitationState.Expired, SignInRules.Invitation(End, null, null, End));

    [Fact]
    public void State_Revoked_WinsOverOpenAndExpired()
    {
        Assert.Equal(InvitationState.Revoked, SignInRules.Invitation(End, null, End.AddDays(-3), End.AddDays(-1)));
        Assert.Equal(InvitationState.Revoked, SignInRules.Invitation(End, null, End.AddDays(-3), End.AddDays(10)));
    }

    [Fact]
    public void State_WireNames_AreLowerCase() =>
        Assert.Equal(["open", "used", "expired", "revoked"], Enum.GetValues<InvitationState>().Select(s => s.Id()));

    [Fact]
    public void Lifetime_EachKindsDays_DefaultAndLongest()
    {
        Assert.Equal((90, 400), (MeasureRules.VendorLink.DefaultDays, MeasureRules.VendorLink.MaxDays));
        Assert.Equal((30, 90), (ChecklistRules.VendorLink.DefaultDays, ChecklistRules.VendorLink.MaxDays));
        Assert.True(ChecklistRules.VendorLink.Allows(90));
        Assert.False(ChecklistRules.VendorLink.Allows(91));
        Assert.False(MeasureRules.VendorLink.Allows(0));
        Assert.Equal(End.AddDays(30), ChecklistRules.VendorLink.End(End, null));
        Assert.Equal(End.AddDays(7), MeasureRules.VendorLink.End(End, 7));
    }

    [Fact]
    public void Lifetime_ADefaultPastTheLongest_IsRefusedByName() =>
        Assert.Equal("defaultDays", Assert.Throws<ArgumentOutOfRangeException>(() => new LinkLifetime(31, 30)).ParamName);
}
