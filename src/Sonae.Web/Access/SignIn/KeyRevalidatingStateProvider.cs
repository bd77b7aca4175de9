using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Sonae.Web.Access;

/// <summary>
/// Keeps a live page honest: every minute it checks that the key or account its session came from still works, and
/// for a vendor that the incidents it may see are still those the page began with; otherwise the page is signed out
/// (a reload opens a session with what holds now).
/// </summary>
public sealed class KeyRevalidatingStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var verifier = scope.ServiceProvider.GetRequiredService<ApiKeyVerifier>();
        return await verifier.IsActive(authenticationState.User, cancellationToken)
            && await verifier.CurrentInvitations(authenticationState.User, cancellationToken) is null;
    }
}
