using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>
/// The <c>Idempotency-Key</c> of a request: a retry of the same request with the same key records nothing new and
/// gets the first answer; the same key on a different request (another command, incident, body or person) is
/// refused.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The key with the fingerprint of who asks for what on which incident; null without a key.</summary>
    public static RequestKey? For(string? requestId, string kind, Guid? incidentId, Actor actor, object request)
    {
        if (requestId is null)
            return null;
        var intent = JsonSerializer.Serialize(new
        {
            kind,
            incident = incidentId,
            actor = actor.Id,
            type = request.GetType().Name,
            request = JsonSerializer.SerializeToElement(request, request.GetType(), RecordJson.Options),
        }, RecordJson.Options);
        return new RequestKey(requestId, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(intent))));
    }

    /// <summary>What the key already recorded (also unsaved, earlier in this very batch), or null when it is new.</summary>
    public static async Task<CommandOutcome?> Replay(SonaeDbContext db, PlaybookCache playbooks, RequestKey key, CancellationToken cancellationToken)
    {
        var receipt = db.Tracked<RequestReceipt>().FirstOrDefault(r => string.Equals(r.RequestId, key.Id, StringComparison.Ordinal))
            ?? await db.RequestReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.RequestId == key.Id, cancellationToken);
        if (receipt is null)
            return null;
        if (!string.Equals(receipt.Fingerprint, key.Fingerprint, StringComparison.Ordinal))
            return new CommandOutcome.KeyReused();

        // Through the caller's filters like any read: a vendor shut out since the first request learns nothing more.
        // A request that opened the incident is the same person's own (the fingerprint names them): its retry answers
        // as the first time did, even for a vendor who reported something and may not see the incident.
        var incidents = receipt.FirstSeq == 1 ? db.Incidents.IgnoreQueryFilters([SonaeDbContext.InvitedFilter]) : db.Incidents;
        var incident = db.Tracked<Incident>().FirstOrDefault(i => i.Id == receipt.IncidentId)
            ?? await incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == receipt.IncidentId, cancellationToken);
        if (incident is null)
            return new CommandOutcome.NotFound();
        var staged = db.Tracked<IncidentEventRow>().Where(e => e.IncidentId == receipt.IncidentId && e.Seq >= receipt.FirstSeq && e.Seq <= receipt.LastSeq).ToList();
        var events = staged.Count > 0 ? staged : await db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.InvitedFilter]).AsNoTracking()
            .Where(e => e.IncidentId == receipt.IncidentId && e.Seq >= receipt.FirstSeq && e.Seq <= receipt.LastSeq)
            .OrderBy(e => e.Seq).ToListAsync(cancellationToken);
        var playbook = await playbooks.Get(db, incident.PlaybookVersionId, cancellationToken);
        return new CommandOutcome.Appended(incident.Id, incident.Number, receipt.LastSeq, events[^1].Hash, events, incident.ReadProgress(), playbook, Replayed: true);
    }
}
