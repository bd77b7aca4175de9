using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Reporting;

/// <summary>
/// Drafts follow the record as it stands, on fixed times: a ransomware incident opened on Tuesday 24 November 2026,
/// the preliminary report filed on day 2 while nobody knew whether data had leaked, the leak confirmed at 4-1 on day
/// 20 (first "cannot tell", then revised to "leaked") with 1,450 people counted. Every report then says so alike; a
/// draft saved on day 2 says which headings the record now fills differently, and is refilled heading by heading
/// without losing what someone typed.
/// </summary>
public sealed class ReportRefillTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset Opened = new(2026, 11, 24, 9, 0, 0, Jst);
    private static readonly DateTimeOffset Day2 = Opened.AddDays(1);
    private static readonly DateTimeOffset Day20 = Opened.AddDays(19);
    private static readonly Playbook Playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;

    private static readonly Actor Director = new("key-mgmt", "院長 鈴木", new HashSet<Role> { Role.Management });
    private static readonly EventActor Officer = new("key-so", "情報システム課 田中", Role.SecurityOfficer);

    private const string Leaked = "個人データの漏えい等の有無: 漏えい等あり";
    private const string Count = "対象となる本人の数: 1,450人(2026年12月13日時点、電子カルテのアクセスログ全件調査)";

    private readonly List<IncidentEvent> _events = [];
    private IncidentProgress _progress = IncidentProgress.Empty;

    public ReportRefillTests()
    {
        Record(Opened, Officer, new IncidentOpened(1, "電子カルテ暗号化", IncidentSource.Manual, new PlaybookRef("p", 1, "x"), false, "受付端末に脅迫文"));
        Record(Opened.AddHours(1), Officer, new FactRecorded(new FactId("cause"), "cyber-attack", new StepId("2-1")));
        Record(Opened.AddHours(1), Officer, new FactRecorded(new FactId("data-leak-suspected"), "unknown", new StepId("2-1")));
        Assert.Null(Do(Director, new AssessReporting(
        [
            new CategoryAnswer(ReportingCategory.SensitiveData, true, "電子カルテの診療情報"),
            new CategoryAnswer(ReportingCategory.FinancialHarm, false, "決済情報なし"),
            new CategoryAnswer(ReportingCategory.UnlawfulPurpose, true, "ランサムウェア"),
            new CategoryAnswer(ReportingCategory.OverThreshold, false, "1,000人以下の見込み"),
        ]), Day2));
    }

    private ReportingState State => ReportingState.From(_events, Playbook.Bindings);

    private long Head => _events[^1].Seq;

    private void Record(DateTimeOffset at, EventActor actor, EventData data)
    {
        var e = new IncidentEvent(Guid.Empty, Guid.Empty, _events.Count + 1, at, actor, data, "");
        _events.Add(e);
        _progress = _progress.Apply(e);
    }

    private Refusal? Do(Actor actor, ReportingCommand command, DateTimeOffset now)
    {
        var decision = ReportingDecisions.Decide(State, _progress, actor, command, ReportingRules.Default, now);
        foreach (var (by, data) in decision.Events)
            Record(now, by, data);
        return decision.Refusal;
    }

    /// <summary>What the record knows now, as the web layer gives it to the drafts (the facts worded by Core alike for every report).</summary>
    private ReportContext Context()
    {
        var state = State;
        return new ReportContext
        {
            Bindings = Playbook.Bindings,
            Organization = "さくら病院",
            IncidentNumber = 1,
            IncidentTitle = "電子カルテ暗号化",
            Dates = DocumentDates.Western,
            Awareness = state.Awareness,
            Assessment = state.Assessment,
            PeopleAffected = state.Latest(ReportingState.PeopleAffected),
            Facts = ReportDrafting.FactLines(Playbook, _progress),
            ReportsIssued = [.. state.Issued.Select(i => $"{i.At.ToJst():yyyy年M月d日} {i.Data.Report} → {i.Data.To}")],
        };
    }

    private IReadOnlyDictionary<string, string> Fill(ReportKind kind) => ReportDrafting.Fill(ReportTemplates.Get(kind), Context());

    private static string Id(ReportKind kind) => ReportTemplates.Get(kind).Id;

    /// <summary>The preliminary report filed on day 2, as its first fill said, with the contact written in.</summary>
    private void PreliminaryOnDay2()
    {
        var fields = new Dictionary<string, string>(Fill(ReportKind.PrivacyPreliminary)) { ["contact"] = "情報システム課 田中 090-0000-0000" };
        Assert.Null(Do(Director, new IssueDocument(Id(ReportKind.PrivacyPreliminary), fields, ReportFormat.Text, new DateOnly(2026, 11, 25),
            DocumentDates.Western, new string('a', 64), "個人情報保護委員会", ContactChannel.WebForm), Day2));
    }

    /// <summary>Day 20: 4-1 first answers "cannot tell", then the investigation finds the leak; 1,450 people are counted.</summary>
    private void LeakConfirmedOnDay20()
    {
        Record(Day20.AddHours(-2), Officer, new FactRecorded(new FactId("data-leak-confirmed"), "unknown", new StepId("4-1")));
        Record(Day20, Officer, new FactRevised(new FactId("data-leak-confirmed"), "yes", "unknown", "アクセスログの全件調査で持ち出しを確認", new StepId("4-1")));
        Assert.Null(Do(Director, new RecordFigure(ReportingState.PeopleAffected, 1450, "電子カルテのアクセスログ全件調査"), Day20));
    }

    [Fact]
    public void LeakConfirmedAfterThePreliminary_FinalReportNoticeAndRecoveryReportStateIt_WithTheCount()
    {
        // Day 2: nothing is known of a leak; the preliminary says so.
        var day2 = Fill(ReportKind.PrivacyPreliminary);
        Assert.Equal(ReportDrafting.UnderInvestigation, day2["data-items"]);
        Assert.Equal(ReportDrafting.UnderInvestigation, day2["people"]);
        Assert.DoesNotContain("漏えい等あり", day2["overview"], StringComparison.Ordinal);
        PreliminaryOnDay2();

        LeakConfirmedOnDay20();

        var final = Fill(ReportKind.PrivacyFinal);
        var notice = Fill(ReportKind.NoticeToIndividuals);
        var recovery = Fill(ReportKind.RecoveryResults);
        var preliminary = Fill(ReportKind.PrivacyPreliminary);
        // The revised value, never the first one.
        Assert.All(new[] { final, notice, recovery, preliminary }.SelectMany(f => f.Values), v => Assert.DoesNotContain("判断できない", v, StringComparison.Ordinal));
        // The final report: the overview and the items of data; the count under item 3, not again in the overview.
        Assert.Contains(Leaked, final["overview"].Split('\n'));
        Assert.DoesNotContain(Count, final["overview"].Split('\n'));
        Assert.StartsWith(Leaked, final["data-items"], StringComparison.Ordinal);
        Assert.Equal("1,450人(2026年12月13日時点、電子カルテのアクセスログ全件調査)", final["people"]);
        Assert.Contains("原因の見立て: サイバー攻撃", final["cause"], StringComparison.Ordinal);
        // The notice to the people affected has no heading for the count: its overview carries it.
        Assert.Contains(Leaked, notice["overview"].Split('\n'));
        Assert.Contains(Count, notice["overview"].Split('\n'));
        Assert.StartsWith(Leaked, notice["data-items"], StringComparison.Ordinal);
        // The recovery report to management says it in the same words, and a preliminary drafted now too.
        Assert.Equal(Leaked, recovery["leak"]);
        Assert.Equal(final["people"], recovery["leak-extent"]);
        Assert.Contains(Leaked, recovery["overview"].Split('\n'));
        Assert.DoesNotContain(Count, recovery["overview"].Split('\n'));
        Assert.Equal(final["overview"], preliminary["overview"]);
        Assert.Equal(final["data-items"], preliminary["data-items"]);
    }

    [Fact]
    public void DraftSavedOnDay2_SaysWhichHeadingsTheRecordNowFillsDifferently_AndWhichWereTypedByHand()
    {
        var final = ReportTemplates.Get(ReportKind.PrivacyFinal);
        var filledDay2 = Fill(ReportKind.PrivacyFinal);
        var typed = new Dictionary<string, string>(filledDay2)
        {
            ["data-items"] = "氏名、生年月日、受診科(調査中)",
            ["contact"] = "情報システム課 田中 090-0000-0000",
        };
        Assert.Null(Do(Director, new DraftReport(final.Id, typed), Day2));
        var saved = State.Draft(final.Id)!;
        Assert.Equal(saved.Seq - 1, saved.Basis);
        PreliminaryOnDay2();
        // Nothing on the record changed what the draft's headings would say: a heading typed by hand is not stale.
        Assert.DoesNotContain(ReportDrafting.Changes(final, saved.Fields, filledDay2, Fill(ReportKind.PrivacyFinal)), c => c.Field.Id is "data-items" or "contact");

        LeakConfirmedOnDay20();
        var changes = ReportDrafting.Changes(final, saved.Fields, filledDay2, Fill(ReportKind.PrivacyFinal));

        var byId = changes.ToDictionary(c => c.Field.Id);
        Assert.Equal(["overview", "data-items", "people"], changes.Select(c => c.Field.Id).Where(id => id is "overview" or "data-items" or "people" or "contact" or "cause"));
        Assert.False(byId["overview"].TypedByHand);
        Assert.False(byId["people"].TypedByHand);
        Assert.Equal(ReportDrafting.UnderInvestigation, byId["people"].Draft);
        Assert.StartsWith("1,450人", byId["people"].Record, StringComparison.Ordinal);
        Assert.True(byId["data-items"].TypedByHand);
        Assert.Equal("氏名、生年月日、受診科(調査中)", byId["data-items"].Draft);
        Assert.StartsWith(Leaked, byId["data-items"].Record, StringComparison.Ordinal);
    }

    [Fact]
    public void DraftSavedAgainWithoutABasis_KeepsTheOneItWasComparedFrom_SoWhatTheRecordChangedStaysOutOfDate()
    {
        var final = ReportTemplates.Get(ReportKind.PrivacyFinal);
        Assert.Null(Do(Director, new DraftReport(final.Id, Fill(ReportKind.PrivacyFinal)), Day2));
        var first = State.Draft(final.Id)!;
        LeakConfirmedOnDay20();

        // An edit of another heading, by a client that does not send the basis back.
        Assert.Null(Do(Director, new DraftReport(final.Id, new Dictionary<string, string>(first.Fields) { ["contact"] = "田中 090-0000-0000" }), Day20.AddHours(1)));

        var again = State.Draft(final.Id)!;
        Assert.True(again.Seq > first.Seq);
        Assert.Equal(first.Basis, again.Basis);
    }

    [Fact]
    public void PatientsAndThePublic_ReadTheNotesWordsOnly_AndTheAuthoritiesByDay_TheCommissionTheWholeRecord()
    {
        var told = new AuthorityTold(Authority.Police, Day20, "電話: 県警サイバー犯罪相談窓口 担当 佐藤、被害届は来週");
        var context = Context() with
        {
            NotesByStep = new Dictionary<string, IReadOnlyList<string>> { ["4-1"] = ["アクセスログで持ち出しを確認(田中、2026年12月13日 10:00)"] },
            NoteTextsByStep = new Dictionary<string, IReadOnlyList<string>> { ["4-1"] = ["アクセスログで持ち出しを確認"] },
            AuthoritiesTold = [told],
        };

        var notice = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.NoticeToIndividuals), context);
        var final = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.PrivacyFinal), context);

        Assert.Contains("アクセスログで持ち出しを確認", notice["data-items"], StringComparison.Ordinal);
        Assert.DoesNotContain("田中", notice["data-items"], StringComparison.Ordinal);
        Assert.Contains("田中、2026年12月13日 10:00", final["data-items"], StringComparison.Ordinal);
        Assert.Contains("2026年12月13日", notice["other"], StringComparison.Ordinal);
        Assert.DoesNotContain("佐藤", notice["other"], StringComparison.Ordinal);
        Assert.Contains("担当 佐藤", final["other"], StringComparison.Ordinal);
    }

    [Fact]
    public void Refill_TakesOnlyTheHeadingsChosen_KeepsWhatWasTyped_AndIsNotOutOfDateAfterwards()
    {
        var final = ReportTemplates.Get(ReportKind.PrivacyFinal);
        var filledDay2 = Fill(ReportKind.PrivacyFinal);
        Assert.Null(Do(Director, new DraftReport(final.Id, new Dictionary<string, string>(filledDay2) { ["data-items"] = "氏名、生年月日、受診科(調査中)" }), Day2));
        var saved = State.Draft(final.Id)!;
        LeakConfirmedOnDay20();
        var basis = Head;
        var filledDay20 = Fill(ReportKind.PrivacyFinal);

        var unknown = Do(Director, new RefillDraft(final.Id, ["salary"], filledDay20, basis), Day20.AddMinutes(6));
        Assert.Equal("salary", Assert.IsType<UnknownReportField>(unknown).Field);

        // The director takes the overview and the count, and keeps the items of data as typed.
        Assert.Null(Do(Director, new RefillDraft(final.Id, ["overview", "people"], filledDay20, basis), Day20.AddMinutes(6)));

        var refilled = State.Draft(final.Id)!;
        Assert.Equal(basis, refilled.Basis);
        Assert.Equal(filledDay20["overview"], refilled.Fields["overview"]);
        Assert.Equal(filledDay20["people"], refilled.Fields["people"]);
        Assert.Equal("氏名、生年月日、受診科(調査中)", refilled.Fields["data-items"]);
        Assert.Equal(saved.Fields["categories"], refilled.Fields["categories"]);
        // From its new basis, nothing is out of date: what was not taken was kept on purpose.
        Assert.Empty(ReportDrafting.Changes(final, refilled.Fields, filledDay20, Fill(ReportKind.PrivacyFinal)));

        // Someone saves the draft again after the changes were shown: a choice made on the earlier draft is refused.
        Assert.Null(Do(Director, new DraftReport(final.Id, new Dictionary<string, string> { ["data-items"] = "氏名、病名" }), Day20.AddMinutes(7)));
        var conflict = Do(Director, new RefillDraft(final.Id, ["data-items"], filledDay20, basis), Day20.AddMinutes(8));
        Assert.Equal(("院長 鈴木", Day20.AddMinutes(7)), (Assert.IsType<DraftSavedSince>(conflict).By, ((DraftSavedSince)conflict).At));
        Assert.Equal("氏名、病名", State.Draft(final.Id)!.Fields["data-items"]);
    }

    [Fact]
    public void IssueWithoutHeadings_AndNoDraftSaved_IsRefused_NotIssuedAsAllMissing()
    {
        var refused = Do(Director, new IssueDocument(Id(ReportKind.PrivacyFinal), new Dictionary<string, string>(), ReportFormat.Text, new DateOnly(2026, 12, 13),
            DocumentDates.Western, new string('a', 64), "個人情報保護委員会", ContactChannel.WebForm), Day20);

        Assert.Equal(Id(ReportKind.PrivacyFinal), Assert.IsType<ReportNotDrafted>(refused).Report);
    }
}
