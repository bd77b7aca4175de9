using System.Globalization;
using System.Text.Json;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Aftercare.Checklists;

/// <summary>One thing wrong in an edition file: where (<c>items[3].target</c>) and what, in both languages.</summary>
/// <param name="Where">The field, as a path into the file.</param>
/// <param name="Text">What is wrong with it.</param>
public sealed record ChecklistFileProblem(string Where, LocalizedText Text);

/// <summary>An edition file read: the edition, or every problem found (nothing is half-loaded).</summary>
/// <param name="Edition">The edition, when the file had no problem.</param>
/// <param name="Problems">Every problem found, in file order.</param>
public sealed record ChecklistFileRead(ChecklistEdition? Edition, IReadOnlyList<ChecklistFileProblem> Problems);

/// <summary>
/// The editions Sonae ships (令和6年度版 2024-05, 令和7年度版 2025-05: embedded data files beside this class) and the
/// reader of an edition file, the same for the shipped ones and for one an administrator uploads.
/// </summary>
/// <remarks>
/// The file is JSON: <c>edition</c> (<c>YYYY-MM</c>), <c>titleJa</c>, <c>titleEn</c>, <c>published</c>
/// (<c>YYYY-MM-DD</c>), <c>firstFiscalYear</c>, <c>source</c>, and <c>items</c>, each with <c>id</c>,
/// <c>section</c> (0–3), <c>number</c>, <c>ja</c>, <c>en</c>, <c>forms</c> (<c>hospital</c>, <c>vendor</c>),
/// <c>target</c> (<c>all</c>, <c>server</c>, <c>pc</c>, <c>network</c>), <c>verified</c>, and <c>source</c> when not
/// verified. Ids are unique; each form needs at least one item.
/// </remarks>
public static class ChecklistEditions
{
    /// <summary>The longest edition file accepted, in bytes.</summary>
    public const int MaxFileBytes = 512 * 1024;

    /// <summary>The most items an edition may have.</summary>
    public const int MaxItems = 200;

    /// <summary>The longest item text, in characters.</summary>
    public const int MaxText = 1000;

    private static readonly Lazy<IReadOnlyList<ChecklistEdition>> Loaded = new(LoadShipped);

    /// <summary>The shipped editions, oldest first.</summary>
    public static IReadOnlyList<ChecklistEdition> Shipped => Loaded.Value;

    /// <summary>The shipped edition of key <paramref name="key"/>, or null.</summary>
    public static ChecklistEdition? ShippedEdition(string key) => Shipped.FirstOrDefault(e => e.Key == key);

    private static List<ChecklistEdition> LoadShipped()
    {
        var assembly = typeof(ChecklistEditions).Assembly;
        var editions = new List<ChecklistEdition>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Sonae.Core.Aftercare.Checklists.checklist-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var read = Read(buffer.ToArray());
            editions.Add(read.Edition ?? throw new InvalidOperationException($"The shipped edition {name} is invalid: {string.Join("; ", read.Problems.Select(p => $"{p.Where}: {p.Text.En}"))}"));
        }
        return editions;
    }

    /// <summary>Reads an edition file (UTF-8 JSON); every problem is listed, by field.</summary>
    public static ChecklistFileRead Read(ReadOnlySpan<byte> file)
    {
        var problems = new List<ChecklistFileProblem>();
        void Problem(string where, string key, params object?[] args) => problems.Add(new(where, Bilingual.Format(ChecklistTexts.ResourceManager, key, [where, .. args])));
        if (file.Length > MaxFileBytes)
        {
            Problem("", "FileTooLarge", MaxFileBytes);
            return new(null, problems);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(file.ToArray());
        }
        catch (JsonException e)
        {
            Problem("", "FileNotJson", e.LineNumber + 1);
            return new(null, problems);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem("", "FileNotObject");
                return new(null, problems);
            }
            string? Text(JsonElement parent, string field, string where, int limit = MaxText)
            {
                if (!parent.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                {
                    Problem(where, "FieldMissing");
                    return null;
                }
                var text = value.GetString()!.Trim();
                if (text.Length > limit || TextRules.HasUnfitCharacters(text))
                {
                    Problem(where, "FieldTooLong", limit);
                    return null;
                }
                return text;
            }
            var key = Text(root, "edition", "edition", 7);
            if (key is not null && !IsEditionKey(key))
            {
                Problem("edition", "EditionKeyFormat");
                key = null;
            }
            var titleJa = Text(root, "titleJa", "titleJa", 200);
            var titleEn = Text(root, "titleEn", "titleEn", 200);
            var source = Text(root, "source", "source", 1000);
            DateOnly? published = null;
            if (Text(root, "published", "published", 10) is { } day)
            {
                if (DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    published = parsed;
                else
                    Problem("published", "DateFormat");
            }
            int? firstYear = null;
            if (!root.TryGetProperty("firstFiscalYear", out var fy) || fy.ValueKind != JsonValueKind.Number || !fy.TryGetInt32(out var year) || year is < FiscalYear.Min or > FiscalYear.Max)
                Problem("firstFiscalYear", "FiscalYearRange", FiscalYear.Min, FiscalYear.Max);
            else
                firstYear = year;
            var items = new List<ChecklistItem>();
            if (!root.TryGetProperty("items", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                Problem("items", "ItemsMissing");
            else if (list.GetArrayLength() > MaxItems)
                Problem("items", "ItemsTooMany", MaxItems);
            else
            {
                var index = 0;
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var element in list.EnumerateArray())
                {
                    var at = $"items[{index++}]";
                    if (element.ValueKind != JsonValueKind.Object)
                    {
                        Problem(at, "FileNotObject");
                        continue;
                    }
                    var before = problems.Count;
                    var id = Text(element, "id", at + ".id", 80);
                    if (id is not null && !IsItemId(id))
                        Problem(at + ".id", "ItemIdFormat");
                    else if (id is not null && !ids.Add(id))
                        Problem(at + ".id", "ItemIdTwice", id);
                    int section = -1;
                    if (!element.TryGetProperty("section", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out section) || !ChecklistSections.All.Contains(section))
                        Problem(at + ".section", "SectionRange");
                    var number = Text(element, "number", at + ".number", 20);
                    var ja = Text(element, "ja", at + ".ja");
                    var en = Text(element, "en", at + ".en");
                    var forms = new List<ChecklistForm>();
                    if (!element.TryGetProperty("forms", out var f) || f.ValueKind != JsonValueKind.Array || f.GetArrayLength() == 0)
                        Problem(at + ".forms", "FormsMissing");
                    else
                    {
                        foreach (var form in f.EnumerateArray())
                        {
                            if (form.ValueKind == JsonValueKind.String && ChecklistNames.TryParseForm(form.GetString(), out var parsed) && !forms.Contains(parsed))
                                forms.Add(parsed);
                            else
                                Problem(at + ".forms", "FormUnknown", form.ToString());
                        }
                    }
                    ChecklistTarget target = default;
                    if (Text(element, "target", at + ".target", 20) is { } t && !ChecklistNames.TryParseTarget(t, out target))
                        Problem(at + ".target", "TargetUnknown", t);
                    var verified = element.TryGetProperty("verified", out var v) && v.ValueKind == JsonValueKind.True;
                    if (element.TryGetProperty("verified", out v) && v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                        Problem(at + ".verified", "VerifiedNotBool");
                    string? itemSource = null;
                    if (!verified)
                        itemSource = Text(element, "source", at + ".source");
                    if (problems.Count == before)
                        items.Add(new ChecklistItem(id!, section, number!, new LocalizedText(ja!, en!), forms, target, verified, itemSource));
                }
                if (problems.Count == 0)
                {
                    foreach (var form in Enum.GetValues<ChecklistForm>())
                    {
                        if (!items.Any(i => i.IsOn(form)))
                            Problem("items", "FormEmpty", ChecklistNames.Wire(form));
                    }
                }
            }
            if (problems.Count > 0)
                return new(null, problems);
            return new(new ChecklistEdition(key!, new LocalizedText(titleJa!, titleEn!), published!.Value, firstYear!.Value, source!, items), problems);
        }
    }

    /// <summary>An edition's key: the month it was published, <c>YYYY-MM</c>.</summary>
    public static bool IsEditionKey(string? key) =>
        key is { Length: 7 } && DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>An item's id: lower-case letters, digits, <c>-</c> and <c>/</c>, 1–80 characters, starting with a letter.</summary>
    public static bool IsItemId(string? id) =>
        id is { Length: > 0 and <= 80 } && char.IsAsciiLetterLower(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '/');
}

/// <summary>How forms and targets are written in files, the API and addresses.</summary>
public static class ChecklistNames
{
    /// <summary>The wire name of a form: <c>hospital</c>, <c>vendor</c>.</summary>
    public static string Wire(ChecklistForm form) => form switch
    {
        ChecklistForm.Hospital => "hospital",
        ChecklistForm.Vendor => "vendor",
    };

    /// <summary>The wire name of a target: <c>all</c>, <c>server</c>, <c>pc</c>, <c>network</c>.</summary>
    public static string Wire(ChecklistTarget target) => target switch
    {
        ChecklistTarget.All => "all",
        ChecklistTarget.Server => "server",
        ChecklistTarget.Pc => "pc",
        ChecklistTarget.Network => "network",
    };

    /// <summary>Reads a form's wire name.</summary>
    public static bool TryParseForm(string? text, out ChecklistForm form) => TryParse(text, Wire, out form);

    /// <summary>Reads a target's wire name.</summary>
    public static bool TryParseTarget(string? text, out ChecklistTarget target) => TryParse(text, Wire, out target);

    private static bool TryParse<T>(string? text, Func<T, string> wire, out T value) where T : struct, Enum
    {
        foreach (var each in Enum.GetValues<T>())
        {
            if (wire(each) == text)
            {
                value = each;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The form's name as the ministry prints it, and in English.</summary>
    public static LocalizedText Name(ChecklistForm form) => form switch
    {
        ChecklistForm.Hospital => new("医療機関確認用", "Hospital's form"),
        ChecklistForm.Vendor => new("事業者確認用", "Vendor's form"),
    };

    /// <summary>The target as the form's 対象 column prints it, and in English.</summary>
    public static LocalizedText Name(ChecklistTarget target) => target switch
    {
        ChecklistTarget.All => new("医療情報システム全般", "All medical information systems"),
        ChecklistTarget.Server => new("サーバ", "Servers"),
        ChecklistTarget.Pc => new("端末PC", "Client PCs"),
        ChecklistTarget.Network => new("ネットワーク機器", "Network devices"),
    };
}
