using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Sonae.Core.Access;
using Sonae.Web.Problems;

namespace Sonae.Web.Access;

/// <summary>
/// Who may use a group of endpoints, decided before anything of the request is read (deny by default: a wrong role
/// never learns whether its body would have been valid). The handlers check again, and the rules decide finer.
/// </summary>
public static class AccessPolicies
{
    /// <summary>The security officer and management: changing the playbook and the preparedness record.</summary>
    public const string Leaders = "leaders";

    /// <summary>Everyone of the hospital but vendors: preparedness and reporting.</summary>
    public const string InsideHospital = "inside-hospital";

    /// <summary>Those who keep evidence: the security officer, vendors and management.</summary>
    public const string EvidenceKeepers = "evidence-keepers";

    /// <summary>Someone signed in with their own account (not a terminal's key): their account page.</summary>
    public const string Accounts = "accounts";

    /// <summary>Management alone: relaxing the second-factor rule.</summary>
    public const string Management = "management";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Accounts, policy => policy.RequireClaim(Caller.StampClaim));
        options.AddPolicy(Management, policy => policy.RequireRole(Role.Management.Id()));
        options.AddPolicy(Leaders, policy => policy.RequireRole(Role.SecurityOfficer.Id(), Role.Management.Id()));
        options.AddPolicy(InsideHospital, policy => policy.RequireRole(Role.Staff.Id(), Role.SecurityOfficer.Id(), Role.Management.Id()));
        options.AddPolicy(EvidenceKeepers, policy => policy.RequireRole(Role.SecurityOfficer.Id(), Role.Vendor.Id(), Role.Management.Id()));
    }
}

/// <summary>
/// A caller of the API refused by a role policy gets the same problem as a refusal of the rules (<c>role-required</c>,
/// which roles may, which the caller holds), in their language; pages keep the usual behaviour.
/// </summary>
public sealed class RoleProblemResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && SignIn.IsApi(context) && context.User.Identity?.IsAuthenticated == true
            && policy.Requirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault() is { } roles)
        {
            var allowed = Enum.GetValues<Role>().Where(r => roles.AllowedRoles.Contains(r.Id())).ToList();
            var problem = ProblemResults.For(new Core.Incidents.RoleRequired(allowed, [.. Caller.From(context.User).Actor.Roles]), Core.Playbooks.BuiltInPlaybooks.MhlwIncidentFlowchart);
            await problem.ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
