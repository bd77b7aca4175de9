using Sonae.Core.Access;
using Sonae.Core.Preparedness;

namespace Sonae.Web.Demo;

/// <summary>
/// The demo hospital's preparedness record: a municipal hospital of 420 beds with its people, call tree, vendors,
/// authorities, systems, assets, network and drills. Every name and number is invented (phone numbers use the
/// 0000 blocks). It is nearly ready, with the few gaps a real hospital has, so that the readiness page has
/// something to show: a catering contractor's numbers past their verify date, a server whose backup is online only,
/// a ward clerk's deputy not yet chosen.
/// </summary>
public static class DemoPreparedness
{
    public static OrganizationProfile Profile { get; } =
        new(DemoHospital.Name, FacilityKind.Hospital, 420, Operator.LocalGovernment, LargeOrRegional: true, "架空県みなと市港町1-1", "0000-00-1111",
            Representative: "病院事業管理者 山本 直子");

    public static PeopleDirectory People { get; } = new(
        [
            new("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], "p-kimura",
                [new(ChannelKind.Phs, "2100"), new(ChannelKind.Mobile, "090-0000-2100"), new(ChannelKind.Home, "0000-00-2101", "夜間"), new(ChannelKind.Email, "tanaka@minato-hosp.example")], Csirt: true),
            new("p-kimura", "木村 真理", "情報システム課", "主任", [Role.SecurityOfficer], "p-tanaka",
                [new(ChannelKind.Phs, "2101"), new(ChannelKind.Mobile, "090-0000-2102")], Csirt: true),
            new("p-yamamoto", "山本 直子", "院長室", "院長", [Role.Management], "p-nakamura",
                [new(ChannelKind.Mobile, "090-0000-1001"), new(ChannelKind.Extension, "1001")]),
            new("p-nakamura", "中村 修", "院長室", "副院長", [Role.Management], "p-yamamoto",
                [new(ChannelKind.Mobile, "090-0000-1002"), new(ChannelKind.Home, "0000-00-1003")]),
            new("p-ishikawa", "石川 浩二", "事務局", "事務局長・CISO", [Role.Management], "p-nakamura",
                [new(ChannelKind.Mobile, "090-0000-1100"), new(ChannelKind.Extension, "1100")], Ciso: true, Csirt: true),
            new("p-okada", "岡田 恵", "看護部", "看護部長", [Role.Staff], "p-mori",
                [new(ChannelKind.Phs, "3001"), new(ChannelKind.Mobile, "090-0000-3001")], Csirt: true),
            new("p-mori", "森 由紀", "看護部", "副看護部長", [Role.Staff], "p-okada",
                [new(ChannelKind.Phs, "3002"), new(ChannelKind.Mobile, "090-0000-3002")]),
            new("p-sato", "佐藤 美咲", "3階西病棟", "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "3310")]),
            new("p-kato", "加藤 健", "医事課", "課長", [Role.Staff], null,
                [new(ChannelKind.Extension, "1200"), new(ChannelKind.Mobile, "090-0000-1200")]),
            new("p-fujita", "藤田 誠", "放射線科", "技師長", [Role.Staff], null,
                [new(ChannelKind.Phs, "4100"), new(ChannelKind.Mobile, "090-0000-4100")]),
            new("p-ogawa", "小川 陽子", "薬剤部", "薬剤部長", [Role.Staff], null,
                [new(ChannelKind.Phs, "4200"), new(ChannelKind.Mobile, "090-0000-4200")]),
            new("p-saito", "斎藤 隆", "施設課", "係長", [Role.Staff], null,
                [new(ChannelKind.Phs, "5100"), new(ChannelKind.Mobile, "090-0000-5100")]),
        ],
        ["院長室", "事務局", "情報システム課", "看護部", "3階西病棟", "医事課", "放射線科", "薬剤部", "施設課"],
        "p-tanaka",
        [
            new("p-tanaka", "p-yamamoto", 1), new("p-tanaka", "p-ishikawa", 2), new("p-tanaka", "p-kimura", 3),
            new("p-yamamoto", "p-nakamura", 1), new("p-ishikawa", "p-kato", 1),
            new("p-kimura", "p-okada", 1), new("p-kimura", "p-fujita", 2), new("p-kimura", "p-ogawa", 3), new("p-kimura", "p-saito", 4),
            new("p-okada", "p-mori", 1),
        ]);

    public static ExternalPartyList Parties(DateOnly today)
    {
        var verified = today.AddMonths(5);
        var starters = StarterParties.For(today).Select(p => p with { VerifyBy = verified, Notes = null }).Select(p => p.Id switch
        {
            "mhlw" => p with { Channels = [new(ChannelKind.Office, "0000-00-0001", "デモ用の架空番号")] },
            "prefecture" => p with { Name = "架空県 健康福祉部 医務課 / みなと市保健所", Channels = [new(ChannelKind.Office, "0000-00-0002"), new(ChannelKind.Office, "0000-00-0003", "保健所")] },
            "police-cyber" => p with { Name = "架空県警察 サイバー犯罪対策課", Channels = [new(ChannelKind.Office, "0000-00-0110", "相談窓口"), .. p.Channels] },
            "lawyer" => p with { Name = "みなと総合法律事務所(顧問弁護士)", Channels = [new(ChannelKind.Office, "0000-00-0004"), new(ChannelKind.Mobile, "090-0000-0004", "緊急時")] },
            "insurer" => p with { Name = "架空損害保険 サイバー保険 事故受付", Channels = [new(ChannelKind.Hotline24h, "0120-000-005")], Contract = "証券番号 CY-0000-1234" },
            _ => p,
        });
        return new ExternalPartyList(
        [
            new("v-ehr", PartyKind.Vendor, "みなとメディカルシステムズ株式会社", "電子カルテ保守センター",
                [new(ChannelKind.Hotline24h, "0120-000-101"), new(ChannelKind.Mobile, "090-0000-0101", "担当 高橋")], verified,
                Hours: "24時間365日", Contract: "保守契約 MMS-2024-0420(オンサイト 4 時間以内)", RemoteAccess: "専用 VPN(保守系セグメント)、作業は事前申請制"),
            new("v-pacs", PartyKind.Vendor, "港画像システム株式会社", "PACS サポート",
                [new(ChannelKind.Office, "0000-00-0102", "平日 9-18 時"), new(ChannelKind.Hotline24h, "0120-000-102")], verified,
                Contract: "保守契約 MIS-0077", RemoteAccess: "リモート保守回線(常時接続)"),
            new("v-billing", PartyKind.Vendor, "みなと医事ソリューション", "医事会計サポート", [new(ChannelKind.Office, "0000-00-0103")], verified, Hours: "平日 8:30-17:30"),
            new("v-network", PartyKind.Contractor, "港ネットワーク工業株式会社", "院内ネットワーク保守",
                [new(ChannelKind.Hotline24h, "0120-000-104"), new(ChannelKind.Email, "noc@minato-net.example")], verified, Contract: "LAN 保守契約(年間)"),
            new("v-catering", PartyKind.ServiceProvider, "みなと給食サービス", "給食システム担当",
                [new(ChannelKind.Office, "0000-00-0105"), new(ChannelKind.Email, "it@minato-kyushoku.example")], today.AddDays(-20), RemoteAccess: "給食システム用 VPN(電子カルテ系と FW で分離)"),
            new("isac", PartyKind.SectorIsac, "医療ISAC(会員窓口)", null, [new(ChannelKind.WebForm, "https://m-isac.jp/")], verified),
            .. starters,
        ]);
    }

    public static Inventory Inventory(DateOnly today) => new(
        [
            new InformationSystem("ehr", "電子カルテ(オーダリング含む)", SystemCategory.Ehr, Criticality.High, "p-tanaka", "v-ehr",
                "紙カルテ・紙伝票(各病棟の非常用持ち出し棚)。処方・検査は複写伝票で運用し、復旧後に入力。"),
            new InformationSystem("pacs", "PACS(画像参照)", SystemCategory.Pacs, Criticality.High, "p-fujita", "v-pacs",
                "モダリティのモニタで読影。至急は CD に書き出して院内搬送。"),
            new InformationSystem("billing", "医事会計", SystemCategory.Billing, Criticality.Medium, "p-kato", "v-billing",
                "手書きの預り証と後日精算。"),
            new InformationSystem("lab", "検査部門システム", SystemCategory.Departmental, Criticality.High, "p-kimura", "v-ehr",
                "分析装置の直接出力を印刷し、電話で至急値を報告。"),
            new InformationSystem("pharmacy", "薬剤部門システム", SystemCategory.Departmental, Criticality.High, "p-ogawa", "v-ehr",
                "手書き処方箋と薬袋。調剤内容は紙の台帳に記録。"),
            new InformationSystem("catering", "給食管理システム", SystemCategory.Departmental, Criticality.Low, "p-kato", "v-catering",
                "前日の献立表を印刷して保管。食種変更は紙の連絡票。"),
        ],
        [
            Server("SV-001", "EHR-DB01", "サーバ室", "ehr", "10.10.0.11", "Windows Server", "2022", "ehr", new("電子カルテ DB 全体", "テープ(金庫・日次)", true, today.AddMonths(-2))),
            Server("SV-002", "EHR-AP01", "サーバ室", "ehr", "10.10.0.21", "Windows Server", "2022", "ehr", new("アプリケーション設定", "NAS(世代管理)+テープ週次", true, today.AddMonths(-2))),
            Server("SV-003", "EHR-AP02", "サーバ室", "ehr", "10.10.0.22", "Windows Server", "2022", "ehr", new("アプリケーション設定", "NAS(世代管理)+テープ週次", true, today.AddMonths(-2))),
            Server("SV-004", "AD01", "サーバ室", "ehr", "10.10.0.5", "Windows Server", "2019", null, new("Active Directory", "システム状態バックアップ(外付けディスク・週次で切り離し)", true, today.AddMonths(-5))),
            Server("SV-010", "PACS-ST01", "サーバ室", "dept", "10.20.0.10", "Linux", "RHEL 8.8", "pacs", new("画像データ", "院外データセンター(遠隔バックアップ)", true, today.AddMonths(-8))),
            Server("SV-011", "LAB-01", "検査室", "dept", "10.20.0.30", "Windows Server", "2016", "lab", new("検査結果 DB", "NAS(同一セグメント)", false, today.AddMonths(-14))),
            Server("SV-012", "PHARM-01", "薬剤部", "dept", "10.20.0.40", "Windows Server", "2019", "pharmacy", new("薬剤マスタ・調剤履歴", "テープ(週次)", true, today.AddMonths(-6))),
            Server("SV-020", "IJI-01", "医事課", "office", "10.30.0.10", "Windows Server", "2019", "billing", new("医事会計 DB", "外付けディスク(日次で切り離し)", true, today.AddMonths(-4))),
            Server("SV-021", "KYUSHOKU-01", "栄養課", "office", "10.30.0.20", "Windows Server", "2016", "catering", new("給食 DB", "NAS", false, null)),
            new("NW-001", "コアスイッチ", AssetKind.NetworkDevice, "サーバ室", "ehr", "10.10.0.1", "ファームウェア", "16.11.0008", "架空ネットワークス", "CX-6300", null, null),
            new("NW-002", "FW-01(系間ファイアウォール)", AssetKind.NetworkDevice, "サーバ室", "ehr", "10.10.0.254", "FortiOS 相当", "7.2.8", "架空セキュリティ", "FG-200F", null, null),
            new("NW-003", "FW-02(インターネット境界)", AssetKind.NetworkDevice, "サーバ室", "inet", "192.0.2.1", "FortiOS 相当", "7.2.8", "架空セキュリティ", "FG-100F", null, null),
            new("NW-010", "VPN-01(電子カルテ保守)", AssetKind.NetworkDevice, "サーバ室", "maint", "10.90.0.1", "ファームウェア", "9.1.4", "架空セキュリティ", "SSL-VPN 装置", null, null),
            new("NW-011", "VPN-02(給食委託)", AssetKind.NetworkDevice, "栄養課", "office", "10.30.0.254", "FortiOS", "6.0.4", "Fortinet", "FortiGate 60E", null, null),
            Terminal("PC-3W-01", "3W-NS-01", "3階西病棟 ナースステーション", "ehr", "10.10.3.101", "ehr"),
            Terminal("PC-3W-02", "3W-NS-02", "3階西病棟 ナースステーション", "ehr", "10.10.3.102", "ehr"),
            Terminal("PC-GAI-01", "GAIRAI-01", "外来受付", "ehr", "10.10.1.11", "ehr"),
            Terminal("PC-IJI-01", "IJI-PC01", "医事課", "office", "10.30.1.11", "billing"),
            Terminal("PC-RAD-01", "RAD-VIEW01", "放射線科 読影室", "dept", "10.20.1.21", "pacs"),
            new("MD-001", "CT 装置", AssetKind.MedicalDevice, "放射線科 CT 室", "medical", "10.40.0.11", "装置ソフト", "VB20", "架空メディカル", "CT-128", "pacs", null),
            new("MD-002", "MRI 装置", AssetKind.MedicalDevice, "放射線科 MRI 室", "medical", "10.40.0.12", "装置ソフト", "XA30", "架空メディカル", "MR-3T", "pacs", null),
            new("MD-003", "生化学分析装置", AssetKind.MedicalDevice, "検査室", "medical", "10.40.0.31", "装置ソフト", "4.2", "架空ラボ", "AU-680 相当", "lab", null),
        ]);

    /// <summary>The network as first drawn, then as changed when the catering VPN moved behind its own firewall.</summary>
    public static (NetworkConfiguration First, NetworkConfiguration Current) Network(DateOnly today)
    {
        var first = new NetworkConfiguration(
            [
                new("inet", "インターネット系(DMZ)", SegmentKind.Internet, "192.0.2.0/28"),
                new("ehr", "電子カルテ系", SegmentKind.Ehr, "10.10.0.0/16"),
                new("dept", "部門系", SegmentKind.Departmental, "10.20.0.0/16"),
                new("office", "事務系", SegmentKind.Administrative, "10.30.0.0/16"),
                new("medical", "医療機器系", SegmentKind.MedicalDevices, "10.40.0.0/16"),
                new("maint", "保守系", SegmentKind.Maintenance, "10.90.0.0/24"),
            ],
            [
                new("inet", "office", "NW-003"), new("ehr", "dept", "NW-002"), new("ehr", "office", "NW-002"),
                new("dept", "medical", "NW-002"), new("maint", "ehr", "NW-002"),
            ],
            [
                // The hospital's own box, kept up to date by its network contractor: no flag.
                new("line-ehr-vpn", "電子カルテ保守 VPN", LineKind.RemoteMaintenance, "maint", "v-ehr", "田中 一郎(情報システム課)", "NW-010", "9.1.4", today.AddMonths(-3),
                    Maker: "架空セキュリティ", Model: "SV-500(SSL-VPN 装置)", OwnedBy: ApplianceOwner.Hospital, VendorContact: "港ネットワーク工業 院内ネットワーク保守 0120-000-104(24 時間)"),
                new("line-pacs", "PACS リモート保守回線", LineKind.RemoteMaintenance, "dept", "v-pacs", "藤田 誠(放射線科)", null, null, null, "常時接続。接続ログは業者側のみ"),
                new("line-catering", "給食委託 VPN", LineKind.Vpn, "office", "v-catering", "加藤 健(医事課)", "NW-011", "6.0.4", today.AddMonths(-20),
                    Maker: "Fortinet", Model: "FortiGate 60E", OwnedBy: ApplianceOwner.Vendor, VendorContact: "みなと給食サービス 給食システム担当 0000-00-0105"),
                new("line-internet", "インターネット回線", LineKind.Internet, "inet", null, "田中 一郎(情報システム課)", "NW-003", "7.2.8", today.AddMonths(-1),
                    Maker: "架空セキュリティ", Model: "FG-100F", OwnedBy: ApplianceOwner.Hospital, VendorContact: "港ネットワーク工業 院内ネットワーク保守 0120-000-104(24 時間)"),
            ],
            today.AddMonths(-7));
        var current = first with
        {
            // The PACS vendor's own router, never opened by the hospital: its maker and firmware unknown (the readiness
            // page says to look them up) and its update date too (whom to call for that, it says as well).
            Lines = [.. first.Lines.Select(l => l.Id == "line-pacs"
                ? l with { OwnedBy = ApplianceOwner.Vendor, VendorContact = "港画像システム PACS サポート 0120-000-102(24 時間)", Note = "FW-01 経由に変更。接続は作業時のみ許可。終端ルーターは業者の持ち込みで機種・版数不明(次回訪問時に確認)" }
                : l)],
            ReviewedOn = today.AddDays(-12),
        };
        return (first, current);
    }

    public static DrillLog Drills(DateOnly today) => new(
    [
        new("d-2025", "ランサムウェア机上訓練", "夜間に電子カルテが暗号化され、脅迫文が表示された想定", today.AddMonths(-13), today.AddMonths(-13),
            ["p-tanaka", "p-yamamoto", "p-ishikawa", "p-okada"], "連絡網の副院長の番号が古かった。紙カルテの保管場所を知らない病棟があった。", today.AddMonths(-1).AddDays(20)),
        new("d-2026", "ランサムウェア初動訓練(部署参加)", "外来受付端末に脅迫文。LAN を抜く・報告・紙運用への切替まで", today.AddMonths(-1), today.AddMonths(-1),
            ["p-tanaka", "p-kimura", "p-yamamoto", "p-okada", "p-sato", "p-kato"], "報告まで 6 分。給食委託 VPN の管理者が不明だった(対応済み)。", today.AddMonths(11)),
        new("d-2027", "ベンダ参加の復旧訓練", "バックアップテープからの電子カルテ DB 復元", today.AddMonths(4), null, ["p-tanaka", "p-kimura"], null, null),
    ]);

    private static Asset Server(string id, string name, string location, string segment, string ip, string os, string version, string? system, Backup backup) =>
        new(id, name, AssetKind.Server, location, segment, ip, os, version, "架空コンピュータ", "サーバ", system, backup);

    private static Asset Terminal(string id, string name, string location, string segment, string ip, string system) =>
        new(id, name, AssetKind.Terminal, location, segment, ip, "Windows 11", "23H2", "架空コンピュータ", "デスクトップ", system, null);
}
