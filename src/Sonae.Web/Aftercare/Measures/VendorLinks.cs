using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Measures;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Aftercare.Measures;
using Sonae.Web.Access;
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
/// A vendor's way to one instruction of theirs (4-8), without an account: a secret link (<see cref="SecretLinks"/>)
/// that expires and that the officer can revoke, never used up. Through it the vendor reads the instruction,
/// acknowledges it and reports self-checks; nothing else of the hospital. It works the same for someone signed in (a
/// vendor's account, another hospital's too) and for no one: the link alone decides. What is done through it is done
/// in the link's hospital, named in the audit log as the vendor (the link's id and the name they gave).
/// </summary>
public sealed class VendorLinks(SonaeDbContext db, SecretLinks links, TimeProvider clock)
{
    public const string PagePath = "/vendor-instructions";
    public const string ApiPath = "/api/v1/vendor-instructions";

    /// <summary>The instruction links' kind: <c>vi_</c> secrets, 90 days unless said (at most 400), for any caller.</summary>
    public static readonly SecretLinkKind Kind = new("vi_", "vendor-link", PagePath, ApiPath, MeasureRules.VendorLink, OwnHospitalOnly: false, refusal => refusal switch
    {
        LinkRefusal.Expired => ProblemTexts.VendorLinkExpired,
        LinkRefusal.Revoked => ProblemTexts.VendorLinkRevoked,
        _ => ProblemTexts.VendorLinkInvalid,
    });

    /// <summary>Makes a link to instruction <paramref name="id"/> (by number or id) for <paramref name="request"/>'s days.</summary>
    public async Task<Results<Created<NewVendorLink>, ProblemHttpResult>> Make(Caller caller, string id, VendorLinkRequest request, CancellationToken cancellationToken)
    {
        if (request.Days is { } days && !Kind.Lifetime.Allows(days))
            return ProblemResults.Field("days", ProblemResults.Format(ProblemTexts.FieldOutOfRange, Localization.Texts.Field("days"), Kind.Lifetime.MaxDays));
        // Under the lock an instruction is ended under (InstructionChanges.End): a link is either made before the end,
        // which then revokes it with the others, or refused after it — never made for an instruction just ended.
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        if (await LoadMeasures.FindInstruction(db, id, cancellationToken) is not { } instruction)
            return MeasureInput.InstructionNotFound(id);
        if (instruction.EndedAt is { } ended)
            return MeasureInput.InstructionEnded(instruction.Number, instruction.EndedBy ?? instruction.ChangedBy, ended);
        var secret = SecretLinks.NewSecret(Kind);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var row = new InstructionLinkRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = caller.OrganizationId, InstructionId = instruction.Id, Prefix = secret.Prefix,
            SecretHash = secret.Hash, CreatedAt = now, CreatedBy = caller.Actor.Name, ExpiresAt = Kind.Lifetime.End(now, request.Days),
        };
        db.InstructionLinks.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/contractor-instructions/{instruction.Number}", new NewVendorLink(row.Id, links.Url(Kind, secret.Secret), row.ExpiresAt));
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
            links.NameInAudit(Kind, link, name);
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
            links.NameInAudit(Kind, link, request.Name!.Trim());
            outcome = await services.GetRequiredService<InstructionChanges>().AddCheck(instruction, request, request.Name!.Trim(), byVendor: true, ct);
            return TypedResults.Ok();
        }, cancellationToken);
        return used.Result is ProblemHttpResult refused ? refused : outcome!;
    }

    /// <summary>Runs <paramref name="work"/> on the instruction of the link <paramref name="secret"/> opens, in its hospital; the refusal as a problem.</summary>
    private async Task<Results<T, ProblemHttpResult>> Use<T>(string secret, Func<InstructionLinkRow, ContractorInstructionRow, IServiceProvider, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        where T : IResult
    {
        var (value, refused) = await links.Use<InstructionLinkRow, T>(Kind, secret, async (link, services, ct) =>
        {
            var instruction = await services.GetRequiredService<SonaeDbContext>().ContractorInstructions.AsNoTracking().SingleAsync(i => i.Id == link.InstructionId, ct);
            return await work(link, instruction, services, ct);
        }, cancellationToken);
        return refused is not null ? ProblemResults.Create(refused.Status, refused.Code, refused.Message) : value!;
    }
}
