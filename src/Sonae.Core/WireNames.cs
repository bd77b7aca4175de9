namespace Sonae.Core;

/// <summary>Reads the fixed names a set of values is written as (role ids, event types), exactly as written.</summary>
internal static class WireNames
{
    /// <summary>The value of <paramref name="all"/> whose name is <paramref name="text"/>; false when none is.</summary>
    public static bool TryParse<T>(IEnumerable<T> all, Func<T, string> name, string? text, out T value)
        where T : struct
    {
        foreach (var candidate in all)
        {
            if (string.Equals(name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
