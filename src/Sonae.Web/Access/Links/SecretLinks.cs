using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Audit;

namespace Sonae.Web.Access;

/// <summary>Why a secret link does not open.</summary>
public enum LinkRefusal
{
    /// <summary>No link has that secret (or never had): 404, the same words whatever the secret was.</summary>
    Unknown,

    /// <summary>A signed-in account of another hospital, where the kind allows only the link's own (403).</summary>
    OtherHospital,

    /// <summary>It was used up (410).</summary>
    Used,

    /// <summary>Its time is over (410).</summary>
    Expired,

    /// <summary>Its maker revoked it (410).</summary>
    Revoked,
}

/// <summary>A link that did not open: the status, the problem's code and the words, in the caller's language.</summary>
public sealed record LinkRefused(int Status, string Code, string Message);

/// <summary>A secret just made: shown once; only its hash and its prefix are kept.</summary>
public sealed record NewLinkSecret(string Secret, string Hash, string Prefix);

/// <summary>
/// One use of a secret link: its secret's prefix, its name (the audit log's and its problems' codes'), its page and
/// API addresses (whose next segment is the secret), how long it lasts, whether another hospital's account is refused,
/// and the words of each refusal.
/// </summary>
public sealed record SecretLinkKind(string SecretPrefix, string Name, string PagePath, string ApiPath, LinkLifetime Lifetime, bool OwnHospitalOnly, Func<LinkRefusal, string> Text)
{
    /// <summary>The problem's code of <paramref name="refusal"/>: the kind's name and the reason (<c>vendor-link-expired</c>).</summary>
    public string Code(LinkRefusal refusal) => Name + refusal switch
    {
        LinkRefusal.Unknown => "-invalid",
        LinkRefusal.OtherHospital => "-other-organization",
        LinkRefusal.Used => "-used",
        LinkRefusal.Expired => "-expired",
        LinkRefusal.Revoked => "-revoked",
    };

    public LinkRefused Refused(LinkRefusal refusal) => new(refusal switch
    {
        LinkRefusal.Unknown => StatusCodes.Status404NotFound,
        LinkRefusal.OtherHospital => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status410Gone,
    }, Code(refusal), Text(refusal));
}

/// <summary>
/// The secret links of the Aftercare area (a vendor's link to a contractor instruction, to a checklist form), one
/// mechanism for every kind: a secret of which only the SHA-256 and a prefix are kept; found by its hash in any
/// hospital; refused by its state (<see cref="SignInRules.Invitation"/>); what is done through it is done in a scope of
/// the link's hospital that sees none of its incidents, and named in the audit log by the link's prefix and, for an
/// anonymous caller, as the vendor in the link's hospital's chain. Each kind keeps only what is its own: its rows, its
/// lifetime, whether a use spends it, whether another hospital's account is refused.
/// </summary>
public sealed class SecretLinks(SonaeDbContext db, OrganizationScope scope, IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Every kind, so that the audit log cuts each one's secret from its addresses (<see cref="SecretPaths"/>).</summary>
    public static IReadOnlyList<SecretLinkKind> Kinds => [Aftercare.Measures.VendorLinks.Kind, Aftercare.Checklists.ChecklistChanges.LinkKind];

    /// <summary>The addresses whose next segment is one of these links' secret.</summary>
    public static IEnumerable<string> SecretPaths => Kinds.SelectMany(k => new[] { k.PagePath, k.ApiPath });

    /// <summary>A new secret of <paramref name="kind"/>: the secret (shown once), its hash and its prefix (kept).</summary>
    public static NewLinkSecret NewSecret(SecretLinkKind kind)
    {
        var secret = ApiKeySecrets.NewKey(kind.SecretPrefix);
        return new(secret, ApiKeySecrets.Hash(secret), ApiKeySecrets.Display(secret));
    }

    /// <summary>The address of the link's page, on the server the maker called.</summary>
    public string Url(SecretLinkKind kind, string secret) =>
        http.HttpContext?.Request is { } request ? $"{request.Scheme}://{request.Host}{kind.PagePath}/{secret}" : $"{kind.PagePath}/{secret}";

    /// <summary>
    /// Finds the link of <paramref name="kind"/> by its secret's hash (in any hospital), refuses it when it does not
    /// work, and runs <paramref name="work"/> in a scope of the link's hospital. The audit log names the link by its
    /// prefix whatever becomes of it.
    /// </summary>
    public async Task<(T? Value, LinkRefused? Refused)> Use<TRow, T>(SecretLinkKind kind, string secret, Func<TRow, IServiceProvider, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        where TRow : class, ISecretLink
    {
        var given = secret.Trim();
        if (http.HttpContext is { } context)
            context.Items[AuditMiddleware.TargetItem] = $"{kind.Name}:{ApiKeySecrets.Display(given)}";
        var hash = ApiKeySecrets.Hash(given);
        var link = await db.Set<TRow>().IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking().SingleOrDefaultAsync(l => l.SecretHash == hash, cancellationToken);
        if (link is null)
            return (default, kind.Refused(LinkRefusal.Unknown));
        if (kind.OwnHospitalOnly && scope.OrganizationId is { } current && current != link.OrganizationId)
            return (default, kind.Refused(LinkRefusal.OtherHospital));
        switch (SignInRules.Invitation(link.ExpiresAt, link.UsedAt, link.RevokedAt, clock.GetUtcNow()))
        {
            case InvitationState.Used:
                return (default, kind.Refused(LinkRefusal.Used));
            case InvitationState.Expired:
                return (default, kind.Refused(LinkRefusal.Expired));
            case InvitationState.Revoked:
                return (default, kind.Refused(LinkRefusal.Revoked));
        }
        // The caller's own session (none, or another hospital's account) plays no part in what the link reaches.
        await using var inHospital = scopes.CreateAsyncScope();
        inHospital.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(link.OrganizationId, []);
        return (await work(link, inHospital.ServiceProvider, cancellationToken), null);
    }

    /// <summary>
    /// Who acts through <paramref name="link"/>: a signed-in account by its own name; anyone else as
    /// <paramref name="name"/>, which the audit log then records as a vendor in the link's hospital's chain.
    /// </summary>
    public string NameInAudit(SecretLinkKind kind, ISecretLink link, string name)
    {
        if (http.HttpContext is not { } context)
            return name;
        if (context.User.Identity?.IsAuthenticated == true)
            return Caller.From(context.User).Actor.Name;
        context.Items[AuditMiddleware.WhoItem] = new Caller(link.OrganizationId,
            new Actor($"{kind.Name}:{link.Id}", Core.TextRules.Shorten(name, 100, "…"), new HashSet<Role> { Role.Vendor }), new HashSet<Guid>());
        return name;
    }
}
