using Microsoft.Extensions.Options;
using Sonae.Web.Cluster;
using Sonae.Web.Hosting;

namespace Sonae.Web.Access;

/// <summary>
/// Slows down guessing keys: after <see cref="LimitOptions.FailedSignInsPerMinute"/> wrong keys from one address
/// within a minute, that address may not try again until the minute is over. Right keys never count, so a ward
/// whose terminals share an address signs in as often as it needs. Counted in the database (<see cref="Throttles"/>):
/// wrong keys on every server add up.
/// </summary>
public sealed class SignInThrottle(IOptions<LimitOptions> limits, Throttles throttles)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>How long the address (or alert sender: <c>sign-in:alerts:ADDRESS</c>) must wait, or null when it may try.</summary>
    public async Task<TimeSpan?> WaitAsync(string address, CancellationToken cancellationToken) =>
        await throttles.CountAsync(Key(address), Window, cancellationToken) is { } counted && counted.Count >= limits.Value.FailedSignInsPerMinute
            ? counted.Left
            : null;

    /// <summary>Counts a wrong key; an address already made to wait is not counted again (a read, not a write per guess).</summary>
    public async Task FailedAsync(string address, CancellationToken cancellationToken)
    {
        if (await WaitAsync(address, cancellationToken) is null)
            await throttles.HitAsync(Key(address), Window, cancellationToken);
    }

    private static string Key(string address) => "sign-in:" + address;
}
