using System.Text;
using System.Text.RegularExpressions;

namespace Sonae.Core.Threats;

/// <summary>
/// Which versions an advisory says are affected, as a person writes them from the vendor's notice: a list separated
/// by commas or 「、」 of single versions (<c>6.0.4</c>), ranges (<c>6.0.0-6.0.4</c>, both ends included), upper bounds
/// (<c>&lt; 6.0.5</c>, <c>&lt;= 6.0.4</c>) and branches (<c>5.6.*</c>). A version is its first run of numbers joined
/// by dots, whatever words stand around it (<c>6.0.4 build0231</c> is 6.0.4, YAMAHA's <c>Rev.15.02.23</c> is
/// 15.02.23), and versions compare number by number (<c>6.0.10</c> is after <c>6.0.9</c>). A version without a
/// number cannot be compared: the answer is "unknown", and the match stands for a person to check.
/// </summary>
public static partial class AffectedVersions
{
    /// <summary>
    /// Whether <paramref name="version"/> is affected: true or false when the list says, null when the advisory
    /// gives no versions, our version has no number or the list cannot be read (then the match stands and a person checks).
    /// </summary>
    public static bool? Includes(string? affected, string? version)
    {
        if (string.IsNullOrWhiteSpace(affected) || string.IsNullOrWhiteSpace(version) || Parts(version) is not { } ours)
            return null;
        var understood = false;
        foreach (var raw in affected.Split([',', '、', ';', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var entry = raw.Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
            bool? hit = entry switch
            {
                _ when entry.StartsWith("<=", StringComparison.Ordinal) => Is(Compare(ours, Parts(entry[2..])), o => o <= 0),
                _ when entry.StartsWith('<') => Is(Compare(ours, Parts(entry[1..])), o => o < 0),
                _ when entry.EndsWith(".*", StringComparison.Ordinal) || entry.EndsWith(".x", StringComparison.OrdinalIgnoreCase) =>
                    StartsWith(ours, Parts(entry[..^2])),
                _ when entry.IndexOf('-', 1) is > 0 and var dash =>
                    Compare(ours, Parts(entry[..dash])) is { } from && Compare(ours, Parts(entry[(dash + 1)..])) is { } to ? from >= 0 && to <= 0 : null,
                _ => Is(Compare(ours, Parts(entry)), o => o == 0),
            };
            if (hit is null)
                continue;
            understood = true;
            if (hit.Value)
                return true;
        }
        return understood ? false : null;
    }

    /// <summary>The version's first run of numbers joined by dots (a lone number too); null when it has no number.</summary>
    private static long[]? Parts(string version)
    {
        var run = Numbers().Match(version.Normalize(NormalizationForm.FormKC));
        return run.Success ? [.. run.Value.Split('.').Select(p => long.TryParse(p, out var n) ? n : long.MaxValue)] : null;
    }

    private static bool? StartsWith(long[] version, long[]? branch) =>
        branch is null ? null : branch.Length <= version.Length && branch.Select((part, i) => version[i] == part).All(same => same);

    private static bool? Is(int? order, Func<int, bool> test) => order is { } o ? test(o) : null;

    /// <summary>The order of two versions, a missing part counting as 0; null when the other has no number (a comparison with null is null).</summary>
    private static int? Compare(long[] a, long[]? b)
    {
        if (b is null)
            return null;
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var order = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (order != 0)
                return order;
        }
        return 0;
    }

    [GeneratedRegex(@"\d+(?:\.\d+)*")]
    private static partial Regex Numbers();
}
