using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Resources;

namespace Sonae.Web.Cli;

/// <summary>
/// <c>sonae account add | reset | list</c>: accounts from the server's own console, for the first accounts of a new
/// installation and for the night nobody who administers accounts can sign in (the security officer's phone lost,
/// management away). Whoever runs them holds the database already; each change still goes in the organization's
/// audit log, under the operating-system user who ran it.
/// </summary>
public static partial class SonaeCommandLine
{
    private static Command AccountCommand()
    {
        var userName = new Argument<string>("user") { Description = CliTexts.AccountUserArgument };
        var displayName = new Option<string>("--name") { Description = CliTexts.AccountNameOption, Required = true };
        var roles = new Option<string[]>("--role") { Description = CliTexts.AccountRoleOption, Required = true };
        var organization = new Option<Guid?>("--organization") { Description = CliTexts.OrganizationOption };
        var url = new Option<string?>("--url") { Description = CliTexts.AccountUrlOption };
        var add = new Command("add", CliTexts.AccountAddDescription) { userName, displayName, roles, organization, url };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((result, ct) => WithServices(result, services => AddAccount(services,
            result.GetValue(userName)!, result.GetValue(displayName)!, result.GetValue(roles)!, result.GetValue(organization), result.GetValue(url), ct), createDatabase: false));

        var resetUser = new Argument<string>("user") { Description = CliTexts.AccountUserArgument };
        var factors = new Option<bool>("--second-factors") { Description = CliTexts.AccountFactorsOption };
        var resetUrl = new Option<string?>("--url") { Description = CliTexts.AccountUrlOption };
        var reset = new Command("reset", CliTexts.AccountResetDescription) { resetUser, factors, resetUrl };
        reset.TreatUnmatchedTokensAsErrors = false;
        reset.SetAction((result, ct) => WithServices(result, services => ResetAccount(services,
            result.GetValue(resetUser)!, result.GetValue(factors), result.GetValue(resetUrl), ct), createDatabase: false));

        var listOrganization = new Option<Guid?>("--organization") { Description = CliTexts.OrganizationOption };
        var list = new Command("list", CliTexts.AccountListDescription) { listOrganization };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((result, ct) => WithServices(result, services => ListAccounts(services, result.GetValue(listOrganization), ct), createDatabase: false,
            standby: OnStandbyCopy.Read));

        return new Command("account", CliTexts.AccountDescription) { add, reset, list };
    }

    private static async Task<int> AddAccount(
        IServiceProvider services, string userName, string displayName, string[] roleIds, Guid? organizationId, string? url, CancellationToken cancellationToken)
    {
        var name = userName.Trim();
        var shown = displayName.Trim();
        if (!AccountChanges.NamesFit(name, shown))
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.AccountNamesInvalid, AccountChanges.MaxUserName, AccountChanges.MaxDisplayName));
            return 2;
        }
        var roles = new HashSet<Role>();
        foreach (var id in roleIds.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Roles.TryParse(id, out var role))
            {
                await Console.Error.WriteLineAsync(Format(CliTexts.AccountUnknownRole, id, string.Join(", ", Roles.All.Select(r => r.Id()))));
                return 2;
            }
            roles.Add(role);
        }
        if (roles.Count == 0)
        {
            await Console.Error.WriteLineAsync(CliTexts.AccountRoleRequired);
            return 2;
        }
        if (await ChooseOrganization(services, organizationId, cancellationToken) is not { } organization)
            return 2;
        if (await PublicUrl(services, url, CliTexts.AccountNeedsUrl) is not { } address)
            return 2;

        services.GetRequiredService<OrganizationScope>().Enter(organization.Id);
        var changes = services.GetRequiredService<AccountChanges>();
        var (account, result) = await changes.Add(organization.Id, name, shown, roles, Operator.Id, cancellationToken);
        if (account is null)
        {
            await Console.Error.WriteLineAsync(string.Join(" ", result.Errors.Select(e => e.Description)));
            return 1;
        }
        await Console.Out.WriteLineAsync(Format(CliTexts.AccountAdded, shown, name, organization.Name, AccountChanges.RoleList(roles)));
        await Console.Out.WriteLineAsync(await changes.SetupLink(address, account));
        var relaxed = await services.GetRequiredService<LoadOrganizations>().SecondFactorRelaxed(organization.Id, cancellationToken);
        if (SignInRules.SecondFactorRequired(roles, relaxed))
            await Console.Out.WriteLineAsync(CliTexts.AccountMustEnrol);
        return await Audit(services, [organization.Id], "account-added", $"account:{name} roles={AccountChanges.RoleList(roles)}") ? 0 : 1;
    }

    private static async Task<int> ResetAccount(IServiceProvider services, string userName, bool clearFactors, string? url, CancellationToken cancellationToken)
    {
        if (await PublicUrl(services, url, CliTexts.AccountNeedsUrl) is not { } address)
            return 2;
        var users = services.GetRequiredService<UserManager<Account>>();
        if (await users.FindByNameAsync(userName.Trim()) is not { } account)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.AccountNotFound, userName.Trim()));
            return 1;
        }
        var changes = services.GetRequiredService<AccountChanges>();
        var reset = await changes.Reset(account, clearFactors);
        if (!reset.Succeeded)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.AccountResetFailed, account.DisplayName, account.UserName, string.Join(" ", reset.Errors.Select(e => e.Description))));
            return 1;
        }
        var places = await services.GetRequiredService<AccountSignIn>().Places(account.Id, cancellationToken);

        await Console.Out.WriteLineAsync(Format(clearFactors ? CliTexts.AccountResetWithFactors : CliTexts.AccountReset,
            account.DisplayName, account.UserName, string.Join(ProblemTexts.ListSeparator, places.Select(p => $"{p.Organization.Name} ({p.Membership.Roles})"))));
        await Console.Out.WriteLineAsync(await changes.SetupLink(address, account));
        if ((await users.GetLoginsAsync(account)).Any(l => l.LoginProvider == SingleSignOn.LoginProvider))
            await Console.Out.WriteLineAsync(CliTexts.AccountResetSingleSignOn);
        // On the people page only management may change such an account (the console answers to no role).
        if (places.Any(p => Permissions.ToChangeAccount(p.Membership.RoleSet()) == Operation.ManageManagement))
            await Console.Out.WriteLineAsync(CliTexts.AccountHoldsManagement);
        // In each hospital's chain; an account in none (removed from its last) goes in the chain of no organization.
        var chains = places.Count == 0 ? [Guid.Empty] : places.Select(p => p.Organization.Id).ToList();
        return await Audit(services, chains, clearFactors ? "account-reset-with-factors" : "account-reset", "account:" + account.UserName) ? 0 : 1;
    }

    private static async Task<int> ListAccounts(IServiceProvider services, Guid? organizationId, CancellationToken cancellationToken)
    {
        if (await ChooseOrganization(services, organizationId, cancellationToken) is not { } organization)
            return 2;
        var members = await services.GetRequiredService<LoadPeople>().Members(organization.Id, cancellationToken);
        await Console.Out.WriteLineAsync(Format(CliTexts.AccountListHeading, organization.Name, members.Count));
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var member in members.OrderBy(m => m.UserName, StringComparer.Ordinal))
        {
            var marks = new List<string>();
            if (member.HasSecondFactor)
                marks.Add(CliTexts.AccountMarkSecondFactor);
            if (!member.HasPassword)
                marks.Add(CliTexts.AccountMarkNoPassword);
            if (member.LockedAt(now))
                marks.Add(CliTexts.AccountMarkLocked);
            await Console.Out.WriteLineAsync($"  {member.UserName,-20} {member.RoleList,-28} {member.DisplayName}{(marks.Count == 0 ? "" : "  [" + string.Join(", ", marks) + "]")}");
        }
        return 0;
    }

    /// <summary>
    /// Who ran a verb, as the audit log names them: the operating-system user at the server's console, and under
    /// sudo the person who called it (SUDO_USER) rather than the service account the verb runs as.
    /// </summary>
    private static class Operator
    {
        private static string? Caller => Environment.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } sudo && sudo != Environment.UserName ? sudo : null;

        public static string Id => "cli:" + (Caller ?? Environment.UserName);

        public static string Name => Caller is { } caller
            ? Format(CliTexts.AuditOperatorSudo, caller, Environment.UserName, Environment.MachineName)
            : Format(CliTexts.AuditOperator, Environment.UserName, Environment.MachineName);
    }

    /// <summary>
    /// Puts a verb's change in the organizations' audit chains and waits until it is saved; says so and gives false
    /// when it could not be (the change itself is made).
    /// </summary>
    private static async Task<bool> Audit(IServiceProvider services, IEnumerable<Guid> organizations, string action, string target)
    {
        var log = services.GetRequiredService<AuditLog>();
        var at = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var organization in organizations)
            log.Record(new AuditRecord(organization, at, Operator.Id, Operator.Name, action, target, 200, null));
        try
        {
            await log.Flush();
            return true;
        }
        catch (AuditNotSavedException e)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.AuditNotSaved, e.Message));
            return false;
        }
    }
}
