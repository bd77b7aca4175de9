using Microsoft.EntityFrameworkCore;
using Sonae.Core.Notices;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Notices;

/// <summary>What a notice's audience is resolved against: the people record and the hospital's accounts.</summary>
public sealed record AudienceSource(PeopleDirectory People, IReadOnlyList<MemberAccount> Accounts, OrganizationProfile? Profile, Inventory Inventory);

/// <summary>Reads the people and accounts a notice can go to, in the caller's organization.</summary>
public sealed class NoticeAudiences(SonaeDbContext db, LoadPreparedness preparedness)
{
    public async Task<AudienceSource> Load(CancellationToken cancellationToken)
    {
        var accounts = await Accounts(cancellationToken);
        var record = await preparedness.Record(cancellationToken);
        return new AudienceSource(record.People, accounts, record.Profile, record.Inventory);
    }

    /// <summary>The caller's organization's accounts, by name.</summary>
    public async Task<IReadOnlyList<MemberAccount>> Accounts(CancellationToken cancellationToken)
    {
        var organization = db.Scope.OrganizationId ?? throw new InvalidOperationException("Notices are read inside an organization.");
        var members = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organization)
            .Join(db.Users.AsNoTracking(), m => m.AccountId, a => a.Id, (m, a) => new { m.Roles, a.Id, a.DisplayName, a.Email })
            .ToListAsync(cancellationToken);
        return members
            .Select(m => new MemberAccount(m.Id, m.DisplayName, m.Email, m.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Core.Access.Roles.Parse).ToHashSet()))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }
}
