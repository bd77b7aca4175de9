using System.Globalization;
using MiniExcelLibs;
using Sonae.Core;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Web.Documents;

namespace Sonae.Web.Aftercare.Checklists;

/// <summary>A year's forms as printed for 立入検査 and written to the workbook: the hospital's form first, then each vendor's.</summary>
public sealed record ChecklistPrintModel(string OrganizationName, FiscalYear Year, IReadOnlyList<ChecklistDetail> Forms, DateTimeOffset MadeAt, string? PdfUrl);

/// <summary>Makes the year's print (HTML with the A4 print stylesheet, and PDF through Chromium, as the binder).</summary>
public sealed class MakeChecklistPrint(LoadChecklists load, DocumentRenderer renderer, PdfPrinter printer, TimeProvider clock)
{
    public async Task<ChecklistPrintModel?> Model(int year, CancellationToken cancellationToken)
    {
        if (!FiscalYear.TryParse(year.ToString(CultureInfo.InvariantCulture), out var fiscal))
            return null;
        var list = await load.List(year, cancellationToken);
        if (list.Count == 0)
            return null;
        var forms = new List<ChecklistDetail>();
        foreach (var summary in list)
            forms.Add((await load.Detail(year, summary.Form == "hospital" ? LoadChecklists.HospitalSlot : summary.Id.ToString(), cancellationToken))!);
        return new ChecklistPrintModel(forms[0].OrganizationName, fiscal, forms, clock.GetUtcNow(), null);
    }

    public Task<string> Html(ChecklistPrintModel model, CultureInfo culture) =>
        renderer.Render<ChecklistPrint>(new Dictionary<string, object?> { [nameof(ChecklistPrint.Model)] = model }, culture);

    public async Task<byte[]> Pdf(ChecklistPrintModel model, CultureInfo culture, CancellationToken cancellationToken) =>
        await printer.Print(await Html(model with { PdfUrl = null }, culture), $"{model.OrganizationName} — {model.Year.Wareki()} — {model.MadeAt.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} JST", cancellationToken);
}

/// <summary>
/// The year's forms as a workbook laid out like the ministry's form: a title, the hospital (or vendor and system) and
/// the year, then one row per item under 番号, 確認項目, 対象, はい/いいえ, 確認日, 目標日, 備考; one sheet per form.
/// The column heads are the ministry's words (the workbook is handed to the inspector as the form).
/// </summary>
public static class ChecklistWorkbook
{
    /// <summary>The column heads, in the ministry's words (the printed form uses them too).</summary>
    public static readonly string[] Columns = ["番号", "確認項目", "対象", "はい/いいえ", "確認日", "目標日", "備考", "初回確認日"];

    /// <summary>The form's title for <paramref name="year"/>, as the ministry's form has it.</summary>
    public static string Title(FiscalYear year) => $"{year.Wareki()} 医療機関におけるサイバーセキュリティ対策チェックリスト";

    /// <summary>Which of the ministry's forms: 医療機関確認用 or 事業者確認用.</summary>
    public static string FormName(bool hospital) => hospital ? "医療機関確認用" : "事業者確認用";

    /// <summary>An answer as the form writes it: はい, いいえ, or blank.</summary>
    public static string AnswerWord(string? answer) => answer switch { "yes" => "はい", "no" => "いいえ", _ => "" };

    public static byte[] Write(ChecklistPrintModel model)
    {
        var sheets = new Dictionary<string, object>();
        var vendorNumber = 0;
        foreach (var form in model.Forms)
        {
            var hospital = form.Checklist.Form == "hospital";
            var name = hospital ? FormName(true) : $"{FormName(false)}{++vendorNumber}";
            var rows = new List<Dictionary<string, object?>>
            {
                Row($"{Title(model.Year)}（{FormName(hospital)}）"),
                Row(hospital ? $"医療機関名: {model.OrganizationName}" : $"医療機関名: {model.OrganizationName}　事業者名: {form.Checklist.VendorName}　システム: {form.Checklist.System}"),
                Row($"年度: {model.Year.Wareki()}（{model.Year.First.Iso()}〜{model.Year.Last.Iso()}）　版: {form.Checklist.Edition}"),
                Row(Columns),
            };
            foreach (var item in form.Items)
            {
                rows.Add(Row(item.Number, item.Ja, ChecklistNames.Name(ChecklistNames.TryParseTarget(item.Target, out var t) ? t : ChecklistTarget.All).Ja,
                    AnswerWord(item.Answer), Day(item.CheckedOn), Day(item.TargetOn), item.Note ?? "", Day(item.FirstCheckedOn)));
            }
            sheets[name] = rows;
        }
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets, printHeader: false, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A row of every column (MiniExcel takes the columns from the first row), the cells given first.</summary>
    private static Dictionary<string, object?> Row(params string[] cells) =>
        Enumerable.Range(0, Columns.Length).ToDictionary(i => ((char)('A' + i)).ToString(), i => (object?)(i < cells.Length ? cells[i] : ""));
}
