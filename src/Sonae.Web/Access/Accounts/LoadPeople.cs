using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;

namespace Sonae.Web.Access;

/// <summary>
/// One of a hospital's people with an account, as the people page and <c>sonae account list</c> show them.
/// </summary>
/// <param name="RoleList">The roles as the membership keeps them (ids separated by commas).</param>
/// <param name="HasAuthenticator">Whether an authenticator app is on.</param>
/// <param name="HasPassword">False until the person opened their setup link (or after a reset).</param>
public sealed record MemberView(
    Guid AccountId, string? UserName, string DisplayName, string RoleList, IReadOnlySet<Role> Roles,
    bool HasAuthenticator, int Passkeys, bool HasPassword, DateTimeOffset? LockoutEnd)
{
    /// <summary>Whether the person proves a second factor (an authenticator app or a passkey).</summary>
    public bool HasSecondFactor => HasAuthenticator || Passkeys > 0;

    public bool LockedAt(DateTimeOffset now) => LockoutEnd > now;
}

/// <summary>Reads the hospital's accounts: who belongs to it, in which roles, with which second factors.</summary>
public sealed class LoadPeople(SonaeDbContext db)
{
    /// <summary>Everyone with a place in the organization, in no particular order.</summary>
    public async Task<IReadOnlyList<MemberView>> Members(Guid organizationId, CancellationToken cancellationToken)
    {
        // Named explicitly rather than through the scope: the console reads an organization it has not entered.
        var rows = await db.Memberships.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(m => m.OrganizationId == organizationId)
            .Join(db.Users.AsNoTracking(), m => m.AccountId, a => a.Id, (m, a) => new { m, a })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.a.Id).ToList();
        var passkeys = await db.UserPasskeys.AsNoTracking().Where(p => ids.Contains(p.UserId)).GroupBy(p => p.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. rows.Select(r => new MemberView(r.a.Id, r.a.UserName, r.a.DisplayName, r.m.Roles, r.m.RoleSet(),
            r.a.TwoFactorEnabled, passkeys.GetValueOrDefault(r.a.Id), r.a.PasswordHash is not null, r.a.LockoutEnd))];
    }
}
