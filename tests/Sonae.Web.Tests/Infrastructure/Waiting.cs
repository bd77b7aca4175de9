using System.Diagnostics;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>Polling for something another process or thread brings about (a notification heard, a lease passed on).</summary>
public static class Waiting
{
    /// <summary>Asks <paramref name="condition"/> every <paramref name="every"/> until it holds (true) or <paramref name="patience"/> has passed (false).</summary>
    public static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan patience, TimeSpan every)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > patience)
                return false;
            await Task.Delay(every);
        }
        return true;
    }

    /// <inheritdoc cref="Until(Func{Task{bool}}, TimeSpan, TimeSpan)"/>
    public static Task<bool> Until(Func<bool> condition, TimeSpan patience, TimeSpan every) =>
        Until(() => Task.FromResult(condition()), patience, every);
}
