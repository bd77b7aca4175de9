using Sonae.Core.Playbooks;

namespace Sonae.Core.Threats;

/// <summary>Where an advisory came from.</summary>
public enum AdvisorySource
{
    /// <summary>CISA's Known Exploited Vulnerabilities catalogue: flaws attackers are already using.</summary>
    Kev,

    /// <summary>JVN iPedia (JVNRSS / MyJVN), Japan's vulnerability database.</summary>
    Jvn,

    /// <summary>An alert of the Ministry of Health, Labour and Welfare (厚生労働省), entered by hand.</summary>
    Mhlw,

    /// <summary>An alert of NISC (内閣サイバーセキュリティセンター), entered by hand.</summary>
    Nisc,

    /// <summary>Anything else the security officer entered by hand (a vendor's own notice).</summary>
    Manual,
}

/// <summary>The sources' wire names (<c>kev</c>, <c>jvn</c>, <c>mhlw</c>, <c>nisc</c>, <c>manual</c>) and their names for people.</summary>
public static class AdvisorySources
{
    /// <summary>The sources a person may enter by hand.</summary>
    public static IReadOnlyList<AdvisorySource> ByHand { get; } = [AdvisorySource.Mhlw, AdvisorySource.Nisc, AdvisorySource.Jvn, AdvisorySource.Kev, AdvisorySource.Manual];

    /// <summary>The wire name.</summary>
    public static string Id(this AdvisorySource source) => source.ToString().ToLowerInvariant();

    /// <summary>The source from its wire name.</summary>
    public static bool TryParse(string? text, out AdvisorySource source)
    {
        source = default;
        var wanted = text?.Trim().ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<AdvisorySource>())
        {
            if (candidate.Id() != wanted)
                continue;
            source = candidate;
            return true;
        }
        return false;
    }

    /// <summary>The source's name in both languages.</summary>
    public static LocalizedText Name(this AdvisorySource source) => Bilingual.Format(ThreatTexts.ResourceManager, $"Source{source}");
}

/// <summary>A product an advisory is about.</summary>
/// <param name="Vendor">The maker as the advisory names it (<c>Fortinet</c>, <c>株式会社コレガ</c>).</param>
/// <param name="Product">The product as the advisory names it (<c>FortiOS</c>).</param>
/// <param name="Cpe">Its CPE name when the advisory gives one (2.2 <c>cpe:/o:fortinet:fortios</c> or 2.3).</param>
public sealed record AdvisoryProduct(string Vendor, string Product, string? Cpe = null);

/// <summary>
/// One advisory: a flaw in named products that the hospital must check its own appliances and systems for. Kept
/// per organization, unique by <see cref="Source"/> and <see cref="Id"/>, so importing the same catalogue again
/// updates it rather than adding it twice.
/// </summary>
/// <param name="Source">Where it came from.</param>
/// <param name="Id">The source's id: the CVE for KEV, the JVNDB id for JVN, the alert's own number by hand.</param>
/// <param name="Title">What it is called.</param>
/// <param name="Products">The products it is about.</param>
/// <param name="AffectedVersions">Which versions are affected, when the advisory says (<c>&lt; 6.0.5</c>, <c>6.0.0-6.0.4, 5.6.*</c>); see <see cref="AffectedVersions"/>.</param>
/// <param name="Published">When it was published, or added to the catalogue.</param>
/// <param name="DueDate">The date CISA requires the fix by (federal agencies'; a useful deadline for the hospital too).</param>
/// <param name="RequiredAction">What CISA requires be done.</param>
/// <param name="KnownRansomware">Whether a ransomware campaign is known to have used it.</param>
/// <param name="Link">Where to read it.</param>
/// <param name="Description">Its summary.</param>
/// <param name="Cves">The CVE ids it is about, when it names them apart from its id (JVN's <c>sec:references</c>).</param>
public sealed record Advisory(
    AdvisorySource Source,
    string Id,
    string Title,
    IReadOnlyList<AdvisoryProduct> Products,
    string? AffectedVersions = null,
    DateOnly? Published = null,
    DateOnly? DueDate = null,
    string? RequiredAction = null,
    bool KnownRansomware = false,
    string? Link = null,
    string? Description = null,
    IReadOnlyList<string>? Cves = null)
{
    /// <summary>
    /// Every CVE id it is about: its own id when that is one (KEV's), and those it names. KEV's and JVN's entries
    /// about one CVE are one flaw to the officer: a line already tasked with it is not tasked again.
    /// </summary>
    public IReadOnlyList<string> CveIds =>
        [.. (Cves ?? []).Prepend(Id).Select(c => c.Trim().ToUpperInvariant()).Where(IsCve).Distinct(StringComparer.Ordinal)];

    /// <summary>Whether the text is a CVE id (<c>CVE-2018-13379</c>).</summary>
    public static bool IsCve(string? text) =>
        text is { Length: >= 13 } t && t.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase)
        && t[4..8].All(char.IsAsciiDigit) && t[8] == '-' && t[9..].All(char.IsAsciiDigit);
}

/// <summary>A problem of an advisory file, at a line (0 when the file as a whole is the problem).</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Text">What is wrong, in both languages.</param>
public sealed record AdvisoryProblem(int Line, LocalizedText Text)
{
    internal static AdvisoryProblem At(int line, string key, params object?[] args) =>
        new(line, Bilingual.Format(ThreatTexts.ResourceManager, key, [line, .. args]));
}

/// <summary>What reading an advisory file gave: the advisories read, the problems met, and the file's own version (KEV's <c>catalogVersion</c>).</summary>
public sealed record AdvisoryFile(IReadOnlyList<Advisory> Advisories, IReadOnlyList<AdvisoryProblem> Problems, string? Version);
