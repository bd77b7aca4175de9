using System.Globalization;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Reporting;

/// <summary>
/// What the record already knows, in lines ready to go into a report (the web layer words them, in Japanese, from
/// the events, the playbook and the preparedness record), and the playbook's bindings that say which facts and
/// which steps' notes go under which heading. <see cref="ReportDrafting"/> decides where the rest goes.
/// </summary>
public sealed record ReportContext
{
    /// <summary>The incident's playbook's bindings: which facts and step notes fill which heading.</summary>
    public required PlaybookBindings Bindings { get; init; }

    /// <summary>The organization's name, as its documents give it.</summary>
    public required string Organization { get; init; }

    /// <summary>The organization's address, if known.</summary>
    public string? Address { get; init; }

    /// <summary>The organization's main phone number, if known.</summary>
    public string? Phone { get; init; }

    /// <summary>Who represents the organization, with their title (「理事長 山田 太郎」), if the profile says.</summary>
    public string? Representative { get; init; }

    /// <summary>The incident's number in the organization (#7).</summary>
    public required int IncidentNumber { get; init; }

    /// <summary>The incident's title.</summary>
    public required string IncidentTitle { get; init; }

    /// <summary>The incident's description as opened, if any.</summary>
    public string? Description { get; init; }

    /// <summary>How the organization writes dates on documents.</summary>
    public required DocumentDates Dates { get; init; }

    /// <summary>When the organization became aware, if the record says.</summary>
    public Awareness? Awareness { get; init; }

    /// <summary>Management's latest answer to the four situations of rule 7, if any.</summary>
    public Assessment? Assessment { get; init; }

    /// <summary>The latest count of people whose data leaked or may have, if recorded.</summary>
    public FigureValue? PeopleAffected { get; init; }

    /// <summary>The playbook's facts as recorded, by id, each as its title and value in words (「原因の見立て: サイバー攻撃」).</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>();

    /// <summary>The raw value of each choice fact (<c>yes</c>, <c>cyber-attack</c>), by id.</summary>
    public IReadOnlyDictionary<string, string> FactValues { get; init; } = new Dictionary<string, string>();

    /// <summary>The anomalies staff reported, one line each with its time.</summary>
    public IReadOnlyList<string> Anomalies { get; init; } = [];

    /// <summary>The assets marked during the incident, each with its status.</summary>
    public IReadOnlyList<string> AffectedAssets { get; init; } = [];

    /// <summary>The systems staff must stop using, each with its paper fallback.</summary>
    public IReadOnlyList<string> StopUsing { get; init; } = [];

    /// <summary>The actions done, one line each with its time and who did it.</summary>
    public IReadOnlyList<string> ActionsDone { get; init; } = [];

    /// <summary>Notes written on a step, by step id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> NotesByStep { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The same notes, their words only (no author, no time): for the documents patients and the public read.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> NoteTextsByStep { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The contacts logged, one line each.</summary>
    public IReadOnlyList<string> Contacts { get; init; } = [];

    /// <summary>The reports issued so far, one line each: when, which, to whom.</summary>
    public IReadOnlyList<string> ReportsIssued { get; init; } = [];

    /// <summary>The whole record, one line an event, oldest first.</summary>
    public IReadOnlyList<string> Timeline { get; init; } = [];

    /// <summary>The person who answers questions about the incident, with a number that works during it.</summary>
    public string? Contact { get; init; }

    /// <summary>The latest issue of a report, by report id, if any (the notice, the announcement).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastIssued { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>The authorities told so far (reports issued to them, calls and messages that reached them), oldest first.</summary>
    public IReadOnlyList<AuthorityTold> AuthoritiesTold { get; init; } = [];

    /// <summary>How the people affected are told, as the record says (the playbook's individual-notice fact), if it says.</summary>
    public NoticeDecision? IndividualNotice { get; init; }
}

/// <summary>How the people affected are told, as recorded, with the reason given for a public announcement in place of the notice.</summary>
/// <param name="Choice">What was chosen.</param>
/// <param name="Reason">Why notice is impractical (recorded with <see cref="NoticeChoice.AnnounceInstead"/>).</param>
public sealed record NoticeDecision(NoticeChoice Choice, string? Reason = null);

/// <summary>
/// A first draft of each report from what the record already knows. Under each heading go what Sonae itself knows
/// for it (dates, counts, answers, systems, the timeline), then the facts and step notes the playbook binds to it.
/// Where the record knows nothing it writes 「調査中」 (under investigation) for the law's items, which is what the
/// commission asks for in a preliminary report; people edit every heading before it goes.
/// </summary>
public static class ReportDrafting
{
    /// <summary>What a heading says while nothing is known for it: 「調査中」.</summary>
    public const string UnderInvestigation = "調査中";

    /// <summary>Headings that say 「調査中」 rather than nothing while the record knows nothing for them.</summary>
    private static readonly HashSet<string> UnderInvestigationWhenUnknown = new(StringComparer.Ordinal)
    {
        "source-method", "cause", "personal-data", "leak", "leak-extent", "people", "data-items", "secondary-harm", "prevention",
    };

    /// <summary>The most lines of the timeline a draft takes (the newest are kept; the full record is one export away).</summary>
    public const int TimelineLines = 300;

    /// <summary>
    /// Each recorded fact as every report writes it: its title and its value in words, in Japanese
    /// (「個人データの漏えい等の有無: 漏えい等あり」), by fact id; a fact revised since reads as its latest value, whichever report
    /// is drafted. For <see cref="ReportContext.Facts"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FactLines(Playbook playbook, IncidentProgress progress)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(progress);
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, fact) in progress.Facts)
        {
            var definition = playbook.FindFact(id);
            lines[id.Value] = $"{definition?.Title.Ja ?? id.Value}: {definition?.FindValue(fact.Value)?.Title.Ja ?? fact.Value}";
        }
        return lines;
    }

    /// <summary>A first draft of a report: heading id → text, for the headings the record has something for.</summary>
    public static IReadOnlyDictionary<string, string> Fill(ReportTemplate template, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in template.Fields)
        {
            var value = Value(template, field.Id, context);
            if (!string.IsNullOrWhiteSpace(value))
                fields[field.Id] = value.Trim();
        }
        return fields;
    }

    private static string? Value(ReportTemplate template, string field, ReportContext c)
    {
        var kind = template.Kind;
        var bound = Bound(c, field, kind);
        if (field is "overview" or "what-happened")
            return Overview(template, c, bound);
        var value = Lines(Own(kind, field, c), bound);
        return value ?? (UnderInvestigationWhenUnknown.Contains(field) ? UnderInvestigation : null);
    }

    /// <summary>What Sonae itself knows for a heading, from the record and the preparedness record.</summary>
    private static string? Own(ReportKind kind, string field, ReportContext c) => field switch
    {
        "found-at" => Lines([c.Awareness is { } a ? DocumentDate.DateTime(a.At, c.Dates) : null, .. c.Anomalies]),
        "where-and-care" or "care-impact" or "patients" => Lines([
            c.StopUsing.Count > 0 ? "使用を停止しているシステム:" : null, .. Bullets(c.StopUsing),
            c.AffectedAssets.Count > 0 ? "影響を受けた機器:" : null, .. Bullets(c.AffectedAssets)]),
        "measures-taken" => Lines(Bullets(c.ActionsDone)),
        "organization" => Lines(c.Organization, c.Address, c.Phone is null ? null : $"電話: {c.Phone}", c.Contact),
        // 「事業者の名称・住所・代表者」: a missing representative is said, so that nobody files without one unawares.
        "reporter" => Lines(c.Organization, c.Address, $"代表者: {(string.IsNullOrWhiteSpace(c.Representative) ? "(基本情報に未登録)" : c.Representative.Trim())}", c.Phone is null ? null : $"電話: {c.Phone}"),
        "contact" when kind is ReportKind.Announcement => Lines(c.Organization, c.Phone is null ? null : $"電話: {c.Phone}"),
        "contact" => c.Contact,
        "enquiries" => Lines(c.Organization, c.Phone is null ? null : $"電話: {c.Phone}"),
        "systems" or "damage" => Lines([
            c.AffectedAssets.Count > 0 ? "影響を受けた機器:" : null, .. Bullets(c.AffectedAssets),
            c.StopUsing.Count > 0 ? "使用を停止したシステム:" : null, .. Bullets(c.StopUsing)]),
        "paper-operation" => c.StopUsing.Count > 0 ? Lines(["紙運用を続けているシステム:", .. Bullets(c.StopUsing)]) : null,
        "timeline" => c.Timeline.Count <= TimelineLines ? Lines(c.Timeline)
            : Lines([$"(記録の最初の {c.Timeline.Count - TimelineLines} 件は省略。全体は記録のエクスポートを参照)", .. c.Timeline.TakeLast(TimelineLines)]),
        "bring" => "この資料、時系列、被害を受けたシステムの一覧、保全した証拠の一覧、ネットワーク構成図。",
        "leak-extent" or "people" => People(c),
        "categories" => Categories(c),
        "aware-at" => c.Awareness is { } aware ? $"{DocumentDate.DateTime(aware.At, c.Dates)}({Basis(aware)})" : null,
        "response-to-individuals" => ResponseToIndividuals(c),
        "publication" => Publication(c),
        "other" when kind is ReportKind.PrivacyPreliminary or ReportKind.PrivacyFinal or ReportKind.NoticeToIndividuals => Other(kind, c),
        "other" or "reports" => Lines([c.ReportsIssued.Count > 0 ? "報告・届出:" : null, .. Bullets(c.ReportsIssued)]),
        "headline" => $"{c.IncidentTitle}について",
        _ => null,
    };

    /// <summary>The facts and step notes the playbook binds to a heading, as recorded.</summary>
    private static string? Bound(ReportContext c, string field, ReportKind kind)
    {
        var sources = c.Bindings.Heading(field);
        // Patients and the public read the notes' words, not who wrote them inside the hospital, nor when.
        var notesByStep = kind is ReportKind.NoticeToIndividuals or ReportKind.Announcement ? c.NoteTextsByStep : c.NotesByStep;
        return Lines([
            .. sources.Facts.Select(f => c.Facts.GetValueOrDefault(f.Value)),
            .. sources.Notes.Select(s => notesByStep.TryGetValue(s.Value, out var notes) ? Lines(notes) : null)]);
    }

    private static string Overview(ReportTemplate template, ReportContext c, string? bound)
    {
        var kind = template.Kind;
        // The count as item 3 gives it, in a report without a heading of its own for it (the notice to individuals, the
        // ministry's); not in the public announcement, where management decides whether to give a figure that may grow.
        var countOfPeople = kind is not ReportKind.Announcement && template.FindField("people") is null && template.FindField("leak-extent") is null;
        return Lines(
        $"{c.IncidentTitle}(インシデント #{c.IncidentNumber})",
        c.Description,
        // The commission's item 1 asks when it happened as well as when it was found: 「調査中」 until the record says.
        OccurredAt(c) is { } occurred ? $"発生日時: {occurred}"
            : kind is ReportKind.PrivacyPreliminary or ReportKind.PrivacyFinal ? $"発生日時: {UnderInvestigation}" : null,
        c.Awareness is { } a ? $"発覚日時: {DocumentDate.DateTime(a.At, c.Dates)}" : null,
        bound,
        countOfPeople && People(c) is { } people ? $"対象となる本人の数: {people}" : null,
        kind is ReportKind.PrivacyPreliminary or ReportKind.PrivacyFinal && c.Assessment is { Required: true } ? $"該当: {string.Join("、", c.Assessment.Categories.Order().Select(Label))}" : null)!;
    }

    /// <summary>When the breach happened, as the fact the playbook binds to it says (known, estimated or 「不明」).</summary>
    private static string? OccurredAt(ReportContext c) =>
        c.Bindings.OccurredAt is { } fact && c.FactValues.TryGetValue(fact.Value, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Item 6: how the people affected are told, and what was done.</summary>
    private static string ResponseToIndividuals(ReportContext c) => c.IndividualNotice switch
    {
        { Choice: NoticeChoice.AnnounceInstead } instead => Lines(
            "本人への通知が困難であるため、公表により本人への通知に代える(個人情報保護法第26条第2項ただし書)。",
            instead.Reason is { } reason ? $"通知が困難な理由: {reason}" : null,
            Issued(c, "announcement", "公表") ?? "公表: 未実施(準備中)")!,
        { Choice: NoticeChoice.Both } => Lines(
            "本人へ個別に通知し、あわせて公表する。",
            Issued(c, "notice-to-individuals", "本人への通知") ?? "本人への通知: 未実施(準備中)",
            Issued(c, "announcement", "公表") ?? "公表: 未実施(準備中)")!,
        { Choice: NoticeChoice.Notify } => Lines("本人へ個別に通知する。", Issued(c, "notice-to-individuals", "本人への通知") ?? "本人への通知: 未実施(準備中)")!,
        { Choice: NoticeChoice.NotYet } => Issued(c, "notice-to-individuals", "本人への通知") ?? "未実施(通知の方法を検討中)",
        _ => Issued(c, "notice-to-individuals", "本人への通知") ?? "未実施(準備中)",
    };

    /// <summary>Item 7: whether it was announced, and whether in place of the notice.</summary>
    private static string Publication(ReportContext c) => c.IndividualNotice?.Choice switch
    {
        NoticeChoice.AnnounceInstead => Lines("本人への通知に代わる措置として公表する。", Issued(c, "announcement", "公表") ?? "未実施(準備中)")!,
        NoticeChoice.Both => Lines("本人への通知とあわせて公表する。", Issued(c, "announcement", "公表") ?? "未実施(準備中)")!,
        _ => Issued(c, "announcement", "公表") ?? "未実施",
    };

    /// <summary>
    /// Item 9 of the privacy commission's reports (and of the notice): the other authorities told, each with when and
    /// how; the notice also says when it is published in place of a letter to each person.
    /// </summary>
    private static string? Other(ReportKind kind, ReportContext c) => Lines([
        kind is ReportKind.NoticeToIndividuals && c.IndividualNotice is { Choice: NoticeChoice.AnnounceInstead }
            ? "ご本人さまへ個別にお知らせすることが困難なため、このお知らせを公表することで、ご本人さまへの通知に代えさせていただきます。" : null,
        c.AuthoritiesTold.Count > 0 ? (kind is ReportKind.NoticeToIndividuals ? "関係機関への報告・相談:" : "他の行政機関等への報告・届出:") : null,
        // The notice names the authority and the day only: what was said on a call is the hospital's own record.
        .. c.AuthoritiesTold.Select(t => kind is ReportKind.NoticeToIndividuals
            ? $"・{Authorities.Name(t.Authority)}: {DocumentDate.Date(DateOnly.FromDateTime(t.At.ToJst().DateTime), c.Dates)}"
            : $"・{Authorities.Name(t.Authority)}: {DocumentDate.DateTime(t.At, c.Dates)} {t.What}")]);

    /// <summary>
    /// The headings of a saved draft that the record would now fill differently: for each, what the draft says and what
    /// the record would write. A heading counts only when the record changed it since the draft's basis (the fill
    /// then and now differ) and the draft does not already say it; it was typed by hand when the draft differs from
    /// what the record filled then (someone wrote, kept or emptied it on purpose).
    /// </summary>
    /// <param name="template">The report.</param>
    /// <param name="draft">The saved draft's headings.</param>
    /// <param name="filledThen">What the record filled at the draft's basis (<see cref="SavedDraft.Basis"/>).</param>
    /// <param name="filledNow">What the record fills now.</param>
    public static IReadOnlyList<HeadingChange> Changes(
        ReportTemplate template, IReadOnlyDictionary<string, string> draft, IReadOnlyDictionary<string, string> filledThen, IReadOnlyDictionary<string, string> filledNow)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(filledThen);
        ArgumentNullException.ThrowIfNull(filledNow);
        var changes = new List<HeadingChange>();
        foreach (var field in template.Fields)
        {
            var (saved, then, now) = (draft.GetValueOrDefault(field.Id), filledThen.GetValueOrDefault(field.Id), filledNow.GetValueOrDefault(field.Id));
            if (then != now && saved != now)
                changes.Add(new HeadingChange(field, saved, now, TypedByHand: saved != then));
        }
        return changes;
    }

    /// <summary>
    /// A draft with the record's text taken for the headings chosen and every other heading as it was: nothing is
    /// replaced that was not chosen. A heading the record leaves empty is emptied when chosen.
    /// </summary>
    /// <param name="template">The report.</param>
    /// <param name="draft">The draft's headings.</param>
    /// <param name="filled">What the record fills.</param>
    /// <param name="take">The headings chosen.</param>
    public static IReadOnlyDictionary<string, string> Refilled(
        ReportTemplate template, IReadOnlyDictionary<string, string> draft, IReadOnlyDictionary<string, string> filled, IEnumerable<string> take)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(filled);
        var chosen = new HashSet<string>(take ?? [], StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in template.Fields)
        {
            if ((chosen.Contains(field.Id) ? filled : draft).GetValueOrDefault(field.Id) is { } value && !string.IsNullOrWhiteSpace(value))
                fields[field.Id] = value;
        }
        return fields;
    }

    private static string? People(ReportContext c) => c.PeopleAffected is { } figure
        ? $"{figure.Value.ToString("N0", CultureInfo.InvariantCulture)}人({DocumentDate.Date(DateOnly.FromDateTime(figure.At.ToJst().DateTime), c.Dates)}時点{(figure.Note is null ? "" : $"、{figure.Note}")})"
        : null;

    private static string? Categories(ReportContext c) => c.Assessment is not { } assessment ? null
        : Lines(assessment.Answers.Where(a => a.Applies).Select(a => $"・{Label(a.Category)}: {a.Reason}").ToArray()) ?? "該当なし";

    /// <summary>「第7条第1号(要配慮個人情報)」.</summary>
    public static string Label(ReportingCategory category) => category switch
    {
        ReportingCategory.SensitiveData => "第7条第1号(要配慮個人情報)",
        ReportingCategory.FinancialHarm => "第7条第2号(財産的被害のおそれ)",
        ReportingCategory.UnlawfulPurpose => "第7条第3号(不正の目的によるおそれ)",
        ReportingCategory.OverThreshold => "第7条第4号(1,000人超)",
    };

    private static string Basis(Awareness awareness) => awareness.Basis switch
    {
        AwarenessBasis.Opened => "インシデントの起票",
        AwarenessBasis.Reported => "職員からの異常報告",
        AwarenessBasis.NoticedSince => "職員が異常に気づいた時刻",
        AwarenessBasis.SetByManagement => $"経営層が設定: {awareness.Reason}",
    };

    private static string? Issued(ReportContext c, string report, string what) =>
        c.LastIssued.TryGetValue(report, out var at) ? $"{DocumentDate.Date(DateOnly.FromDateTime(at.ToJst().DateTime), c.Dates)}に{what}を実施" : null;

    private static IEnumerable<string> Bullets(IEnumerable<string> lines) => lines.Select(l => $"・{l}");

    private static string? Lines(params IEnumerable<string?> lines)
    {
        var kept = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        return kept.Count == 0 ? null : string.Join('\n', kept);
    }
}

/// <summary>A heading of a saved draft that the record would now fill differently (<see cref="ReportDrafting.Changes"/>).</summary>
/// <param name="Field">The heading.</param>
/// <param name="Draft">What the saved draft says under it (null: nothing).</param>
/// <param name="Record">What the record would write under it now (null: nothing).</param>
/// <param name="TypedByHand">
/// The draft says something other than what the record filled when it was drafted: someone wrote it, so it is kept
/// unless they choose the record's text.
/// </param>
public sealed record HeadingChange(ReportField Field, string? Draft, string? Record, bool TypedByHand);

/// <summary>Dates on documents, as the organization writes them: 2026年11月24日, 令和8年11月24日, or 令和8年(2026年)11月24日.</summary>
public static class DocumentDate
{
    /// <summary>A day as the organization writes it.</summary>
    public static string Date(DateOnly day, DocumentDates style)
    {
        var western = day.ToString("yyyy'年'M'月'd'日'", CultureInfo.InvariantCulture);
        if (style == DocumentDates.Western)
            return western;
        var date = day.ToDateTime(TimeOnly.MinValue);
        var era = date.ToString("gg", JapanTime.Eras) + EraYear(date);
        var rest = date.ToString("M'月'd'日'", CultureInfo.InvariantCulture);
        return style == DocumentDates.Era ? $"{era}年{rest}" : $"{era}年({day.Year}年){rest}";
    }

    /// <summary>A moment as the organization writes it, in Japan time, to the minute.</summary>
    public static string DateTime(DateTimeOffset time, DocumentDates style)
    {
        var jst = time.ToJst();
        return $"{Date(DateOnly.FromDateTime(jst.DateTime), style)} {jst.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The year of the era, with 元 for the first (令和元年).</summary>
    private static string EraYear(System.DateTime date)
    {
        var year = JapanTime.Eras.DateTimeFormat.Calendar.GetYear(date);
        return year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
    }
}
