using Sonae.Core.Preparedness;

namespace Sonae.Core.Threats;

/// <summary>What an advisory is matched against.</summary>
public enum TargetKind
{
    /// <summary>An external line's appliance (the VPN or remote-maintenance box): how attackers came in. Matched first, flagged loudest.</summary>
    Line,

    /// <summary>An asset of the inventory.</summary>
    Asset,
}

/// <summary>How sure a match is.</summary>
public enum MatchKind
{
    /// <summary>The CPE names agree on vendor and product (and version, where both give one).</summary>
    Cpe,

    /// <summary>The maker and a product name agree once normalised.</summary>
    Exact,

    /// <summary>The maker agrees and the product only partly (a shared word): a person confirms or dismisses.</summary>
    SimilarProduct,

    /// <summary>
    /// The product agrees but the maker does not: often the reseller's name was written as the maker (a FortiGate
    /// bought from a Japanese integrator), sometimes another product of the same name. A person confirms or dismisses.
    /// </summary>
    OtherMaker,
}

/// <summary>
/// One thing of the hospital an advisory can be about: an external line with its appliance, or an asset, with the
/// names and the version matching compares.
/// </summary>
/// <param name="Kind">A line's appliance or an asset.</param>
/// <param name="Id">The line's or the asset's id.</param>
/// <param name="Name">Its name, as the hospital calls it.</param>
/// <param name="Maker">The maker.</param>
/// <param name="Products">The names it goes by: model, product, operating system (FortiGate 60E, FortiOS).</param>
/// <param name="Version">The firmware or OS version.</param>
/// <param name="Cpe">Its CPE name.</param>
/// <param name="Device">For a line, the asset (by id) that terminates it.</param>
/// <param name="Os">Which of <paramref name="Products"/> is its operating system, made by the OS's maker rather than <paramref name="Maker"/>.</param>
public sealed record MatchTarget(TargetKind Kind, string Id, string Name, string? Maker, IReadOnlyList<string> Products, string? Version, string? Cpe, string? Device = null, string? Os = null)
{
    /// <summary>
    /// What advisories are matched against in <paramref name="record"/>: each external line, its appliance described
    /// by the line (maker, model, firmware, CPE) and, where the line leaves it out, by the asset that terminates it;
    /// then every other asset.
    /// </summary>
    public static IReadOnlyList<MatchTarget> From(PreparednessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var targets = new List<MatchTarget>();
        var onLines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in record.Network.Lines)
        {
            var appliance = Appliance.Of(line, record.Inventory);
            var device = appliance.Device;
            if (device is not null)
                onLines.Add(device.Id);
            targets.Add(new(TargetKind.Line, line.Id, line.Name, appliance.Maker,
                Distinct(line.Model, device?.Product, device?.Os), appliance.Firmware, appliance.Cpe, device?.Id, Blank(device?.Os)));
        }
        foreach (var asset in record.Inventory.Assets.Where(a => !onLines.Contains(a.Id)))
            targets.Add(new(TargetKind.Asset, asset.Id, asset.Name, Blank(asset.Maker), Distinct(asset.Product, asset.Os), Blank(asset.OsVersion), Blank(asset.Cpe), Os: Blank(asset.Os)));
        return targets;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static IReadOnlyList<string> Distinct(params string?[] names) =>
        [.. names.Select(Blank).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>An advisory's product found in the hospital.</summary>
/// <param name="Target">What it was found in.</param>
/// <param name="Product">Which of the advisory's products.</param>
/// <param name="Kind">How sure.</param>
/// <param name="Matched">The target's name that matched (its model, product or OS).</param>
/// <param name="VersionAffected">Whether the target's version is among the affected ones; null when unknown.</param>
/// <param name="OsMaker">When it matched on the target's operating system, a known one (<see cref="OperatingSystems"/>): the OS's maker.</param>
/// <param name="Scope">The advisory's id when a decision on this match must be for this advisory alone (a match on a known OS).</param>
public sealed record ThreatMatch(MatchTarget Target, AdvisoryProduct Product, MatchKind Kind, string Matched, bool? VersionAffected, string? OsMaker = null, string? Scope = null)
{
    /// <summary>The maker of what matched: the OS's maker for a known OS, else the target's.</summary>
    public string? Maker => OsMaker ?? Target.Maker;

    /// <summary>Whether a person must confirm or dismiss it before it counts.</summary>
    public bool Fuzzy => Kind is MatchKind.SimilarProduct or MatchKind.OtherMaker;

    /// <summary>
    /// The pair a confirm or dismiss decision is remembered by: the advisory's maker and product, the maker of what
    /// matched and its name, each normalised. The next advisory about the same product meets the decision and is not
    /// asked again — except on a known operating system, whose pair ends with the advisory's id: Windows has a new
    /// exploited flaw every month, and one "not ours" must not hide the next from the officer.
    /// </summary>
    public string Pair => string.Join('|', VendorKey(Product), Names.Key(Product.Product), Names.Key(Maker), Names.Key(Matched))
        + (Scope is null ? "" : "|" + Scope);

    /// <summary>
    /// The advisory's maker as a pair names it: the CPE's vendor where the advisory gives a CPE (JVN writes
    /// 「フォーティネット」 and <c>cpe:/o:fortinet:…</c>), else the maker's name, so that KEV's and JVN's advisories
    /// about one product meet the same decision.
    /// </summary>
    public static string VendorKey(AdvisoryProduct product) =>
        Cpe.TryParse(product?.Cpe) is { } cpe ? Names.Key(cpe.Vendor) : Names.Key(product?.Vendor);

    /// <summary>The order the officer reads matches in: lines before assets, certain before fuzzy.</summary>
    public int Rank => (Target.Kind == TargetKind.Line ? 0 : 2) + (Fuzzy ? 1 : 0);
}

/// <summary>
/// Finds an advisory's products in the hospital's lines and assets.
/// <list type="bullet">
/// <item>By CPE, where both sides have one: vendor and product equal; when both give a version, it must be equal too.</item>
/// <item>By name: the maker's name and one of the target's names (model, product, OS) equal once normalised
/// (<see cref="Names"/>): exact. An advisory's product that names several (<c>FortiOS and FortiProxy</c>) is each of
/// them. An operating system of a known family (<see cref="OperatingSystems"/>) is its own maker's, whatever the
/// hardware's maker.</item>
/// <item>Fuzzy, for a person to confirm or dismiss: the maker equal and the product sharing a word that tells
/// products apart (<c>FortiOS and FortiProxy</c> against <c>FortiOS</c>), or every such word of the advisory's
/// product in one of the target's names under another maker's name (<c>FortiOS</c> against 「FortiOS 相当」 of a
/// reseller).</item>
/// </list>
/// Where the advisory lists affected versions and the target has a version, a target outside the list is no match.
/// A remembered decision on the same pair (<see cref="ThreatMatch.Pair"/>) settles a fuzzy match: a dismissed pair
/// is left out, a confirmed one counts as certain.
/// </summary>
public static class ThreatMatching
{
    /// <summary>The matches of <paramref name="advisory"/> among <paramref name="targets"/>, in reading order, one per target.</summary>
    /// <param name="advisory">The advisory.</param>
    /// <param name="targets">The hospital's lines and assets (<see cref="MatchTarget.From"/>).</param>
    /// <param name="decisions">Remembered decisions by pair: true confirmed, false dismissed.</param>
    public static IReadOnlyList<ThreatMatch> Match(Advisory advisory, IReadOnlyList<MatchTarget> targets, IReadOnlyDictionary<string, bool>? decisions = null)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        ArgumentNullException.ThrowIfNull(targets);
        var matches = new List<ThreatMatch>();
        foreach (var target in targets)
        {
            var best = advisory.Products.Select(p => One(advisory, p, target)).OfType<ThreatMatch>().OrderBy(m => m.Kind).FirstOrDefault();
            if (best is null)
                continue;
            if (best.Fuzzy && decisions?.TryGetValue(best.Pair, out var confirmed) == true)
            {
                if (!confirmed)
                    continue;
            }
            matches.Add(best);
        }
        return [.. matches.OrderBy(m => m.Rank)];
    }

    private static ThreatMatch? One(Advisory advisory, AdvisoryProduct product, MatchTarget target)
    {
        var affected = AffectedVersions.Includes(advisory.AffectedVersions, target.Version);
        if (affected == false)
            return null;
        if (Cpe.TryParse(product.Cpe) is { } advised && Cpe.TryParse(target.Cpe) is { } ours && advised.SameProduct(ours))
        {
            if (advised.Version is { } v && ours.Version is { } w && !string.Equals(v, w, StringComparison.OrdinalIgnoreCase))
                return null;
            return new(target, product, MatchKind.Cpe, target.Cpe!, affected ?? (advised.Version is not null && ours.Version is not null ? true : null));
        }
        // The maker is the same when any of its names agree: the advisory's name or CPE vendor, ours or our CPE's;
        // for our operating system, its own maker's (Microsoft's Windows on a Dell server).
        var theirMakers = new[] { product.Vendor, Cpe.TryParse(product.Cpe)?.Vendor }.Select(Names.Key).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        var ourMakers = new[] { target.Maker, Cpe.TryParse(target.Cpe)?.Vendor }.Select(Names.Key).Where(k => k.Length > 0).ToList();
        var osMakers = OperatingSystems.MakersOf(target.Os, target.Maker);
        bool OnOs(string name) => osMakers.Count > 0 && string.Equals(name, target.Os, StringComparison.OrdinalIgnoreCase);
        bool SameMaker(string name) => (OnOs(name) ? osMakers.Select(Names.Key) : ourMakers).Any(theirMakers.Contains);
        ThreatMatch Found(MatchKind kind, string name) =>
            OnOs(name) ? new(target, product, kind, name, affected, osMakers[0], advisory.Id) : new(target, product, kind, name, affected);
        var wanted = Names.Key(product.Product);
        var words = Names.Significant(product.Product);
        if (wanted.Length == 0)
            return null;
        // "FortiOS and FortiProxy", "Exchange Server, SharePoint": each product named is one the advisory is about.
        var alternatives = Alternatives(product.Product).Select(Names.Key).Where(k => k.Length > 0).Append(wanted).ToHashSet(StringComparer.Ordinal);
        foreach (var name in target.Products)
        {
            if (SameMaker(name) && alternatives.Contains(Names.Key(name)))
                return Found(MatchKind.Exact, name);
        }
        foreach (var name in target.Products)
        {
            var theirs = Names.Significant(name);
            var sameMaker = SameMaker(name);
            if (sameMaker && words.Any(w => w.Length >= 3 && theirs.Contains(w)))
                return Found(MatchKind.SimilarProduct, name);
            // A known OS's maker is known, not a reseller's guess: another maker's product of its name is not it.
            if (!sameMaker && !OnOs(name) && words.Count > 0 && wanted.Length >= 4 && words.All(theirs.Contains))
                return Found(MatchKind.OtherMaker, name);
        }
        return null;
    }

    /// <summary>The products an advisory's product names, split at " and ", commas, 「、」 and slashes.</summary>
    public static IReadOnlyList<string> Alternatives(string? product) =>
        string.IsNullOrWhiteSpace(product)
            ? []
            : product.Normalize(System.Text.NormalizationForm.FormKC)
                .Split([" and ", ",", "、", "/", " & "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
