using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;

namespace Sonae.Web.Access;

/// <summary>
/// Makes and revokes reporting links, for the API and the settings page's forms alike. A link is a staff key that can
/// only report: revocation, caching and auditing are the keys'.
/// </summary>
public sealed class ReportingLinkChanges(SonaeDbContext db, ApiKeyCache cache, TimeProvider clock)
{
    /// <summary>A link's label (where the terminal stands): given, at most 100 characters, no control characters.</summary>
    public static Core.Incidents.FieldRefused? CheckLabel(string? label) => Core.TextRules.Check("label", label, 100, required: true);

    /// <summary>Makes a link named after where it is used; the secret its address carries is returned this once.</summary>
    public async Task<(ApiKey Key, string Secret)> Make(Guid organizationId, string label, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Name = label.Length > 80 ? label[..80] : label,
            Roles = Role.Staff.Id(),
            Prefix = ApiKeySecrets.Display(secret),
            SecretHash = ApiKeySecrets.Hash(secret),
            CreatedAt = clock.GetUtcNow(),
            ReportOnly = true,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    /// <summary>Revokes a link: it stops working at once on this server. False when the organization has no such link.</summary>
    public async Task<bool> Revoke(Guid linkId, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == linkId && k.ReportOnly, cancellationToken);
        if (key is null)
            return false;
        var now = clock.GetUtcNow();
        key.RevokedAt ??= now;
        await db.SaveChangesAsync(cancellationToken);
        cache.SetActive(Caller.KeyPrefix + key.Id.ToString("N"), false, now);
        cache.Forget(key.SecretHash);
        return true;
    }
}
