using MiniExcelLibs;
using Sonae.Core;
using Sonae.Core.Aftercare.Metrics;
using Sonae.Web.Documents;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>
/// The metrics as files: CSV (the incidents, one row each) and an Excel workbook (the incidents, and the summary of
/// real incidents and of drills). Headers are in Japanese with English beside them; durations are minutes with one
/// decimal, so a spreadsheet can compute with them; times are Japan time.
/// </summary>
public static class MetricsFiles
{
    /// <summary>The columns of the incidents' table, in order.</summary>
    public static IReadOnlyList<string> IncidentColumns { get; } =
    [
        "区分 (kind)", "番号 (number)", "件名 (title)", "最初の報告 (first report, JST)",
        .. Milestones.All.Select(m => $"{Label(m)}(分) ({m}, min)"),
        "目標超過の手順 (steps over target)", "スキップした手順 (steps skipped)", "未実施の手順 (steps never done)",
        "最初の応答まで(分) (first page acknowledged, min)", "応答のなかった人 (paged, never acknowledged)",
    ];

    /// <summary>The columns of the summary's table, in order.</summary>
    public static IReadOnlyList<string> SummaryColumns { get; } =
        ["区分 (kind)", "項目 (measure)", "件数 (count)", "中央値(分) (median, min)", "90パーセンタイル(分) (90th percentile, min)", "未達 (not reached)"];

    public static byte[] Csv(MetricsReport report) =>
        CsvFile.Write(IncidentRows(report).Prepend([.. IncidentColumns]));

    public static byte[] Xlsx(MetricsReport report)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["事案 incidents"] = Table(IncidentColumns, IncidentRows(report)),
            ["概要 summary"] = Table(SummaryColumns, SummaryRows("実事案 real", report.RealSummary).Concat(SummaryRows("訓練 drill", report.DrillSummary))),
        };
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static IEnumerable<IReadOnlyList<string?>> IncidentRows(MetricsReport report) =>
        report.Real.Concat(report.Drills).Select(i =>
        {
            var pages = i.Pages;
            return (IReadOnlyList<string?>)
            [
                i.Incident.Drill ? "訓練 drill" : "実事案 real",
                i.Incident.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                i.Incident.Title,
                i.Incident.ReportedAt.ToJst().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                .. Milestones.All.Select(m => i.Milestone(m) is { } time ? time.FromReport is { } from ? MetricsTexts.Minutes(from) : MetricsViews.State(time.State) : ""),
                Count(i.Steps.Count(s => s.OverTarget)),
                Count(i.Steps.Count(s => s.State == Core.Incidents.StepState.Skipped)),
                Count(i.Steps.Count(s => s.NeverDone)),
                MetricsTexts.Minutes(i.FirstAcknowledgement),
                string.Join(" / ", pages.SelectMany(p => p.NeverAcknowledged).Select(p => p.Name).Distinct(StringComparer.Ordinal)),
            ];
        });

    private static IEnumerable<IReadOnlyList<string?>> SummaryRows(string kind, MetricsSummary summary) =>
        summary.Milestones.Select(m => (IReadOnlyList<string?>)[kind, $"{Label(m.Milestone)} ({m.Milestone})", Count(m.Times.Count), MetricsTexts.Minutes(m.Times.Median), MetricsTexts.Minutes(m.Times.P90), Count(m.NotReached)])
            .Append([kind, "ページの最初の応答 (paging)", Count(summary.Paging.Count), MetricsTexts.Minutes(summary.Paging.Median), MetricsTexts.Minutes(summary.Paging.P90), Count(summary.PagesNeverAcknowledged)]);

    /// <summary>A sheet: rows of typed-text cells under the header (a sheet without rows still has its header).</summary>
    private static List<Dictionary<string, object?>> Table(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = rows.Select(r => columns.Select((c, i) => (c, (object?)(r[i] ?? ""))).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal)).ToList();
        if (table.Count == 0)
            table.Add(columns.ToDictionary(c => c, _ => (object?)"", StringComparer.Ordinal));
        return table;
    }

    /// <summary>The Japanese name of a milestone, as the files' headers give it (the files are the hospital's record, in Japanese first).</summary>
    private static string Label(string milestone) => MetricsTexts.Milestone(milestone, Bilingual.Japanese);

    private static string Count(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
