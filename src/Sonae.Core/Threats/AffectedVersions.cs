namespace Sonae.Core.Threats;

/// <summary>
/// Which versions an advisory says are affected, as a person writes them from the vendor's notice: a list separated
/// by commas or 「、」 of single versions (<c>6.0.4</c>), ranges (<c>6.0.0-6.0.4</c>, both ends included), upper bounds
/// (<c>&lt; 6.0.5</c>, <c>&lt;= 6.0.4</c>) and branches (<c>5.6.*</c>). Versions compare number by number
/// (<c>6.0.10</c> is after <c>6.0.9</c>); a part that is not a number compares as text.
/// </summary>
public static class AffectedVersions
{
    /// <summary>
    /// Whether <paramref name="version"/> is affected: true or false when the list says, null when the advisory
    /// gives no versions or the list cannot be read (then the match stands and a person checks).
    /// </summary>
    public static bool? Includes(string? affected, string? version)
    {
        if (string.IsNullOrWhiteSpace(affected) || string.IsNullOrWhiteSpace(version))
            return null;
        var ours = Parts(version);
        var understood = false;
        foreach (var raw in affected.Split([',', '、', ';', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var entry = raw.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
            bool? hit = entry switch
            {
                _ when entry.StartsWith("<=", StringComparison.Ordinal) => Compare(ours, Parts(entry[2..])) <= 0,
                _ when entry.StartsWith('<') => Compare(ours, Parts(entry[1..])) < 0,
                _ when entry.EndsWith(".*", StringComparison.Ordinal) || entry.EndsWith(".x", StringComparison.OrdinalIgnoreCase) =>
                    StartsWith(ours, Parts(entry[..^2])),
                _ when entry.IndexOf('-', 1) is > 0 and var dash => Compare(ours, Parts(entry[..dash])) >= 0 && Compare(ours, Parts(entry[(dash + 1)..])) <= 0,
                _ when entry.Length > 0 && char.IsDigit(entry[0]) || entry.StartsWith('v') => Compare(ours, Parts(entry)) == 0,
                _ => null,
            };
            if (hit is null)
                continue;
            understood = true;
            if (hit.Value)
                return true;
        }
        return understood ? false : null;
    }

    private static string[] Parts(string version) =>
        version.Trim().TrimStart('v', 'V').Split(['.', '-', '_', ' '], StringSplitOptions.RemoveEmptyEntries);

    private static bool StartsWith(string[] version, string[] branch) =>
        branch.Length <= version.Length && branch.Select((part, i) => ComparePart(version[i], part) == 0).All(same => same);

    private static int Compare(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var order = ComparePart(i < a.Length ? a[i] : "0", i < b.Length ? b[i] : "0");
            if (order != 0)
                return order;
        }
        return 0;
    }

    private static int ComparePart(string a, string b) =>
        long.TryParse(a, out var x) && long.TryParse(b, out var y) ? x.CompareTo(y) : string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
}
