using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;

namespace Sonae.Web.Access;

/// <summary>
/// The changes to the hospital's accounts that the people page (/settings/people) and the command line
/// (<c>sonae account</c>) make: adding someone with their roles, changing their roles, resetting, unlocking and
/// removing them, the setup link they set their password with, and the organization's second-factor rule. Who may
/// ask for them is the caller's business (<see cref="Permissions.ToChangeAccount"/>); what they do is the same from
/// either. A change that ends an account's sessions also forgets what the key cache holds of it.
/// </summary>
public sealed class AccountChanges(UserManager<Account> users, SonaeDbContext db, ApiKeyCache cache, TimeProvider clock)
{
    /// <summary>An account with its place in the organization of the request.</summary>
    public sealed record Member(Account Account, Membership Membership);

    public const int MaxUserName = 100;
    public const int MaxDisplayName = 200;

    /// <summary>A new account as every way in makes one (people page, console, invitation, single sign-on): lockout on.</summary>
    public static Account New(string userName, string displayName, DateTimeOffset createdAt) =>
        new() { Id = Guid.CreateVersion7(), UserName = userName, DisplayName = displayName, CreatedAt = createdAt, LockoutEnabled = true };

    /// <summary>Whether names typed for a new account are within the limits (both trimmed, neither empty) and hold no control characters.</summary>
    public static bool NamesFit(string userName, string displayName) => NamesProblem(userName, displayName) is null;

    /// <summary>What is wrong with the names typed for a new account, in the person's language; null when they fit.</summary>
    public static string? NamesProblem(string? userName, string? displayName)
    {
        var name = userName?.Trim() ?? "";
        var shown = displayName?.Trim() ?? "";
        if (name.Length == 0 || shown.Length == 0)
            return Resources.UiTexts.PeopleNameRequired;
        if (name.Length > MaxUserName || shown.Length > MaxDisplayName)
            return Resources.UiTexts.PeopleNameTooLong;
        if (Core.TextRules.HasUnfitCharacters(name) || Core.TextRules.HasUnfitCharacters(shown))
            return Problems.ProblemResults.Describe(new Core.Incidents.FieldRefused(Core.TextRules.HasUnfitCharacters(shown) ? "displayName" : "userName", Core.Incidents.FieldProblem.ControlCharacters));
        return null;
    }

    /// <summary>Creates the account (without a password: its setup link gives one) and its place in the organization.</summary>
    public async Task<(Account? Account, IdentityResult Result)> Add(
        Guid organizationId, string userName, string displayName, IReadOnlySet<Role> roles, string addedBy, CancellationToken cancellationToken)
    {
        var account = New(userName, displayName, clock.GetUtcNow());
        var created = await users.CreateAsync(account);
        if (!created.Succeeded)
            return (null, created);
        db.Memberships.Add(new Membership
        {
            AccountId = account.Id,
            OrganizationId = organizationId,
            Roles = RoleList(roles),
            AddedAt = clock.GetUtcNow(),
            AddedBy = addedBy,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (account, created);
    }

    /// <summary>The member of the organization in scope, or null (another hospital's account is not found from here).</summary>
    public async Task<Member?> Find(Guid accountId, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.AccountId == accountId, cancellationToken);
        if (membership is null || await users.FindByIdAsync(accountId.ToString()) is not { } account)
            return null;
        return new Member(account, membership);
    }

    /// <summary>
    /// Gives the member <paramref name="roles"/>. Sessions carry the roles they began with: a new stamp ends them,
    /// and the next sign-in has the new roles.
    /// </summary>
    public async Task ChangeRoles(Member member, IReadOnlySet<Role> roles, CancellationToken cancellationToken)
    {
        member.Membership.Roles = RoleList(roles);
        await db.SaveChangesAsync(cancellationToken);
        await users.UpdateSecurityStampAsync(member.Account);
        cache.ForgetActor(Caller.AccountActor(member.Account.Id));
    }

    /// <summary>Whether the account also belongs to another hospital than the member's (a vendor engineer): then only that hospital's removal is for this one.</summary>
    public Task<bool> ServesElsewhere(Member member, CancellationToken cancellationToken) =>
        db.Memberships.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .AnyAsync(m => m.AccountId == member.Account.Id && m.OrganizationId != member.Membership.OrganizationId, cancellationToken);

    /// <summary>Lets a locked account try again at once.</summary>
    public async Task Unlock(Member member)
    {
        await users.SetLockoutEndDateAsync(member.Account, null);
        await users.ResetAccessFailedCountAsync(member.Account);
    }

    /// <summary>
    /// Takes the account out of the member's hospital: its incidents there are no longer shared with it, and its
    /// sessions there end.
    /// </summary>
    public async Task Remove(Member member, string removedBy, CancellationToken cancellationToken)
    {
        var actor = Caller.AccountActor(member.Account.Id);
        db.Memberships.Remove(member.Membership);
        foreach (var access in await db.IncidentAccess.Where(a => a.ActorId == actor && a.RevokedAt == null).ToListAsync(cancellationToken))
        {
            access.RevokedAt = clock.GetUtcNow();
            access.RevokedBy = removedBy;
        }
        await db.SaveChangesAsync(cancellationToken);
        await users.UpdateSecurityStampAsync(member.Account);
        cache.ForgetActor(actor);
    }

    /// <summary>Relaxes (or restores) the rule that the powerful roles of the organization sign in with a second factor.</summary>
    public async Task SetSecondFactorRule(Guid organizationId, bool relax, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationId, cancellationToken);
        organization.MfaRelaxed = relax;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A forgotten password or a lost phone: the password stops working and the account's sessions end (a new
    /// stamp); with <paramref name="clearFactors"/> its authenticator app, recovery codes and passkeys go too. Each
    /// step is checked: when the account changed meanwhile (its owner, or someone with its password, signing in with
    /// a code writes it), the account is read again and the reset starts over, so a reset never reports success it
    /// did not have.
    /// </summary>
    public async Task<IdentityResult> Reset(Account account, bool clearFactors)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await ResetOnce(account, clearFactors);
            if (result.Succeeded)
                cache.ForgetActor(Caller.AccountActor(account.Id));
            if (result.Succeeded || attempt == 3 || !result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
                return result;
            await db.Entry(account).ReloadAsync();
        }
    }

    private async Task<IdentityResult> ResetOnce(Account account, bool clearFactors)
    {
        var steps = new List<Func<Task<IdentityResult>>> { () => users.RemovePasswordAsync(account) };
        if (clearFactors)
        {
            steps.Add(() => users.SetTwoFactorEnabledAsync(account, false));
            steps.Add(() => users.ResetAuthenticatorKeyAsync(account));
            // Identity answers null when it could not save the (now empty) list of recovery codes.
            steps.Add(async () => await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 0) is null
                ? IdentityResult.Failed(users.ErrorDescriber.ConcurrencyFailure())
                : IdentityResult.Success);
            steps.Add(async () =>
            {
                foreach (var passkey in await users.GetPasskeysAsync(account))
                {
                    var removed = await users.RemovePasskeyAsync(account, passkey.CredentialId);
                    if (!removed.Succeeded)
                        return removed;
                }
                return IdentityResult.Success;
            });
        }
        steps.Add(() => users.UpdateSecurityStampAsync(account));
        foreach (var step in steps)
        {
            var result = await step();
            if (!result.Succeeded)
                return result;
        }
        return IdentityResult.Success;
    }

    /// <summary>
    /// The link a person opens to set their password, on the server's address as their browser reaches it. It works
    /// once (the new password changes the stamp the token is bound to) and for three days.
    /// </summary>
    public async Task<string> SetupLink(string baseUrl, Account account)
    {
        var token = await users.GeneratePasswordResetTokenAsync(account);
        return $"{baseUrl.TrimEnd('/')}{AccountSecurity.Page}/setup?account={account.Id:D}&token={Uri.EscapeDataString(token)}";
    }

    /// <summary>Role ids in the order of <see cref="Roles.All"/>, separated by commas, as a membership keeps them.</summary>
    public static string RoleList(IEnumerable<Role> roles) => string.Join(',', Roles.All.Where(roles.Contains).Select(r => r.Id()));
}
