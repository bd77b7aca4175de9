using System.Security.Claims;
using Sonae.Data;
using Sonae.Web.Access;

namespace Sonae.Web.Hosting;

/// <summary>
/// Services inside the caller's organization for code that outlives a request: an interactive page keeps its
/// circuit for as long as it is open, so it opens a short scope (and a fresh DbContext) for each load or command
/// instead of holding one for hours.
/// </summary>
public sealed class OrganizationServices(IServiceScopeFactory scopes)
{
    public AsyncServiceScope Open(ClaimsPrincipal user)
    {
        var scope = scopes.CreateAsyncScope();
        var caller = Caller.From(user);
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(caller.OrganizationId, caller.VisibleIncidents);
        return scope;
    }
}
