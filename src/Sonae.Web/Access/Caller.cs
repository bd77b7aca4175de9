using System.Security.Claims;
using Sonae.Core.Access;

namespace Sonae.Web.Access;

/// <summary>
/// Who is calling: their organization, the <see cref="Actor"/> the rules see, and for a vendor the incidents they
/// were invited to. Read from the claims of whatever signed them in (an API key, an account, single sign-on), so the
/// rest of the code does not care how.
/// </summary>
public sealed record Caller(Guid OrganizationId, Actor Actor, IReadOnlySet<Guid>? VisibleIncidents = null)
{
    public const string OrganizationClaim = "sonae:organization";
    public const string ActorClaim = "sonae:actor";

    /// <summary>Present on a reporting link's session: it may only file anomaly reports.</summary>
    public const string ReportOnlyClaim = "sonae:report-only";

    /// <summary>An incident a vendor was invited to (one claim each).</summary>
    public const string IncidentClaim = "sonae:incident";

    /// <summary>An account's security stamp when the session began: a reset or a removal changes it and ends the session.</summary>
    public const string StampClaim = "sonae:stamp";

    /// <summary>How the person signed in: <c>key</c>, <c>password</c>, <c>two-factor</c>, <c>passkey</c>, <c>sso</c>.</summary>
    public const string MethodClaim = "sonae:method";

    /// <summary>Whether the session was opened with a second factor (<see cref="SignInStrength"/>).</summary>
    public const string StrengthClaim = "sonae:strength";

    public const string AccountPrefix = "account:";
    public const string KeyPrefix = "key:";

    public static bool IsReportOnly(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ReportOnlyClaim);

    /// <summary>
    /// Whether the signed-in <paramref name="user"/> may do <paramref name="operation"/> beyond reporting: false for
    /// a visitor who is not signed in and for a reporting terminal, which may only report whatever its roles say.
    /// </summary>
    public static bool May(ClaimsPrincipal user, Operation operation) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == OrganizationClaim) && !IsReportOnly(user)
        && From(user).Actor.May(operation);

    public static string AccountActor(Guid accountId) => AccountPrefix + accountId.ToString("N");

    /// <summary>The account behind a session, if it was an account that signed in.</summary>
    public static Guid? AccountId(ClaimsPrincipal user) => AccountId(user.FindFirstValue(ActorClaim));

    /// <summary>The account an actor id (<c>account:…</c>) names; null for a key, a person of the people record or anything else.</summary>
    public static Guid? AccountId(string? actorId) =>
        actorId is not null && actorId.StartsWith(AccountPrefix, StringComparison.Ordinal)
        && Guid.TryParseExact(actorId[AccountPrefix.Length..], "N", out var id) ? id : null;

    public static ClaimsPrincipal Principal(
        string scheme, Guid organizationId, string actorId, string name, IEnumerable<Role> roles, bool reportOnly = false,
        IEnumerable<Guid>? incidents = null, string? stamp = null, string method = "key", SignInStrength? strength = null)
    {
        var claims = new List<Claim>
        {
            new(OrganizationClaim, organizationId.ToString("D")),
            new(ActorClaim, actorId),
            new(ClaimTypes.Name, name),
            new(MethodClaim, method),
        };
        if (reportOnly)
            claims.Add(new Claim(ReportOnlyClaim, "true"));
        if (stamp is not null)
            claims.Add(new Claim(StampClaim, stamp));
        if (strength is { } proved)
            claims.Add(new Claim(StrengthClaim, proved.ToString()));
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r.Id())));
        claims.AddRange((incidents ?? []).Select(i => new Claim(IncidentClaim, i.ToString("D"))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The caller of a request that passed authentication (every endpoint but the anonymous ones).</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        var organization = user.FindFirstValue(OrganizationClaim) ?? throw new InvalidOperationException("The caller has no organization.");
        var roles = user.FindAll(ClaimTypes.Role).Select(c => Roles.Parse(c.Value)).ToHashSet();
        var actor = new Actor(user.FindFirstValue(ActorClaim)!, user.Identity?.Name ?? "?", roles);
        var visible = Permissions.VisibleIncidents(actor, user.FindAll(IncidentClaim).Select(c => Guid.Parse(c.Value)));
        return new Caller(Guid.Parse(organization), actor, visible);
    }
}
