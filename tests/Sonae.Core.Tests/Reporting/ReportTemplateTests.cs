using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;

namespace Sonae.Core.Tests.Reporting;

/// <summary>What each report asks for, and how documents write dates.</summary>
public sealed class ReportTemplateTests
{
    private static readonly string[] NineItemHeadings =
    [
        "1 概要",
        "2 漏えい等が発生し、又は発生したおそれがある個人データの項目",
        "3 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数",
        "4 原因",
        "5 二次被害又はそのおそれの有無及びその内容",
        "6 本人への対応の実施状況",
        "7 公表の実施状況",
        "8 再発防止のための措置",
        "9 その他参考となる事項",
    ];

    [Theory]
    [InlineData(ReportKind.PrivacyPreliminary)]
    [InlineData(ReportKind.PrivacyFinal)]
    public void PrivacyReports_HaveTheNineItemsOfRule8_InOrder(ReportKind kind)
    {
        var headings = ReportTemplates.Get(kind).Fields.Select(f => f.Heading.Ja).ToList();

        Assert.Equal(NineItemHeadings, headings.Where(h => char.IsAsciiDigit(h[0])));
        Assert.Equal(ReportTemplates.NineItems, ReportTemplates.Get(kind).Fields.Select(f => f.Id).Where(ReportTemplates.NineItems.Contains));
    }

    [Fact]
    public void NoticeToIndividuals_HasItems1_2_4_5_And9()
    {
        var headings = ReportTemplates.Get(ReportKind.NoticeToIndividuals).Fields.Select(f => f.Heading.Ja).Where(h => char.IsAsciiDigit(h[0]));

        Assert.Equal([NineItemHeadings[0], NineItemHeadings[1], NineItemHeadings[3], NineItemHeadings[4], NineItemHeadings[8]], headings);
    }

    [Fact]
    public void Catalogue_EveryKindOnce_IdsUnique_EveryHeadingInBothLanguages()
    {
        Assert.Equal(Enum.GetValues<ReportKind>(), ReportTemplates.All.Select(t => t.Kind));
        Assert.Equal(ReportTemplates.All.Count, ReportTemplates.All.Select(t => t.Id).Distinct().Count());
        foreach (var template in ReportTemplates.All)
        {
            Assert.Equal(template.Fields.Count, template.Fields.Select(f => f.Id).Distinct().Count());
            Assert.All(template.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Heading.En) || string.IsNullOrWhiteSpace(f.Hint.Ja)));
            Assert.NotEmpty(template.IssuedBy);
        }
        Assert.Equal(["2-11", "2-13", "2-16", "2-18", "4-1", "4-3", "4-3", "4-3", "4-9", "4-9"],
            ReportTemplates.All.Select(t => BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings.ReportStep(t.Id)?.Value));
    }

    [Theory]
    [InlineData(2026, 11, 24, DocumentDates.Western, "2026年11月24日")]
    [InlineData(2026, 11, 24, DocumentDates.Era, "令和8年11月24日")]
    [InlineData(2026, 11, 24, DocumentDates.EraWithWestern, "令和8年(2026年)11月24日")]
    [InlineData(2019, 5, 1, DocumentDates.Era, "令和元年5月1日")]
    [InlineData(2019, 4, 30, DocumentDates.Era, "平成31年4月30日")]
    [InlineData(2027, 1, 1, DocumentDates.EraWithWestern, "令和9年(2027年)1月1日")]
    public void DocumentDate_WritesTheOrganizationsStyle(int year, int month, int day, DocumentDates style, string expected)
    {
        Assert.Equal(expected, DocumentDate.Date(new DateOnly(year, month, day), style));
    }

    [Fact]
    public void DocumentDate_TimeIsJapanTime()
    {
        Assert.Equal("令和8年11月25日 08:30", DocumentDate.DateTime(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero), DocumentDates.Era));
    }
}
