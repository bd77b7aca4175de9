using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Incidents;

namespace Sonae.Web.Access;

/// <summary>
/// What changes an incident's vendor invitations, for the API, the vendor page's forms and the invitation page alike:
/// making one for a named person (its secret is returned this once; only its hash is kept), revoking one and what it
/// granted, and accepting one, once. Who may ask is the caller's business.
/// </summary>
public sealed class InvitationChanges(SonaeDbContext db, IncidentQueries incidents, IServiceScopeFactory scopes, UserManager<Account> users, ApiKeyCache cache, TimeProvider clock)
{
    public abstract record MakeOutcome;

    /// <param name="Secret">What the invitation's address carries: shown once.</param>
    public sealed record Made(IncidentInvitation Invitation, string Secret) : MakeOutcome;

    public sealed record IncidentNotFound : MakeOutcome;

    public sealed record NameRefused(FieldRefused Problem) : MakeOutcome;

    /// <param name="Longest">The most hours an invitation may last.</param>
    public sealed record HoursRefused(int Longest) : MakeOutcome;

    public enum RevokeOutcome
    {
        Revoked,
        IncidentNotFound,
        InvitationNotFound,
    }

    /// <summary>
    /// Invites <paramref name="name"/> to the incident named by its id or number, for <paramref name="hours"/> (null:
    /// <see cref="SignInRules.InvitationLifetime"/>; at most <see cref="SignInRules.LongestInvitation"/>).
    /// </summary>
    public async Task<MakeOutcome> Make(string incident, string? name, int? hours, string createdBy, CancellationToken cancellationToken)
    {
        if (await incidents.Find(incident, cancellationToken) is not { } found)
            return new IncidentNotFound();
        var invited = name?.Trim() ?? "";
        if (Core.TextRules.Check("name", invited, TextLimits.ShortText, required: true) is { } badName)
            return new NameRefused(badName);
        var longest = (int)SignInRules.LongestInvitation.TotalHours;
        if (hours is { } given && (given < 1 || given > longest))
            return new HoursRefused(longest);
        var secret = ApiKeySecrets.NewKey();
        var now = clock.GetUtcNow();
        var invitation = new IncidentInvitation
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = found.OrganizationId,
            IncidentId = found.Id,
            InvitedName = invited,
            Prefix = ApiKeySecrets.Display(secret),
            SecretHash = ApiKeySecrets.Hash(secret),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now + (hours is { } h ? TimeSpan.FromHours(h) : SignInRules.InvitationLifetime),
        };
        db.IncidentInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return new Made(invitation, secret);
    }

    /// <summary>Revokes an invitation of the incident named by its id or number: unused, it stops working; used, the vendor loses the incident.</summary>
    public async Task<RevokeOutcome> Revoke(string incident, Guid invitationId, string revokedBy, CancellationToken cancellationToken)
    {
        if (await incidents.ResolveId(incident, cancellationToken) is not { } incidentId)
            return RevokeOutcome.IncidentNotFound;
        if (!await db.IncidentInvitations.AnyAsync(i => i.Id == invitationId && i.IncidentId == incidentId, cancellationToken))
            return RevokeOutcome.InvitationNotFound;
        var now = clock.GetUtcNow();
        // The invitation first, then what it granted, in one transaction: an accept running at the same moment either
        // claimed it before (its row lock makes this wait for it, and its access is then found and ended) or finds it
        // revoked and grants nothing.
        using (var writer = await db.EnterWriterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.IncidentInvitations.Where(i => i.Id == invitationId && i.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), cancellationToken);
            await db.IncidentAccess.Where(a => a.InvitationId == invitationId && a.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.RevokedAt, now).SetProperty(a => a.RevokedBy, revokedBy), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var invitation = await db.IncidentInvitations.AsNoTracking().SingleAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation.UsedBy is { } used)
        {
            // Sessions carry the incidents they may see: an account's new stamp ends its sessions; a key's cache is dropped.
            cache.ForgetActor(used);
            if (Caller.AccountId(used) is { } accountId)
            {
                if (await users.FindByIdAsync(accountId.ToString()) is { } account)
                    await users.UpdateSecurityStampAsync(account);
                cache.ForgetActor(used);
            }
        }
        return RevokeOutcome.Revoked;
    }

    /// <summary>
    /// Uses the invitation for an actor, once: the first to claim it wins (a single conditional update), everyone
    /// after is refused. In the invitation's organization: an account joins it as a vendor if it was not a member.
    /// </summary>
    /// <returns>Null when accepted, or why not.</returns>
    public async Task<InvitationState?> Accept(IncidentInvitation invitation, string actorId, Guid? accountId, CancellationToken cancellationToken)
    {
        try
        {
            return await TryAccept(invitation, actorId, accountId, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two invitations of one hospital accepted at the same moment both added the membership: the loser's
            // transaction rolled back whole (its invitation unclaimed), and the membership now exists.
            return await TryAccept(invitation, actorId, accountId, cancellationToken);
        }
    }

    private async Task<InvitationState?> TryAccept(IncidentInvitation invitation, string actorId, Guid? accountId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(invitation.OrganizationId);
        // A context of its own, in the invitation's hospital (which may be another than the request's).
        var hospital = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var now = clock.GetUtcNow();
        using var writer = await hospital.EnterWriterAsync(cancellationToken);
        await using var transaction = await hospital.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await hospital.IncidentInvitations
            .Where(i => i.Id == invitation.Id && i.UsedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.UsedAt, now).SetProperty(i => i.UsedBy, actorId), cancellationToken);
        if (claimed != 1)
        {
            var current = await hospital.IncidentInvitations.AsNoTracking().SingleAsync(i => i.Id == invitation.Id, cancellationToken);
            return Invitations.State(current, now) is var state && state == InvitationState.Open ? InvitationState.Used : state;
        }
        if (accountId is { } account && !await hospital.Memberships.AnyAsync(m => m.AccountId == account, cancellationToken))
        {
            hospital.Memberships.Add(new Membership
            {
                AccountId = account,
                OrganizationId = invitation.OrganizationId,
                Roles = Role.Vendor.Id(),
                AddedAt = now,
                AddedBy = invitation.CreatedBy,
            });
        }
        var existing = await hospital.IncidentAccess.SingleOrDefaultAsync(a => a.IncidentId == invitation.IncidentId && a.ActorId == actorId, cancellationToken);
        if (existing is null)
        {
            hospital.IncidentAccess.Add(new IncidentAccess { OrganizationId = invitation.OrganizationId, IncidentId = invitation.IncidentId, ActorId = actorId, InvitationId = invitation.Id, GrantedAt = now });
        }
        else
        {
            existing.InvitationId = invitation.Id;
            existing.GrantedAt = now;
            existing.RevokedAt = null;
            existing.RevokedBy = null;
        }
        await hospital.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
