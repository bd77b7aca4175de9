using Sonae.Core.Access;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

/// <summary>A small hospital whose preparedness record is complete on <see cref="Today"/>: readiness finds nothing.</summary>
internal static class Prepared
{
    public static readonly DateOnly Today = new(2026, 11, 24);

    public static Person Officer { get; } = new("p-officer", "山田 一郎", "情報システム課", "課長", [Role.SecurityOfficer], "p-deputy",
        [new(ChannelKind.Phs, "5101"), new(ChannelKind.Mobile, "090-0000-0001")]);

    public static Person Deputy { get; } = new("p-deputy", "佐藤 花子", "情報システム課", "主任", [Role.SecurityOfficer], "p-officer",
        [new(ChannelKind.Mobile, "090-0000-0002")]);

    public static Person Director { get; } = new("p-director", "鈴木 院長", "院長室", "院長", [Role.Management], "p-vice",
        [new(ChannelKind.Mobile, "090-0000-0003"), new(ChannelKind.Email, "director@example.jp")]);

    public static Person Vice { get; } = new("p-vice", "高橋 副院長", "院長室", "副院長", [Role.Management], "p-director",
        [new(ChannelKind.Home, "03-0000-0004")]);

    public static Person Nurse { get; } = new("p-nurse", "田中 看護師長", "看護部", "看護師長", [Role.Staff], null,
        [new(ChannelKind.Phs, "6201")]);

    public static PeopleDirectory People { get; } = new([Officer, Deputy, Director, Vice, Nurse], ["情報システム課", "看護部"], "p-officer",
    [
        new("p-officer", "p-director", 1), new("p-officer", "p-deputy", 2), new("p-director", "p-vice", 1),
    ]);

    public static ExternalParty EhrVendor { get; } = new("v-ehr", PartyKind.Vendor, "カルテ株式会社", "保守センター",
        [new(ChannelKind.Hotline24h, "0120-000-001")], Today.AddMonths(6));

    public static NetworkConfiguration Network { get; } = new(
        [new("ehr", "電子カルテ系", SegmentKind.Ehr), new("office", "事務系", SegmentKind.Administrative), new("inet", "インターネット", SegmentKind.Internet)],
        [new("ehr", "office", "fw-1"), new("office", "inet", "fw-2")],
        [new("vpn-ehr", "カルテ保守VPN", LineKind.RemoteMaintenance, "ehr", "v-ehr", "山田 一郎", "vpn-1", "7.2.4", Today.AddMonths(-2),
            Maker: "Fortinet", Model: "FortiGate 60F", OwnedBy: ApplianceOwner.Vendor, VendorContact: "架空メディカル 保守センター 0120-000-001",
            Cpe: "cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*")],
        Today.AddMonths(-1));

    public static Inventory Inventory { get; } = new(
        [new InformationSystem("ehr", "電子カルテ", SystemCategory.Ehr, Criticality.High, "p-officer", "v-ehr", "紙カルテと伝票で運用")],
        [
            new Asset("SV-001", "EHR-DB", AssetKind.Server, "サーバ室", "ehr", "10.1.0.10", "Windows Server", "2022", "Dell", "R760", "ehr",
                new Backup("DB 全体", "テープ(金庫)", Offline: true, Today.AddMonths(-3))),
            new Asset("PC-101", "3W-NS-01", AssetKind.Terminal, "3階西", "ehr", "10.1.3.101", "Windows 11", "23H2", null, null, "ehr", null),
        ]);

    public static DrillLog Drills { get; } = new([new Drill("d-1", "ランサムウェア机上訓練", "夜間に電子カルテが暗号化", Today.AddMonths(-4), Today.AddMonths(-4), ["p-officer", "p-director"], "連絡網の番号が古かった", Today.AddMonths(8))]);

    public static PreparednessRecord Record { get; } = new(
        new OrganizationProfile("さくら病院", FacilityKind.Hospital, 199, Operator.Private, LargeOrRegional: false),
        People, new ExternalPartyList([EhrVendor]), Inventory, Network, Drills, InventoryChangedOn: Today.AddMonths(-2));

    public static PeopleDirectory WithPerson(this PeopleDirectory people, Person person) =>
        people with { People = [.. people.People.Where(p => p.Id != person.Id), person] };
}
