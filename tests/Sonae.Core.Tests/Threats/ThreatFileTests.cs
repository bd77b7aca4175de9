using System.Text;
using Sonae.Core.Threats;

namespace Sonae.Core.Tests.Threats;

public class ThreatFileTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Threats", "Fixtures", name));

    [Fact]
    public void The_trimmed_KEV_catalogue_is_read_whole_with_CISAs_dates_and_ransomware_use()
    {
        var file = KevCatalogue.Read(Fixture("known_exploited_vulnerabilities.json"));

        Assert.Empty(file.Problems);
        Assert.Equal("2024.02.09", file.Version);
        Assert.Equal(15, file.Advisories.Count);
        var fortios = Assert.Single(file.Advisories, a => a.Id == "CVE-2018-13379");
        Assert.Equal(AdvisorySource.Kev, fortios.Source);
        Assert.Equal("Fortinet FortiOS SSL VPN Path Traversal Vulnerability", fortios.Title);
        Assert.Equal(new AdvisoryProduct("Fortinet", "FortiOS"), Assert.Single(fortios.Products));
        Assert.Equal(new DateOnly(2021, 11, 3), fortios.Published);
        Assert.Equal(new DateOnly(2022, 5, 3), fortios.DueDate);
        Assert.True(fortios.KnownRansomware);
        Assert.Equal("Apply updates per vendor instructions.", fortios.RequiredAction);
        Assert.Equal("https://nvd.nist.gov/vuln/detail/CVE-2018-13379", fortios.Link);
        Assert.False(file.Advisories.Single(a => a.Id == "CVE-2020-3569").KnownRansomware);
    }

    [Fact]
    public void A_bad_KEV_entry_is_named_by_its_line_in_both_languages_and_the_others_are_read()
    {
        var json = """
            {
              "catalogVersion": "2024.01.01",
              "vulnerabilities": [
                { "cveID": "CVE-2018-13379", "vendorProject": "Fortinet", "product": "FortiOS", "dateAdded": "2021-11-03" },
                { "cveID": "CVE-18-1", "vendorProject": "Fortinet", "product": "FortiOS" },
                { "cveID": "CVE-2020-12812", "product": "FortiOS", "dueDate": "3 May 2022" }
              ]
            }
            """;

        var file = KevCatalogue.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal("CVE-2018-13379", Assert.Single(file.Advisories).Id);
        Assert.Equal([5, 6, 6], file.Problems.Select(p => p.Line));
        Assert.Equal("5 行目: \"CVE-18-1\" は CVE 番号(CVE-2018-13379 の形)ではありません。", file.Problems[0].Text.Ja);
        Assert.Equal("Line 6 (CVE-2020-12812): \"vendorProject\" is missing.", file.Problems[1].Text.En);
        Assert.Contains("3 May 2022", file.Problems[2].Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_KEV_catalogue_says_so_at_its_line()
    {
        var broken = KevCatalogue.Read(Encoding.UTF8.GetBytes("{\n  \"vulnerabilities\": [\n    { \"cveID\": \n"));
        Assert.Equal(4, Assert.Single(broken.Problems).Line);
        Assert.StartsWith("4 行目: JSON として読めません", broken.Problems[0].Text.Ja, StringComparison.Ordinal);

        var other = KevCatalogue.Read(Encoding.UTF8.GetBytes("{ \"items\": [] }"));
        Assert.Contains("vulnerabilities", Assert.Single(other.Problems).Text.En, StringComparison.Ordinal);
        Assert.Single(KevCatalogue.Read(Encoding.UTF8.GetBytes("[1, 2]")).Problems);
    }

    [Fact]
    public void JVNRSS_items_give_the_JVNDB_id_the_products_with_their_CPE_and_the_date_in_Japan()
    {
        using var feed = new MemoryStream(Fixture("jvnrss.rdf"));

        var file = JvnRss.Read(feed);

        Assert.Empty(file.Problems);
        Assert.Equal(["JVNDB-2099-000001", "JVNDB-2099-000002"], file.Advisories.Select(a => a.Id));
        var first = file.Advisories[0];
        Assert.Equal(AdvisorySource.Jvn, first.Source);
        Assert.Equal(new AdvisoryProduct("フォーティネット", "FortiOS", "cpe:/o:fortinet:fortios"), Assert.Single(first.Products));
        // Published is when it was issued, not its last revision (dc:date, 2099-07-15).
        Assert.Equal(new DateOnly(2099, 6, 4), first.Published);
        Assert.Equal("https://jvndb.jvn.jp/ja/contents/2099/JVNDB-2099-000001.html", first.Link);
        Assert.Equal(["CVE-2018-13379"], first.Cves);
        Assert.Equal(["CVE-2018-13379"], first.CveIds);
        // Without dcterms:issued, dc:date is all there is.
        Assert.Equal((new DateOnly(2099, 3, 9), null), (file.Advisories[1].Published, file.Advisories[1].Cves));
        Assert.Empty(file.Advisories[1].CveIds);
        Assert.Equal(["CVE-2018-13379"], new Advisory(AdvisorySource.Kev, "CVE-2018-13379", "t", []).CveIds);
    }

    [Fact]
    public void A_JVNRSS_item_without_its_identifier_and_a_broken_feed_are_named_by_line()
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/">
              <item rdf:about="https://example.jp/1">
                <title>名前だけの項目</title>
              </item>
            </rdf:RDF>
            """;
        var file = JvnRss.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        Assert.Empty(file.Advisories);
        var problem = Assert.Single(file.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal("3 行目 (?): sec:identifier がありません。", problem.Text.Ja);

        var broken = JvnRss.Read(new MemoryStream(Encoding.UTF8.GetBytes("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<item>\n</rdf:RDF>")));
        Assert.Equal(3, Assert.Single(broken.Problems).Line);
        Assert.Contains("JVNRSS", JvnRss.Read(new MemoryStream("<rss/>"u8.ToArray())).Problems[0].Text.En, StringComparison.Ordinal);
    }
}
