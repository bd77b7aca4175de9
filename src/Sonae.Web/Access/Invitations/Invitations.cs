using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Data.Access;
using Sonae.Web.Audit;
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

    public static async Task<Results<Ok<List<InvitationView>>, ProblemHttpResult>> List(string id, LoadInvitations load, CancellationToken cancellationToken) =>
        await load.OfIncident(id, cancellationToken) is { } incident
            ? TypedResults.Ok(incident.Invitations.Select(i => new InvitationView(
                i.Id, i.Name, i.Prefix, i.CreatedAt, i.ExpiresAt, i.State.ToString().ToLowerInvariant(), i.UsedBy, i.UsedAt)).ToList())
            : IncidentNotFound(id);

    public static InvitationState State(IncidentInvitation invitation, DateTimeOffset now) =>
        SignInRules.Invitation(invitation.ExpiresAt, invitation.UsedAt, invitation.RevokedAt, now);

    private static ProblemHttpResult IncidentNotFound(string id) => ProblemResults.IncidentNotFound(id);

    public static async Task<Results<Created<NewInvitation>, ProblemHttpResult>> Create(
        string id, [FromBody] NewInvitationRequest? request, HttpContext http, InvitationChanges changes, CancellationToken cancellationToken) =>
        await changes.Make(id, request?.Name, request?.Hours, Caller.From(http.User).Actor.Id, cancellationToken) switch
        {
            InvitationChanges.Made { Invitation: var invitation, Secret: var secret } => TypedResults.Created(
                $"/api/v1/incidents/{invitation.IncidentId}/invitations/{invitation.Id}",
                new NewInvitation(invitation.Id, invitation.InvitedName, Url(http, secret), invitation.ExpiresAt)),
            InvitationChanges.IncidentNotFound => IncidentNotFound(id),
            InvitationChanges.NameRefused { Problem: var problem } => ProblemResults.Field(problem),
            InvitationChanges.HoursRefused { Longest: var longest } => ProblemResults.Create(StatusCodes.Status400BadRequest, "invitation-hours", ProblemResults.Format(ProblemTexts.InvitationHours, longest)),
            var other => throw new InvalidOperationException($"Unknown outcome {other.GetType().Name}."),
        };

    private static string Url(HttpContext http, string secret) => $"{http.Request.Scheme}://{http.Request.Host}{LinkPath}/{secret}";

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        string id, Guid invitationId, HttpContext http, InvitationChanges changes, CancellationToken cancellationToken) =>
        await changes.Revoke(id, invitationId, Caller.From(http.User).Actor.Id, cancellationToken) switch
        {
            InvitationChanges.RevokeOutcome.Revoked => TypedResults.NoContent(),
            InvitationChanges.RevokeOutcome.IncidentNotFound => IncidentNotFound(id),
            InvitationChanges.RevokeOutcome.InvitationNotFound => ProblemResults.Create(StatusCodes.Status404NotFound, "invitation-not-found", ProblemTexts.InvitationNotFound),
        };

    /// <summary>The form on the incident's vendor page: invite someone (the link is shown once, in the message) or revoke.</summary>
    public static async Task<RedirectHttpResult> PageForm(
        int number, [FromForm] string? kind, [FromForm] string? name, [FromForm] int? hours, [FromForm] Guid? invitationId,
        HttpContext http, InvitationChanges changes)
    {
        var back = $"/incidents/{number}/vendors";
        var id = number.ToString(CultureInfo.InvariantCulture);
        if (kind == "revoke" && invitationId is { } revoke)
        {
            var revoked = await Revoke(id, revoke, http, changes, http.RequestAborted);
            return PageForms.Back(http, back, revoked.Result is NoContent,
                revoked.Result is ProblemHttpResult problem ? problem.ProblemDetails.Detail ?? "" : UiTexts.InvitationRevoked);
        }
        var created = await Create(id, new NewInvitationRequest(name, hours), http, changes, http.RequestAborted);
        return created.Result switch
        {
            Created<NewInvitation> made => PageForms.Back(http, back, true, string.Format(CultureInfo.CurrentCulture, UiTexts.InvitationMade, made.Value!.Name, made.Value.Url)),
            ProblemHttpResult problem => PageForms.Back(http, back, false, problem.ProblemDetails.Detail ?? ""),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>What a refused invitation says: the same words whether it never existed, was used, expired or revoked, except for those three.</summary>
    public static string Refusal(InvitationState? state) => state switch
    {
        InvitationState.Used => ProblemTexts.InvitationUsed,
        InvitationState.Expired => ProblemTexts.InvitationExpired,
        InvitationState.Revoked => ProblemTexts.InvitationRevoked,
        _ => ProblemTexts.InvitationInvalid,
    };

    /// <summary>A vendor's API key of the invitation's hospital accepts it (the key then sees the incident).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> AcceptWithKey(
        string secret, HttpContext http, LoadInvitations load, InvitationChanges changes, ApiKeyCache cache, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var invitation = await load.Find(secret, cancellationToken);
        http.Items[AuditMiddleware.TargetItem] = "invitation:" + ApiKeySecrets.Display(secret);
        if (invitation is null)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "invitation-invalid", ProblemTexts.InvitationInvalid);
        if (invitation.OrganizationId != caller.OrganizationId)
            return ProblemResults.Create(StatusCodes.Status403Forbidden, "invitation-other-organization", ProblemTexts.InvitationOtherOrganization);
        if (await changes.Accept(invitation, caller.Actor.Id, Caller.AccountId(http.User), cancellationToken) is { } refused)
            return ProblemResults.Create(StatusCodes.Status410Gone, "invitation-" + refused.ToString().ToLowerInvariant(), Refusal(refused));
        cache.ForgetActor(caller.Actor.Id);
        http.Items[AuditMiddleware.ActionItem] = "invitation-accepted";
        return TypedResults.NoContent();
    }

    /// <summary>The invitation page's button, for someone signed in with an account: accept, and go to the incident.</summary>
    public static async Task<IResult> AcceptSignedIn(
        string secret, HttpContext http, LoadInvitations load, InvitationChanges changes, UserManager<Account> users, AccountSignIn flow)
    {
        var back = LinkPath + "/" + secret;
        http.Items[AuditMiddleware.TargetItem] = "invitation:" + ApiKeySecrets.Display(secret);
        if (Caller.AccountId(http.User) is not { } accountId || await users.FindByIdAsync(accountId.ToString()) is not { } account)
            return Results.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(back));
        var invitation = await load.Find(secret, http.RequestAborted);
        InvitationState? refused = invitation is null ? InvitationState.Revoked : null;
        if (invitation is not null)
            refused = await changes.Accept(invitation, Caller.AccountActor(accountId), accountId, http.RequestAborted);
        if (invitation is null || refused is not null)
        {
            http.Items[AuditMiddleware.ActionItem] = "invitation-refused";
            return PageForms.Back(http, back, false, Refusal(invitation is null ? null : refused));
        }
        http.Items[AuditMiddleware.ActionItem] = "invitation-accepted";
        return await GoToIncident(http, flow, account, invitation, load);
    }

    /// <summary>A session in the invitation's hospital (it may be another than the one signed in to), then the incident.</summary>
    private static async Task<IResult> GoToIncident(HttpContext http, AccountSignIn flow, Account account, IncidentInvitation invitation, LoadInvitations load)
    {
        var strength = http.User.HasClaim(Caller.StrengthClaim, nameof(SignInStrength.TwoFactor)) ? SignInStrength.TwoFactor : SignInStrength.OneFactor;
        var number = await load.IncidentNumber(invitation, http.RequestAborted);
        var next = await flow.Continue(http, account, strength, http.User.FindFirst(Caller.MethodClaim)?.Value ?? "password", invitation.OrganizationId, $"/incidents/{number}");
        return Results.Redirect(next);
    }

    /// <summary>
    /// For a vendor without an account: make one on the invitation page (name, display name, password), accept, and
    /// sign in. The invitation is claimed before the account is kept: a used or expired link makes no account.
    /// </summary>
    public static async Task<IResult> Register(
        string secret, [FromForm] string? userName, [FromForm] string? displayName, [FromForm] string? password, [FromForm] string? confirm,
        HttpContext http, LoadInvitations load, InvitationChanges changes, UserManager<Account> users, AccountSignIn flow, TimeProvider clock)
    {
        var back = LinkPath + "/" + secret;
        http.Items[AuditMiddleware.TargetItem] = "invitation:" + ApiKeySecrets.Display(secret);
        var invitation = await load.Find(secret, http.RequestAborted);
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
            refused = await changes.Accept(invitation, Caller.AccountActor(account.Id), account.Id, http.RequestAborted);
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
        var number = await load.IncidentNumber(invitation, http.RequestAborted);
        return Results.Redirect(await flow.Continue(http, account, SignInStrength.OneFactor, "password", invitation.OrganizationId, $"/incidents/{number}"));
    }
}
