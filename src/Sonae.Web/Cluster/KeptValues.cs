using System.Text.Json;
using Sonae.Data;
using Sonae.Data.Cluster;

namespace Sonae.Web.Cluster;

/// <summary>
/// Values a page keeps for a few minutes between a refused post and the page it redirects to, in the database
/// (<see cref="KeptValueRow"/>) so that the redirect may land on another server. Each is kept under a kind (which
/// page's), the organization and a fresh id the redirect carries: one hospital never reads another's, and an id
/// guessed from one page's address reads nothing of another's.
/// </summary>
public sealed class KeptValues(SonaeDbContext db, TimeProvider clock)
{
    /// <summary>How long a kept value is read.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    /// <summary>Keeps a value for <see cref="KeptFor"/>; gives the id to read it back with (32 hexadecimal digits).</summary>
    public async Task<string> KeepAsync<T>(string kind, Guid organizationId, T value, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        await SharedStateCommands.KeepAsync(db, Key(kind, organizationId, id), JsonSerializer.Serialize(value), (clock.GetUtcNow() + KeptFor).ToUnixTimeMilliseconds(), cancellationToken);
        return id;
    }

    /// <summary>The value kept under an id, or default when there is none, it expired, or it no longer reads as a <typeparamref name="T"/>.</summary>
    public async Task<T?> KeptAsync<T>(string kind, Guid organizationId, string id, CancellationToken cancellationToken)
    {
        if (await SharedStateCommands.KeptAsync(db, Key(kind, organizationId, id), clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken) is not { } json)
            return default;
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            // Kept by another version of Sonae during an upgrade: the page shows the form empty, as after ten minutes.
            return default;
        }
    }

    /// <summary>The row's key (<see cref="KeptValueRow.Key"/>): <c>KIND:ORGANIZATION:ID</c>.</summary>
    public static string Key(string kind, Guid organizationId, string id) => $"{kind}:{organizationId:N}:{id}";
}
