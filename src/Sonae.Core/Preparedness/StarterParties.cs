namespace Sonae.Core.Preparedness;

/// <summary>
/// The authorities and helplines every Japanese hospital may need to reach, as an editable starting point. Only
/// numbers and addresses that were published by the body itself are filled in; the rest are left for the hospital
/// to fill in.
/// Every starter entry must be verified by the day it is added, so readiness flags it at once: numbers change, and
/// nobody should trust a number on the worst day that their hospital never called.
/// </summary>
public static class StarterParties
{
    /// <summary>The note every starter entry carries: check it yourself, then move its verify-by date.</summary>
    public const string Note = "Sonae の初期値です。自院で電話・ウェブを確かめてから確認期限を更新してください。";

    /// <summary>The starter list, due to be verified on <paramref name="today"/>.</summary>
    public static IReadOnlyList<ExternalParty> For(DateOnly today) =>
    [
        new("mhlw", PartyKind.Ministry, "厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室", null, [], today,
            Notes: Note + " 連絡先番号は最新の通知で確かめてください。"),
        new("mhlw-mist", PartyKind.Ministry, "厚生労働省 初動対応支援(MIST / ソフトウェア協会)", null,
            [new(ChannelKind.WebForm, "https://mhlw-training.saj.or.jp/")], today, Notes: Note),
        new("prefecture", PartyKind.Prefecture, "都道府県 医療担当課・所轄の保健所", null, [], today,
            Notes: Note + " 所轄の窓口を記入してください。"),
        new("ppc", PartyKind.PrivacyCommission, "個人情報保護委員会(漏えい等報告)", null,
            [new(ChannelKind.WebForm, "https://www.ppc.go.jp/personalinfo/legal/leakAction/")], today, Notes: Note),
        new("police-cyber", PartyKind.Police, "警察 サイバー犯罪相談窓口", null,
            [new(ChannelKind.WebForm, "https://www.npa.go.jp/bureau/cyber/soudan.html"), new(ChannelKind.Office, "#9110", "警察相談専用電話"), new(ChannelKind.Hotline24h, "110", "緊急時")],
            today, Notes: Note + " 都道府県警の窓口番号を記入してください。"),
        new("ipa", PartyKind.Ipa, "IPA サイバーセキュリティ相談窓口(企業・組織向け)", null,
            [new(ChannelKind.Email, "cs-support@ipa.go.jp"), new(ChannelKind.WebForm, "https://www.ipa.go.jp/security/support/soudan.html")], today, Notes: Note),
        new("jpcert", PartyKind.JpcertCc, "JPCERT/CC インシデント対応依頼", null,
            [new(ChannelKind.WebForm, "https://www.jpcert.or.jp/form/")], today, Notes: Note),
        new("med-assoc", PartyKind.MedicalAssociation, "日本医師会 サイバーセキュリティ対応相談窓口", null,
            [new(ChannelKind.Office, "0120-179-066", "会員向け・電話のみ")], today, Hours: "6:00-21:00", Notes: Note),
        new("lawyer", PartyKind.Lawyer, "顧問弁護士", null, [], today, Notes: Note + " 連絡先を記入してください。"),
        new("insurer", PartyKind.Insurer, "サイバー保険の保険会社", null, [], today, Notes: Note + " 証券番号と事故受付の番号を記入してください。"),
    ];
}
