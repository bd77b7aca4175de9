using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Access;

/// <summary>
/// The hospital's people with accounts, administered by the security officer and management on /settings/people:
/// add someone (they set their own password from a link that works once, for three days), change their roles,
/// reset them (a new link; their sessions end; their second factors too when the phone was lost), unlock, remove.
/// An account that also serves other hospitals (a vendor engineer) cannot be reset by one of them, only removed
/// from it. Every form is in the audit log.
/// </summary>
public static class AccountAdministration
{
    public const string Page = "/settings/people";

    public static IEndpointRouteBuilder MapAccountAdministration(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup(Page).RequireAuthorization(Operation.ManagePeople).ExcludeFromDescription()
            .ValidateAntiforgery();
        people.MapPost("/add", Add);
        people.MapPost("/{accountId:guid}/roles", ChangeRoles);
        people.MapPost("/{accountId:guid}/reset", Reset);
        people.MapPost("/{accountId:guid}/unlock", Unlock);
        people.MapPost("/{accountId:guid}/remove", Remove);
        app.MapPost("/settings/second-factor", SetSecondFactorRule).RequireAuthorization(Operation.SetSecondFactorRule).ExcludeFromDescription();
        return app;
    }

    /// <summary>The link a person opens to set their password, on this server's address: shown once to the administrator, who hands it over.</summary>
    public static Task<string> SetupLink(HttpContext http, Account account) =>
        http.RequestServices.GetRequiredService<AccountChanges>().SetupLink($"{http.Request.Scheme}://{http.Request.Host}", account);

    private static HashSet<Role>? ParseRoles(IFormCollection form)
    {
        var roles = new HashSet<Role>();
        foreach (var value in form["roles"])
        {
            if (!Roles.TryParse(value, out var role))
                return null;
            roles.Add(role);
        }
        return roles.Count == 0 ? null : roles;
    }

    /// <summary>
    /// Only management gives the management role, and only management resets, changes or removes someone who holds
    /// it: otherwise the security officer could make a manager (or take over one through a reset's link) and so undo
    /// what only management may decide, such as relaxing the second factor.
    /// </summary>
    private static bool MayTouch(HttpContext http, IEnumerable<Role> roles) =>
        !roles.Contains(Role.Management) || Caller.From(http.User).Actor.Holds(Role.Management);

    private static RedirectHttpResult ManagementOnly(HttpContext http) => PageForms.Back(http, Page, false, UiTexts.PeopleManagementOnly);

    public static async Task<RedirectHttpResult> Add(
        [FromForm] string? userName, [FromForm] string? displayName, IFormCollection form, HttpContext http, AccountChanges changes)
    {
        var caller = Caller.From(http.User);
        var name = userName?.Trim() ?? "";
        var shown = displayName?.Trim() ?? "";
        if (AccountChanges.NamesProblem(name, shown) is { } badNames)
            return PageForms.Back(http, Page, false, badNames);
        if (ParseRoles(form) is not { } chosen)
            return PageForms.Back(http, Page, false, UiTexts.PeopleRoleRequired);
        if (!MayTouch(http, chosen))
            return ManagementOnly(http);
        var (account, result) = await changes.Add(caller.OrganizationId, name, shown, chosen, caller.Actor.Id, http.RequestAborted);
        if (account is null)
            return PageForms.Back(http, Page, false, string.Join(" ", result.Errors.Select(e => e.Description)));
        http.Items[AuditMiddleware.ActionItem] = "account-added";
        http.Items[AuditMiddleware.TargetItem] = "account:" + name;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleAdded, shown, await SetupLink(http, account)));
    }

    /// <summary>The member of this organization, or null (another hospital's account is not found from here).</summary>
    private static async Task<(Account Account, Membership Membership)?> Member(Guid accountId, SonaeDbContext db, UserManager<Account> users, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.AccountId == accountId, cancellationToken);
        if (membership is null || await users.FindByIdAsync(accountId.ToString()) is not { } account)
            return null;
        return (account, membership);
    }

    private static RedirectHttpResult NotMember(HttpContext http) => PageForms.Back(http, Page, false, UiTexts.PeopleNotFound);

    private static RedirectHttpResult NotYourself(HttpContext http) => PageForms.Back(http, Page, false, UiTexts.PeopleNotYourself);

    private static bool IsSelf(HttpContext http, Guid accountId) => Caller.AccountId(http.User) == accountId;

    public static async Task<RedirectHttpResult> ChangeRoles(Guid accountId, IFormCollection form, HttpContext http, UserManager<Account> users, SonaeDbContext db)
    {
        if (IsSelf(http, accountId))
            return NotYourself(http);
        if (await Member(accountId, db, users, http.RequestAborted) is not { } member)
            return NotMember(http);
        if (ParseRoles(form) is not { } chosen)
            return PageForms.Back(http, Page, false, UiTexts.PeopleRoleRequired);
        if (!MayTouch(http, chosen.Concat(member.Membership.RoleSet())))
            return ManagementOnly(http);
        member.Membership.Roles = AccountChanges.RoleList(chosen);
        await db.SaveChangesAsync(http.RequestAborted);
        // Sessions carry the roles they began with: a new stamp ends them, and the next sign-in has the new roles.
        await users.UpdateSecurityStampAsync(member.Account);
        http.RequestServices.GetRequiredService<ApiKeyCache>().ForgetActor(Caller.AccountActor(member.Account.Id));
        http.Items[AuditMiddleware.TargetItem] = "account:" + member.Account.UserName + " roles=" + member.Membership.Roles;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleRolesChanged, member.Account.DisplayName));
    }

    /// <summary>A forgotten password or a lost phone (<see cref="AccountChanges.Reset"/>): a new setup link is shown once.</summary>
    public static async Task<RedirectHttpResult> Reset(Guid accountId, [FromForm] bool? clearFactors, HttpContext http, UserManager<Account> users, SonaeDbContext db, AccountChanges changes)
    {
        if (IsSelf(http, accountId))
            return NotYourself(http);
        if (await Member(accountId, db, users, http.RequestAborted) is not { } member)
            return NotMember(http);
        if (!MayTouch(http, member.Membership.RoleSet()))
            return ManagementOnly(http);
        var elsewhere = await db.Memberships.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .AnyAsync(m => m.AccountId == accountId && m.OrganizationId != member.Membership.OrganizationId, http.RequestAborted);
        if (elsewhere)
            return PageForms.Back(http, Page, false, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleServesOthers, member.Account.DisplayName));
        var account = member.Account;
        var reset = await changes.Reset(account, clearFactors == true);
        if (!reset.Succeeded)
            return PageForms.Back(http, Page, false, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleResetFailed, account.DisplayName, string.Join(" ", reset.Errors.Select(e => e.Description))));
        http.RequestServices.GetRequiredService<ApiKeyCache>().ForgetActor(Caller.AccountActor(account.Id));
        http.Items[AuditMiddleware.ActionItem] = clearFactors == true ? "account-reset-with-factors" : "account-reset";
        http.Items[AuditMiddleware.TargetItem] = "account:" + account.UserName;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleReset, account.DisplayName, await SetupLink(http, account)));
    }

    public static async Task<RedirectHttpResult> Unlock(Guid accountId, HttpContext http, UserManager<Account> users, SonaeDbContext db)
    {
        if (await Member(accountId, db, users, http.RequestAborted) is not { } member)
            return NotMember(http);
        if (!MayTouch(http, member.Membership.RoleSet()))
            return ManagementOnly(http);
        await users.SetLockoutEndDateAsync(member.Account, null);
        await users.ResetAccessFailedCountAsync(member.Account);
        http.Items[AuditMiddleware.TargetItem] = "account:" + member.Account.UserName;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleUnlocked, member.Account.DisplayName));
    }

    /// <summary>Takes the account out of this hospital (its sessions here end); an account in no hospital any more is deleted.</summary>
    public static async Task<RedirectHttpResult> Remove(Guid accountId, HttpContext http, UserManager<Account> users, SonaeDbContext db, TimeProvider clock)
    {
        if (IsSelf(http, accountId))
            return NotYourself(http);
        if (await Member(accountId, db, users, http.RequestAborted) is not { } member)
            return NotMember(http);
        if (!MayTouch(http, member.Membership.RoleSet()))
            return ManagementOnly(http);
        var actor = Caller.AccountActor(accountId);
        db.Memberships.Remove(member.Membership);
        foreach (var access in await db.IncidentAccess.Where(a => a.ActorId == actor && a.RevokedAt == null).ToListAsync(http.RequestAborted))
        {
            access.RevokedAt = clock.GetUtcNow();
            access.RevokedBy = Caller.From(http.User).Actor.Id;
        }
        await db.SaveChangesAsync(http.RequestAborted);
        await users.UpdateSecurityStampAsync(member.Account);
        http.RequestServices.GetRequiredService<ApiKeyCache>().ForgetActor(Caller.AccountActor(member.Account.Id));
        http.Items[AuditMiddleware.ActionItem] = "account-removed";
        http.Items[AuditMiddleware.TargetItem] = "account:" + member.Account.UserName;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleRemoved, member.Account.DisplayName));
    }

    /// <summary>
    /// Management may relax the second-factor rule for the organization (a clinic with no phones for its leaders),
    /// with a reason, which the audit log keeps with the change; restoring it needs no reason.
    /// </summary>
    public static async Task<RedirectHttpResult> SetSecondFactorRule([FromForm] bool relax, [FromForm] string? reason, HttpContext http, SonaeDbContext db)
    {
        const string back = Page + "#second-factor";
        var why = reason?.Trim() ?? "";
        if (relax && why.Length == 0)
            return PageForms.Back(http, back, false, UiTexts.PeopleRelaxReasonRequired);
        if (why.Length > 200)
            return PageForms.Back(http, back, false, UiTexts.PeopleNameTooLong);
        var id = Caller.From(http.User).OrganizationId;
        var organization = await db.Organizations.SingleAsync(o => o.Id == id, http.RequestAborted);
        organization.MfaRelaxed = relax;
        await db.SaveChangesAsync(http.RequestAborted);
        http.Items[AuditMiddleware.ActionItem] = relax ? "second-factor-relaxed" : "second-factor-required";
        http.Items[AuditMiddleware.TargetItem] = relax ? "reason: " + why : "";
        return PageForms.Back(http, back, true, relax ? UiTexts.PeopleRelaxed : UiTexts.PeopleRequired);
    }
}
