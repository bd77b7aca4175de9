using Microsoft.AspNetCore.Identity;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Data.Access;
using Sonae.Web.Preparedness;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Access;

/// <summary>What the setup page asks: the console's code, the hospital, its first security officer and the number staff call.</summary>
public sealed record SetupAnswers(
    string? SetupCode, string? OrganizationName, string? OfficerName, string? UserName, string? Password, string? Confirm,
    ChannelKind ContactKind, string? ContactNumber);

/// <summary>
/// First-run setup from the browser (<c>/setup</c>): the API's setup (<see cref="SetupEndpoints"/>, the same code,
/// the same one-at-a-time guard) plus what the API leaves for later: the first security officer's account with
/// their password, and the number staff must call. Everything the person typed is checked before the code is tried,
/// so that a typo in a password does not use up the code on a hospital without its officer.
/// </summary>
public sealed class SetUpInBrowser(
    SetupCode code, LoadOrganizations organizations, CreateOrganization create, AccountChanges accounts,
    UserManager<Account> users, SetEmergencyContact contact, TimeProvider clock)
{
    /// <summary>What became of the answers.</summary>
    public abstract record Outcome;

    /// <summary>The hospital exists, its officer can sign in with their password, staff have a number to call.</summary>
    /// <param name="Keys">One API key per role, shown this once (shared terminals, integrations, management's first sign-in).</param>
    public sealed record Done(Guid OrganizationId, Account Officer, IReadOnlyList<CreateOrganization.IssuedKey> Keys) : Outcome;

    /// <summary>Nothing was done: what to fix, in the person's language.</summary>
    public sealed record Refused(IReadOnlyList<string> Problems) : Outcome;

    /// <summary>Setup is over (done here, by the API or the console): there is nothing to set up.</summary>
    public sealed record NotRequired : Outcome;

    /// <summary>Whether setup is still open: the console's code is active and no hospital exists.</summary>
    public async Task<bool> IsOpen(CancellationToken cancellationToken) => code.IsActive && !await organizations.Any(cancellationToken);

    public async Task<Outcome> Run(SetupAnswers answers, CancellationToken cancellationToken)
    {
        if (!await IsOpen(cancellationToken))
            return new NotRequired();
        var problems = await Check(answers);
        if (problems.Count > 0)
            return new Refused(problems);

        Done? done = null;
        string? failed = null;
        var attempt = await code.TryRun(answers.SetupCode, async () =>
        {
            var created = await create.Run(answers.OrganizationName!.Trim(), demo: false, cancellationToken);
            var organizationId = created.Organization.Id;
            var (officer, result) = await accounts.Add(organizationId, answers.UserName!.Trim(), answers.OfficerName!.Trim(),
                new HashSet<Role> { Role.SecurityOfficer }, "setup", cancellationToken);
            if (officer is null || !(result = await users.AddPasswordAsync(officer, answers.Password!)).Succeeded)
                throw new InvalidOperationException("The officer's account, checked beforehand, was refused: " + string.Join(" ", result.Errors.Select(e => e.Code)));
            // The number is set as the officer: the people record's first entry is theirs, with it.
            var caller = new Caller(organizationId, new Actor(Caller.AccountActor(officer.Id), officer.DisplayName, new HashSet<Role> { Role.SecurityOfficer }));
            var saved = await contact.Run(caller, 0, officer.DisplayName, answers.ContactKind, answers.ContactNumber?.Trim(), UiTexts.SetupContactNote, cancellationToken);
            if (saved is SetEmergencyContact.Refused refused)
                failed = string.Join(" ", refused.Refusals.OfType<FieldRefused>().Select(ProblemResults.Describe));
            done = new Done(organizationId, officer, created.Keys);
        });
        return attempt switch
        {
            SetupCode.Attempt.WrongCode => new Refused([ProblemTexts.SetupCodeWrong]),
            SetupCode.Attempt.AlreadyDone => new NotRequired(),
            _ when failed is not null => throw new InvalidOperationException("The emergency contact, checked beforehand, was refused: " + failed),
            _ => done!,
        };
    }

    /// <summary>Every field, as the API, the people page and the settings page check them, before anything is made.</summary>
    private async Task<List<string>> Check(SetupAnswers answers)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(answers.SetupCode))
            problems.Add(ProblemResults.Describe(new FieldRefused("setupCode", FieldProblem.Required)));
        if (CreateOrganization.CheckName(answers.OrganizationName) is { } badName)
            problems.Add(ProblemResults.Describe(badName));
        var userName = answers.UserName?.Trim() ?? "";
        var officerName = answers.OfficerName?.Trim() ?? "";
        if (AccountChanges.NamesProblem(userName, officerName) is { } badNames)
        {
            problems.Add(badNames);
        }
        else
        {
            var account = AccountChanges.New(userName, officerName, clock.GetUtcNow());
            foreach (var validator in users.UserValidators)
                problems.AddRange((await validator.ValidateAsync(users, account)).Errors.Select(e => e.Description));
            if (string.IsNullOrEmpty(answers.Password) || answers.Password != answers.Confirm)
            {
                problems.Add(UiTexts.AccountPasswordsDiffer);
            }
            else
            {
                foreach (var validator in users.PasswordValidators)
                    problems.AddRange((await validator.ValidateAsync(users, account, answers.Password)).Errors.Select(e => e.Description));
            }
        }
        if (Core.TextRules.Check("contactPhone", answers.ContactNumber?.Trim(), TextLimits.ShortText, required: true) is { } badNumber)
            problems.Add(ProblemResults.Describe(badNumber));
        if (!answers.ContactKind.IsPhone())
            problems.Add(ProblemResults.Describe(new FieldRefused("contactKind", FieldProblem.InvalidId)));
        return problems;
    }
}
