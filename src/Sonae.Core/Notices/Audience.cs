using Sonae.Core.Access;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Notices;

/// <summary>
/// Whom a notice is for, as the sender chose: everyone, some departments, the holders of some roles, chosen people —
/// together (a person in any of them receives it once).
/// </summary>
/// <param name="Everyone">Everyone in the people record and every account of the hospital but a vendor's.</param>
/// <param name="Departments">Departments of the people record, by name.</param>
/// <param name="Roles">Holders of these roles, in the people record and among the accounts.</param>
/// <param name="People">Chosen people: <c>person:&lt;id&gt;</c> of the people record or <c>account:&lt;id&gt;</c>.</param>
public sealed record Audience(bool Everyone, IReadOnlyList<string> Departments, IReadOnlyList<Role> Roles, IReadOnlyList<string> People)
{
    /// <summary>The holders of these roles.</summary>
    public static Audience OfRoles(params Role[] roles) => new(false, [], roles, []);

    /// <summary>These people.</summary>
    public static Audience OfPeople(params string[] keys) => new(false, [], [], keys);

    /// <summary>Whether it names nobody at all.</summary>
    public bool IsEmpty => !Everyone && Departments.Count == 0 && Roles.Count == 0 && People.Count == 0;
}

/// <summary>An account of the hospital as a notice sees it: whom it is, where mail for it goes, its roles.</summary>
public sealed record MemberAccount(Guid Id, string Name, string? Email, IReadOnlySet<Role> Roles);

/// <summary>One person a notice goes to, with the ways it reaches them.</summary>
/// <param name="Key">Who they are to Sonae: <c>person:&lt;id&gt;</c> or <c>account:&lt;id&gt;</c>.</param>
/// <param name="AccountId">Their account, which shows the notice in the application; null without one.</param>
/// <param name="Email">Where e-mail for them goes; null without an address.</param>
/// <param name="Phones">Their phone lines in the order to try them, for the call sheet.</param>
/// <param name="Name">Their name.</param>
/// <param name="Department">Their department, when the people record says.</param>
/// <param name="Roles">The roles they hold, in the people record or on their account.</param>
public sealed record Recipient(string Key, string Name, string? Department, Guid? AccountId, string? Email, IReadOnlyList<Channel> Phones, IReadOnlyList<Role>? Roles = null)
{
    /// <summary>The role the record names them in when they act on a notice: <paramref name="preferred"/> if they hold it, else their first.</summary>
    public Role? ActingRole(Role? preferred) =>
        preferred is { } role && Roles?.Contains(role) == true ? role : Roles is [var first, ..] ? first : preferred;
}

/// <summary>What is wrong with an audience.</summary>
public enum AudienceProblemKind
{
    /// <summary>It names nobody.</summary>
    Empty,

    /// <summary>A department the people record does not list.</summary>
    UnknownDepartment,

    /// <summary>A person or account the hospital does not have.</summary>
    UnknownPerson,

    /// <summary>It names groups with nobody in them.</summary>
    NobodyInIt,
}

/// <summary>A problem with an audience and the value it is about.</summary>
public sealed record AudienceProblem(AudienceProblemKind Kind, string? Value);

/// <summary>Turns an audience into the people it reaches.</summary>
public static class Audiences
{
    /// <summary>The prefix of a person of the people record in a recipient's key.</summary>
    public const string PersonPrefix = "person:";

    /// <summary>The prefix of an account in a recipient's key.</summary>
    public const string AccountPrefix = "account:";

    /// <summary>The key of a person of the people record.</summary>
    public static string KeyOf(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return PersonPrefix + person.Id;
    }

    /// <summary>The key of an account.</summary>
    public static string KeyOf(MemberAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return AccountPrefix + account.Id.ToString("N");
    }

    /// <summary>What keeps the audience from being sent to, in the order the sender would fix it; empty when it can be.</summary>
    public static IReadOnlyList<AudienceProblem> Check(Audience audience, PeopleDirectory directory, IReadOnlyList<MemberAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(directory);
        if (audience.IsEmpty)
            return [new AudienceProblem(AudienceProblemKind.Empty, null)];
        var problems = new List<AudienceProblem>();
        var departments = directory.Departments.Concat(directory.People.Select(p => p.Department).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var department in audience.Departments.Where(d => !departments.Contains(d)))
            problems.Add(new AudienceProblem(AudienceProblemKind.UnknownDepartment, department));
        var keys = directory.People.Select(KeyOf).Concat(accounts.Select(KeyOf)).ToHashSet(StringComparer.Ordinal);
        foreach (var person in audience.People.Where(p => !keys.Contains(p)))
            problems.Add(new AudienceProblem(AudienceProblemKind.UnknownPerson, person));
        if (problems.Count == 0 && Resolve(audience, directory, accounts).Count == 0)
            problems.Add(new AudienceProblem(AudienceProblemKind.NobodyInIt, null));
        return problems;
    }

    /// <summary>
    /// The people the audience reaches, each once: the people record's in its order, then the accounts that are no one
    /// of the people record. A person of the record and an account with the same e-mail address are one recipient (the
    /// person, who also sees it in the application).
    /// </summary>
    public static IReadOnlyList<Recipient> Resolve(Audience audience, PeopleDirectory directory, IReadOnlyList<MemberAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(accounts);
        var chosen = audience.People.ToHashSet(StringComparer.Ordinal);
        var departments = audience.Departments.ToHashSet(StringComparer.Ordinal);
        var accountsByEmail = accounts.Where(a => a.Email is not null)
            .GroupBy(a => Normalize(a.Email!), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var recipients = new List<Recipient>();
        var accountsTaken = new HashSet<Guid>();
        foreach (var person in directory.People)
        {
            var account = EmailOf(person) is { } email ? accountsByEmail.GetValueOrDefault(Normalize(email)) : null;
            var reached = audience.Everyone
                || (person.Department is { } department && departments.Contains(department))
                || person.Roles.Any(audience.Roles.Contains)
                || chosen.Contains(KeyOf(person))
                || (account is not null && (chosen.Contains(KeyOf(account)) || account.Roles.Any(audience.Roles.Contains)));
            if (account is not null)
                accountsTaken.Add(account.Id);
            if (reached)
                recipients.Add(Of(person, account));
        }
        foreach (var account in accounts.Where(a => !accountsTaken.Contains(a.Id)))
        {
            // Everyone is the hospital's own people: a vendor's account (which stays after its access ends) only when chosen.
            var vendorOnly = account.Roles.All(r => r == Role.Vendor);
            if ((audience.Everyone && !vendorOnly) || account.Roles.Any(audience.Roles.Contains) || chosen.Contains(KeyOf(account)))
                recipients.Add(new Recipient(KeyOf(account), account.Name, null, account.Id, account.Email, [], [.. Access.Roles.All.Where(account.Roles.Contains)]));
        }
        return recipients;
    }

    /// <summary>A person of the people record as a recipient, with the account that is theirs, if any.</summary>
    public static Recipient Of(Person person, MemberAccount? account)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new Recipient(KeyOf(person), person.Name, person.Department, account?.Id, EmailOf(person) ?? account?.Email,
            [.. EmergencyContacts.Phones(person)], person.Roles);
    }

    /// <summary>The account with the same e-mail address as the person, if any.</summary>
    public static MemberAccount? AccountOf(Person person, IReadOnlyList<MemberAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return EmailOf(person) is { } email
            ? accounts.FirstOrDefault(a => a.Email is not null && string.Equals(Normalize(a.Email), Normalize(email), StringComparison.Ordinal))
            : null;
    }

    private static string? EmailOf(Person person) => person.Channels.FirstOrDefault(c => c.Kind == ChannelKind.Email)?.Value.Trim();

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();
}
