using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Reporting;

/// <summary>
/// Every report the flowchart asks for. The wire id (<see cref="ReportTemplate.Id"/>) is what the record stores; the
/// step each is made at is the playbook's to say (<see cref="PlaybookBindings.Reports"/>).
/// </summary>
public enum ReportKind
{
    /// <summary>The damage survey, to management.</summary>
    DamageStatus,

    /// <summary>To the Ministry of Health.</summary>
    Ministry,

    /// <summary>Evidence-preservation results and the recovery plan, to management.</summary>
    EvidenceAndRecoveryPlan,

    /// <summary>To the prefectural police.</summary>
    Police,

    /// <summary>Recovery results and whether personal data leaked, to management.</summary>
    RecoveryResults,

    /// <summary>The preliminary report (速報) to the privacy commission.</summary>
    PrivacyPreliminary,

    /// <summary>The final report (確報) to the privacy commission.</summary>
    PrivacyFinal,

    /// <summary>The notice to the people whose data leaked (法26条2項).</summary>
    NoticeToIndividuals,

    /// <summary>The public announcement.</summary>
    Announcement,

    /// <summary>The final incident report, with the whole timeline.</summary>
    FinalIncidentReport,
}

/// <summary>The file a report is issued as.</summary>
public enum ReportFormat
{
    /// <summary>A4 PDF with embedded Japanese fonts: to print, fax or attach.</summary>
    Pdf,

    /// <summary>Word, to edit further.</summary>
    Docx,

    /// <summary>Plain text, field by field: to paste into an online form.</summary>
    Text,
}

/// <summary>How dates are written on the organization's documents.</summary>
public enum DocumentDates
{
    /// <summary>西暦: 2026年11月24日.</summary>
    Western,

    /// <summary>和暦: 令和8年11月24日.</summary>
    Era,

    /// <summary>和暦, with 西暦 beside it: 令和8年(2026年)11月24日.</summary>
    EraWithWestern,
}

/// <summary>One heading of a report and what to write under it.</summary>
/// <param name="Id">Stable id (kebab-case), the key of the field in drafts and in the record, and what a playbook's
/// bindings name to fill it (<see cref="PlaybookBindings.Headings"/>).</param>
/// <param name="Heading">The heading as the document prints it.</param>
/// <param name="Hint">What to write under it, for the person editing the draft.</param>
/// <param name="Required">The report may not be issued with it empty (the law's items, say 「調査中」 when not known yet).</param>
public sealed record ReportField(string Id, LocalizedText Heading, LocalizedText Hint, bool Required = false);

/// <summary>
/// What one report is: to whom it goes, who issues it, and its headings in order. The step it is made at, and what
/// fills its headings from the flowchart, are the playbook's bindings (<see cref="PlaybookBindings"/>).
/// </summary>
/// <param name="Kind">Which report.</param>
/// <param name="Id">The wire id (kebab-case) the record, the API and playbooks' bindings use.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Recipient">To whom it goes.</param>
/// <param name="IssuedBy">The roles that may draft and issue it.</param>
/// <param name="Fields">Its headings, in the document's order.</param>
/// <param name="LegalBasis">The law or guideline that asks for it, if any.</param>
public sealed record ReportTemplate(
    ReportKind Kind,
    string Id,
    LocalizedText Title,
    LocalizedText Recipient,
    IReadOnlyList<Role> IssuedBy,
    IReadOnlyList<ReportField> Fields,
    LocalizedText? LegalBasis = null)
{
    /// <summary>The heading with this id, or null.</summary>
    public ReportField? FindField(string id) => Fields.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// The recipient as the document's first line: 「御中」 after an office outside the hospital; nothing after the
    /// hospital's own management, nor after patients and the public (their recipient line is already addressed).
    /// </summary>
    public string Addressee => GoesToAuthority ? $"{Recipient.Ja} 御中" : Recipient.Ja;

    /// <summary>
    /// A report to an authority (the ministry, the police, the privacy commission or, for a public hospital, its local
    /// government in the commission's place): it is filed (提出), where the hospital's own documents are issued (発行).
    /// </summary>
    public bool GoesToAuthority => Kind is ReportKind.Ministry or ReportKind.Police or ReportKind.PrivacyPreliminary or ReportKind.PrivacyFinal;

    /// <summary>A report to the privacy commission: its deadline is the law's.</summary>
    public bool IsPrivacyReport => Kind is ReportKind.PrivacyPreliminary or ReportKind.PrivacyFinal;
}

/// <summary>
/// The catalogue of reports. Headings follow what each recipient asks for: the nine items of 個人情報保護法施行規則
/// 第8条第1項 for the privacy commission (and items 1, 2, 4, 5 and 9 for the notice to individuals, 規則第10条);
/// the rest are Sonae's own short headings for what the guideline's step names.
/// </summary>
public static class ReportTemplates
{
    /// <summary>Every report, in the order the flowchart comes to them.</summary>
    public static IReadOnlyList<ReportTemplate> All { get; } = Build();

    /// <summary>The report of a kind.</summary>
    public static ReportTemplate Get(ReportKind kind) => All.Single(t => t.Kind == kind);

    /// <summary>The report with this wire id, or null.</summary>
    public static ReportTemplate? Find(string? id) => All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));

    /// <summary>The ids of the privacy commission's nine items, in the order of 規則第8条第1項.</summary>
    public static IReadOnlyList<string> NineItems { get; } =
        ["overview", "data-items", "people", "cause", "secondary-harm", "response-to-individuals", "publication", "prevention", "other"];

    private static ReportField F(string id, string ja, string en, string hintJa, string hintEn, bool required = false) =>
        new(id, new LocalizedText(ja, en), new LocalizedText(hintJa, hintEn), required);

    private static LocalizedText T(string ja, string en) => new(ja, en);

    private static List<ReportTemplate> Build()
    {
        Role[] officer = [Role.SecurityOfficer, Role.Management];
        Role[] management = [Role.Management];

        var foundAt = F("found-at", "発見日時", "When it was found", "異常に最初に気づいた日時と、だれが気づいたか。", "When the anomaly was first noticed, and by whom.", true);
        var sourceMethod = F("source-method", "攻撃元・攻撃手法", "Source and method of the attack", "分かっている範囲で。不明なら「調査中」。", "As far as known; \"under investigation\" if not yet.");
        var cause = F("cause", "原因", "Cause", "推定を含む場合はそう書く。", "Say so when it is a likely cause rather than a proven one.", true);
        var organization = F("organization", "医療機関の名称・所在地・連絡先", "Organization, address and contact", "担当者の氏名と、つながる電話番号。", "The person in charge and a phone number that works now.", true);
        var overview = F("overview", "事案の概要", "What happened", "いつ、どこで、何が起きたかを短く。", "When, where and what happened, in a few sentences.", true);
        var systems = F("systems", "影響を受けたシステム・機器", "Systems and devices affected", "台数と設置場所も。", "With numbers and locations.");
        var measuresTaken = F("measures-taken", "実施した対応", "Measures taken", "切り離し、使用停止、連絡など、時刻とともに。", "Disconnections, stop-use notices, calls; with times.");

        List<ReportField> nine =
        [
            F("overview", "1 概要", "1 Summary", "発生日、発覚日、発生事案、発見者、規則第7条の該当号、委託先の有無を含めて。", "Date of occurrence and of discovery, what happened, who found it, which case of rule 7 applies, any contractor involved.", true),
            F("data-items", "2 漏えい等が発生し、又は発生したおそれがある個人データの項目", "2 Items of personal data affected", "例: 氏名、生年月日、診療録(病名・処方)、保険証番号。", "E.g. names, dates of birth, medical records (diagnoses, prescriptions), insurance numbers.", true),
            F("people", "3 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数", "3 Number of people affected", "「約○○人(調査中)」のように、分かっている範囲で。", "As far as known, e.g. \"about 1,200 (still counting)\".", true),
            F("cause", "4 原因", "4 Cause", "発生の主体と手口。調査中ならそう書く。", "Who caused it and how; say if still under investigation.", true),
            F("secondary-harm", "5 二次被害又はそのおそれの有無及びその内容", "5 Secondary harm or its risk", "データの公開・悪用の有無、その確認方法。", "Whether data was published or misused, and how that was checked.", true),
            F("response-to-individuals", "6 本人への対応の実施状況", "6 What was done for the people affected", "通知の方法と日付、問い合わせ窓口。", "How and when they were told; the enquiry desk.", true),
            F("publication", "7 公表の実施状況", "7 Public announcement", "公表の有無、日付、方法(ウェブサイト等)。", "Whether, when and how it was announced (website etc.).", true),
            F("prevention", "8 再発防止のための措置", "8 Measures against recurrence", "実施済みのものと実施予定のもの(予定日)。", "Done and planned (with dates).", true),
            F("other", "9 その他参考となる事項", "9 Other relevant matters", "警察への届出、他の行政機関への報告など。", "Police report, reports to other authorities, etc."),
        ];
        List<ReportField> privacyHead =
        [
            F("reporter", "報告者(事業者の名称・住所・代表者)", "Reporter (organization, address, representative)", "報告者欄には職員個人ではなく法人・医療機関の名称を書く。", "Give the organization's name, not the name of the staff member filing.", true),
            F("categories", "報告対象となる事態(規則第7条)", "Why it must be reported (rule 7)", "経営層が答えた号と、その理由。", "The cases management answered yes, with reasons.", true),
            F("aware-at", "事態を知った日時", "When the organization became aware", "いずれかの部署が知った時点。", "When any department first knew.", true),
            F("contact", "担当者・連絡先", "Person in charge and contact", "委員会からの問い合わせに答えられる人。", "Someone who can answer the commission's questions.", true),
        ];
        int[] noticeItems = [0, 1, 3, 4, 8];

        return
        [
            new(ReportKind.DamageStatus, "damage-status", T("被害状況報告", "Damage status report"), T("経営層", "Management"), officer,
            [
                foundAt,
                F("where-and-care", "発生箇所と診療への影響", "Where, and the effect on care", "止まっているシステム、紙運用に切り替えた部署、受診・救急への影響。", "Systems down, departments on paper, effect on outpatients and emergencies.", true),
                F("spread", "被害拡大の可能性", "Could it spread", "他のネットワーク・病院・委託先への広がりの可能性。", "Whether it may reach other networks, sites or contractors."),
                sourceMethod,
                cause,
                measuresTaken,
                F("measures-planned", "今後の対応", "Next measures", "次に何を、だれが、いつまでに。", "What next, by whom, by when."),
            ]),
            new(ReportKind.Ministry, "ministry", T("厚生労働省への報告", "Report to the Ministry of Health"), T("厚生労働省 医政局 担当部署", "Ministry of Health, Medical Policy Bureau"), management,
            [
                organization,
                overview,
                foundAt,
                systems,
                F("care-impact", "診療への影響", "Effect on care", "外来・入院・救急の受け入れ状況。", "Outpatients, admissions, emergency intake.", true),
                F("personal-data", "個人情報の漏えい等のおそれ", "Personal data at risk", "有無と、個人情報保護委員会への報告予定。", "Whether, and when the privacy commission will be told."),
                measuresTaken,
                F("support", "支援の要請・連絡事項", "Help asked for, other matters", "初動対応支援チームの派遣希望など。", "E.g. whether the initial-response team is wanted."),
            ], T("医療情報システムの安全管理に関するガイドライン 経営管理編 3.4.3", "MHLW security guideline, governance 3.4.3")),
            new(ReportKind.EvidenceAndRecoveryPlan, "evidence-recovery-plan", T("証拠保全の結果と復旧計画", "Evidence preservation results and recovery plan"), T("経営層", "Management"), officer,
            [
                F("evidence-results", "証拠保全の結果", "Evidence preserved", "何を、だれが、いつ、どの機器から保全したか。", "What was preserved, by whom, when, from which device.", true),
                sourceMethod,
                F("recovery-work", "復旧の作業と手順", "Recovery work and steps", "再設定・再インストール・リストアの順序と前提。", "Order of reconfiguration, reinstallation and restore, and what each needs.", true),
                F("effort", "工数・期間", "Effort and duration", "人日と、復旧までの見込み日数。", "Person-days, and days until service returns."),
                F("cost", "費用", "Cost", "見積額と内訳、承認が要る額。", "Estimate with breakdown; what needs approval."),
                F("paper-operation", "紙運用の継続", "Staying on paper", "紙運用を続ける期間と、その間の注意点。", "How long paper operation continues, and what to watch meanwhile."),
            ]),
            new(ReportKind.Police, "police", T("警察への被害届出(相談)資料", "Report to the police"), T("都道府県警察 サイバー犯罪相談窓口", "Prefectural police, cybercrime desk"), management,
            [
                organization,
                overview,
                F("timeline", "時系列", "Timeline", "発見から現在までの主な出来事。", "The main events from discovery until now.", true),
                systems,
                F("damage", "被害の内容", "Damage", "暗号化・改ざん・漏えい・身代金の要求など。", "Encryption, tampering, leaks, ransom demands.", true),
                F("evidence", "保全した証拠の一覧", "Evidence preserved", "ログ、ディスクイメージ、脅迫文の写しなど。保管者と場所。", "Logs, disk images, copies of the ransom note; who keeps them and where."),
                F("bring", "持参するもの", "What to bring", "この資料、時系列、被害システムの一覧、証拠の一覧、構成図。", "This report, the timeline, the list of affected systems, the evidence list, the network diagram."),
            ]),
            new(ReportKind.RecoveryResults, "recovery-results", T("復旧結果と情報漏えいの有無の報告", "Recovery results and data leak report"), T("経営層", "Management"), officer,
            [
                overview,
                cause,
                F("damage", "被害", "Damage", "止まった期間、影響を受けた患者・業務。", "How long systems were down; patients and work affected.", true),
                F("recovery", "復旧の結果", "Recovery", "復旧したシステムと日時、残っている作業。", "Systems restored and when; work still open.", true),
                F("effort-cost", "復旧の工数と費用", "Effort and cost of recovery", "実績の人日と費用。", "Actual person-days and cost."),
                F("leak", "個人データの漏えい・滅失・毀損の有無", "Did personal data leak, or was it lost or damaged", "調査の結論と、その根拠(戻せなかった消失・破損も含む)。", "The investigation's conclusion and what it rests on (loss or damage no copy restored counts).", true),
                F("leak-extent", "漏えいの範囲", "How far it leaked", "項目と人数。", "Which items and how many people."),
            ]),
            new(ReportKind.PrivacyPreliminary, "privacy-preliminary", T("漏えい等報告(速報)", "Leak report to the privacy commission (preliminary)"), T("個人情報保護委員会", "Personal Information Protection Commission"), management,
                [.. privacyHead, .. nine], T("個人情報の保護に関する法律 第26条第1項、同法施行規則 第7条・第8条第1項", "Act on the Protection of Personal Information art. 26(1); Enforcement Rules arts. 7 and 8(1)")),
            new(ReportKind.PrivacyFinal, "privacy-final", T("漏えい等報告(確報)", "Leak report to the privacy commission (final)"), T("個人情報保護委員会", "Personal Information Protection Commission"), management,
                [.. privacyHead, .. nine], T("個人情報の保護に関する法律 第26条第1項、同法施行規則 第7条・第8条第2項", "Act on the Protection of Personal Information art. 26(1); Enforcement Rules arts. 7 and 8(2)")),
            new(ReportKind.NoticeToIndividuals, "notice-to-individuals", T("個人情報の漏えい等に関するお知らせ", "Notice to the people affected"), T("影響を受けた患者さま・ご家族さま", "The patients and families affected"), management,
                [.. noticeItems.Select(i => nine[i]), F("enquiries", "お問い合わせ窓口", "Enquiries", "電話番号、受付時間、担当部署。", "Phone number, hours, department.", true)],
                T("個人情報の保護に関する法律 第26条第2項、同法施行規則 第10条", "Act on the Protection of Personal Information art. 26(2); Enforcement Rules art. 10")),
            new(ReportKind.Announcement, "announcement", T("公表文(お知らせ)", "Public announcement"), T("患者さま・地域の皆さま", "Patients and the community"), management,
            [
                F("headline", "見出し", "Headline", "例: システム障害による診療への影響について(第2報)", "E.g. \"Effect of the system failure on care (update 2)\"", true),
                F("what-happened", "発生した事案", "What happened", "専門用語を避け、日付とともに。", "Plain words, with dates.", true),
                F("patients", "患者さまへの影響", "What it means for patients", "受診・予約・救急・会計の扱い。", "Appointments, outpatient visits, emergencies, billing.", true),
                F("personal-data", "個人情報について", "About personal data", "漏えいの有無・調査状況。確かでないことは書かない。", "Whether data leaked or the state of the investigation; nothing uncertain stated as fact."),
                F("measures", "対応と再発防止", "What we are doing", "復旧の見込み、再発防止策。", "When service returns; measures against recurrence."),
                F("contact", "お問い合わせ先", "Enquiries", "電話番号と受付時間。", "Phone number and hours.", true),
            ]),
            new(ReportKind.FinalIncidentReport, "final-incident-report", T("インシデント最終報告書", "Final incident report"), T("経営層・理事会", "Management and the board"), officer,
            [
                overview,
                F("timeline", "時系列", "Timeline", "記録の全体。", "The whole record.", true),
                cause,
                F("damage", "被害", "Damage", "診療への影響、期間、費用。", "Effect on care, duration, cost.", true),
                F("reports", "報告・届出の状況", "Reports made", "だれに、いつ、何を報告したか。", "What was reported to whom and when."),
                F("recovery", "復旧", "Recovery", "復旧の経過と結果。", "How service was restored."),
                F("prevention", "再発防止策", "Measures against recurrence", "決定した対策、担当、期限。", "Measures decided, owners, deadlines.", true),
                F("lessons", "教訓", "Lessons", "うまくいったこと、次に変えること。", "What worked, what to change next time."),
            ]),
        ];
    }
}
