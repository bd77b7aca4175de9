using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Measures;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Aftercare.Measures;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Measures;

/// <summary>A vendor's link just made: the only time its address (which holds its secret) is shown.</summary>
public sealed record NewVendorLink(Guid Id, string Url, DateTimeOffset ExpiresAt);

/// <param name="Days">How many days it works (1 to 400; 90 when left out).</param>
public sealed record VendorLinkRequest(int? Days);

/// <param name="Name">Who at the vendor acknowledges (required).</param>
public sealed record VendorAcknowledgeRequest(string? Name);

/// <summary>
/// A vendor's way to one instruction of theirs (4-8), without an account: a link whose secret only the SHA-256 of is
/// kept, that expires and that the officer can revoke. Through it the vendor reads the instruction, acknowledges it
/// and reports self-checks; nothing else of the hospital. It works the same for someone signed in (a vendor's account)
/// and for no one: the link alone decides. What is done through it is done in the link's hospital, named in the
/// audit log as the vendor (the link's id and the name they gave).
/// </summary>
public sealed class VendorLinks(SonaeDbContext db, IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock)
{
    public const string PagePath = "/vendor-instructions";
    public const string ApiPath = "/api/v1/vendor-instructions";

    /// <summary>Makes a link to instruction <paramref name="id"/> (by number or id) for <paramref name="request"/>'s days.</summary>
    public async Task<Results<Created<NewVendorLink>, ProblemHttpResult>> Make(Caller caller, string id, VendorLinkRequest request, CancellationToken cancellationToken)
    {
        var days = request.Days ?? VendorLinkRules.DefaultDays;
        if (days is < 1 or > VendorLinkRules.MaxDays)
            return ProblemResults.Field("days", ProblemResults.Format(ProblemTexts.FieldOutOfRange, Localization.Texts.Field("days"), VendorLinkRules.MaxDays));
        if (await LoadMeasures.FindInstruction(db, id, cancellationToken) is not { } instruction)
            return MeasureInput.InstructionNotFound(id);
        var secret = ApiKeySecrets.NewKey("vi_");
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var row = new InstructionLinkRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = caller.OrganizationId, InstructionId = instruction.Id, Prefix = ApiKeySecrets.Display(secret),
            SecretHash = ApiKeySecrets.Hash(secret), CreatedAt = now, CreatedBy = caller.Actor.Name, ExpiresAt = now.AddDays(days),
        };
        db.InstructionLinks.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var request0 = http.HttpContext?.Request;
        var url = request0 is null ? $"{PagePath}/{secret}" : $"{request0.Scheme}://{request0.Host}{PagePath}/{secret}";
        return TypedResults.Created($"/api/v1/contractor-instructions/{instruction.Number}", new NewVendorLink(row.Id, url, row.ExpiresAt));
    }

    /// <summary>Revokes a link of instruction <paramref name="id"/>: it stops working at once.</summary>
    public async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, Guid link, CancellationToken cancellationToken)
    {
        if (await LoadMeasures.FindInstruction(db, id, cancellationToken) is not { } instruction)
            return MeasureInput.InstructionNotFound(id);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var found = await db.InstructionLinks.AnyAsync(l => l.Id == link && l.InstructionId == instruction.Id, cancellationToken);
        if (!found)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "vendor-link-not-found", ProblemTexts.VendorLinkNotFound);
        await db.InstructionLinks.Where(l => l.Id == link && l.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), cancellationToken);
        return TypedResults.NoContent();
    }

    public static VendorLinkState State(InstructionLinkRow link, DateTimeOffset now) => VendorLinkRules.State(link.ExpiresAt, link.RevokedAt, now);

    /// <summary>What a link opens: the instruction as the vendor sees it, or the problem (unknown, expired, revoked) in the reader's words.</summary>
    public async Task<Results<Ok<VendorInstructionView>, ProblemHttpResult>> Open(string secret, CancellationToken cancellationToken) =>
        await Use(secret, async (link, instruction, services, ct) =>
        {
            var (view, checks) = await services.GetRequiredService<LoadMeasures>().WithChecks(instruction, ct);
            var hospital = await services.GetRequiredService<LoadOrganizations>().Name(link.OrganizationId, ct);
            return TypedResults.Ok(new VendorInstructionView(hospital, view, checks, link.ExpiresAt));
        }, cancellationToken);

    public async Task<Results<Ok<VendorInstructionView>, ProblemHttpResult>> Acknowledge(string secret, VendorAcknowledgeRequest request, CancellationToken cancellationToken)
    {
        if (MeasureInput.Text("name", request.Name, TextLimits.ShortText, required: true) is { } bad)
            return bad;
        var name = request.Name!.Trim();
        var done = await Use<Ok>(secret, async (link, instruction, services, ct) =>
        {
            NameInAudit(link, name);
            await services.GetRequiredService<InstructionChanges>().Acknowledge(instruction, name, ct);
            return TypedResults.Ok();
        }, cancellationToken);
        return done.Result is ProblemHttpResult refused ? refused : await Open(secret, cancellationToken);
    }

    public async Task<Results<Created<CheckView>, ProblemHttpResult>> SelfCheck(string secret, CheckRequest request, CancellationToken cancellationToken)
    {
        if (MeasureInput.Text("name", request.Name, TextLimits.ShortText, required: true) is { } bad)
            return bad;
        Results<Created<CheckView>, ProblemHttpResult>? outcome = null;
        var used = await Use<Ok>(secret, async (link, instruction, services, ct) =>
        {
            NameInAudit(link, request.Name!.Trim());
            outcome = await services.GetRequiredService<InstructionChanges>().AddCheck(instruction, request, request.Name!.Trim(), byVendor: true, ct);
            return TypedResults.Ok();
        }, cancellationToken);
        return used.Result is ProblemHttpResult refused ? refused : outcome!;
    }

    /// <summary>
    /// Finds the link by its secret's hash (in any hospital), refuses it when it does not work, and runs
    /// <paramref name="work"/> in a scope of the link's hospital: the caller's own session (another hospital's
    /// account, or none) plays no part.
    /// </summary>
    private async Task<Results<T, ProblemHttpResult>> Use<T>(string secret, Func<InstructionLinkRow, ContractorInstructionRow, IServiceProvider, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        where T : IResult
    {
        var hash = ApiKeySecrets.Hash(secret.Trim());
        var link = await db.InstructionLinks.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking().SingleOrDefaultAsync(l => l.SecretHash == hash, cancellationToken);
        if (http.HttpContext is { } context)
            context.Items[AuditMiddleware.TargetItem] = "vendor-link:" + ApiKeySecrets.Display(secret);
        if (link is null)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "vendor-link-invalid", ProblemTexts.VendorLinkInvalid);
        switch (State(link, clock.GetUtcNow()))
        {
            case VendorLinkState.Revoked:
                return ProblemResults.Create(StatusCodes.Status410Gone, "vendor-link-revoked", ProblemTexts.VendorLinkRevoked);
            case VendorLinkState.Expired:
                return ProblemResults.Create(StatusCodes.Status410Gone, "vendor-link-expired", ProblemTexts.VendorLinkExpired);
        }
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(link.OrganizationId, []);
        var unit = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        var instruction = await unit.ContractorInstructions.AsNoTracking().SingleAsync(i => i.Id == link.InstructionId, cancellationToken);
        return await work(link, instruction, scope.ServiceProvider, cancellationToken);
    }

    /// <summary>The audit log names the vendor by the link and the name they gave, in the link's hospital's chain.</summary>
    private void NameInAudit(InstructionLinkRow link, string name)
    {
        if (http.HttpContext is { } context && context.User.Identity?.IsAuthenticated != true)
            context.Items[AuditMiddleware.WhoItem] = new Caller(link.OrganizationId,
                new Actor($"vendor-link:{link.Id}", TextRulesShort(name), new HashSet<Role> { Role.Vendor }), new HashSet<Guid>());
    }

    private static string TextRulesShort(string name) => Sonae.Core.TextRules.Shorten(name, 100, "…");
}
