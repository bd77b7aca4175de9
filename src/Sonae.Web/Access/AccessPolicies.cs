using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Sonae.Core.Access;
using Sonae.Web.Problems;

namespace Sonae.Web.Access;

/// <summary>
/// The authorization policies: one per <see cref="Operation"/>, named as the operation and built from Core's
/// <see cref="Permissions"/>, checked before anything of the request is read (deny by default: a wrong role never
/// learns whether its body would have been valid). Pages name them with
/// <c>[Authorize(Policy = nameof(Operation.ReadAudit))]</c>, endpoints with <see cref="RequireAuthorization{TBuilder}"/>;
/// the rules check again and decide finer (which step, which incident).
/// </summary>
public static class AccessPolicies
{
    /// <summary>Someone signed in with their own account (not a terminal's key): their account page.</summary>
    public const string Accounts = "accounts";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Accounts, policy => policy.RequireClaim(Caller.StampClaim));
        foreach (var operation in Permissions.All)
            options.AddPolicy(operation.ToString(), policy => policy.RequireRole(Permissions.RolesFor(operation).Select(r => r.Id())));
    }

    /// <summary>Only callers who may do <paramref name="operation"/> reach these endpoints.</summary>
    public static TBuilder RequireAuthorization<TBuilder>(this TBuilder builder, Operation operation)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(operation.ToString());

    /// <summary>The problem for a caller who may not do <paramref name="operation"/>, or null when they may.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Refusal(Caller caller, Operation operation) =>
        Permissions.Check(caller.Actor, operation) is { } refused ? ProblemResults.For(refused, Core.Playbooks.BuiltInPlaybooks.MhlwIncidentFlowchart) : null;

    /// <summary>The refusal's sentence for a page form's one-time message, or null when the caller may.</summary>
    public static string? RefusalText(Caller caller, Operation operation) =>
        Permissions.Check(caller.Actor, operation) is { } refused
            ? string.Format(System.Globalization.CultureInfo.CurrentCulture, Resources.ProblemTexts.RoleRequired, Localization.Texts.RoleList(refused.Allowed), Localization.Texts.RoleList(refused.Held))
            : null;
}

/// <summary>
/// A signed-in caller refused by a policy: the API gets the same problem as a refusal of the rules (<c>role-required</c>,
/// which roles may, which the caller holds), a person the error page in their language saying the same, with a way
/// back (not the cookie scheme's silent redirect home). Someone not signed in is still sent to sign in.
/// </summary>
public sealed class RoleProblemResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault();
            var refusal = roles is null ? null : new Core.Incidents.RoleRequired(
                [.. Enum.GetValues<Role>().Where(r => roles.AllowedRoles.Contains(r.Id()))], [.. Caller.From(context.User).Actor.Roles]);
            if (SignIn.IsApi(context))
            {
                if (refusal is null)
                {
                    await _default.HandleAsync(next, context, policy, authorizeResult);
                    return;
                }
                await ProblemResults.For(refusal, Core.Playbooks.BuiltInPlaybooks.MhlwIncidentFlowchart).ExecuteAsync(context);
                return;
            }
            var detail = refusal is null
                ? Resources.UiTexts.OwnAccountOnly
                : string.Format(System.Globalization.CultureInfo.CurrentCulture, Resources.UiTexts.PageRoleRequired,
                    Localization.Texts.RoleList(refusal.Allowed), Localization.Texts.RoleList(refusal.Held));
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await ErrorPages.Write(context, Resources.ProblemTexts.Title_Forbidden, detail, context.RequestAborted);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
