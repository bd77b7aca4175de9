using Microsoft.EntityFrameworkCore;
using Sonae.Core.Monitoring;
using Sonae.Data;
using Sonae.Data.Monitoring;
using Sonae.Web.Access;

namespace Sonae.Web.Monitoring;

/// <summary>An alert source as the settings page and the API show it: never its token, only the token's first characters.</summary>
public sealed record AlertSourceView(
    int Number,
    string Name,
    string Kind,
    string Prefix,
    int WindowMinutes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? MutedAt,
    DateTimeOffset? LastDeliveryAt,
    string? LastOutcome,
    string? LastProblem,
    long Deliveries,
    long Alerts);

/// <summary>A source just made: the only time its token is shown.</summary>
public sealed record NewAlertSource(int Number, string Name, string Kind, string Token);

/// <summary>
/// The alert sources of the caller's organization: made with a token shown once, muted and unmuted, revoked; found by
/// their token (across organizations: a token is all a monitor sends). Tokens start with <see cref="TokenPrefix"/>,
/// which the API keys' handler leaves alone, so an alert token signs nobody in anywhere.
/// </summary>
public sealed class AlertSources(SonaeDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "sonae_alert_";

    /// <summary>A new token: the prefix and 32 characters of URL-safe base64 (192 random bits).</summary>
    public static string NewToken() => ApiKeySecrets.NewKey(TokenPrefix);

    public static bool IsToken(string? text) => text?.StartsWith(TokenPrefix, StringComparison.Ordinal) == true;

    public async Task<IReadOnlyList<AlertSourceView>> List(CancellationToken cancellationToken) =>
        (await db.AlertSources.AsNoTracking().OrderBy(s => s.Number).ToListAsync(cancellationToken)).Select(View).ToList();

    public async Task<AlertSourceView?> Find(int number, CancellationToken cancellationToken) =>
        await db.AlertSources.AsNoTracking().SingleOrDefaultAsync(s => s.Number == number, cancellationToken) is { } row ? View(row) : null;

    public async Task<NewAlertSource> Make(Guid organizationId, string name, AlertSourceKind kind, int windowMinutes, Caller by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = NewToken();
            var number = (await db.AlertSources.MaxAsync(s => (int?)s.Number, cancellationToken) ?? 0) + 1;
            var row = new AlertSourceRow
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                OrganizationId = organizationId,
                Number = number,
                Name = name,
                Kind = kind.Id(),
                SecretHash = ApiKeySecrets.Hash(token),
                Prefix = token[..(TokenPrefix.Length + 4)],
                WindowMinutes = windowMinutes,
                CreatedAt = clock.GetUtcNow(),
                CreatedBy = by.Actor.Name,
            };
            db.AlertSources.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new NewAlertSource(number, name, row.Kind, token);
            }
            catch (DbUpdateException e) when (attempt < 5 && StorageRegistration.IsUniqueViolation(e))
            {
                // Two made at once took the same number: take the next.
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    /// <summary>Mutes or unmutes a source; false when there is no such source (or it is revoked).</summary>
    public async Task<bool> Mute(int number, bool mute, Caller by, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changed = mute
            ? await db.AlertSources.Where(s => s.Number == number && s.RevokedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.MutedAt, s => s.MutedAt ?? now).SetProperty(s => s.MutedBy, by.Actor.Name), cancellationToken)
            : await db.AlertSources.Where(s => s.Number == number && s.RevokedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.MutedAt, (DateTimeOffset?)null).SetProperty(s => s.MutedBy, (string?)null), cancellationToken);
        return changed > 0;
    }

    /// <summary>Revokes a source: its token stops working at once. False when there is no such source.</summary>
    public async Task<bool> Revoke(int number, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var source = await db.AlertSources.SingleOrDefaultAsync(s => s.Number == number, cancellationToken);
        if (source is null)
            return false;
        if (source.RevokedAt is null)
            await db.AlertSources.Where(s => s.Id == source.Id && s.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), cancellationToken);
        return true;
    }

    /// <summary>The source a token names, in any organization; null for an unknown or revoked token.</summary>
    public async Task<AlertSourceRow?> ByToken(string token, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(token);
        var source = await db.AlertSources.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(s => s.SecretHash == hash, cancellationToken);
        return source is { RevokedAt: null } ? source : null;
    }

    /// <summary>Keeps what became of a delivery, for the settings page: when, the outcome, the problem, the counts.</summary>
    public Task Delivered(Guid sourceId, string outcome, string? problem, int alerts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.AlertSources.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(s => s.Id == sourceId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.LastDeliveryAt, now)
            .SetProperty(s => s.LastOutcome, outcome)
            .SetProperty(s => s.LastProblem, problem)
            .SetProperty(s => s.Deliveries, s => s.Deliveries + 1)
            .SetProperty(s => s.Alerts, s => s.Alerts + alerts), cancellationToken);
    }

    private static AlertSourceView View(AlertSourceRow s) => new(s.Number, s.Name, s.Kind, s.Prefix, s.WindowMinutes, s.CreatedAt, s.RevokedAt, s.MutedAt,
        s.LastDeliveryAt, s.LastOutcome, s.LastProblem, s.Deliveries, s.Alerts);
}
