namespace Sonae.Core.Threats;

/// <summary>
/// The part of a CPE name that matching uses: vendor, product and version, from the 2.2 URI form
/// (<c>cpe:/o:fortinet:fortios:6.0.4</c>, as JVN gives it) or the 2.3 formatted string
/// (<c>cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*</c>, as NVD and the inventory hold it).
/// </summary>
/// <param name="Vendor">The vendor field, lower case.</param>
/// <param name="Product">The product field, lower case.</param>
/// <param name="Version">The version field, or null when any (<c>*</c>), not applicable (<c>-</c>) or absent.</param>
public sealed record Cpe(string Vendor, string Product, string? Version)
{
    /// <summary>The name read, or null when it is not a CPE name with a vendor and a product.</summary>
    public static Cpe? TryParse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        var text = name.Trim().ToLowerInvariant();
        string[] fields;
        if (text.StartsWith("cpe:2.3:", StringComparison.Ordinal))
            fields = text["cpe:2.3:".Length..].Split(':');
        else if (text.StartsWith("cpe:/", StringComparison.Ordinal))
            fields = text["cpe:/".Length..].Split(':');
        else
            return null;
        if (fields.Length < 3 || fields[1].Length == 0 || fields[2].Length == 0 || fields[1] is "*" || fields[2] is "*")
            return null;
        var version = fields.Length > 3 && fields[3] is { Length: > 0 } v && v is not "*" and not "-" ? v.Replace("\\", "", StringComparison.Ordinal) : null;
        return new Cpe(fields[1], fields[2], version);
    }

    /// <summary>Whether the two name the same vendor and product (the version aside).</summary>
    public bool SameProduct(Cpe other) =>
        string.Equals(Names.Key(Vendor), Names.Key(other?.Vendor), StringComparison.Ordinal)
        && string.Equals(Names.Key(Product), Names.Key(other?.Product), StringComparison.Ordinal);
}
