using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Csv;
using Sonae.Core.Preparedness;
using Sonae.Web.Documents;

namespace Sonae.Web.Preparedness;

public enum LedgerFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// Ledgers as the files hospitals keep them in: Excel workbooks (the first sheet) and CSV, in UTF-8 or in the
/// Shift_JIS that Japanese Excel writes by default. Every cell is read as text; the ledger decides what it means.
/// CSV is written by <see cref="CsvFile"/>, which makes a cell such as <c>=HYPERLINK(…)</c> or <c>+81-3-…</c> text
/// with a leading apostrophe; reading a CSV takes that apostrophe away again, so an export imports as it was.
/// </summary>
public static class LedgerFiles
{
    /// <summary>The largest file accepted, in bytes: ten times a 2,000-asset ledger.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The most data rows read from one file.</summary>
    public const int MaxRows = 20_000;

    public static string ContentType(this LedgerFormat format) => format switch
    {
        LedgerFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        LedgerFormat.Csv => "text/csv; charset=utf-8",
    };

    public static string Extension(this LedgerFormat format) => format switch
    {
        LedgerFormat.Xlsx => "xlsx",
        LedgerFormat.Csv => "csv",
    };

    public static bool TryParse(string? extension, out LedgerFormat format)
    {
        format = string.Equals(extension, "csv", StringComparison.OrdinalIgnoreCase) ? LedgerFormat.Csv : LedgerFormat.Xlsx;
        return extension is not null && (string.Equals(extension, "csv", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, "xlsx", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads the first sheet. Throws <see cref="InvalidDataException"/> for a file that is not one of its format.</summary>
    public static LedgerTable Read(byte[] file, LedgerFormat format)
    {
        var configuration = format == LedgerFormat.Csv
            ? new CsvConfiguration { StreamReaderFunc = stream => new StreamReader(stream, CsvEncoding(file)) }
            : null;
        var type = format == LedgerFormat.Csv ? ExcelType.CSV : ExcelType.XLSX;
        var rows = new List<IReadOnlyList<string?>>();
        foreach (IDictionary<string, object?> row in MiniExcel.Query(new MemoryStream(file), useHeaderRow: false, excelType: type, configuration: configuration))
        {
            if (rows.Count > MaxRows)
                throw new InvalidDataException($"More than {MaxRows} rows.");
            var cells = new string?[row.Count == 0 ? 0 : row.Keys.Max(ColumnIndex) + 1];
            foreach (var (column, value) in row)
                cells[ColumnIndex(column)] = format == LedgerFormat.Csv && Text(value) is { } text ? CsvCell(text) : Text(value);
            rows.Add(cells);
        }
        return rows.Count == 0 ? new LedgerTable([], []) : new LedgerTable(rows[0], rows.Skip(1).ToList());
    }

    public static byte[] Write<T>(Ledger<T> ledger, IEnumerable<T> items, LedgerFormat format)
    {
        if (format == LedgerFormat.Csv)
            return CsvFile.Write(items.Select(ledger.Write).Prepend([.. ledger.Columns.Select(c => c.Ja)]));
        var rows = items.Select(item =>
        {
            var values = ledger.Write(item);
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < ledger.Columns.Count; i++)
                row[ledger.Columns[i].Ja] = values[i] ?? "";
            return row;
        }).ToList();
        if (rows.Count == 0)
            rows.Add(ledger.Columns.ToDictionary(c => c.Ja, _ => (object?)"", StringComparer.Ordinal));
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows, sheetName: "台帳", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (with or without a byte-order mark), else Shift_JIS (code page 932).</summary>
    private static Encoding CsvEncoding(byte[] file)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(file);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(932);
        }
    }

    /// <summary>A cell as text: dates as ISO dates (the time dropped when it is midnight), numbers as written.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTime { TimeOfDay.Ticks: 0 } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// A CSV cell as it was exported: without the apostrophe that kept it from being a formula, and with its line
    /// breaks as LF, as in a workbook's cell (MiniExcel gives a quoted cell's line breaks back as CRLF).
    /// </summary>
    private static string CsvCell(string text) => CsvFile.Restore(text.ReplaceLineEndings("\n"));

    /// <summary>Excel's column letters to a zero-based index: A is 0, Z is 25, AA is 26.</summary>
    private static int ColumnIndex(string letters) => letters.Aggregate(0, (index, letter) => (index * 26) + (letter - 'A' + 1)) - 1;
}
