using System.Globalization;
using System.Reflection;
using Sonae.Core.Playbooks;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sonae.Core.Aftercare.Drills;

/// <summary>One thing wrong with a scenario file.</summary>
/// <param name="Path">Where, as people read it: <c>ransomware-vendor-vpn › injects › r2 › text</c>.</param>
/// <param name="Code">What kind of problem: the name of its text in <see cref="DrillTexts"/>, stable for programs.</param>
/// <param name="Message">The problem in Japanese and English, with its place.</param>
public sealed record ScenarioProblem(string Path, string Code, LocalizedText Message);

/// <summary>The scenarios of a file, or every problem found in it.</summary>
/// <param name="Scenarios">The scenarios in the file's order; empty when there are problems.</param>
/// <param name="Problems">Every problem found; empty when the file is valid.</param>
public sealed record ScenarioLoadResult(IReadOnlyList<DrillScenario> Scenarios, IReadOnlyList<ScenarioProblem> Problems)
{
    /// <summary>Whether the file loaded.</summary>
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// The drill scenarios: Sonae's own library (embedded <c>drill-scenarios.yaml</c>) and the reader that validates a
/// scenario file completely, naming every problem rather than throwing.
/// </summary>
public static class ScenarioLibrary
{
    private const string ResourceName = "Sonae.Core.Aftercare.Drills.drill-scenarios.yaml";

    private static readonly Lazy<IReadOnlyList<DrillScenario>> Library = new(() =>
    {
        using var stream = typeof(ScenarioLibrary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var result = Load(reader.ReadToEnd());
        return result.IsValid
            ? result.Scenarios
            : throw new InvalidOperationException("The built-in drill scenarios are invalid: " + string.Join("; ", result.Problems.Select(p => p.Message.En)));
    });

    /// <summary>Sonae's scenarios, in the library's order.</summary>
    public static IReadOnlyList<DrillScenario> BuiltIn => Library.Value;

    /// <summary>The built-in scenario with id <paramref name="id"/>, or null.</summary>
    public static DrillScenario? Find(string? id) => BuiltIn.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// Reads a scenario file. Each scenario needs an id, a title, a summary and at least one objective and inject,
    /// every text in both languages; each inject an id unique in its scenario, a time of 0 or more minutes, a known
    /// kind and a text. Steps must look like step ids (<c>2-6</c>) and, when <paramref name="knownSteps"/> is given,
    /// be among them.
    /// </summary>
    public static ScenarioLoadResult Load(string yaml, IReadOnlySet<StepId>? knownSteps = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        FileDto? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<FileDto>(yaml);
        }
        catch (YamlException e)
        {
            return Failed(new ScenarioProblem($"{e.Start.Line}:{e.Start.Column}", nameof(DrillTexts.ScenarioNotYaml),
                Text(nameof(DrillTexts.ScenarioNotYaml), e.Start.Line, e.Start.Column)));
        }
        var problems = new List<ScenarioProblem>();
        var scenarios = new List<DrillScenario>();
        if (file?.Scenarios is not { Count: > 0 })
            return Failed(Problem("scenarios", nameof(DrillTexts.ScenarioNone)));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Scenarios.Count; i++)
        {
            var dto = file.Scenarios[i];
            var where = string.IsNullOrWhiteSpace(dto.Id) ? $"scenarios[{i + 1}]" : dto.Id;
            if (string.IsNullOrWhiteSpace(dto.Id))
                problems.Add(Problem(where + " › id", nameof(DrillTexts.ScenarioFieldMissing)));
            else if (!ids.Add(dto.Id))
                problems.Add(Problem(where, nameof(DrillTexts.ScenarioDuplicateId), dto.Id));
            var title = Localized(dto.Title, where + " › title", problems);
            var summary = Localized(dto.Summary, where + " › summary", problems);
            var objectives = (dto.Objectives ?? []).Select((o, n) => Localized(o, $"{where} › objectives[{n + 1}]", problems)).ToList();
            if (objectives.Count == 0)
                problems.Add(Problem(where + " › objectives", nameof(DrillTexts.ScenarioFieldMissing)));
            var steps = new List<StepId>();
            foreach (var step in dto.Steps ?? [])
            {
                if (!StepId.IsValid(step) || knownSteps is not null && !knownSteps.Contains(new StepId(step)))
                    problems.Add(Problem(where + " › steps", nameof(DrillTexts.ScenarioUnknownStep), step));
                else
                    steps.Add(new StepId(step));
            }
            var injects = Injects(dto.Injects, where, problems);
            if (problems.Count == 0)
                scenarios.Add(new DrillScenario(dto.Id!, title!, summary!, objectives!, steps, injects));
        }
        return problems.Count == 0 ? new(scenarios, []) : new([], problems);
    }

    private static List<ScenarioInject> Injects(List<InjectDto>? dtos, string scenario, List<ScenarioProblem> problems)
    {
        var injects = new List<ScenarioInject>();
        if (dtos is not { Count: > 0 })
        {
            problems.Add(Problem(scenario + " › injects", nameof(DrillTexts.ScenarioFieldMissing)));
            return injects;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var where = $"{scenario} › injects › {(string.IsNullOrWhiteSpace(dto.Id) ? (i + 1).ToString(CultureInfo.InvariantCulture) : dto.Id)}";
            var ok = true;
            if (string.IsNullOrWhiteSpace(dto.Id))
                ok = Add(problems, Problem(where + " › id", nameof(DrillTexts.ScenarioFieldMissing)));
            else if (!ids.Add(dto.Id))
                ok = Add(problems, Problem(where, nameof(DrillTexts.ScenarioDuplicateId), dto.Id));
            if (dto.At is not { } at || at < 0)
                ok = Add(problems, Problem(where + " › at", nameof(DrillTexts.ScenarioBadTime), dto.At?.ToString(CultureInfo.InvariantCulture) ?? ""));
            if (!DrillNames.TryParseKind(dto.Kind, out var kind))
                ok = Add(problems, Problem(where + " › kind", nameof(DrillTexts.ScenarioUnknownKind), dto.Kind ?? "", "report, alert, fact, call"));
            var from = dto.From is null ? null : Localized(dto.From, where + " › from", problems);
            if (dto.From is null && kind is InjectKind.Report or InjectKind.Alert or InjectKind.Call && ok)
                ok = Add(problems, Problem(where + " › from", nameof(DrillTexts.ScenarioFieldMissing)));
            var text = Localized(dto.Text, where + " › text", problems);
            if (ok && text is not null && (dto.From is null || from is not null))
                injects.Add(new ScenarioInject(dto.Id!, dto.At!.Value, kind, from, text));
        }
        return [.. injects.OrderBy(i => i.AtMinutes)];
    }

    private static bool Add(List<ScenarioProblem> problems, ScenarioProblem problem)
    {
        problems.Add(problem);
        return false;
    }

    private static LocalizedText? Localized(TextDto? dto, string where, List<ScenarioProblem> problems)
    {
        if (dto is null || string.IsNullOrWhiteSpace(dto.Ja) || string.IsNullOrWhiteSpace(dto.En))
        {
            problems.Add(Problem(where, nameof(DrillTexts.ScenarioTextMissing)));
            return null;
        }
        return new LocalizedText(dto.Ja.Trim(), dto.En.Trim());
    }

    private static ScenarioLoadResult Failed(ScenarioProblem problem) => new([], [problem]);

    private static ScenarioProblem Problem(string where, string code, params object[] args) =>
        new(where, code, Text(code, [where, .. args]));

    private static LocalizedText Text(string code, params object[] args)
    {
        string Format(CultureInfo culture) => string.Format(culture, DrillTexts.ResourceManager.GetString(code, culture)!, args);
        return new LocalizedText(Format(CultureInfo.GetCultureInfo("ja")), Format(CultureInfo.GetCultureInfo("en")));
    }

    // The file's shape, read as written; every field optional so that a missing one is named, not thrown.
#pragma warning disable CA1812, CA1002 // Made by the YAML reader.
    private sealed class FileDto
    {
        public List<ScenarioDto>? Scenarios { get; set; }
    }

    private sealed class ScenarioDto
    {
        public string? Id { get; set; }
        public TextDto? Title { get; set; }
        public TextDto? Summary { get; set; }
        public List<TextDto>? Objectives { get; set; }
        public List<string>? Steps { get; set; }
        public List<InjectDto>? Injects { get; set; }
    }

    private sealed class InjectDto
    {
        public string? Id { get; set; }
        public int? At { get; set; }
        public string? Kind { get; set; }
        public TextDto? From { get; set; }
        public TextDto? Text { get; set; }
    }

    private sealed class TextDto
    {
        public string? Ja { get; set; }
        public string? En { get; set; }
    }
#pragma warning restore CA1812, CA1002
}
