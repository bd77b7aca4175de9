using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>An incident's command as its command page shows it: who leads and records now, and every change of either.</summary>
public sealed record CommandStanding(Incident Incident, LoadedPlaybook Playbook, IncidentProgress Progress, IReadOnlyList<IncidentEvent> History);

/// <summary>Reads an incident's command: the projection says who holds each role now, the role events (by their type's index) how it came to be.</summary>
public sealed class LoadCommand(SonaeDbContext db, IncidentQueries incidents)
{
    private static readonly string[] Types =
        [IncidentEventType.CommandTaken.WireName(), IncidentEventType.CommandHandedOver.WireName(), IncidentEventType.ScribeNamed.WireName()];

    /// <summary>The incident numbered <paramref name="number"/>, or null when there is none for the caller.</summary>
    public async Task<CommandStanding?> Of(int number, CancellationToken cancellationToken)
    {
        if (await incidents.Find(number.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken) is not { } incident)
            return null;
        var history = await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, Types, cancellationToken);
        return new CommandStanding(incident, await incidents.Playbook(incident, cancellationToken), incident.ReadProgress(), history);
    }
}
