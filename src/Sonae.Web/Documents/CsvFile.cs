using System.Text;

namespace Sonae.Web.Documents;

/// <summary>
/// Every CSV file Sonae writes (the preparedness ledgers, the evidence manifest): RFC 4180 with every cell quoted,
/// CRLF line ends, UTF-8 with a byte-order mark (so Japanese Excel opens it as UTF-8 rather than Shift_JIS), and
/// no cell that a spreadsheet would run as a formula.
/// </summary>
/// <remarks>
/// CSV injection, as OWASP's CSV Injection page advises (owasp.org/www-community/attacks/CSV_Injection): a cell
/// that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading apostrophe, and
/// every cell is quoted with its quotes doubled. Spreadsheets show the apostrophe's cell as text without it; a
/// phone number such as <c>+81-3-…</c> is then kept as written instead of being computed. To read a file back
/// losslessly (<see cref="Restore"/>), a cell that already starts with apostrophes before one of those characters
/// gets one more, so only an apostrophe Sonae added is ever taken away. The xlsx files need none of this: their
/// cells are typed text, never formulas.
/// </remarks>
public static class CsvFile
{
    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>The file's bytes: the header row, then the rows, each cell neutralised and quoted.</summary>
    public static byte[] Write(IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
            text.AppendJoin(',', row.Select(cell => Quote(Neutralise(cell ?? "")))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>The cell as written: with a leading apostrophe when a spreadsheet would take it as a formula.</summary>
    public static string Neutralise(string cell) => NeedsApostrophe(cell) ? "'" + cell : cell;

    /// <summary>A cell read from a CSV file, without the apostrophe <see cref="Neutralise"/> added (any other is kept).</summary>
    public static string Restore(string cell) => cell.StartsWith('\'') && NeedsApostrophe(cell[1..]) ? cell[1..] : cell;

    /// <summary>Starts with a formula character, after any apostrophes (<c>+81…</c>, <c>'=x</c>).</summary>
    private static bool NeedsApostrophe(string cell)
    {
        var first = cell.TrimStart('\'');
        return first.Length > 0 && FormulaStarts.Contains(first[0], StringComparison.Ordinal);
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
