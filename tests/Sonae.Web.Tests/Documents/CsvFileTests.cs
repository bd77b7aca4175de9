using System.IO.Compression;
using System.Text;
using Sonae.Core.Preparedness;
using Sonae.Web.Documents;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Tests.Documents;

/// <summary>
/// Sonae's one CSV writer: no cell a spreadsheet would run as a formula, and a ledger exported then imported is the
/// ledger it was, international phone numbers and dashes included.
/// </summary>
public sealed class CsvFileTests
{
    public static TheoryData<string, string> Cells() => new()
    {
        { "=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")" },
        { "+1", "'+1" },
        { "-2", "'-2" },
        { "@SUM(A1)", "'@SUM(A1)" },
        { "\tcmd", "'\tcmd" },
        { "\rcmd", "'\rcmd" },
        { "+81-3-0000-2100", "'+81-3-0000-2100" },
        { "-", "'-" },
        { "'=already text", "''=already text" },
        { "''+1", "'''+1" },
        { "'quoted", "'quoted" },
        { "'", "'" },
        { "090-0000-2100", "090-0000-2100" },
        { "田中 一郎", "田中 一郎" },
        { "a=b", "a=b" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void Neutralise_FormulaStart_GetsAnApostrophe_AndRestoreGivesTheCellBack(string cell, string written)
    {
        Assert.Equal(written, CsvFile.Neutralise(cell));
        Assert.Equal(cell, CsvFile.Restore(written));
    }

    [Fact]
    public void Write_QuotesEveryCell_WithCrLfAndAByteOrderMark()
    {
        var bytes = CsvFile.Write([["名称", "備考"], ["A \"社\"", null], ["=1+1", "行1\n行2"]]);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("\"名称\",\"備考\"\r\n\"A \"\"社\"\"\",\"\"\r\n\"'=1+1\",\"行1\n行2\"\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    private static readonly ExternalParty Tricky = new("v-1", PartyKind.Vendor, "=HYPERLINK(\"http://x\")", "+1",
        [new(ChannelKind.Office, "+81-3-5555-0000"), new(ChannelKind.Mobile, "-")], new DateOnly(2027, 3, 31),
        Hours: "-2", Contract: "@SUM(A1)", RemoteAccess: "'=already text", Notes: "+81-3-5555-0001(夜間)");

    private static readonly ExternalParty Plain = new("v-2", PartyKind.Police, "架空県警, サイバー犯罪対策課", null,
        [new(ChannelKind.Office, "03-0000-0110", "平日")], new DateOnly(2027, 3, 31), Notes: "\"至急\" と伝える\n2 行目");

    [Theory]
    [InlineData(LedgerFormat.Csv)]
    [InlineData(LedgerFormat.Xlsx)]
    public void PartyLedger_ExportThenImport_IsTheSameRecord(LedgerFormat format)
    {
        var ledger = new PartyLedger();

        var file = LedgerFiles.Write(ledger, [Tricky, Plain], format);
        var imported = ledger.Import(LedgerFiles.Read(file, format));

        Assert.Empty(imported.Problems);
        Assert.Equal(2, imported.Items.Count);
        foreach (var (before, after) in new[] { Tricky, Plain }.Zip(imported.Items))
        {
            Assert.Equal(before.Notes, after.Notes);
            Assert.Equal(before with { Channels = [] }, after with { Channels = [] });
            Assert.Equal(before.Channels, after.Channels);
        }
    }

    [Fact]
    public void PartyLedger_Csv_HasNoCellAFormulaCouldStartIn()
    {
        var text = Encoding.UTF8.GetString(LedgerFiles.Write(new PartyLedger(), [Tricky], LedgerFormat.Csv));

        foreach (var cell in new[] { "\"'=HYPERLINK(\"\"http://x\"\")\"", "\"'+1\"", "\"'-2\"", "\"'@SUM(A1)\"", "\"''=already text\"", "\"'+81-3-5555-0001(夜間)\"" })
            Assert.Contains(cell, text, StringComparison.Ordinal);
        Assert.DoesNotMatch("(^|,)\"[=+\\-@\t\r]", text);
    }

    [Fact]
    public void PartyLedger_Xlsx_WritesTheCellsAsText_NeverAsFormulas()
    {
        using var workbook = new ZipArchive(new MemoryStream(LedgerFiles.Write(new PartyLedger(), [Tricky], LedgerFormat.Xlsx)));
        var sheets = string.Concat(workbook.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()));

        Assert.DoesNotContain("<x:f>", sheets, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", sheets, StringComparison.Ordinal);
        Assert.Contains("=HYPERLINK(", sheets, StringComparison.Ordinal);
    }
}
