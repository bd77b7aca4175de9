using Sonae.Core.Access;

namespace Sonae.Core.Tests.Access;

public sealed class SignInRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Role.Management, false, true)]
    [InlineData(Role.SecurityOfficer, false, true)]
    [InlineData(Role.Staff, false, false)]
    [InlineData(Role.Vendor, false, false)]
    [InlineData(Role.Management, true, false)]
    [InlineData(Role.SecurityOfficer, true, false)]
    public void SecondFactor_RequiredForLeaders_UnlessRelaxed(Role role, bool relaxed, bool required) =>
        Assert.Equal(required, SignInRules.SecondFactorRequired(new HashSet<Role> { role }, relaxed));

    [Fact]
    public void SecondFactor_RequiredWhenAnyRoleNeedsIt() =>
        Assert.True(SignInRules.SecondFactorRequired(new HashSet<Role> { Role.Staff, Role.Management }, organizationRelaxed: false));

    [Fact]
    public void Need_AsksWhoeverHasASecondFactor_AndMakesLeadersSetOneUp()
    {
        var officer = new HashSet<Role> { Role.SecurityOfficer };
        var staff = new HashSet<Role> { Role.Staff };

        Assert.Equal(SignInNeed.Code, SignInRules.Need(officer, false, SignInStrength.OneFactor, hasSecondFactor: true));
        Assert.Equal(SignInNeed.EnrolSecondFactor, SignInRules.Need(officer, false, SignInStrength.OneFactor, hasSecondFactor: false));
        Assert.Equal(SignInNeed.Nothing, SignInRules.Need(officer, false, SignInStrength.TwoFactor, hasSecondFactor: false));
        Assert.Equal(SignInNeed.Nothing, SignInRules.Need(officer, true, SignInStrength.OneFactor, hasSecondFactor: false));
        Assert.Equal(SignInNeed.Nothing, SignInRules.Need(staff, false, SignInStrength.OneFactor, hasSecondFactor: false));
        Assert.Equal(SignInNeed.Code, SignInRules.Need(staff, false, SignInStrength.OneFactor, hasSecondFactor: true));
        Assert.Equal(SignInNeed.Code, SignInRules.Need(officer, true, SignInStrength.OneFactor, hasSecondFactor: true));
    }

    [Fact]
    public void Invitation_States_InOrderOfWhatEndedIt()
    {
        var expires = Now.AddHours(1);

        Assert.Equal(InvitationState.Open, SignInRules.Invitation(expires, null, null, Now));
        Assert.Equal(InvitationState.Expired, SignInRules.Invitation(expires, null, null, expires));
        Assert.Equal(InvitationState.Used, SignInRules.Invitation(expires, Now, null, Now.AddHours(2)));
        Assert.Equal(InvitationState.Revoked, SignInRules.Invitation(expires, Now, Now, Now));
    }
}
