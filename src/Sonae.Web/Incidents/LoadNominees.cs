using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Web.Localization;
using Sonae.Web.Preparedness;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Incidents;

/// <summary>Someone who may be named to a role of the response, as a choice of the command page.</summary>
/// <param name="Value">What the form sends: <c>account:{id}</c> or <c>person:{id}</c>.</param>
/// <param name="Name">Their name.</param>
/// <param name="Roles">The roles they hold.</param>
/// <param name="Detail">Their department and position (directory), or their sign-in name (account).</param>
public sealed record NomineeChoice(string Value, string Name, IReadOnlyList<Role> Roles, string? Detail);

/// <summary>Whom the command page offers: as the next commander (accounts, then the people directory), as scribe (accounts).</summary>
public sealed record NomineeChoices(IReadOnlyList<NomineeChoice> Commanders, IReadOnlyList<NomineeChoice> Scribes);

/// <summary>
/// Finds the people a commander may name: the hospital's accounts (who are recognised when they sign in) and the
/// people directory of the preparedness record; and reads a request's choice (an account by its id or sign-in name, a
/// person of the directory by their id, or a name typed with a role) into the <see cref="Nominee"/> the rules decide on.
/// </summary>
public sealed class LoadNominees(LoadPeople people, LoadPreparedness preparedness)
{
    public const string PersonPrefix = "person:";

    /// <summary>The choices of the command page; who may take which role is Core's (<see cref="IncidentRoles"/>).</summary>
    public async Task<NomineeChoices> Choices(Caller caller, CancellationToken cancellationToken)
    {
        var members = (await people.Members(caller.OrganizationId, cancellationToken))
            .Where(m => Caller.AccountActor(m.AccountId) != caller.Actor.Id)
            .OrderBy(m => m.DisplayName, StringComparer.Ordinal)
            .Select(m => (Member: m, Choice: new NomineeChoice(Caller.AccountActor(m.AccountId), m.DisplayName, [.. m.Roles], m.UserName)))
            .ToList();
        var directory = await Directory(cancellationToken);
        var listed = directory.People.Where(p => IncidentRoles.MayLead(p.Roles))
            .Select(p => new NomineeChoice(PersonPrefix + p.Id, p.Name, p.Roles, string.Join(' ', new[] { p.Department, p.Position }.Where(x => x is not null))));
        return new NomineeChoices(
            [.. members.Where(m => IncidentRoles.MayLead(m.Member.Roles)).Select(m => m.Choice), .. listed],
            [.. members.Where(m => IncidentRoles.MayBeScribe(m.Member.Roles)).Select(m => m.Choice)]);
    }

    /// <summary>
    /// The person a request names: exactly one of <paramref name="account"/>, <paramref name="person"/> or
    /// <paramref name="name"/> (with <paramref name="role"/>); or the problem with what was sent.
    /// </summary>
    public async Task<(Nominee? Nominee, ProblemHttpResult? Problem)> Resolve(
        Caller caller, string? account, string? person, string? name, string? role, CancellationToken cancellationToken)
    {
        var given = new[] { account, person, name }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
            return (null, ProblemResults.Field("to", ProblemTexts.NomineeOneOf));
        if (!string.IsNullOrWhiteSpace(account))
            return await Account(caller, account, cancellationToken);
        if (!string.IsNullOrWhiteSpace(person))
        {
            var found = (await Directory(cancellationToken)).Find(person.Trim());
            return found is null
                ? (null, ProblemResults.Field("person", ProblemResults.Format(ProblemTexts.UnknownPerson, person.Trim())))
                : (new Nominee(found.Name, found.Roles, null, found.Id), null);
        }
        if (string.IsNullOrWhiteSpace(role))
            return (null, ProblemResults.Field(new FieldRefused("role", FieldProblem.Required)));
        if (!Roles.TryParse(role.Trim(), out var typed))
            return (null, ProblemResults.Field("role", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("role"), role, string.Join(", ", Roles.All.Select(r => r.Id())))));
        return (new Nominee(name!, [typed]), null);
    }

    /// <summary>An account of the hospital, by its id (as the people page has it) or its sign-in name.</summary>
    public async Task<(Nominee? Nominee, ProblemHttpResult? Problem)> Account(Caller caller, string? account, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account))
            return (null, ProblemResults.Field(new FieldRefused("account", FieldProblem.Required)));
        var wanted = account.Trim();
        if (wanted.StartsWith(Caller.AccountPrefix, StringComparison.Ordinal))
            wanted = wanted[Caller.AccountPrefix.Length..];
        var members = await people.Members(caller.OrganizationId, cancellationToken);
        var found = Guid.TryParse(wanted, out var id)
            ? members.FirstOrDefault(m => m.AccountId == id)
            : members.FirstOrDefault(m => string.Equals(m.UserName, wanted, StringComparison.OrdinalIgnoreCase));
        return found is null
            ? (null, ProblemResults.Field("account", ProblemResults.Format(ProblemTexts.UnknownAccount, account.Trim())))
            : (new Nominee(found.DisplayName, [.. found.Roles], Caller.AccountActor(found.AccountId)), null);
    }

    private async Task<PeopleDirectory> Directory(CancellationToken cancellationToken) =>
        (await preparedness.Current(PreparednessSection.People, cancellationToken)).As<PeopleDirectory>();
}
