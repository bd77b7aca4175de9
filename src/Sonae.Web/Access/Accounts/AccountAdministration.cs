using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Data.Access;
using Sonae.Web.Audit;
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
    /// Whether the caller may change an account holding (or being given) <paramref name="roles"/>: only management
    /// touches management (<see cref="Permissions.ToChangeAccount"/>).
    /// </summary>
    private static bool MayTouch(HttpContext http, IEnumerable<Role> roles) =>
        Caller.From(http.User).Actor.May(Permissions.ToChangeAccount(roles));

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

    private static RedirectHttpResult NotMember(HttpContext http) => PageForms.Back(http, Page, false, UiTexts.PeopleNotFound);

    private static RedirectHttpResult NotYourself(HttpContext http) => PageForms.Back(http, Page, false, UiTexts.PeopleNotYourself);

    private static bool IsSelf(HttpContext http, Guid accountId) => Caller.AccountId(http.User) == accountId;

    /// <summary>
    /// The member a form names, or the way back to the page saying why not: the administrator's own account (when the
    /// form may not touch it), no member of this hospital, or an account only management may change.
    /// </summary>
    private static async Task<(AccountChanges.Member? Member, RedirectHttpResult? Refused)> Target(HttpContext http, Guid accountId, AccountChanges changes, bool notSelf)
    {
        if (notSelf && IsSelf(http, accountId))
            return (null, NotYourself(http));
        if (await changes.Find(accountId, http.RequestAborted) is not { } member)
            return (null, NotMember(http));
        return MayTouch(http, member.Membership.RoleSet()) ? (member, null) : (null, ManagementOnly(http));
    }

    public static async Task<RedirectHttpResult> ChangeRoles(Guid accountId, IFormCollection form, HttpContext http, AccountChanges changes)
    {
        if (IsSelf(http, accountId))
            return NotYourself(http);
        if (await changes.Find(accountId, http.RequestAborted) is not { } member)
            return NotMember(http);
        if (ParseRoles(form) is not { } chosen)
            return PageForms.Back(http, Page, false, UiTexts.PeopleRoleRequired);
        if (!MayTouch(http, chosen.Concat(member.Membership.RoleSet())))
            return ManagementOnly(http);
        await changes.ChangeRoles(member, chosen, http.RequestAborted);
        http.Items[AuditMiddleware.TargetItem] = "account:" + member.Account.UserName + " roles=" + member.Membership.Roles;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleRolesChanged, member.Account.DisplayName));
    }

    /// <summary>A forgotten password or a lost phone (<see cref="AccountChanges.Reset"/>): a new setup link is shown once.</summary>
    public static async Task<RedirectHttpResult> Reset(Guid accountId, [FromForm] bool? clearFactors, HttpContext http, AccountChanges changes)
    {
        var (member, refused) = await Target(http, accountId, changes, notSelf: true);
        if (member is null)
            return refused!;
        var account = member.Account;
        if (await changes.ServesElsewhere(member, http.RequestAborted))
            return PageForms.Back(http, Page, false, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleServesOthers, account.DisplayName));
        var reset = await changes.Reset(account, clearFactors == true);
        if (!reset.Succeeded)
            return PageForms.Back(http, Page, false, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleResetFailed, account.DisplayName, string.Join(" ", reset.Errors.Select(e => e.Description))));
        http.Items[AuditMiddleware.ActionItem] = clearFactors == true ? "account-reset-with-factors" : "account-reset";
        http.Items[AuditMiddleware.TargetItem] = "account:" + account.UserName;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleReset, account.DisplayName, await SetupLink(http, account)));
    }

    public static async Task<RedirectHttpResult> Unlock(Guid accountId, HttpContext http, AccountChanges changes)
    {
        var (member, refused) = await Target(http, accountId, changes, notSelf: false);
        if (member is null)
            return refused!;
        await changes.Unlock(member);
        http.Items[AuditMiddleware.TargetItem] = "account:" + member.Account.UserName;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleUnlocked, member.Account.DisplayName));
    }

    /// <summary>Takes the account out of this hospital (its sessions here end); an account in no hospital any more is deleted.</summary>
    public static async Task<RedirectHttpResult> Remove(Guid accountId, HttpContext http, AccountChanges changes)
    {
        var (member, refused) = await Target(http, accountId, changes, notSelf: true);
        if (member is null)
            return refused!;
        await changes.Remove(member, Caller.From(http.User).Actor.Id, http.RequestAborted);
        http.Items[AuditMiddleware.ActionItem] = "account-removed";
        http.Items[AuditMiddleware.TargetItem] = "account:" + member.Account.UserName;
        return PageForms.Back(http, Page, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PeopleRemoved, member.Account.DisplayName));
    }

    /// <summary>
    /// Management may relax the second-factor rule for the organization (a clinic with no phones for its leaders),
    /// with a reason, which the audit log keeps with the change; restoring it needs no reason.
    /// </summary>
    public static async Task<RedirectHttpResult> SetSecondFactorRule([FromForm] bool relax, [FromForm] string? reason, HttpContext http, AccountChanges changes)
    {
        const string back = Page + "#second-factor";
        var why = reason?.Trim() ?? "";
        if (relax && why.Length == 0)
            return PageForms.Back(http, back, false, UiTexts.PeopleRelaxReasonRequired);
        if (why.Length > 200)
            return PageForms.Back(http, back, false, UiTexts.PeopleNameTooLong);
        await changes.SetSecondFactorRule(Caller.From(http.User).OrganizationId, relax, http.RequestAborted);
        http.Items[AuditMiddleware.ActionItem] = relax ? "second-factor-relaxed" : "second-factor-required";
        http.Items[AuditMiddleware.TargetItem] = relax ? "reason: " + why : "";
        return PageForms.Back(http, back, true, relax ? UiTexts.PeopleRelaxed : UiTexts.PeopleRequired);
    }
}
