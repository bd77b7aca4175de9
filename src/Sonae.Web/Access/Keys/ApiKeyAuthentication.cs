using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sonae.Data;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Access;

/// <summary>
/// Signs a caller in by an API key sent as <c>Authorization: Bearer sonae_…</c> (or <c>X-Api-Key</c>). Refusals
/// are problem details in the caller's language. This is the seam where real accounts will sign people in too.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyVerifier verifier,
    SignInThrottle throttle,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    private string Address => Context.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>A wrong key counts against the address, as on the sign-in page; a right key is never refused.</summary>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey();
        // An alert source's token is not a key: it signs nobody in, and only the alerts' endpoint reads it.
        if (key is null || Monitoring.AlertSources.IsToken(key))
            return AuthenticateResult.NoResult();
        var principal = await verifier.Verify(key, SchemeName, Context.RequestAborted);
        if (principal is null)
        {
            await throttle.FailedAsync(Address, Context.RequestAborted);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (ReadKey() is not null && await throttle.WaitAsync(Address, Context.RequestAborted) is { } wait)
        {
            await WriteProblem(ProblemResults.TooManyRequests(Response, wait));
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblem(ProblemResults.Create(StatusCodes.Status401Unauthorized, "unauthorized", ProblemTexts.Unauthorized));
    }

    private async Task WriteProblem(ProblemHttpResult result) =>
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = result.ProblemDetails });

    private string? ReadKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        var header = Request.Headers["X-Api-Key"].ToString();
        return string.IsNullOrWhiteSpace(header) ? null : header.Trim();
    }

}

/// <summary>
/// Turns an API key into the caller's claims: its organization, roles and name, as the database says now (or said
/// at most <see cref="ApiKeyCache.Lifetime"/> ago). Used by the API's key header and by the pages' sign-in.
/// </summary>
public sealed partial class ApiKeyVerifier(SonaeDbContext db, ApiKeyCache cache, TimeProvider clock, ILogger<ApiKeyVerifier> logger)
{
    /// <returns>The caller, or null for an unknown or revoked key.</returns>
    public async Task<ClaimsPrincipal?> Verify(string key, string scheme, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(key.Trim());
        var now = clock.GetUtcNow();
        if (cache.TryGet(hash, now, out var cached))
            return scheme == ApiKeyAuthenticationHandler.SchemeName ? cached : Reissue(cached, scheme);
        var apiKey = await db.ApiKeys.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
        if (apiKey is null)
        {
            LogUnknown(logger, ApiKeySecrets.Display(key.Trim()));
            return null;
        }
        if (apiKey.RevokedAt <= now)
        {
            LogRevoked(logger, apiKey.Id);
            return null;
        }
        var actorId = Caller.KeyPrefix + apiKey.Id.ToString("N");
        var roles = apiKey.RoleSet();
        var incidents = Core.Access.Permissions.SeesEveryIncident(new Core.Access.Actor(actorId, apiKey.Name, roles)) ? null : await db.InvitedIncidents(apiKey.OrganizationId, actorId).ToListAsync(cancellationToken);
        var principal = Caller.Principal(ApiKeyAuthenticationHandler.SchemeName, apiKey.OrganizationId, actorId, apiKey.Name, roles, apiKey.ReportOnly, incidents);
        cache.Add(hash, principal, now);
        return scheme == ApiKeyAuthenticationHandler.SchemeName ? principal : Reissue(principal, scheme);
    }

    /// <summary>
    /// For a vendor's session, the same claims with the incidents they are invited to now, when these changed since
    /// the session began; null when nothing changed (or the session is not a vendor's). At most every 30 seconds.
    /// </summary>
    public async Task<ClaimsPrincipal?> CurrentInvitations(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var caller = Caller.From(principal);
        if (caller.VisibleIncidents is not { } visible)
            return null;
        var now = clock.GetUtcNow();
        var cacheKey = caller.Actor.Id + "#invitations@" + caller.OrganizationId.ToString("N");
        if (cache.TryGetActive(cacheKey, now, out _))
            return null;
        var current = await db.InvitedIncidents(caller.OrganizationId, caller.Actor.Id).ToListAsync(cancellationToken);
        cache.SetActive(cacheKey, true, now);
        if (current.ToHashSet().SetEquals(visible))
            return null;
        var claims = principal.Claims.Where(c => c.Type != Caller.IncidentClaim)
            .Concat(current.Select(i => new Claim(Caller.IncidentClaim, i.ToString("D"))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, principal.Identity?.AuthenticationType));
    }

    /// <summary>
    /// Whether what a signed-in page session came from still holds: its key is not revoked, or its account still
    /// belongs to the organization with the same security stamp (a reset, a removal or a change of roles changes
    /// it). Checked on every page request and every minute on a live page, at most every 30 seconds each.
    /// </summary>
    public async Task<bool> IsActive(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var actor = principal.FindFirstValue(Caller.ActorClaim);
        var now = clock.GetUtcNow();
        if (Caller.AccountId(principal) is { } accountId)
        {
            var organization = Guid.Parse(principal.FindFirstValue(Caller.OrganizationClaim)!);
            var stamp = principal.FindFirstValue(Caller.StampClaim);
            // Per stamp: a session begun before a reset must not ride on the answer cached for one begun after it.
            var cacheKey = actor + "@" + organization.ToString("N") + "#" + stamp;
            if (cache.TryGetActive(cacheKey, now, out var current))
                return current;
            var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
                .Select(a => new { a.SecurityStamp, a.LockoutEnd }).SingleOrDefaultAsync(cancellationToken);
            current = account is not null && account.SecurityStamp == stamp && !(account.LockoutEnd > now)
                && await db.Memberships.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AnyAsync(m => m.AccountId == accountId && m.OrganizationId == organization, cancellationToken);
            cache.SetActive(cacheKey, current, now);
            return current;
        }
        if (actor is null || !actor.StartsWith(Caller.KeyPrefix, StringComparison.Ordinal) || !Guid.TryParseExact(actor[Caller.KeyPrefix.Length..], "N", out var keyId))
            return false;
        if (cache.TryGetActive(actor, now, out var active))
            return active;
        var key = await db.ApiKeys.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(k => k.Id == keyId).Select(k => new { k.RevokedAt }).SingleOrDefaultAsync(cancellationToken);
        active = key is not null && !(key.RevokedAt <= now);
        cache.SetActive(actor, active, now);
        return active;
    }

    private static ClaimsPrincipal Reissue(ClaimsPrincipal principal, string scheme) =>
        new(new ClaimsIdentity(principal.Claims, scheme));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown API key rejected (it starts {Prefix})")]
    private static partial void LogUnknown(ILogger logger, string prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoked API key {KeyId} rejected")]
    private static partial void LogRevoked(ILogger logger, Guid keyId);
}

/// <summary>
/// Keys recently accepted, by hash, so that a busy hour does not query the database on every request. An entry
/// lives <see cref="Lifetime"/> at most: a key revoked in the database stops working within that time.
/// </summary>
public sealed class ApiKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 10_000;

    private readonly Expiring<ClaimsPrincipal> _entries = new();
    private readonly Expiring<bool> _active = new();

    /// <param name="session">The actor id of a key, or an account's actor id and organization.</param>
    public bool TryGetActive(string session, DateTimeOffset now, out bool active) => _active.TryGet(session, now, out active);

    public void SetActive(string session, bool active, DateTimeOffset now) => _active.Set(session, active, now);

    /// <summary>Forgets what is cached of an actor (a key's new invitation shows at once instead of within 30 seconds).</summary>
    public void ForgetActor(string actorId)
    {
        ForgetHere(ActorKind, actorId);
        Forgotten?.Invoke(ActorKind, actorId);
    }

    public void Forget(string hash)
    {
        ForgetHere(HashKind, hash);
        Forgotten?.Invoke(HashKind, hash);
    }

    /// <summary>Something forgotten on this server, for the other servers (<see cref="Cluster.ClusterSignals"/>): the kind and the value.</summary>
    public event Action<string, string>? Forgotten;

    private const string ActorKind = "a";
    private const string HashKind = "h";

    /// <summary>Forgets an actor (kind <c>a</c>) or a key's hash (kind <c>h</c>) on this server only: one another server forgot.</summary>
    public void ForgetHere(string kind, string value)
    {
        if (string.Equals(kind, HashKind, StringComparison.Ordinal))
        {
            _entries.Remove(value);
            return;
        }
        var actorId = value;
        _entries.RemoveWhere((_, principal) => principal.FindFirstValue(Caller.ActorClaim) == actorId);
        _active.RemoveWhere((session, _) => session.StartsWith(actorId, StringComparison.Ordinal));
    }

    public bool TryGet(string hash, DateTimeOffset now, [NotNullWhen(true)] out ClaimsPrincipal? principal) =>
        _entries.TryGet(hash, now, out principal);

    public void Add(string hash, ClaimsPrincipal principal, DateTimeOffset now) => _entries.Set(hash, principal, now);

    /// <summary>Values by key, each for <see cref="Lifetime"/>; emptied whole when full, so memory stays bounded.</summary>
    private sealed class Expiring<T>
    {
        private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

        public bool TryGet(string key, DateTimeOffset now, [MaybeNullWhen(false)] out T value)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
            {
                value = entry.Value;
                return true;
            }
            value = default;
            return false;
        }

        public void Set(string key, T value, DateTimeOffset now)
        {
            if (_entries.Count >= MaxEntries)
                _entries.Clear();
            _entries[key] = (value, now + Lifetime);
        }

        public void Remove(string key) => _entries.TryRemove(key, out _);

        public void RemoveWhere(Func<string, T, bool> match)
        {
            foreach (var (key, entry) in _entries)
            {
                if (match(key, entry.Value))
                    _entries.TryRemove(key, out _);
            }
        }
    }
}
