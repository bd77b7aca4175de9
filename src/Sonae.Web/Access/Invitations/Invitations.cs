using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;
using Sonae.Web.Problems;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Access;

public sealed record NewInvitationRequest(string? Name, int? Hours);

public sealed record InvitationView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string State, string? UsedBy, DateTimeOffset? UsedAt);

/// <summary>An invitation just made: the only time its address (which holds its secret) is shown.</summary>
public sealed record NewInvitation(Guid Id, string Name, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Letting a vendor into one incident. The security officer or management makes an invitation link for a named
/// person; it works once and expires (72 hours unless they choose, at most 14 days). Whoever opens it signs in with
/// their account (or makes one there), and from then on sees that incident of this hospital, and no other. Revoking
/// the invitation shuts the vendor out again. A vendor's API key can accept one too (a vendor's ticket system).
/// </summary>
public static class Invitations
{
    public const string LinkPath = "/invite";

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents/{id}/invitations").WithTags("Access").RequireAuthorization(Operation.InviteVendors);
        group.MapGet("/", List).WithName("ListInvitations").WithSummary("The incident's vendor invitations (their secrets are never shown again)");
        group.MapPost("/", Create).WithName("CreateInvitation").WithSummary("Invite a vendor to this incident: a link that works once and expires; its address is shown once");
        group.MapPost("/{invitationId:guid}/revoke", Revoke).WithName("RevokeInvitation").WithSummary("Revoke an invitation: unused, it stops working; used, the vendor loses the incident");
        app.MapPost("/api/v1/invitations/{secret}/accept", AcceptWithKey).WithTags("Access").WithName("AcceptInvitation")
            .WithSummary("Accept an invitation with a vendor's API key of the same hospital");
        app.MapPost("/incidents/{number:int}/invitations", PageForm).RequireAuthorization(Operation.InviteVendors).ExcludeFromDescription();
        app.MapPost(LinkPath + "/{secret}/accept", AcceptSignedIn).AllowAnonymous().ExcludeFromDescription()
            .ValidateAntiforgery();
        app.MapPost(LinkPath + "/{secret}/register", Register).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<List<InvitationView>>, ProblemHttpResult>> List(string id, SonaeDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await IncidentLookup.Find(db, id, cancellationToken) is not { } incident)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "incident-not-found", ProblemResults.Format(ProblemTexts.IncidentNotFound, id));
        var now = clock.GetUtcNow();
        var rows = await db.IncidentInvitations.AsNoTracking().Where(i => i.IncidentId == incident.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.OrderBy(i => i.CreatedAt).Select(i => new InvitationView(
            i.Id, i.InvitedName, i.Prefix, i.CreatedAt, i.ExpiresAt, State(i, now).ToString().ToLowerInvariant(), i.UsedBy, i.UsedAt)).ToList());
    }

    public static InvitationState State(IncidentInvitation invitation, DateTimeOffset now) =>
        SignInRules.Invitation(invitation.ExpiresAt, invitation.UsedAt, invitation.RevokedAt, now);

    public static async Task<Results<Created<NewInvitation>, ProblemHttpResult>> Create(
        string id, [FromBody] NewInvitationRequest? request, HttpContext http, SonaeDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await IncidentLookup.Find(db, id, cancellationToken) is not { } incident)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "incident-not-found", ProblemResults.Format(ProblemTexts.IncidentNotFound, id));
        var name = request?.Name?.Trim() ?? "";
        if (Core.TextRules.Check("name", name, Core.Incidents.TextLimits.ShortText, required: true) is { } badName)
            return ProblemResults.Field(badName);
        var longest = (int)SignInRules.LongestInvitation.TotalHours;
        if (request!.Hours is { } hours && (hours < 1 || hours > longest))
            return ProblemResults.Create(StatusCodes.Status400BadRequest, "invitation-hours", ProblemResults.Format(ProblemTexts.InvitationHours, longest));
        var (invitation, secret) = await Make(db, incident, name, request!.Hours, http, clock, cancellationToken);
        return TypedResults.Created($"/api/v1/incidents/{incident.Id}/invitations/{invitation.Id}",
            new NewInvitation(invitation.Id, name, Url(http, secret), invitation.ExpiresAt));
    }

    private static string Url(HttpContext http, string secret) => $"{http.Request.Scheme}://{http.Request.Host}{LinkPath}/{secret}";

    private static async Task<(IncidentInvitation Invitation, string Secret)> Make(
        SonaeDbContext db, Data.Incidents.Incident incident, string name, int? hours, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.NewKey();
        var now = clock.GetUtcNow();
        var invitation = new IncidentInvitation
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = incident.OrganizationId,
            IncidentId = incident.Id,
            InvitedName = name,
            Prefix = ApiKeySecrets.Display(secret),
            SecretHash = ApiKeySecrets.Hash(secret),
            CreatedBy = Caller.From(http.User).Actor.Id,
            CreatedAt = now,
            ExpiresAt = now + (hours is { } h ? TimeSpan.FromHours(h) : SignInRules.InvitationLifetime),
        };
        db.IncidentInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return (invitation, secret);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        string id, Guid invitationId, HttpContext http, SonaeDbContext db, ApiKeyCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await IncidentLookup.Find(db, id, cancellationToken) is not { } incident)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "incident-not-found", ProblemResults.Format(ProblemTexts.IncidentNotFound, id));
        if (!await db.IncidentInvitations.AnyAsync(i => i.Id == invitationId && i.IncidentId == incident.Id, cancellationToken))
            return ProblemResults.Create(StatusCodes.Status404NotFound, "invitation-not-found", ProblemResults.Format(ProblemTexts.InvitationNotFound, invitationId));
        var now = clock.GetUtcNow();
        var who = Caller.From(http.User).Actor.Id;
        // The invitation first, then what it granted, in one transaction: an accept running at the same moment either
        // claimed it before (its row lock makes this wait for it, and its access is then found and ended) or finds it
        // revoked and grants nothing.
        using (var writer = await db.EnterWriterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.IncidentInvitations.Where(i => i.Id == invitationId && i.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), cancellationToken);
            await db.IncidentAccess.Where(a => a.InvitationId == invitationId && a.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.RevokedAt, now).SetProperty(a => a.RevokedBy, who), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var invitation = await db.IncidentInvitations.AsNoTracking().SingleAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation.UsedBy is { } used)
        {
            // Sessions carry the incidents they may see: an account's new stamp ends its sessions; a key's cache is dropped.
            cache.ForgetActor(used);
            if (used.StartsWith(Caller.AccountPrefix, StringComparison.Ordinal) && Guid.TryParseExact(used[Caller.AccountPrefix.Length..], "N", out var accountId))
            {
                var users = http.RequestServices.GetRequiredService<UserManager<Account>>();
                if (await users.FindByIdAsync(accountId.ToString()) is { } account)
                    await users.UpdateSecurityStampAsync(account);
                cache.ForgetActor(used);
            }
        }
        return TypedResults.NoContent();
    }

    /// <summary>The form on the incident's vendor page: invite someone (the link is shown once, in the message) or revoke.</summary>
    public static async Task<RedirectHttpResult> PageForm(
        int number, [FromForm] string? kind, [FromForm] string? name, [FromForm] int? hours, [FromForm] Guid? invitationId,
        HttpContext http, SonaeDbContext db, ApiKeyCache cache, TimeProvider clock)
    {
        var back = $"/incidents/{number}/vendors";
        var id = number.ToString(CultureInfo.InvariantCulture);
        if (kind == "revoke" && invitationId is { } revoke)
        {
            var revoked = await Revoke(id, revoke, http, db, cache, clock, http.RequestAborted);
            return PageForms.Back(http, back, revoked.Result is NoContent,
                revoked.Result is ProblemHttpResult problem ? problem.ProblemDetails.Detail ?? "" : UiTexts.InvitationRevoked);
        }
        var created = await Create(id, new NewInvitationRequest(name, hours), http, db, clock, http.RequestAborted);
        return created.Result switch
        {
            Created<NewInvitation> made => PageForms.Back(http, back, true, string.Format(CultureInfo.CurrentCulture, UiTexts.InvitationMade, made.Value!.Name, made.Value.Url)),
            ProblemHttpResult problem => PageForms.Back(http, back, false, problem.ProblemDetails.Detail ?? ""),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>The invitation a secret opens (any hospital's), or null.</summary>
    public static Task<IncidentInvitation?> Find(SonaeDbContext db, string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret.Trim());
        return db.IncidentInvitations.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking().SingleOrDefaultAsync(i => i.SecretHash == hash, cancellationToken);
    }

    /// <summary>The number of the incident an invitation is for, in its hospital (found before the invitee may see it).</summary>
    public static Task<int> IncidentNumber(SonaeDbContext db, IncidentInvitation invitation, CancellationToken cancellationToken) =>
        db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter, SonaeDbContext.InvitedFilter])
            .Where(i => i.Id == invitation.IncidentId).Select(i => i.Number).SingleAsync(cancellationToken);

    /// <summary>What a refused invitation says: the same words whether it never existed, was used, expired or revoked, except for those three.</summary>
    public static string Refusal(InvitationState? state) => state switch
    {
        InvitationState.Used => ProblemTexts.InvitationUsed,
        InvitationState.Expired => ProblemTexts.InvitationExpired,
        InvitationState.Revoked => ProblemTexts.InvitationRevoked,
        _ => ProblemTexts.InvitationInvalid,
    };

    /// <summary>
    /// Uses the invitation for an actor, once: the first to claim it wins (a single conditional update), everyone
    /// after is refused. In the invitation's organization: an account joins it as a vendor if it was not a member.
    /// </summary>
    /// <returns>Null when accepted, or why not.</returns>
    public static async Task<InvitationState?> Accept(IServiceScopeFactory scopes, IncidentInvitation invitation, string actorId, Guid? accountId, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            return await TryAccept(scopes, invitation, actorId, accountId, clock, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two invitations of one hospital accepted at the same moment both added the membership: the loser's
            // transaction rolled back whole (its invitation unclaimed), and the membership now exists.
            return await TryAccept(scopes, invitation, actorId, accountId, clock, cancellationToken);
        }
    }

    private static async Task<InvitationState?> TryAccept(IServiceScopeFactory scopes, IncidentInvitation invitation, string actorId, Guid? accountId, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(invitation.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var now = clock.GetUtcNow();
        using var writer = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.IncidentInvitations
            .Where(i => i.Id == invitation.Id && i.UsedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.UsedAt, now).SetProperty(i => i.UsedBy, actorId), cancellationToken);
        if (claimed != 1)
        {
            var current = await db.IncidentInvitations.AsNoTracking().SingleAsync(i => i.Id == invitation.Id, cancellationToken);
            return State(current, now) is var state && state == InvitationState.Open ? InvitationState.Used : state;
        }
        if (accountId is { } account && !await db.Memberships.AnyAsync(m => m.AccountId == account, cancellationToken))
        {
            db.Memberships.Add(new Membership
            {
                AccountId = account,
                OrganizationId = invitation.OrganizationId,
                Roles = Role.Vendor.Id(),
                AddedAt = now,
                AddedBy = invitation.CreatedBy,
            });
        }
        var existing = await db.IncidentAccess.SingleOrDefaultAsync(a => a.IncidentId == invitation.IncidentId && a.ActorId == actorId, cancellationToken);
        if (existing is null)
        {
            db.IncidentAccess.Add(new IncidentAccess { OrganizationId = invitation.OrganizationId, IncidentId = invitation.IncidentId, ActorId = actorId, InvitationId = invitation.Id, GrantedAt = now });
        }
        else
        {
            existing.InvitationId = invitation.Id;
            existing.GrantedAt = now;
            existing.RevokedAt = null;
            existing.RevokedBy = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>A vendor's API key of the invitation's hospital accepts it (the key then sees the incident).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> AcceptWithKey(
        string secret, HttpContext http, SonaeDbContext db, IServiceScopeFactory scopes, ApiKeyCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var invitation = await Find(db, secret, cancellationToken);
        http.Items[AuditMiddleware.TargetItem] = "invitation:" + ApiKeySecrets.Display(secret);
        if (invitation is null)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "invitation-invalid", ProblemTexts.InvitationInvalid);
        if (invitation.OrganizationId != caller.OrganizationId)
            return ProblemResults.Create(StatusCodes.Status403Forbidden, "invitation-other-organization", ProblemTexts.InvitationOtherOrganization);
        if (await Accept(scopes, invitation, caller.Actor.Id, Caller.AccountId(http.User), clock, cancellationToken) is { } refused)
            return ProblemResults.Create(StatusCodes.Status410Gone, "invitation-" + refused.ToString().ToLowerInvariant(), Refusal(refused));
        cache.ForgetActor(caller.Actor.Id);
        http.Items[AuditMiddleware.ActionItem] = "invitation-accepted";
        return TypedResults.NoContent();
    }

    /// <summary>The invitation page's button, for someone signed in with an account: accept, and go to the incident.</summary>
    public static async Task<IResult> AcceptSignedIn(
        string secret, HttpContext http, SonaeDbContext db, IServiceScopeFactory scopes, UserManager<Account> users, AccountSignIn flow, TimeProvider clock)
    {
        var back = LinkPath + "/" + secret;
        http.Items[AuditMiddleware.TargetItem] = "invitation:" + ApiKeySecrets.Display(secret);
        if (Caller.AccountId(http.User) is not { } accountId || await users.FindByIdAsync(accountId.ToString()) is not { } account)
            return Results.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(back));
        var invitation = await Find(db, secret, http.RequestAborted);
        InvitationState? refused = invitation is null ? InvitationState.Revoked : null;
        if (invitation is not null)
            refused = await Accept(scopes, invitation, Caller.AccountActor(accountId), accountId, clock, http.RequestAborted);
        if (invitation is null || refused is not null)
        {
            http.Items[AuditMiddleware.ActionItem] = "invitation-refused";
            return PageForms.Back(http, back, false, Refusal(invitation is null ? null : refused));
        }
        http.Items[AuditMiddleware.ActionItem] = "invitation-accepted";
        return await GoToIncident(http, flow, account, invitation, db);
    }

    /// <summary>A session in the invitation's hospital (it may be another than the one signed in to), then the incident.</summary>
    private static async Task<IResult> GoToIncident(HttpContext http, AccountSignIn flow, Account account, IncidentInvitation invitation, SonaeDbContext db)
    {
        var strength = http.User.HasClaim(Caller.StrengthClaim, nameof(SignInStrength.TwoFactor)) ? SignInStrength.TwoFactor : SignInStrength.OneFactor;
        var number = await IncidentNumber(db, invitation, http.RequestAborted);
        var next = await flow.Continue(http, account, strength, http.User.FindFirst(Caller.MethodClaim)?.Value ?? "password", invitation.OrganizationId, $"/incidents/{number}");
        return Results.Redirect(next);
    }

    /// <summary>
    /// For a vendor without an account: make one on the invitation page (name, display name, password), accept, and
    /// sign in. The invitation is claimed before the account is kept: a used or expired link makes no account.
    /// </summary>
    public static async Task<IResult> Register(
        string secret, [FromForm] string? userName, [FromForm] string? displayName, [FromForm] string? password, [FromForm] string? confirm,
        HttpContext http, SonaeDbContext db, IServiceScopeFactory scopes, UserManager<Account> users, AccountSignIn flow, TimeProvider clock)
    {
        var back = LinkPath + "/" + secret;
        http.Items[AuditMiddleware.TargetItem] = "invitation:" + ApiKeySecrets.Display(secret);
        var invitation = await Find(db, secret, http.RequestAborted);
        if (invitation is null || State(invitation, clock.GetUtcNow()) is not InvitationState.Open)
            return PageForms.Back(http, back, false, Refusal(invitation is null ? null : State(invitation, clock.GetUtcNow())));
        if (AccountChanges.NamesProblem(userName, displayName) is { } badNames)
            return PageForms.Back(http, back, false, badNames);
        if (string.IsNullOrEmpty(password) || password != confirm)
            return PageForms.Back(http, back, false, UiTexts.AccountPasswordsDiffer);
        var account = AccountChanges.New(userName!.Trim(), displayName!.Trim(), clock.GetUtcNow());
        var created = await users.CreateAsync(account, password);
        if (!created.Succeeded)
            return PageForms.Back(http, back, false, string.Join(" ", created.Errors.Select(e => e.Description)));
        InvitationState? refused;
        try
        {
            refused = await Accept(scopes, invitation, Caller.AccountActor(account.Id), account.Id, clock, http.RequestAborted);
        }
        catch
        {
            await users.DeleteAsync(account);
            throw;
        }
        if (refused is not null)
        {
            await users.DeleteAsync(account);
            return PageForms.Back(http, back, false, Refusal(refused));
        }
        http.Items[AuditMiddleware.ActionItem] = "invitation-accepted";
        http.Items[AuditMiddleware.TargetItem] = "account:" + account.UserName;
        var number = await IncidentNumber(db, invitation, http.RequestAborted);
        return Results.Redirect(await flow.Continue(http, account, SignInStrength.OneFactor, "password", invitation.OrganizationId, $"/incidents/{number}"));
    }
}
