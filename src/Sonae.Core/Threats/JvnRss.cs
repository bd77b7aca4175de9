using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Sonae.Core.Threats;

/// <summary>
/// Reads JVN iPedia's JVNRSS (RSS 1.0 / RDF with JVN's <c>sec:</c> module), as served by <c>jvndb.jvn.jp</c>'s feeds
/// and MyJVN's <c>getVulnOverviewList</c>: each <c>item</c> has <c>title</c>, <c>link</c>, <c>description</c>,
/// <c>sec:identifier</c> (JVNDB-…), <c>sec:cpe</c> elements (attributes <c>vendor</c>, <c>product</c>, the CPE as
/// text), <c>sec:references</c> (<c>source="CVE"</c>: the CVE ids it is about) and <c>dcterms:issued</c> (published)
/// / <c>dc:date</c> (JVN's last update, used only without the other). An item with a problem is named by its line and
/// left out.
/// </summary>
public static class JvnRss
{
    private static readonly XNamespace Rss = "http://purl.org/rss/1.0/";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Sec = "http://jvn.jp/rss/mod_sec/3.0/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";

    /// <summary>The items of the feed in <paramref name="xml"/>, with every problem by line.</summary>
    public static AdvisoryFile Read(Stream xml)
    {
        XDocument document;
        try
        {
            // No DTD, no external entity: a feed is data from outside.
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return new([], [AdvisoryProblem.At(Math.Max(e.LineNumber, 1), "JvnNotXml")], null);
        }
        if (document.Root is not { } root || root.Name != Rdf + "RDF")
            return new([], [AdvisoryProblem.At(1, "JvnNotRss")], null);
        var advisories = new List<Advisory>();
        var problems = new List<AdvisoryProblem>();
        foreach (var item in root.Elements(Rss + "item"))
        {
            if (Item(item, problems) is { } advisory)
                advisories.Add(advisory);
        }
        return new(advisories, problems, null);
    }

    private static Advisory? Item(XElement item, List<AdvisoryProblem> problems)
    {
        var line = Line(item);
        string? Text(XName name) => item.Element(name)?.Value.Trim() is { Length: > 0 } text ? text : null;
        var before = problems.Count;
        var id = Text(Sec + "identifier");
        if (id is null)
            problems.Add(AdvisoryProblem.At(line, "JvnMissing", "sec:identifier", "?"));
        var title = Text(Rss + "title");
        if (title is null)
            problems.Add(AdvisoryProblem.At(line, "JvnMissing", "title", id ?? "?"));
        var products = new List<AdvisoryProduct>();
        foreach (var cpe in item.Elements(Sec + "cpe"))
        {
            var vendor = ((string?)cpe.Attribute("vendor"))?.Trim();
            var product = ((string?)cpe.Attribute("product"))?.Trim();
            var name = cpe.Value.Trim();
            if (string.IsNullOrEmpty(vendor) && string.IsNullOrEmpty(product) && name.Length == 0)
            {
                problems.Add(AdvisoryProblem.At(Line(cpe), "JvnEmptyCpe", id ?? "?"));
                continue;
            }
            var parsed = Cpe.TryParse(name);
            products.Add(new AdvisoryProduct(
                string.IsNullOrEmpty(vendor) ? parsed?.Vendor ?? "" : vendor,
                string.IsNullOrEmpty(product) ? parsed?.Product ?? "" : product,
                name.Length == 0 ? null : name));
        }
        // Published is dcterms:issued; dc:date moves with every revision of the entry.
        var dateElement = item.Element(DcTerms + "issued") is { } issued && issued.Value.Trim().Length > 0 ? issued : item.Element(Dc + "date");
        var dateText = dateElement?.Value.Trim() is { Length: > 0 } date ? date : null;
        DateOnly? published = null;
        if (dateText is not null)
        {
            if (DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                published = DateOnly.FromDateTime(at.ToJst().DateTime);
            else
                problems.Add(AdvisoryProblem.At(Line(dateElement ?? item), "JvnBadDate", id ?? "?", dateText));
        }
        foreach (var text in (string?[])[id, title, Text(Rss + "description"), Text(Rss + "link")])
        {
            if (TextRules.HasUnfitCharacters(text))
                problems.Add(AdvisoryProblem.At(line, "UnfitCharacters", "item", id ?? "?"));
        }
        if (problems.Count > before)
            return null;
        var cves = item.Elements(Sec + "references")
            .Where(r => string.Equals((string?)r.Attribute("source"), "CVE", StringComparison.OrdinalIgnoreCase))
            .Select(r => ((string?)r.Attribute("id"))?.Trim()).Where(Advisory.IsCve).Select(c => c!.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        return new Advisory(AdvisorySource.Jvn, id!, title!, products, Published: published,
            Link: Text(Rss + "link") ?? (string?)item.Attribute(Rdf + "about"), Description: Text(Rss + "description"), Cves: cves.Count == 0 ? null : cves);
    }

    private static int Line(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
