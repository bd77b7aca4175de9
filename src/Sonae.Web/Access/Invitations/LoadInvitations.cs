using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Incidents;

namespace Sonae.Web.Access;

/// <summary>An invitation as the incident's vendor page and the API list it (its secret is never shown again).</summary>
public sealed record InvitationItem(
    Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, InvitationState State, string? UsedBy, DateTimeOffset? UsedAt);

/// <summary>An incident and its vendor invitations, oldest first.</summary>
public sealed record IncidentInvitations(Guid IncidentId, int Number, string Title, IReadOnlyList<InvitationItem> Invitations);

/// <summary>
/// What the page an invitation's link opens shows: the state of the invitation the secret opens (null when it opens
/// none) and, only while it is open, which hospital invites whom to which incident.
/// </summary>
public sealed record InvitationOpening(InvitationState? State, string Hospital = "", int Number = 0, string Name = "")
{
    public bool IsOpen => State == InvitationState.Open;
}

/// <summary>Reads vendor invitations: an incident's, and the one a link's secret opens (in any hospital).</summary>
public sealed class LoadInvitations(SonaeDbContext db, IncidentQueries incidents, LoadOrganizations organizations, TimeProvider clock)
{
    /// <summary>The incident named by its id or number, with its invitations; null when the caller cannot see such an incident.</summary>
    public async Task<IncidentInvitations?> OfIncident(string incident, CancellationToken cancellationToken)
    {
        if (await incidents.Find(incident, cancellationToken) is not { } found)
            return null;
        var now = clock.GetUtcNow();
        var rows = await db.IncidentInvitations.AsNoTracking().Where(i => i.IncidentId == found.Id).ToListAsync(cancellationToken);
        return new IncidentInvitations(found.Id, found.Number, found.Title, [.. rows.OrderBy(i => i.CreatedAt).Select(i => new InvitationItem(
            i.Id, i.InvitedName, i.Prefix, i.CreatedAt, i.ExpiresAt, Invitations.State(i, now), i.UsedBy, i.UsedAt))]);
    }

    public async Task<InvitationOpening> Opening(string secret, CancellationToken cancellationToken)
    {
        var invitation = await Find(secret, cancellationToken);
        var state = invitation is null ? (InvitationState?)null : Invitations.State(invitation, clock.GetUtcNow());
        if (invitation is null || state != InvitationState.Open)
            return new InvitationOpening(state);
        return new InvitationOpening(state, await organizations.Name(invitation.OrganizationId, cancellationToken),
            await IncidentNumber(invitation, cancellationToken), invitation.InvitedName);
    }

    /// <summary>The invitation a secret opens (any hospital's), or null.</summary>
    public Task<IncidentInvitation?> Find(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret.Trim());
        return db.IncidentInvitations.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking().SingleOrDefaultAsync(i => i.SecretHash == hash, cancellationToken);
    }

    /// <summary>The number of the incident an invitation is for, in its hospital (found before the invitee may see it).</summary>
    public Task<int> IncidentNumber(IncidentInvitation invitation, CancellationToken cancellationToken) =>
        db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter, SonaeDbContext.InvitedFilter])
            .Where(i => i.Id == invitation.IncidentId).Select(i => i.Number).SingleAsync(cancellationToken);
}
