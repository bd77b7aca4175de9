using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sonae.Web.Documents;

/// <summary>
/// The copy of the phone binder (<c>/binder/offline</c>) that a browser keeps for its signed-in security officer or
/// manager (wwwroot/sw.js). The page names whose copy it is in <see cref="Header"/>, and every page of a person who may
/// keep it names the same on its script tag: the service worker keeps one copy under that name and drops any other, so
/// that another person's or another hospital's binder never stays on the phone. The name is a hash, never an id.
/// </summary>
public static class PhoneBinderCopy
{
    /// <summary>The phone binder's address; also the manifest's <c>start_url</c>, so the installed app opens on it.</summary>
    public const string Path = "/binder/offline";

    /// <summary>The response header that marks the one page the service worker may keep, and whose copy it is.</summary>
    public const string Header = "X-Sonae-Keeper";

    /// <summary>Whose copy: the first 16 bytes of SHA-256 over the hospital and the person, as lower-case hex.</summary>
    public static string Keeper(Guid organizationId, string actorId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{organizationId:N}/{actorId}"))).AsSpan(0, 16));

    /// <summary>The keeper of the signed-in <paramref name="user"/>, or null when they may not keep the binder (or only report).</summary>
    public static string? KeeperOf(System.Security.Claims.ClaimsPrincipal user)
    {
        if (!Access.Caller.May(user, Core.Access.Operation.KeepBinderOffline))
            return null;
        var caller = Access.Caller.From(user);
        return Keeper(caller.OrganizationId, caller.Actor.Id);
    }
}
