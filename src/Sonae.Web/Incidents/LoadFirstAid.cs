using System.Globalization;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Incidents;

/// <summary>What to do at once when a terminal looks infected, and whom to call: the playbook's actions for a report that shows infection, and the emergency contact.</summary>
public sealed record FirstAid(IReadOnlyList<string> Actions, EmergencyContact? Contact);

/// <summary>
/// Reads the first aid that comes before a report: for a signed-in caller on <c>/report</c>, and for a phone that
/// is not signed in at all (a nurse who scanned an old poster, or typed the address), who must not meet a bare
/// sign-in page at the moment it matters.
/// </summary>
public sealed class LoadFirstAid(LoadPlaybooks playbooks, LoadEmergencyContact contact, LoadOrganizations organizations, OrganizationScope scope)
{
    public async Task<FirstAid> For(Caller caller, CancellationToken cancellationToken) =>
        new(await DefaultActions(caller.OrganizationId, cancellationToken), await contact.For(caller, cancellationToken));

    /// <summary>
    /// The first aid of the hospital a visitor who is not signed in belongs to, as its staff see it (the same numbers
    /// the poster on the wall prints). Only a Sonae that serves one hospital knows which that is: with several, or
    /// none yet, null.
    /// </summary>
    public async Task<FirstAid?> BeforeSignIn(CancellationToken cancellationToken)
    {
        if (await organizations.All(cancellationToken) is not [var only])
            return null;
        scope.Enter(only.Id);
        return new(await DefaultActions(only.Id, cancellationToken), await contact.Current(only.Id, cancellationToken));
    }

    /// <summary>What to do at once: the playbook's actions for a report that shows infection, in the caller's language (the phone binder prints the same).</summary>
    public static IReadOnlyList<string> Actions(Sonae.Core.Playbooks.Playbook playbook) =>
        [.. playbook.ActionsOnReport(showsInfection: true).Select(a => a.Action.Text.For(CultureInfo.CurrentUICulture))];

    private async Task<IReadOnlyList<string>> DefaultActions(Guid organizationId, CancellationToken cancellationToken) =>
        Actions((await playbooks.Default(organizationId, cancellationToken)).Playbook);
}
