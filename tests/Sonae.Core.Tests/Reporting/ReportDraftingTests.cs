using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Reporting;

/// <summary>First drafts: what the record knows goes under the right heading; what it does not know says so.</summary>
public sealed class ReportDraftingTests
{
    private static readonly DateTimeOffset Aware = new(2026, 11, 24, 7, 20, 0, TimeSpan.FromHours(9));

    private static ReportContext Context(DocumentDates dates = DocumentDates.Western) => new()
    {
        Bindings = BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings,
        Organization = "さくら病院",
        Address = "架空県さくら市1-1",
        Phone = "0000-00-0000",
        IncidentNumber = 7,
        IncidentTitle = "電子カルテ暗号化",
        Dates = dates,
        Awareness = new Awareness(Aware, AwarenessBasis.NoticedSince),
        Assessment = new Assessment(
        [
            new CategoryAnswer(ReportingCategory.SensitiveData, true, "診療情報"),
            new CategoryAnswer(ReportingCategory.FinancialHarm, false, "なし"),
            new CategoryAnswer(ReportingCategory.UnlawfulPurpose, true, "ランサムウェア"),
            new CategoryAnswer(ReportingCategory.OverThreshold, false, "不明"),
        ], 5, Aware.AddHours(5), "院長"),
        PeopleAffected = new FigureValue(1450, "アクセスログ", 9, new DateTimeOffset(2026, 12, 30, 10, 0, 0, TimeSpan.FromHours(9)), "田中"),
        Facts = new Dictionary<string, string> { ["cause"] = "原因の見立て: サイバー攻撃" },
        StopUsing = ["電子カルテ(代替: 紙カルテ)"],
        AffectedAssets = ["SV-001 電子カルテサーバ: 感染"],
        Timeline = ["2026年11月24日 07:20 異常の報告", "2026年11月24日 08:00 ケーブルを抜いた"],
        ReportsIssued = ["2026年11月25日 10:00 警察への被害届出(相談)資料 → 架空県警"],
        AuthoritiesTold = [new AuthorityTold(Authority.Police, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(9)), "「警察への被害届出(相談)資料」を提出(架空県警)")],
    };

    [Fact]
    public void PrivacyFinal_FillsWhatTheRecordKnows_AndSaysUnderInvestigationForTheRest()
    {
        var fields = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.PrivacyFinal), Context(DocumentDates.Era));

        Assert.Equal("1,450人(令和8年12月30日時点、アクセスログ)", fields["people"]);
        Assert.Equal("・第7条第1号(要配慮個人情報): 診療情報\n・第7条第3号(不正の目的によるおそれ): ランサムウェア", fields["categories"]);
        Assert.Equal("令和8年11月24日 07:20(職員が異常に気づいた時刻)", fields["aware-at"]);
        Assert.StartsWith("さくら病院\n架空県さくら市1-1", fields["reporter"], StringComparison.Ordinal);
        Assert.Equal(ReportDrafting.UnderInvestigation, fields["data-items"]);
        Assert.Equal("未実施(準備中)", fields["response-to-individuals"]);
        Assert.Contains("警察への被害届出", fields["other"], StringComparison.Ordinal);
        Assert.Contains("原因の見立て: サイバー攻撃", fields["cause"], StringComparison.Ordinal);
    }

    [Fact]
    public void PoliceAndFinalReport_CarryTheWholeTimeline()
    {
        var police = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.Police), Context());
        var final = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.FinalIncidentReport), Context());

        Assert.Equal("2026年11月24日 07:20 異常の報告\n2026年11月24日 08:00 ケーブルを抜いた", police["timeline"]);
        Assert.Equal(police["timeline"], final["timeline"]);
        Assert.Contains("・SV-001 電子カルテサーバ: 感染", police["systems"], StringComparison.Ordinal);
    }

    [Fact]
    public void LongTimeline_KeepsTheNewestLines_AndSaysHowManyWereLeftOut()
    {
        var context = Context() with { Timeline = [.. Enumerable.Range(1, 1000).Select(i => $"出来事 {i}")] };

        var timeline = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.Police), context)["timeline"].Split('\n');

        Assert.Equal(ReportDrafting.TimelineLines + 1, timeline.Length);
        Assert.Contains("700 件は省略", timeline[0], StringComparison.Ordinal);
        Assert.Equal("出来事 1000", timeline[^1]);
    }

    [Fact]
    public void EmptyRecord_LeavesHeadingsWithNothingToSayEmpty()
    {
        var context = Context() with { Assessment = null, PeopleAffected = null, Facts = new Dictionary<string, string>(), StopUsing = [], AffectedAssets = [], Timeline = [], ReportsIssued = [] };

        var fields = ReportDrafting.Fill(ReportTemplates.Get(ReportKind.DamageStatus), context);

        Assert.False(fields.ContainsKey("where-and-care"));
        Assert.False(fields.ContainsKey("measures-taken"));
        Assert.Equal(ReportDrafting.UnderInvestigation, fields["cause"]);
        Assert.Equal(ReportDrafting.UnderInvestigation, ReportDrafting.Fill(ReportTemplates.Get(ReportKind.PrivacyPreliminary), context)["people"]);
    }
}
