using Sonae.Core.Access;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Notices;

/// <summary>
/// Whom a page calls and in which order: the holder of the role on duty, then their deputy, the deputy's deputy, then
/// the role's other holders (each followed by their deputies) in the call tree's order; a page for the security
/// officer ends with management, who must know when nobody answers. One person per tier; nobody twice.
/// </summary>
public static class Paging
{
    /// <summary>The people a page for <paramref name="role"/> calls, tier by tier (the first is tier 0).</summary>
    public static IReadOnlyList<Person> Chain(Role role, PeopleDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var chain = new List<Person>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        AddRole(role);
        if (role == Role.SecurityOfficer)
            AddRole(Role.Management);
        return chain;

        void AddRole(Role paged)
        {
            var holders = RoleHolders.Of(directory, paged).ToList();
            if (paged == Role.SecurityOfficer && EmergencyContacts.OnDutyOfficer(directory) is { } onDuty)
            {
                holders.Remove(onDuty);
                holders.Insert(0, onDuty);
            }
            foreach (var holder in holders)
            {
                // A deputy's deputy, and so on, until the chain comes back to someone already in it.
                for (var person = holder; person is not null && seen.Add(person.Id); person = directory.DeputyOf(person))
                    chain.Add(person);
            }
        }
    }

    /// <summary>How long a page for <paramref name="role"/> waits on each tier before it calls the next.</summary>
    public static TimeSpan EscalateAfter(Role role, OrganizationProfile? profile)
    {
        var minutes = role == Role.Management
            ? profile?.PageManagementEveryMinutes ?? 10
            : profile?.PageOfficerEveryMinutes ?? 5;
        return TimeSpan.FromMinutes(Math.Clamp(minutes, 1, OrganizationProfile.MaxPageEveryMinutes));
    }

    /// <summary>
    /// When a page that called <paramref name="tier"/> at <paramref name="calledAt"/> calls the next tier if nobody
    /// acknowledges; null when that tier was the last.
    /// </summary>
    public static DateTimeOffset? EscalateAt(int tier, int tiers, DateTimeOffset calledAt, TimeSpan wait) =>
        tier + 1 < tiers ? calledAt + wait : null;

    /// <summary>The role that answers for a step owned by <paramref name="owner"/>: management for its own steps, the security officer for the rest.</summary>
    public static Role PagedFor(Role owner) => owner == Role.Management ? Role.Management : Role.SecurityOfficer;
}
