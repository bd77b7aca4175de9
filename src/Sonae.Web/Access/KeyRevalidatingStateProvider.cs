using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Sonae.Web.Access;

/// <summary>
/// Keeps a live page honest: every minute it checks that the key its session came from still works, and signs the
/// page out when it was revoked.
/// </summary>
public sealed class KeyRevalidatingStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiKeyVerifier>().IsActive(authenticationState.User, cancellationToken);
    }
}
