using System.Security.Claims;
using Sonae.Core.Access;

namespace Sonae.Web.Access;

/// <summary>
/// Who is calling: their organization and the <see cref="Actor"/> the rules see. Read from the claims of whatever
/// signed them in (an API key today; accounts later give the same claims), so the rest of the code does not care how.
/// </summary>
public sealed record Caller(Guid OrganizationId, Actor Actor)
{
    public const string OrganizationClaim = "sonae:organization";
    public const string ActorClaim = "sonae:actor";

    /// <summary>Present on a reporting link's session: it may only file anomaly reports.</summary>
    public const string ReportOnlyClaim = "sonae:report-only";

    public static bool IsReportOnly(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ReportOnlyClaim);

    public static ClaimsPrincipal Principal(string scheme, Guid organizationId, string actorId, string name, IEnumerable<Role> roles, bool reportOnly = false)
    {
        var claims = new List<Claim>
        {
            new(OrganizationClaim, organizationId.ToString("D")),
            new(ActorClaim, actorId),
            new(ClaimTypes.Name, name),
        };
        if (reportOnly)
            claims.Add(new Claim(ReportOnlyClaim, "true"));
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r.Id())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The caller of a request that passed authentication (every endpoint but the anonymous ones).</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        var organization = user.FindFirstValue(OrganizationClaim) ?? throw new InvalidOperationException("The caller has no organization.");
        var roles = user.FindAll(ClaimTypes.Role).Select(c => Roles.Parse(c.Value)).ToHashSet();
        return new Caller(
            Guid.Parse(organization),
            new Actor(user.FindFirstValue(ActorClaim)!, user.Identity?.Name ?? "?", roles));
    }
}
