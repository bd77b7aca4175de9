using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sonae.Core.Threats;

/// <summary>
/// Reads CISA's Known Exploited Vulnerabilities catalogue as CISA publishes it
/// (<c>known_exploited_vulnerabilities.json</c>: <c>title</c>, <c>catalogVersion</c>, <c>dateReleased</c>, <c>count</c>,
/// <c>vulnerabilities[]</c> with <c>cveID</c>, <c>vendorProject</c>, <c>product</c>, <c>vulnerabilityName</c>,
/// <c>dateAdded</c>, <c>shortDescription</c>, <c>requiredAction</c>, <c>dueDate</c>, <c>knownRansomwareCampaignUse</c>,
/// <c>notes</c>, <c>cwes</c>). An entry with a problem is named by its line and left out; the others are read.
/// </summary>
public static partial class KevCatalogue
{
    /// <summary>The catalogue's entries in <paramref name="json"/>, with every problem by line.</summary>
    public static AdvisoryFile Read(ReadOnlySpan<byte> json)
    {
        var advisories = new List<Advisory>();
        var problems = new List<AdvisoryProblem>();
        string? version = null;
        var bytes = json.ToArray();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var foundList = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return new([], [AdvisoryProblem.At(1, "KevNotCatalogue")], null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "catalogVersion" && reader.TokenType == JsonTokenType.String)
                    version = reader.GetString();
                else if (name == "vulnerabilities" && reader.TokenType == JsonTokenType.StartArray)
                {
                    foundList = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var line = LineAt(bytes, reader.TokenStartIndex);
                        using var entry = JsonDocument.ParseValue(ref reader);
                        if (Entry(entry.RootElement, line, problems) is { } advisory)
                            advisories.Add(advisory);
                    }
                }
                else
                    reader.Skip();
            }
        }
        catch (JsonException e)
        {
            problems.Add(AdvisoryProblem.At((int)(e.LineNumber ?? 0) + 1, "KevNotJson"));
            return new(advisories, problems, version);
        }
        if (!foundList)
            problems.Add(AdvisoryProblem.At(1, "KevNoVulnerabilities"));
        return new(advisories, problems, version);
    }

    private static Advisory? Entry(JsonElement entry, int line, List<AdvisoryProblem> problems)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            problems.Add(AdvisoryProblem.At(line, "KevEntryNotObject"));
            return null;
        }
        string? Text(string field) => entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
        var before = problems.Count;
        var cve = Text("cveID");
        if (cve is null)
            problems.Add(AdvisoryProblem.At(line, "KevMissing", "cveID", "?"));
        else if (!CveId().IsMatch(cve))
            problems.Add(AdvisoryProblem.At(line, "KevBadCve", cve));
        var id = cve ?? "?";
        var vendor = Text("vendorProject");
        var product = Text("product");
        if (vendor is null)
            problems.Add(AdvisoryProblem.At(line, "KevMissing", "vendorProject", id));
        if (product is null)
            problems.Add(AdvisoryProblem.At(line, "KevMissing", "product", id));
        var added = Day(Text("dateAdded"), "dateAdded", line, id, problems);
        var due = Day(Text("dueDate"), "dueDate", line, id, problems);
        foreach (var field in (string[])["cveID", "vendorProject", "product", "vulnerabilityName", "shortDescription", "requiredAction", "notes"])
        {
            if (TextRules.HasUnfitCharacters(Text(field)))
                problems.Add(AdvisoryProblem.At(line, "UnfitCharacters", field, id));
        }
        if (problems.Count > before)
            return null;
        var notes = Text("notes");
        return new Advisory(AdvisorySource.Kev, cve!, Text("vulnerabilityName") ?? cve!, [new AdvisoryProduct(vendor!, product!)],
            Published: added, DueDate: due, RequiredAction: Text("requiredAction"),
            KnownRansomware: string.Equals(Text("knownRansomwareCampaignUse"), "Known", StringComparison.OrdinalIgnoreCase),
            Link: FirstUrl(notes) ?? $"https://nvd.nist.gov/vuln/detail/{cve}", Description: Text("shortDescription"));
    }

    private static DateOnly? Day(string? text, string field, int line, string id, List<AdvisoryProblem> problems)
    {
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        problems.Add(AdvisoryProblem.At(line, "KevBadDate", field, id, text));
        return null;
    }

    /// <summary>KEV's notes hold the vendor's advisory first, then NVD's page, separated by " ; ".</summary>
    private static string? FirstUrl(string? notes) =>
        notes?.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(p => p.StartsWith("https://", StringComparison.Ordinal));

    internal static int LineAt(byte[] bytes, long index)
    {
        var line = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
                line++;
        }
        return line;
    }

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$")]
    private static partial Regex CveId();
}
