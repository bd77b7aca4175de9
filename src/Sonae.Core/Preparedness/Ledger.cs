using System.Globalization;
using System.Net;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Preparedness;

/// <summary>A column of a ledger spreadsheet: its id and the headers hospitals write in Japanese and English.</summary>
/// <param name="Key">Its id, which a header may also be.</param>
/// <param name="Ja">The Japanese header, written on export.</param>
/// <param name="En">The English header.</param>
/// <param name="Required">Whether a file must have it and every row fill it.</param>
/// <param name="Aliases">
/// Other headers hospitals' own ledgers use for it (「製造元」 for 「メーカー」), read on import; never written.
/// </param>
public sealed record LedgerColumn(string Key, string Ja, string En, bool Required = false, IReadOnlyList<string>? Aliases = null)
{
    /// <summary>Whether a header names this column: its Japanese or English header, one of its aliases, or its id.</summary>
    public bool Matches(string? header)
    {
        var text = header?.Trim();
        return string.Equals(text, Ja, StringComparison.Ordinal)
            || string.Equals(text, En, StringComparison.OrdinalIgnoreCase)
            || string.Equals(text, Key, StringComparison.OrdinalIgnoreCase)
            || (Aliases is not null && text is not null && Aliases.Any(a => string.Equals(Plain(text), Plain(a), StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>A header without the spaces, full-width or not, that hand-made ledgers scatter in it (「保守 連絡先」).</summary>
    private static string Plain(string header) => string.Concat(header.Where(c => !char.IsWhiteSpace(c)));
}

/// <summary>What is wrong with a cell or the header row of an imported ledger; each has its text in PreparednessTexts.</summary>
public enum LedgerProblemKind
{
    /// <summary>The file has no data row.</summary>
    Empty,

    /// <summary>A required column is not there.</summary>
    MissingColumn,

    /// <summary>A header names no column of this list.</summary>
    UnknownColumn,

    /// <summary>A required cell is empty.</summary>
    Required,

    /// <summary>Not one of the allowed values.</summary>
    UnknownValue,

    /// <summary>Not an IP address.</summary>
    BadIp,

    /// <summary>Not a date.</summary>
    BadDate,

    /// <summary>Not yes or no.</summary>
    BadYesNo,

    /// <summary>Not a way to reach someone (a kind and a value).</summary>
    BadChannel,

    /// <summary>Not a whole number.</summary>
    BadNumber,

    /// <summary>The rows read well but the list they make is not valid as a whole (the message says why).</summary>
    Invalid,

    /// <summary>A name that several rows share: give the id.</summary>
    Ambiguous,

    /// <summary>Two headers name the same column.</summary>
    DuplicateColumn,

    /// <summary>An id that an earlier row has.</summary>
    DuplicateId,

    /// <summary>Names nothing the list or the section it refers to holds.</summary>
    UnknownReference,

    /// <summary>Longer than a cell may be.</summary>
    TooLong,

    /// <summary>Not a CPE name (CPE 2.3 formatted string or the older URI form).</summary>
    BadCpe,
}

/// <summary>What is wrong with one cell (or the header row, row 1) of an imported ledger.</summary>
/// <param name="Row">The spreadsheet's row number: the header is row 1, the first data row is 2.</param>
/// <param name="Expected">What would be right: the allowed values, or the list a reference must be in.</param>
/// <param name="ExpectedEn">The same in English, where it is words (the allowed values) rather than ids.</param>
/// <param name="Column">The column, by the header the file wrote.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Value">The cell as read (cut when long).</param>
public sealed record LedgerProblem(int Row, string Column, LedgerProblemKind Kind, string? Value, string? Expected = null, string? ExpectedEn = null)
{
    /// <summary>The problem in words, in both languages, as people read it in the list of problems.</summary>
    public LocalizedText Text => new(
        Bilingual.Format(PreparednessTexts.ResourceManager, $"Ledger{Kind}", Row, Column, Value ?? "", Expected ?? "").Ja,
        Bilingual.Format(PreparednessTexts.ResourceManager, $"Ledger{Kind}", Row, Column, Value ?? "", ExpectedEn ?? Expected ?? "").En);
}

/// <summary>A spreadsheet as read from a file: a header row and data rows of cell texts.</summary>
public sealed record LedgerTable(IReadOnlyList<string?> Headers, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>The outcome of an import: every row as a record, or every problem and no records at all.</summary>
public sealed record LedgerImport<T>(IReadOnlyList<T> Items, IReadOnlyList<LedgerProblem> Problems)
{
    /// <summary>True when the import had no problem.</summary>
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Reads the cells of one data row by column, and writes down every problem rather than stopping at the first, so
/// that one import shows the hospital everything to fix.
/// </summary>
/// <param name="headers">Each column's header as the file writes it, which is what the problems name.</param>
/// <param name="number">The row's number in the spreadsheet (the first data row is 2).</param>
/// <param name="cells">The row's cells by column id.</param>
/// <param name="columns">The ledger's columns by id.</param>
/// <param name="problems">Where the problems go, shared by every row of the import.</param>
public sealed class LedgerRow(
    int number,
    IReadOnlyDictionary<string, string?> cells,
    IReadOnlyDictionary<string, LedgerColumn> columns,
    IReadOnlyDictionary<string, string> headers,
    List<LedgerProblem> problems)
{
    /// <summary>The longest cell text, in characters.</summary>
    public const int MaxCellLength = 1000;

    /// <summary>The row's number in the spreadsheet.</summary>
    public int Number { get; } = number;

    /// <summary>The cell's text, trimmed; null when empty (a problem when the column is required) or too long.</summary>
    public string? Text(string key)
    {
        if (!cells.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
        {
            if (columns[key].Required)
                Problem(key, LedgerProblemKind.Required, null);
            return null;
        }
        var text = value.Trim();
        if (text.Length > MaxCellLength)
        {
            Problem(key, LedgerProblemKind.TooLong, text[..20] + "…", MaxCellLength.ToString(CultureInfo.InvariantCulture));
            return null;
        }
        return text;
    }

    /// <summary>The cell as one of an enum's labels (Japanese, English or id); null when empty or not one of them.</summary>
    public T? Choice<T>(string key) where T : struct, Enum
    {
        var text = Text(key);
        if (text is null)
            return null;
        if (Labels.TryParse<T>(text, out var value))
            return value;
        Problem(key, LedgerProblemKind.UnknownValue, text, Labels.Choices<T>(Bilingual.Japanese), Labels.Choices<T>(Bilingual.English));
        return null;
    }

    /// <summary>The cell as an IP address; null when empty or not one.</summary>
    public string? Ip(string key)
    {
        var text = Text(key);
        if (text is null || IPAddress.TryParse(text, out _))
            return text;
        Problem(key, LedgerProblemKind.BadIp, text);
        return null;
    }

    /// <summary>
    /// A date as 2026-04-01, 2026/4/1, 2026年4月1日, 令和8年4月1日, or an Excel date cell (which the reader gives as
    /// ISO text, or as the day's serial number when the cell is formatted as a Japanese date).
    /// </summary>
    public DateOnly? Date(string key)
    {
        var text = Text(key);
        if (text is null)
            return null;
        string[] formats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyy'年'M'月'd'日'", "yyyy-MM-ddTHH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];
        if (DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return DateOnly.FromDateTime(time);
        if (DateTime.TryParseExact(text, ["ggy'年'M'月'd'日'", "ggy/M/d"], JapanTime.Eras, DateTimeStyles.None, out var era))
            return DateOnly.FromDateTime(era);
        // Excel's serial day numbers (1 is 1900-01-01): 20000 to 80000 covers 1954 to 2119.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 20_000 and <= 80_000)
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        Problem(key, LedgerProblemKind.BadDate, text);
        return null;
    }

    /// <summary>The cell as a CPE name (<see cref="CpeName"/>); null when empty or not one.</summary>
    public string? Cpe(string key)
    {
        var text = Text(key);
        if (text is null || CpeName.IsWellFormed(text))
            return text;
        Problem(key, LedgerProblemKind.BadCpe, text);
        return null;
    }

    /// <summary>The cell as yes or no (はい/いいえ, あり/なし, ○/×, yes/no, 1/0); null when empty or neither.</summary>
    public bool? YesNo(string key)
    {
        var text = Text(key);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "はい" or "あり" or "○" or "〇" or "yes" or "y" or "true" or "1":
                return true;
            case "いいえ" or "なし" or "×" or "no" or "n" or "false" or "0":
                return false;
            default:
                Problem(key, LedgerProblemKind.BadYesNo, text);
                return null;
        }
    }

    /// <summary>Several values in one cell, separated by 、 , ; or line breaks.</summary>
    public IReadOnlyList<string> List(string key) =>
        Text(key)?.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Several choices in one cell (「安全管理責任者、経営層」).</summary>
    public IReadOnlyList<T> Choices<T>(string key) where T : struct, Enum
    {
        var values = new List<T>();
        foreach (var text in List(key))
        {
            if (Labels.TryParse<T>(text, out var value))
                values.Add(value);
            else
                Problem(key, LedgerProblemKind.UnknownValue, text, Labels.Choices<T>(Bilingual.Japanese), Labels.Choices<T>(Bilingual.English));
        }
        return values;
    }

    /// <summary>The cell as a whole number; null when empty or not one.</summary>
    public int? WholeNumber(string key)
    {
        var text = Text(key);
        if (text is null)
            return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            return number;
        Problem(key, LedgerProblemKind.BadNumber, text);
        return null;
    }

    /// <summary>
    /// Ways to reach someone in priority order, separated by ; or line breaks, each a kind and a value with an
    /// optional note in brackets: 「携帯 090-0000-0000(夜間); 院内PHS 2100」.
    /// </summary>
    public IReadOnlyList<Channel> Channels(string key)
    {
        var channels = new List<Channel>();
        foreach (var item in Text(key)?.Split([';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
        {
            // The longest name the item starts with: 「In-house PHS 2100」 is a PHS, not an unknown "In-house".
            var match = Enum.GetValues<ChannelKind>()
                .SelectMany(k => new[] { Labels.Of(k).Ja, Labels.Of(k).En, Labels.Id(k) }.Select(name => (Kind: k, Name: name)))
                .Where(c => item.StartsWith(c.Name, StringComparison.OrdinalIgnoreCase) && item.Length > c.Name.Length && item[c.Name.Length] is ' ' or '\u3000' or ':' or '：')
                .OrderByDescending(c => c.Name.Length)
                .FirstOrDefault();
            var rest = match.Name is null ? "" : item[(match.Name.Length + 1)..].Trim();
            if (rest.Length == 0)
            {
                Problem(key, LedgerProblemKind.BadChannel, item, Labels.Choices<ChannelKind>(Bilingual.Japanese), Labels.Choices<ChannelKind>(Bilingual.English));
                continue;
            }
            var open = rest.IndexOfAny(['(', '（']);
            var (value, note) = open > 0 && rest[^1] is ')' or '）' ? (rest[..open].Trim(), rest[(open + 1)..^1].Trim()) : (rest, null);
            channels.Add(new Channel(match.Kind, value, note));
        }
        return channels;
    }

    /// <summary>Marks a name that several items share, followed by their ids (see <c>Ledger.Aliases</c>).</summary>
    internal const string AmbiguousMark = "\u0000ambiguous:";

    private static readonly char[] ListSeparators = ['、', ',', '，', ';', '；', '\n'];

    /// <summary>
    /// A reference to something that must exist elsewhere (a segment, a system, a vendor), by its id or its name;
    /// gives the id. With nothing known yet (no network drawn), any text is taken as it is.
    /// </summary>
    public string? Reference(string key, IReadOnlyDictionary<string, string> known)
    {
        var text = Text(key);
        if (text is null || known.Count == 0)
            return text;
        if (known.TryGetValue(text, out var id))
        {
            if (!id.StartsWith(AmbiguousMark, StringComparison.Ordinal))
                return id;
            Problem(key, LedgerProblemKind.Ambiguous, text, id[AmbiguousMark.Length..]);
            return null;
        }
        Problem(key, LedgerProblemKind.UnknownReference, text, string.Join(", ", known.Values.Where(v => !v.StartsWith(AmbiguousMark, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(20)));
        return null;
    }

    /// <summary>Writes down a problem with this row's cell in the column <paramref name="key"/>.</summary>
    public void Problem(string key, LedgerProblemKind kind, string? value, string? expected = null, string? expectedEn = null) =>
        problems.Add(new LedgerProblem(Number, Header(key), kind, value, expected, expectedEn));

    private string Header(string key) => headers.TryGetValue(key, out var header) ? header : columns[key].Ja;
}

/// <summary>
/// A spreadsheet form of a list the hospital keeps (the asset ledger, the systems list): the columns it exports
/// and how an imported row becomes a record. An import takes everything or nothing.
/// </summary>
public abstract class Ledger<T>
{
    /// <summary>The columns, in the order exported; the first holds the id.</summary>
    public abstract IReadOnlyList<LedgerColumn> Columns { get; }

    /// <summary>The item's id, which must be unique in the list.</summary>
    protected abstract string KeyOf(T item);

    /// <summary>The item as one row of cells, in the order of <see cref="Columns"/>.</summary>
    public abstract IReadOnlyList<string?> Write(T item);

    /// <summary>One row as an item; problems go to the row.</summary>
    protected abstract T Read(LedgerRow row);

    /// <summary>
    /// Resolves what spans rows once every row reads well (a deputy or a caller named on another row of the same
    /// file) and gives the final items; reports through <paramref name="problem"/> with the row's number and the
    /// column's key.
    /// </summary>
    protected virtual IReadOnlyList<T> Resolve(IReadOnlyList<(int Row, T Item)> rows, Action<int, string, LedgerProblemKind, string?, string?> problem) =>
        [.. rows.Select(r => r.Item)];

    /// <summary>Reads a whole table: every row as an item, or every problem (headers, cells, duplicates, references) and no item.</summary>
    public LedgerImport<T> Import(LedgerTable table)
    {
        var problems = new List<LedgerProblem>();
        var byKey = Columns.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var header = table.Headers[i];
            if (string.IsNullOrWhiteSpace(header))
                continue;
            if (Columns.FirstOrDefault(c => c.Matches(header)) is { } column)
            {
                if (!positions.TryAdd(column.Key, i))
                    problems.Add(new LedgerProblem(1, header.Trim(), LedgerProblemKind.DuplicateColumn, header.Trim()));
                headers.TryAdd(column.Key, header.Trim());
            }
            else
                problems.Add(new LedgerProblem(1, header.Trim(), LedgerProblemKind.UnknownColumn, header.Trim(), string.Join("、", Columns.Select(c => c.Ja)), string.Join(", ", Columns.Select(c => c.En))));
        }
        foreach (var missing in Columns.Where(c => c.Required && !positions.ContainsKey(c.Key)))
            problems.Add(new LedgerProblem(1, $"{missing.Ja} / {missing.En}", LedgerProblemKind.MissingColumn, null));
        if (problems.Count > 0)
            return new LedgerImport<T>([], problems);

        // Every row read, good or not, so that references across rows are checked in the same pass as the cells.
        var items = new List<(int Row, T Item)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var cells = table.Rows[r];
            if (cells.All(string.IsNullOrWhiteSpace))
                continue;
            var values = positions.ToDictionary(p => p.Key, p => p.Value < cells.Count ? cells[p.Value] : null, StringComparer.Ordinal);
            var row = new LedgerRow(r + 2, values, byKey, headers, problems);
            var before = problems.Count;
            var item = Read(row);
            var key = KeyOf(item);
            if (string.IsNullOrEmpty(key))
                continue;
            if (seen.TryGetValue(key, out var firstRow))
            {
                row.Problem(Columns[0].Key, LedgerProblemKind.DuplicateId, key, firstRow.ToString(CultureInfo.InvariantCulture));
                continue;
            }
            seen.TryAdd(key, row.Number);
            items.Add((row.Number, item));
        }
        if (items.Count == 0 && problems.Count == 0)
            problems.Add(new LedgerProblem(2, Columns[0].Ja, LedgerProblemKind.Empty, null));
        var resolved = Resolve(items, (row, key, kind, value, expected) =>
            problems.Add(new LedgerProblem(row, headers.TryGetValue(key, out var header) ? header : byKey[key].Ja, kind, value, expected)));
        return problems.Count > 0
            ? new LedgerImport<T>([], [.. problems.OrderBy(p => p.Row)])
            : new LedgerImport<T>(resolved, []);
    }

    /// <summary>Ids and names, both leading to the id, for <see cref="LedgerRow.Reference"/>.</summary>
    protected static IReadOnlyDictionary<string, string> Aliases<TItem>(IEnumerable<TItem> items, Func<TItem, string> id, Func<TItem, string> name)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = items.Where(i => !string.IsNullOrEmpty(id(i))).ToList();
        foreach (var item in list)
            aliases[id(item)] = id(item);
        // A name two items share leads to neither: the reader is asked for the id (two 佐藤 美咲 in one hospital).
        foreach (var group in list.Where(i => !string.IsNullOrEmpty(name(i)) && !aliases.ContainsKey(name(i))).GroupBy(name, StringComparer.Ordinal))
            aliases[group.Key] = group.Count() == 1 ? id(group.First()) : LedgerRow.AmbiguousMark + string.Join(", ", group.Select(id));
        return aliases;
    }

    /// <summary>A day as a cell (2026-04-01).</summary>
    protected static string? Date(DateOnly? day) => day is null ? null : day.Iso();

    /// <summary>Yes or no as a cell, in the Japanese the import reads back.</summary>
    protected static string? YesNo(bool? value) => value switch { true => "はい", false => "いいえ", null => null };

    /// <summary>Several enum values as one cell of Japanese labels.</summary>
    protected static string? Labels<TEnum>(IEnumerable<TEnum> values) where TEnum : struct, Enum =>
        string.Join("、", values.Select(v => Preparedness.Labels.Of(v).Ja));

    /// <summary>Channels as one cell, the form <see cref="LedgerRow.Channels"/> reads back.</summary>
    protected static string? Channels(IEnumerable<Channel> channels) =>
        string.Join("; ", channels.Select(c => $"{Preparedness.Labels.Of(c.Kind).Ja} {c.Value}{(c.Note is null ? "" : $"({c.Note})")}"));

    /// <summary>An enum value as its Japanese label.</summary>
    protected static string? Label<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Preparedness.Labels.Of(v).Ja : null;
}
