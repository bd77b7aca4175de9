using System.Globalization;
using System.Text.Json;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.Bench;

/// <summary>
/// Writes the preparedness record of a large fictional hospital as the API's PUT bodies, one file per section:
/// 500 people in a call tree of three levels, 60 external parties, 40 systems, 2,000 assets (a tenth of them
/// servers and network devices, which the binder lists), a network of 12 segments and 10 external lines.
/// </summary>
public static class LargeHospital
{
    public static async Task<int> Write(string[] args)
    {
        var directory = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? ".";
        var people = int.Parse(args.SkipWhile(a => a != "--people").Skip(1).FirstOrDefault() ?? "500", CultureInfo.InvariantCulture);
        var assets = int.Parse(args.SkipWhile(a => a != "--assets").Skip(1).FirstOrDefault() ?? "2000", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(directory);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Save(directory, "people", People(people));
        await Save(directory, "parties", Parties(today));
        await Save(directory, "network", Network(today));
        await Save(directory, "inventory", Inventory(assets, today));
        return 0;
    }

    private static Task Save(string directory, string section, object content) =>
        File.WriteAllTextAsync(Path.Combine(directory, section + ".json"), JsonSerializer.Serialize(new { baseVersion = 0, note = "benchmark", content }, RecordJson.Options));

    private static string Id(int i) => $"p-{i:D4}";

    private static PeopleDirectory People(int count)
    {
        var people = new List<Person>();
        var links = new List<CallLink>();
        for (var i = 0; i < count; i++)
        {
            var role = i switch { < 4 => Role.SecurityOfficer, < 10 => Role.Management, _ => Role.Staff };
            var deputy = i < 10 ? Id(i ^ 1) : null;
            people.Add(new Person(Id(i), $"職員 {i:D4}", $"部署 {i % 25:D2}", i < 35 ? "所属長" : "職員", [role], deputy,
                [new(ChannelKind.Phs, $"{2000 + i}"), new(ChannelKind.Mobile, $"090-0000-{i:D4}"), new(ChannelKind.Email, $"staff{i}@hospital.example")],
                Ciso: i == 4, Csirt: i < 12));
            // The officer calls management and the 25 heads; each head calls their department.
            if (i is > 0 and < 35)
                links.Add(new CallLink(Id(0), Id(i), i));
            else if (i >= 35)
                links.Add(new CallLink(Id(10 + (i % 25)), Id(i), i));
        }
        return new PeopleDirectory(people, [.. Enumerable.Range(0, 25).Select(d => $"部署 {d:D2}")], Id(0), links);
    }

    private static ExternalPartyList Parties(DateOnly today) => new(
        [.. Enumerable.Range(0, 60).Select(i => new ExternalParty($"x-{i:D2}", i < 40 ? PartyKind.Vendor : PartyKind.Other, $"事業者 {i:D2} 株式会社", "保守窓口",
            [new(ChannelKind.Hotline24h, $"0120-000-{i:D3}"), new(ChannelKind.Office, $"03-0000-{i:D4}")], today.AddMonths(3), "24時間", $"契約 {i}", "VPN"))]);

    private static NetworkConfiguration Network(DateOnly today)
    {
        var segments = Enumerable.Range(0, 12).Select(i => new Segment($"s-{i:D2}", $"セグメント {i:D2}", i == 0 ? SegmentKind.Internet : (SegmentKind)(i % 6), $"10.{i}.0.0/16")).ToList();
        return new NetworkConfiguration(segments,
            [.. Enumerable.Range(1, 11).Select(i => new SegmentLink($"s-{i - 1:D2}", $"s-{i:D2}", "FW-01"))],
            [.. Enumerable.Range(0, 10).Select(i => new ExternalLine($"l-{i}", $"保守回線 {i}", LineKind.RemoteMaintenance, $"s-{1 + i:D2}", $"x-{i:D2}", "情報システム課", $"VPN-{i}", "1.0", today.AddMonths(-2)))],
            today);
    }

    private static Inventory Inventory(int count, DateOnly today) => new(
        [.. Enumerable.Range(0, 40).Select(i => new InformationSystem($"sys-{i:D2}", $"システム {i:D2}", (SystemCategory)(i % 6), (Criticality)(i % 3), Id(i % 10), $"x-{i % 40:D2}", "紙の伝票で運用"))],
        [.. Enumerable.Range(0, count).Select(i => new Asset($"A-{i:D5}", $"HOST-{i:D5}", i % 10 == 0 ? AssetKind.Server : i % 10 == 1 ? AssetKind.NetworkDevice : AssetKind.Terminal,
            $"棟 {i % 7} 階 {i % 9}", $"s-{1 + (i % 11):D2}", $"10.{1 + (i % 11)}.{i / 250}.{i % 250}", "Windows", "11", "メーカー", "型番", $"sys-{i % 40:D2}",
            i % 10 == 0 ? new Backup("全体", "テープ", true, today.AddMonths(-1)) : null))]);
}
