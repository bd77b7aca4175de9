namespace Sonae.Core.Access;

/// <summary>How someone proved who they are, as far as the second-factor rule cares.</summary>
public enum SignInStrength
{
    /// <summary>A password, or a single sign-on whose provider did not say a second factor was used.</summary>
    OneFactor,

    /// <summary>A password and a code from an authenticator app or a recovery code; a passkey; or a provider's MFA.</summary>
    TwoFactor,
}

/// <summary>The rules of signing in with an account: who needs a second factor, and whether an invitation still works.</summary>
public static class SignInRules
{
    /// <summary>
    /// Management and the security officer (who also administer accounts, keys and links) must use a second factor,
    /// unless their organization relaxed that; staff and vendors may, and are encouraged to.
    /// </summary>
    public static bool SecondFactorRequired(IReadOnlySet<Role> roles, bool organizationRelaxed) =>
        !organizationRelaxed && roles.Any(Permissions.RolesFor(Operation.RunResponse).Contains);

    /// <summary>
    /// What a sign-in still needs before it gets a session in an organization. Whoever set up a second factor is
    /// always asked for it (they expect it, and a stolen password alone then opens nothing); whoever must have one and
    /// has none sets one up before they get in.
    /// </summary>
    public static SignInNeed Need(IReadOnlySet<Role> roles, bool organizationRelaxed, SignInStrength strength, bool hasSecondFactor) =>
        strength == SignInStrength.TwoFactor ? SignInNeed.Nothing
        : hasSecondFactor ? SignInNeed.Code
        : SecondFactorRequired(roles, organizationRelaxed) ? SignInNeed.EnrolSecondFactor
        : SignInNeed.Nothing;

    /// <summary>How long an invitation link works unless its maker chose otherwise, and the longest they may choose.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromHours(72);

    /// <summary>The longest an invitation link may be made to work: two weeks, after which a vendor is invited again.</summary>
    public static readonly TimeSpan LongestInvitation = TimeSpan.FromDays(14);

    /// <summary>
    /// Whether an invitation link still works at <paramref name="now"/>: a revocation wins over a use, a use over
    /// expiry, and the end is exclusive (at <paramref name="expiresAt"/> it has expired). Every secret link is judged so:
    /// one that is never used up (a vendor's link to a contractor instruction) passes no <paramref name="usedAt"/>.
    /// </summary>
    public static InvitationState Invitation(DateTimeOffset expiresAt, DateTimeOffset? usedAt, DateTimeOffset? revokedAt, DateTimeOffset now) =>
        revokedAt is not null ? InvitationState.Revoked
        : usedAt is not null ? InvitationState.Used
        : now >= expiresAt ? InvitationState.Expired
        : InvitationState.Open;
}

/// <summary>What a sign-in still needs before it gets a session (<see cref="SignInRules.Need"/>).</summary>
public enum SignInNeed
{
    /// <summary>Nothing more: the session starts.</summary>
    Nothing,

    /// <summary>Prove the second factor already set up: a code from the authenticator app, a recovery code, or a passkey.</summary>
    Code,

    /// <summary>Set up an authenticator app or a passkey first: the role requires one and the account has none.</summary>
    EnrolSecondFactor,
}

/// <summary>Where an invitation link stands (<see cref="SignInRules.Invitation"/>).</summary>
public enum InvitationState
{
    /// <summary>It can still be accepted.</summary>
    Open,

    /// <summary>Someone accepted it; a link works once.</summary>
    Used,

    /// <summary>Its time ran out before anyone accepted it.</summary>
    Expired,

    /// <summary>The security officer or management took it back.</summary>
    Revoked,
}

/// <summary>The wire names of <see cref="InvitationState"/>.</summary>
public static class InvitationStates
{
    /// <summary>The state's wire name: open, used, expired or revoked.</summary>
    public static string Id(this InvitationState state) => state switch
    {
        InvitationState.Open => "open",
        InvitationState.Used => "used",
        InvitationState.Expired => "expired",
        InvitationState.Revoked => "revoked",
    };
}
