using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;

namespace Sonae.Web.Evidence;

/// <summary>An incident's evidence locker: the incident, and every piece kept with its chain of custody, in the order they were added.</summary>
public sealed record EvidenceRegister(Incident Incident, IReadOnlyList<EvidenceView> Items)
{
    public EvidenceView? Find(string evidence) => Items.FirstOrDefault(e => e.Id == evidence);
}

/// <summary>
/// The Evidence area's read side, for its page and its endpoints: the locker's register, read from the record (the
/// events are the chain of custody), and the manifest. The incident is found as <see cref="IncidentQueries"/> finds
/// it, through the caller's filters.
/// </summary>
public sealed class EvidenceQueries(SonaeDbContext db, IncidentQueries incidents)
{
    private static readonly string[] Types = [IncidentEventType.EvidenceAdded.WireName(), IncidentEventType.EvidenceHandedOver.WireName()];

    /// <summary>The register of the incident named <paramref name="id"/> (its id or number), or null when there is no such incident for the caller.</summary>
    public async Task<EvidenceRegister?> Register(string id, CancellationToken cancellationToken)
    {
        if (await incidents.Find(id, cancellationToken) is not { } incident)
            return null;
        var events = await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, Types, cancellationToken);
        var items = new List<EvidenceView>();
        var custody = new Dictionary<string, List<CustodyView>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case EvidenceAdded added:
                    custody[added.Evidence] = [];
                    items.Add(new EvidenceView(added.Evidence, added.FileName, Wire.Name(added.Kind), added.Size, added.Sha256, added.CollectedBy, added.CollectedAt,
                        added.FromAsset, added.Description, e.At, e.Actor.Name, custody[added.Evidence], $"/incidents/{incident.Number}/evidence/files/{added.Evidence}"));
                    break;
                case EvidenceHandedOver handed when custody.TryGetValue(handed.Evidence, out var chain):
                    chain.Add(new CustodyView(e.At, e.Actor.Name, handed.To, handed.Comment));
                    break;
            }
        }
        return new EvidenceRegister(incident, items);
    }

    /// <summary>The manifest for whoever takes the evidence over, as of <paramref name="now"/>; null when there is no such incident for the caller.</summary>
    public async Task<EvidenceManifest?> Manifest(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await Register(id, cancellationToken) is not { Incident: var incident } register)
            return null;
        var organization = await incidents.OrganizationName(incident, cancellationToken) ?? "";
        return new EvidenceManifest(organization, incident.Number, incident.Title, incident.LastSeq, incident.HeadHash, now, register.Items);
    }
}
