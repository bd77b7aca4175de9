using Sonae.Core.Preparedness;
using Sonae.Core.Tests.Preparedness;
using Sonae.Core.Threats;

namespace Sonae.Core.Tests.Threats;

public class ThreatMatchingTests
{
    /// <summary>The small hospital with a vendor's FortiGate on a VPN line, a reseller's 「FortiOS 相当」 firewall and Windows terminals.</summary>
    private static PreparednessRecord Hospital()
    {
        var record = Prepared.Record;
        Asset[] assets =
        [
            .. record.Inventory.Assets,
            new("NW-011", "VPN-02(給食委託)", AssetKind.NetworkDevice, "栄養課", "office", null, "FortiOS", "6.0.4", "Fortinet", "FortiGate 60E", null, null),
            new("NW-002", "FW-01", AssetKind.NetworkDevice, "サーバ室", "ehr", null, "FortiOS 相当", "7.2.8", "架空セキュリティ株式会社", "FG-200F", null, null),
        ];
        ExternalLine catering = new("line-catering", "給食委託 VPN", LineKind.Vpn, "office", null, "加藤", "NW-011", "6.0.4", Prepared.Today.AddMonths(-20),
            Maker: "Fortinet", Model: "FortiGate 60E", OwnedBy: ApplianceOwner.Vendor);
        return record with
        {
            Inventory = record.Inventory with { Assets = assets },
            Network = record.Network with { Lines = [.. record.Network.Lines, catering] },
        };
    }

    private static Advisory Kev(string id, string vendor, string product, string? versions = null) =>
        new(AdvisorySource.Kev, id, id, [new AdvisoryProduct(vendor, product)], versions);

    [Fact]
    public void The_external_lines_appliance_matches_by_maker_and_OS_first_and_is_not_matched_again_as_an_asset()
    {
        var matches = ThreatMatching.Match(Kev("CVE-2018-13379", "Fortinet", "FortiOS"), MatchTarget.From(Hospital()));

        var first = matches[0];
        Assert.Equal((TargetKind.Line, "line-catering", MatchKind.Exact, "FortiOS"), (first.Target.Kind, first.Target.Id, first.Kind, first.Matched));
        Assert.Equal("NW-011", first.Target.Device);
        Assert.DoesNotContain(matches, m => m.Target.Id == "NW-011");
        // The reseller's "FortiOS 相当" under another maker's name: asked, not assumed.
        var other = Assert.Single(matches, m => m.Target.Id == "NW-002");
        Assert.Equal(MatchKind.OtherMaker, other.Kind);
        Assert.True(other.Fuzzy);
        Assert.Equal(2, matches.Count);
    }

    [Fact]
    public void Names_are_compared_without_case_width_punctuation_or_the_companys_legal_form()
    {
        Assert.Equal("fortinet", Names.Key("Fortinet, Inc."));
        Assert.Equal("fortios", Names.Key("ＦｏｒｔｉＯＳ"));
        Assert.Equal("fortios", Names.Key("Forti-OS"));
        Assert.Equal("フォーティネット", Names.Key("フォーティネット株式会社"));
        Assert.Equal("コレガ", Names.Key("(株)コレガ"));

        var matches = ThreatMatching.Match(Kev("X-1", "FORTINET, INC.", "ＦｏｒｔｉＯＳ"), MatchTarget.From(Hospital()));
        Assert.Equal(MatchKind.Exact, matches[0].Kind);
    }

    [Fact]
    public void The_same_maker_with_a_product_sharing_a_word_is_fuzzy_and_unrelated_products_do_not_match()
    {
        var targets = MatchTarget.From(Hospital());

        var similar = ThreatMatching.Match(Kev("X-1", "Fortinet", "FortiGate SSL-VPN"), targets).Single(m => m.Target.Id == "line-catering");
        Assert.Equal((MatchKind.SimilarProduct, "line-catering", "FortiGate 60E"), (similar.Kind, similar.Target.Id, similar.Matched));

        Assert.Empty(ThreatMatching.Match(Kev("CVE-2018-0296", "Cisco", "Adaptive Security Appliance (ASA)"), targets));
        Assert.Empty(ThreatMatching.Match(Kev("X-2", "Fortinet", "Multiple Products"), targets));
        Assert.Empty(ThreatMatching.Match(Kev("X-3", "Fortinet", "FortiWeb"), targets));
    }

    [Fact]
    public void An_advisory_naming_several_products_is_each_of_them_an_exact_hit_with_the_same_maker()
    {
        var targets = MatchTarget.From(Hospital());

        var exact = ThreatMatching.Match(Kev("CVE-2024-21762", "Fortinet", "FortiOS and FortiProxy"), targets).Single(m => m.Target.Id == "line-catering");
        Assert.Equal((MatchKind.Exact, "FortiOS"), (exact.Kind, exact.Matched));
        foreach (var product in (string[])["FortiProxy, FortiOS", "FortiProxy/FortiOS", "FortiProxy、ＦｏｒｔｉＯＳ"])
            Assert.Equal(MatchKind.Exact, ThreatMatching.Match(Kev("X", "Fortinet", product), targets).Single(m => m.Target.Id == "line-catering").Kind);
        // Another maker's product of the same name stays a question.
        Assert.DoesNotContain(ThreatMatching.Match(Kev("X", "Citrix", "FortiOS and FortiProxy"), targets), m => m.Target.Id == "line-catering");
        Assert.Equal(["FortiOS", "FortiProxy"], ThreatMatching.Alternatives("FortiOS and FortiProxy"));
    }

    [Fact]
    public void Windows_on_another_makers_server_is_Microsofts_and_a_dismissal_covers_that_advisory_alone()
    {
        // SV-001: Windows Server 2022 on a Dell R760; PC-101: Windows 11, maker unknown.
        var targets = MatchTarget.From(Hospital());
        var eternalBlue = ThreatMatching.Match(Kev("CVE-2017-0144", "Microsoft", "Windows"), targets);

        var server = eternalBlue.Single(m => m.Target.Id == "SV-001");
        Assert.Equal((MatchKind.SimilarProduct, "Windows Server", "Microsoft"), (server.Kind, server.Matched, server.Maker));
        Assert.Equal(MatchKind.SimilarProduct, eternalBlue.Single(m => m.Target.Id == "PC-101").Kind);
        Assert.Equal("microsoft|windows|microsoft|windowsserver|CVE-2017-0144", server.Pair);
        // The exact OS: a task, no question.
        Assert.Equal(MatchKind.Exact, ThreatMatching.Match(Kev("CVE-2020-1472", "Microsoft", "Windows Server"), targets).Single(m => m.Target.Id == "SV-001").Kind);

        // "Not ours" for EternalBlue says nothing of the next Windows flaw: it is asked again.
        var dismissed = new Dictionary<string, bool> { [server.Pair] = false };
        Assert.DoesNotContain(ThreatMatching.Match(Kev("CVE-2017-0144", "Microsoft", "Windows"), targets, dismissed), m => m.Target.Id == "SV-001");
        var next = ThreatMatching.Match(Kev("CVE-2019-0708", "Microsoft", "Windows"), targets, dismissed).Single(m => m.Target.Id == "SV-001");
        Assert.True(next.Fuzzy);

        // Dell's own advisories still meet the hardware, not Windows.
        Assert.Equal("R760", ThreatMatching.Match(Kev("X", "Dell", "R760"), targets).Single(m => m.Target.Id == "SV-001").Matched);
        // Nor is another maker's "Windows" product the OS.
        Assert.DoesNotContain(ThreatMatching.Match(Kev("X", "Citrix", "Windows"), targets), m => m.Target.Id is "SV-001" or "PC-101");
    }

    [Fact]
    public void Known_operating_systems_have_their_makers_and_a_look_alike_has_none()
    {
        Assert.Equal("Microsoft", OperatingSystems.MakersOf("Windows Server")[0]);
        Assert.Equal("Fortinet", OperatingSystems.MakersOf("FortiOS")[0]);
        Assert.Equal("Palo Alto Networks", OperatingSystems.MakersOf("PAN-OS")[0]);
        Assert.Equal("Cisco", OperatingSystems.MakersOf("IOS XE")[0]);
        Assert.Equal("Cisco", OperatingSystems.MakersOf("IOS", "Cisco Systems")[0]);
        Assert.Equal("Apple", OperatingSystems.MakersOf("iOS")[0]);
        Assert.Equal("Red Hat", OperatingSystems.MakersOf("Red Hat Enterprise Linux")[0]);
        Assert.Equal("MikroTik", OperatingSystems.MakersOf("RouterOS")[0]);
        Assert.Empty(OperatingSystems.MakersOf("FortiOS 相当"));
        Assert.Empty(OperatingSystems.MakersOf("独自 OS"));
        Assert.Empty(OperatingSystems.MakersOf(null));
    }

    [Fact]
    public void A_remembered_dismissal_leaves_the_pair_out_and_a_confirmation_makes_it_count_for_the_next_advisory()
    {
        var targets = MatchTarget.From(Hospital());
        var asked = ThreatMatching.Match(Kev("CVE-2018-13379", "Fortinet", "FortiOS"), targets).Single(m => m.Target.Id == "NW-002");

        var dismissed = ThreatMatching.Match(Kev("CVE-2020-12812", "Fortinet", "FortiOS"), targets, new Dictionary<string, bool> { [asked.Pair] = false });
        Assert.Equal(["line-catering"], dismissed.Select(m => m.Target.Id));

        var confirmed = ThreatMatching.Match(Kev("CVE-2020-12812", "Fortinet", "FortiOS"), targets, new Dictionary<string, bool> { [asked.Pair] = true });
        Assert.Equal(["line-catering", "NW-002"], confirmed.Select(m => m.Target.Id));
    }

    [Fact]
    public void Affected_versions_leave_out_a_fixed_appliance_and_keep_an_affected_one()
    {
        var targets = MatchTarget.From(Hospital());

        var affected = ThreatMatching.Match(Kev("M-1", "Fortinet", "FortiOS", "6.0.0-6.0.4, 5.6.*"), targets);
        Assert.True(affected.Single(m => m.Target.Id == "line-catering").VersionAffected);
        Assert.DoesNotContain(ThreatMatching.Match(Kev("M-2", "Fortinet", "FortiOS", "< 6.0.4"), targets), m => m.Target.Kind == TargetKind.Line);
        Assert.True(AffectedVersions.Includes("<= 6.0.10", "6.0.9"));
        Assert.False(AffectedVersions.Includes("6.2.*", "6.20.1"));
        Assert.Null(AffectedVersions.Includes("see the vendor's notice", "6.0.4"));
        Assert.Null(AffectedVersions.Includes(null, "6.0.4"));
    }

    [Fact]
    public void A_version_with_words_is_its_first_run_of_numbers_and_one_without_a_number_is_unknown()
    {
        Assert.True(AffectedVersions.Includes("6.0.0-6.0.4", "6.0.4 build0231"));
        Assert.False(AffectedVersions.Includes("< 6.0.4", "6.0.4 build0231"));
        Assert.True(AffectedVersions.Includes("<= Rev.15.02.23", "Rev.15.02.22"));
        Assert.False(AffectedVersions.Includes("Rev.15.02.*", "Rev.14.01.42"));
        Assert.True(AffectedVersions.Includes("v7.2.*", "FortiOS v7.2.8"));
        Assert.True(AffectedVersions.Includes("2016", "2016"));
        Assert.Null(AffectedVersions.Includes("< 6.0.5", "最新"));
        Assert.Null(AffectedVersions.Includes("6.0.0-6.0.4", "unknown"));

        // The match stands for a person to check, rather than vanishing.
        var record = Hospital();
        record = record with { Network = record.Network with { Lines = [.. record.Network.Lines.Select(l => l.Id == "line-catering" ? l with { Firmware = "6.0.4 build0231" } : l)] } };
        var match = ThreatMatching.Match(Kev("M-1", "Fortinet", "FortiOS", "6.0.0-6.0.4"), MatchTarget.From(record)).Single(m => m.Target.Id == "line-catering");
        Assert.True(match.VersionAffected);
    }

    [Fact]
    public void A_CPE_on_both_sides_matches_by_vendor_and_product_and_a_different_version_does_not()
    {
        var record = Hospital();
        record = record with
        {
            Network = record.Network with { Lines = [.. record.Network.Lines.Select(l => l.Id == "line-catering" ? l with { Cpe = "cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*", Maker = "販売店" } : l)] },
        };
        var targets = MatchTarget.From(record);
        Advisory Jvn(string cpe) => new(AdvisorySource.Jvn, "JVNDB-2099-000001", "t", [new AdvisoryProduct("フォーティネット", "FortiOS", cpe)]);

        Assert.Equal(MatchKind.Cpe, ThreatMatching.Match(Jvn("cpe:/o:fortinet:fortios"), targets)[0].Kind);
        Assert.True(ThreatMatching.Match(Jvn("cpe:/o:fortinet:fortios:6.0.4"), targets)[0].VersionAffected);
        Assert.DoesNotContain(ThreatMatching.Match(Jvn("cpe:/o:fortinet:fortios:7.0.1"), targets), m => m.Target.Kind == TargetKind.Line);
    }

    [Fact]
    public void JVNs_Japanese_maker_name_meets_the_inventory_through_its_CPE_vendor_and_the_same_remembered_pair()
    {
        var targets = MatchTarget.From(Hospital());
        var jvn = new Advisory(AdvisorySource.Jvn, "JVNDB-2099-000001", "t", [new AdvisoryProduct("フォーティネット", "FortiOS", "cpe:/o:fortinet:fortios")]);
        var kevPair = ThreatMatching.Match(Kev("CVE-2018-13379", "Fortinet", "FortiOS"), targets).Single(m => m.Target.Id == "NW-002").Pair;

        var matches = ThreatMatching.Match(jvn, targets);
        Assert.Equal(MatchKind.Exact, matches.Single(m => m.Target.Id == "line-catering").Kind);
        Assert.Equal(kevPair, matches.Single(m => m.Target.Id == "NW-002").Pair);
        Assert.DoesNotContain(ThreatMatching.Match(jvn, targets, new Dictionary<string, bool> { [kevPair] = false }), m => m.Target.Id == "NW-002");
    }

    [Fact]
    public void A_threatened_line_is_the_first_readiness_finding()
    {
        var findings = Readiness.Check(Prepared.Record, Prepared.Today, ["vpn-ehr"]);

        var first = findings[0];
        Assert.Equal((FindingKind.LineThreatened, "vpn-ehr", FindingSeverity.Problem, PreparednessSection.Network), (first.Kind, first.Subject, first.Severity, first.Section));
        Assert.Contains("カルテ保守VPN", first.Text.Ja, StringComparison.Ordinal);
        Assert.Empty(Readiness.Check(Prepared.Record, Prepared.Today));
    }
}
