using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Sonae.Web.Hosting;

namespace Sonae.Web.Access;

/// <summary>
/// Slows down guessing keys: after <see cref="LimitOptions.FailedSignInsPerMinute"/> wrong keys from one address
/// within a minute, that address may not try again until the minute is over. Right keys never count, so a ward
/// whose terminals share an address signs in as often as it needs. Per server, in memory.
/// </summary>
public sealed class SignInThrottle(IOptions<LimitOptions> limits, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Since, int Failures)> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? Wait(string address)
    {
        if (!_failures.TryGetValue(address, out var entry))
            return null;
        var left = entry.Since + TimeSpan.FromMinutes(1) - clock.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _failures.TryRemove(address, out _);
            return null;
        }
        return entry.Failures >= limits.Value.FailedSignInsPerMinute ? left : null;
    }

    public void Failed(string address)
    {
        var now = clock.GetUtcNow();
        _failures.AddOrUpdate(address, _ => (now, 1), (_, entry) => now - entry.Since >= TimeSpan.FromMinutes(1) ? (now, 1) : (entry.Since, entry.Failures + 1));
        if (_failures.Count > 100_000)
            _failures.Clear();
    }
}
