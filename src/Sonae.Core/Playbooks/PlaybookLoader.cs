using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Metrics;
using Sonae.Core.Reporting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sonae.Core.Playbooks;

/// <summary>One thing wrong with a playbook, with where it is (line and column are 1-based; 0 when unknown).</summary>
/// <param name="Line">The line of the YAML text the problem is at (1-based), or 0 when it has no one place.</param>
/// <param name="Column">The column on that line (1-based), or 0.</param>
/// <param name="Path">Where in the playbook, as people read it: <c>steps › 2-17 › after</c>.</param>
/// <param name="Code">What kind of problem: the name of its text in <see cref="PlaybookTexts"/>, stable for programs.</param>
/// <param name="Message">The problem in Japanese and English, with its place.</param>
public sealed record PlaybookProblem(int Line, int Column, string Path, string Code, LocalizedText Message);

/// <summary>A loaded playbook, or every problem found in it.</summary>
/// <param name="Playbook">The playbook, or null when there are problems.</param>
/// <param name="Problems">Every problem found, in the order of the text (those without a line last); empty when valid.</param>
public sealed record PlaybookLoadResult(Playbook? Playbook, IReadOnlyList<PlaybookProblem> Problems)
{
    /// <summary>Whether the playbook loaded (it has no problem).</summary>
    public bool IsValid => Playbook is not null;
}

/// <summary>
/// Reads a playbook from YAML and validates it completely: every problem is reported with its place, never an
/// exception. The format is described in docs/playbook-format.md.
/// </summary>
public static partial class PlaybookLoader
{
    /// <summary>
    /// Loads a playbook to be used from now on (an upload, a validation, the built-in one): every problem refuses it.
    /// </summary>
    /// <remarks>
    /// A playbook without a <c>bindings</c> section binds nothing (<see cref="PlaybookBindings.None"/>), unless its id
    /// is the built-in playbook's: a version of the built-in playbook written before bindings existed takes the
    /// built-in bindings, and each step or fact they name that the version lacks is a problem.
    /// </remarks>
    public static PlaybookLoadResult Load(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return new Reader(yaml, stored: false).Read();
    }

    /// <summary>
    /// Loads a version stored earlier, which an incident may run on: as <see cref="Load"/>, except that a version of
    /// the built-in playbook without a <c>bindings</c> section (Sonae's own earlier releases, hospitals' edits of
    /// them) keeps the built-in bindings it can, as earlier releases applied them: those naming steps or facts it
    /// lacks are left out rather than refused, so that its incidents keep their reports.
    /// </summary>
    public static PlaybookLoadResult LoadStored(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return new Reader(yaml, stored: true).Read();
    }

    /// <summary>A playbook text's digest as <see cref="Playbook.Sha256"/> holds it: SHA-256 of its UTF-8, lowercase hex.</summary>
    public static string Sha256Of(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
    }

    private sealed partial class Reader(string yaml, bool stored)
    {
        private static readonly string[] TopFields = ["id", "title", "source", "phases", "intake", "false-alarm-when", "facts", "preparedness", "steps", "bindings"];
        private static readonly string[] BindingsFields = ["reports", "headings", "stop-using-steps", "personal-data-at-risk-when", "operational-decisions", "confirmation-step", "occurred-at", "individual-notice", "milestones"];
        private static readonly string[] HeadingFields = ["facts", "notes"];
        private static readonly string[] NoticeFields = ["fact", "notify", "announce-instead", "both", "not-yet"];
        private static readonly string[] PhaseFields = ["id", "title"];
        private static readonly string[] FactFields = ["id", "kind", "title", "question", "values"];
        private static readonly string[] ValueFields = ["id", "ja", "en"];
        private static readonly string[] StepFields = ["id", "phase", "guideline", "title", "short", "target", "after", "applies-when", "asks", "records", "actions", "guides"];
        private static readonly string[] GuideFields = ["id", "title", "actions"];
        private static readonly string[] PreparednessFields = ["id", "guideline", "title", "actions"];
        private static readonly string[] ActionFields = ["id", "role", "ja", "en"];
        private static readonly string[] TextFields = ["ja", "en"];
        private static readonly string[] IntakeFields = ["step", "fact", "signs-value", "no-signs-value"];

        /// <summary>Deeper than any real playbook; a bound that keeps a hostile file from exhausting the stack.</summary>
        public const int MaxDepth = 64;

        /// <summary>All condition parts together, aliases expanded: a bound on files built to explode.</summary>
        public const int MaxConditionParts = 10_000;

        private readonly List<PlaybookProblem> _problems = [];
        private int _conditionParts;

        public PlaybookLoadResult Read()
        {
            YamlNode? root;
            try
            {
                if (FirstTooDeep(yaml) is { } tooDeep)
                {
                    Add(tooDeep, "", nameof(PlaybookTexts.TooDeep), MaxDepth);
                    return Failed();
                }
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml));
                root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            }
            catch (YamlException e)
            {
                Add(e.Start, "", nameof(PlaybookTexts.YamlUnreadable), e.Message);
                return Failed();
            }
#pragma warning disable CA1031 // The YAML parser throws other exceptions on some malformed input: report, never crash.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _problems.Add(Problem(0, 0, "", nameof(PlaybookTexts.YamlUnreadable), e.Message));
                return Failed();
            }

            if (root is null || root is YamlScalarNode { Value: null or "" })
            {
                _problems.Add(Problem(1, 1, "", nameof(PlaybookTexts.Empty)));
                return Failed();
            }
            if (Mapping(root, "(playbook)", TopFields) is not { } top)
                return Failed();

            var id = Scalar(top, "id", "id");
            if (id is not null && !PlaybookId().IsMatch(id))
                Add(Child(top, "id")!, "id", nameof(PlaybookTexts.InvalidPlaybookId), "id");
            var title = Text(top, "title", "title");
            var source = top.Children.ContainsKey("source") ? Text(top, "source", "source") : null;
            var phases = ReadList(top, "phases", "phases", ReadPhase);
            var facts = ReadList(top, "facts", "facts", ReadFact);
            var preparedness = top.Children.ContainsKey("preparedness")
                ? ReadList(top, "preparedness", "preparedness", ReadPreparedness)
                : [];
            var steps = ReadList(top, "steps", "steps", ReadStep);
            if (Child(top, "steps") is YamlSequenceNode { Children.Count: 0 } emptySteps)
                Add(emptySteps, "steps", nameof(PlaybookTexts.NoSteps));

            ReportDuplicates(phases.Select(p => (p.Node, p.Value.Id.ToString(CultureInfo.InvariantCulture))), "phases");
            ReportDuplicates(facts.Select(f => (f.Node, f.Value.Id.Value)), "facts");
            ReportDuplicates(steps.Select(s => (s.Node, s.Value.Id.Value)).Concat(preparedness.Select(p => (p.Node, p.Value.Id.Value))), "steps");

            var factsById = facts.GroupBy(f => f.Value.Id).ToDictionary(g => g.Key, g => g.First().Value);
            var phaseIds = phases.Select(p => p.Value.Id).ToHashSet();
            var stepsById = steps.GroupBy(s => s.Value.Id).ToDictionary(g => g.Key, g => g.First());

            foreach (var step in steps)
                CheckReferences(step, stepsById, factsById, phaseIds);

            var intake = top.Children.ContainsKey("intake") ? ReadIntake(top, stepsById, factsById) : null;
            var falseAlarmWhen = Child(top, "false-alarm-when") is { } falseAlarmNode ? ReadCondition(falseAlarmNode, "false-alarm-when") : null;
            if (falseAlarmWhen is not null)
                CheckCondition(falseAlarmWhen, factsById);

            var ordered = OrderAndCheckReachability(steps, stepsById, factsById);

            var bindings = Child(top, "bindings") is { } bindingsNode
                ? ReadBindings(bindingsNode, stepsById, factsById)
                : Inherited(top, id, stepsById, factsById);

            if (_problems.Count > 0 || id is null || title is null || bindings is null)
                return Failed();

            return new PlaybookLoadResult(
                new Playbook(
                    id,
                    title,
                    source,
                    phases.Select(p => p.Value).ToList(),
                    facts.Select(f => f.Value).ToList(),
                    ordered,
                    preparedness.Select(p => p.Value).ToList(),
                    intake,
                    falseAlarmWhen,
                    bindings,
                    Sha256Of(yaml)),
                []);
        }

        /// <summary>Where the nesting first goes deeper than <see cref="MaxDepth"/>, read without recursion.</summary>
        private static Mark? FirstTooDeep(string yaml)
        {
            var parser = new Parser(new StringReader(yaml));
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                        if (++depth > MaxDepth)
                            return parser.Current.Start;
                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                }
            }
            return null;
        }

        private PlaybookLoadResult Failed() =>
            new(null, _problems.Distinct().OrderBy(p => p.Line == 0 ? int.MaxValue : p.Line).ThenBy(p => p.Column).ToList());

        // ------------------------------------------------------------------ elements

        private Located<PhaseDefinition>? ReadPhase(YamlNode node, string path)
        {
            if (Mapping(node, path, PhaseFields) is not { } map)
                return null;
            var id = Integer(map, "id", path + " › id");
            var title = Text(map, "title", path + " › title");
            return id is null || title is null ? null : new(node, path, new PhaseDefinition(id.Value, title));
        }

        private Located<FactDefinition>? ReadFact(YamlNode node, string path)
        {
            if (Mapping(node, path, FactFields) is not { } map)
                return null;
            var id = Scalar(map, "id", path + " › id");
            var where = id is null ? path : $"facts › {id}";
            if (id is not null && !FactId.IsValid(id))
            {
                Add(Child(map, "id")!, where, nameof(PlaybookTexts.InvalidFactId), where, id);
                id = null;
            }
            var kindText = Scalar(map, "kind", where + " › kind");
            FactKind? kind = kindText switch
            {
                "choice" => FactKind.Choice,
                "text" => FactKind.Text,
                null => null,
                _ => null,
            };
            if (kindText is not null && kind is null)
                Add(Child(map, "kind")!, where, nameof(PlaybookTexts.UnknownKind), where + " › kind", kindText);
            var title = Text(map, "title", where + " › title");
            var question = Text(map, "question", where + " › question");

            List<FactValue> values = [];
            if (kind == FactKind.Choice)
            {
                if (Child(map, "values") is null)
                    Add(map, where, nameof(PlaybookTexts.ChoiceWithoutValues), where);
                else
                {
                    values = ReadList(map, "values", where + " › values", ReadValue).Select(v => v.Value).ToList();
                    foreach (var duplicate in values.GroupBy(v => v.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
                        Add(Child(map, "values")!, where, nameof(PlaybookTexts.Duplicate), where + " › values", duplicate.Key);
                }
            }
            else if (kind == FactKind.Text && Child(map, "values") is { } textValues)
                Add(textValues, where, nameof(PlaybookTexts.TextWithValues), where);

            return id is null || kind is null || title is null || question is null
                ? null
                : new(node, where, new FactDefinition(new FactId(id), kind.Value, title, question, values));
        }

        private Located<FactValue>? ReadValue(YamlNode node, string path)
        {
            if (Mapping(node, path, ValueFields) is not { } map)
                return null;
            var id = Scalar(map, "id", path + " › id");
            var where = id is null ? path : $"{path} › {id}";
            var text = LocalizedPair(map, where);
            return id is null || text is null ? null : new(node, where, new FactValue(id, text));
        }

        private Located<StepDefinition>? ReadStep(YamlNode node, string path)
        {
            if (Mapping(node, path, StepFields) is not { } map)
                return null;
            var idText = Scalar(map, "id", path + " › id");
            var where = idText is null ? path : $"steps › {idText}";
            StepId? id = null;
            if (idText is not null)
            {
                if (StepId.IsValid(idText))
                    id = new StepId(idText);
                else
                    Add(Child(map, "id")!, where, nameof(PlaybookTexts.InvalidStepId), where, idText);
            }
            var phase = Integer(map, "phase", where + " › phase");
            var guideline = Scalar(map, "guideline", where + " › guideline");
            var title = Text(map, "title", where + " › title");
            var shortTitle = Child(map, "short") is null ? null : Text(map, "short", where + " › short");
            if (shortTitle is not null && (shortTitle.Ja.Length > StepDefinition.ShortTitleMaxJa || shortTitle.En.Length > StepDefinition.ShortTitleMaxEn))
                Add(Child(map, "short")!, where, nameof(PlaybookTexts.ShortTitleTooLong), where + " › short", StepDefinition.ShortTitleMaxJa, StepDefinition.ShortTitleMaxEn);
            var target = Child(map, "target") is null ? null : Target(map, where + " › target");
            var after = StepIds(map, "after", where + " › after");
            var condition = Child(map, "applies-when") is { } conditionNode ? ReadCondition(conditionNode, where + " › applies-when") : null;
            var asks = FactIds(map, "asks", where + " › asks");
            var records = FactIds(map, "records", where + " › records");
            var actions = ReadActions(map, where);
            if (Child(map, "actions") is YamlSequenceNode { Children.Count: 0 } noActions)
                Add(noActions, where, nameof(PlaybookTexts.NoActions), where);
            var guides = Child(map, "guides") is null ? [] : ReadList(map, "guides", where + " › guides", ReadGuide);
            var guidesBroken = Child(map, "guides") is YamlSequenceNode list && guides.Count != list.Children.Count;
            if (actions is not null)
            {
                var all = actions.Concat(guides.SelectMany(g => g.Value.Actions)).ToList();
                foreach (var duplicate in all.GroupBy(a => a.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
                    Add(map, where, nameof(PlaybookTexts.Duplicate), where + " › actions", duplicate.Key);
                actions = all;
            }

            var conditionBroken = Child(map, "applies-when") is not null && condition is null;
            if (id is null || phase is null || guideline is null || title is null || after is null || conditionBroken || actions is null || guidesBroken)
                return null;
            return new(node, where, new StepDefinition(id.Value, phase.Value, title, guideline, after, condition, asks, records, actions,
                guides.Select(g => g.Value.Guide).ToList()) { ShortTitle = shortTitle, Target = target });
        }

        private Located<(GuideDefinition Guide, IReadOnlyList<ActionDefinition> Actions)>? ReadGuide(YamlNode node, string path)
        {
            if (Mapping(node, path, GuideFields) is not { } map)
                return null;
            var id = Scalar(map, "id", path + " › id");
            var where = id is null ? path : $"{path} › {id}";
            if (id is not null && !ActionId().IsMatch(id))
            {
                Add(Child(map, "id")!, where, nameof(PlaybookTexts.InvalidActionId), where, id);
                id = null;
            }
            var title = Text(map, "title", where + " › title");
            var actions = ReadActions(map, where);
            return id is null || title is null || actions is null
                ? null
                : new(node, where, (new GuideDefinition(id, title), actions.Select(a => a with { Guide = id }).ToList()));
        }

        private Located<PreparednessStep>? ReadPreparedness(YamlNode node, string path)
        {
            if (Mapping(node, path, PreparednessFields) is not { } map)
                return null;
            var idText = Scalar(map, "id", path + " › id");
            var where = idText is null ? path : $"preparedness › {idText}";
            if (idText is not null && !StepId.IsValid(idText))
            {
                Add(Child(map, "id")!, where, nameof(PlaybookTexts.InvalidStepId), where, idText);
                idText = null;
            }
            var guideline = Scalar(map, "guideline", where + " › guideline");
            var title = Text(map, "title", where + " › title");
            var actions = ReadActions(map, where);
            return idText is null || guideline is null || title is null || actions is null
                ? null
                : new(node, where, new PreparednessStep(new StepId(idText), title, guideline, actions));
        }

        private List<ActionDefinition>? ReadActions(YamlMappingNode step, string where)
        {
            if (Child(step, "actions") is null)
            {
                Add(step, where, nameof(PlaybookTexts.Missing), where + " › actions");
                return null;
            }
            var actions = ReadList(step, "actions", where + " › actions", ReadAction);
            foreach (var duplicate in actions.GroupBy(a => a.Value.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
                Add(duplicate.Last().Node, where, nameof(PlaybookTexts.Duplicate), where + " › actions", duplicate.Key);
            var list = Child(step, "actions") as YamlSequenceNode;
            return list is null || actions.Count != list.Children.Count ? null : actions.Select(a => a.Value).ToList();
        }

        private Located<ActionDefinition>? ReadAction(YamlNode node, string path)
        {
            if (Mapping(node, path, ActionFields) is not { } map)
                return null;
            var id = Scalar(map, "id", path + " › id");
            var where = id is null ? path : $"{path} › {id}";
            if (id is not null && !ActionId().IsMatch(id))
            {
                Add(Child(map, "id")!, where, nameof(PlaybookTexts.InvalidActionId), where, id);
                id = null;
            }
            var roleText = Scalar(map, "role", where + " › role");
            Role? role = null;
            if (roleText is not null)
            {
                if (Roles.TryParse(roleText, out var parsed))
                    role = parsed;
                else
                    Add(Child(map, "role")!, where, nameof(PlaybookTexts.UnknownRole), where + " › role", roleText, string.Join(", ", Roles.All.Select(r => r.Id())));
            }
            var text = LocalizedPair(map, where);
            return id is null || role is null || text is null ? null : new(node, where, new ActionDefinition(id, role.Value, text));
        }

        private Condition? ReadCondition(YamlNode node, string path)
        {
            if (++_conditionParts > MaxConditionParts)
            {
                if (_conditionParts == MaxConditionParts + 1)
                    Add(node, path, nameof(PlaybookTexts.ConditionsTooLarge), MaxConditionParts);
                return null;
            }
            if (node is not YamlMappingNode map)
            {
                Add(node, path, nameof(PlaybookTexts.NotMapping), path);
                return null;
            }
            var keys = map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
            if (keys.SetEquals(["all"]) || keys.SetEquals(["any"]))
            {
                var op = keys.Single()!;
                if (Child(map, op) is not YamlSequenceNode { Children.Count: > 0 } list)
                {
                    Add(map, path, nameof(PlaybookTexts.NotList), $"{path} › {op}");
                    return null;
                }
                var parts = list.Children.Select((c, i) => ReadCondition(c, $"{path} › {op}[{i + 1}]")).ToList();
                if (parts.Any(p => p is null))
                    return null;
                return string.Equals(op, "all", StringComparison.Ordinal) ? new AllOf(parts!) : new AnyOf(parts!);
            }
            if (keys.SetEquals(["not"]))
                return ReadCondition(map.Children[new YamlScalarNode("not")], path + " › not") is { } inner ? new Not(inner) : null;
            if (keys.SetEquals(["fact", "is"]) || keys.SetEquals(["fact", "in"]))
            {
                var fact = Scalar(map, "fact", path + " › fact");
                List<string>? values = keys.Contains("is")
                    ? Scalar(map, "is", path + " › is") is { } one ? [one] : null
                    : ScalarList(map, "in", path + " › in");
                if (fact is null || values is null)
                    return null;
                if (!FactId.IsValid(fact))
                {
                    Add(Child(map, "fact")!, path, nameof(PlaybookTexts.InvalidFactId), path, fact);
                    return null;
                }
                var comparison = new FactIn(new FactId(fact), values);
                _conditionPlaces[comparison] = new Located<Condition>(map, path, comparison);
                return comparison;
            }
            Add(map, path, nameof(PlaybookTexts.UnknownOperator), path);
            return null;
        }

        private readonly Dictionary<Condition, Located<Condition>> _conditionPlaces = new(ReferenceEqualityComparer.Instance);

        private IntakeRule? ReadIntake(YamlMappingNode top, Dictionary<StepId, Located<StepDefinition>> steps, Dictionary<FactId, FactDefinition> facts)
        {
            if (Mapping(Child(top, "intake")!, "intake", IntakeFields) is not { } map)
                return null;
            var step = Scalar(map, "step", "intake › step");
            var fact = Scalar(map, "fact", "intake › fact");
            var signs = Scalar(map, "signs-value", "intake › signs-value");
            var noSigns = Scalar(map, "no-signs-value", "intake › no-signs-value");
            if (step is null || fact is null || signs is null || noSigns is null)
                return null;
            if (!StepId.IsValid(step) || !steps.TryGetValue(new StepId(step), out var located))
            {
                Add(Child(map, "step")!, "intake", nameof(PlaybookTexts.UnknownStep), "intake › step", step);
                return null;
            }
            if (!FactId.IsValid(fact) || !facts.TryGetValue(new FactId(fact), out var definition))
            {
                Add(Child(map, "fact")!, "intake", nameof(PlaybookTexts.UnknownFact), "intake › fact", fact);
                return null;
            }
            if (!located.Value.Covers(definition.Id))
            {
                Add(Child(map, "fact")!, "intake", nameof(PlaybookTexts.IntakeFactNotAsked), "intake", step, fact);
                return null;
            }
            if (definition.Kind != FactKind.Choice)
            {
                Add(Child(map, "fact")!, "intake", nameof(PlaybookTexts.IntakeNotChoice), "intake", fact);
                return null;
            }
            var ok = true;
            foreach (var (key, value) in new[] { ("signs-value", signs), ("no-signs-value", noSigns) })
            {
                if (definition.FindValue(value) is null)
                {
                    Add(Child(map, key)!, "intake", nameof(PlaybookTexts.UnknownValue), $"intake › {key}", value, fact, string.Join(", ", definition.Values.Select(v => v.Id)));
                    ok = false;
                }
            }
            return ok ? new IntakeRule(located.Value.Id, definition.Id, signs, noSigns) : null;
        }

        // ------------------------------------------------------------------ bindings

        /// <summary>The <c>bindings</c> section, every step, fact, report and heading it names checked; null after a problem.</summary>
        private PlaybookBindings? ReadBindings(YamlNode node, Dictionary<StepId, Located<StepDefinition>> steps, Dictionary<FactId, FactDefinition> facts)
        {
            if (Mapping(node, "bindings", BindingsFields) is not { } map)
                return null;
            var before = _problems.Count;

            var reports = new Dictionary<string, StepId>(StringComparer.Ordinal);
            foreach (var (key, value, where) in Entries(map, "reports", "bindings › reports"))
            {
                if (ReportTemplates.Find(key.Value) is null)
                    Add(key, where, nameof(PlaybookTexts.UnknownReport), where, key.Value, string.Join(", ", ReportTemplates.All.Select(t => t.Id)));
                else if (KnownStep(value, where, steps) is { } step)
                    reports[key.Value!] = step;
            }

            var headings = new Dictionary<string, HeadingSources>(StringComparer.Ordinal);
            foreach (var (key, value, where) in Entries(map, "headings", "bindings › headings"))
            {
                if (!Headings.Contains(key.Value!))
                    Add(key, where, nameof(PlaybookTexts.UnknownHeading), where, key.Value, string.Join(", ", Headings));
                if (Mapping(value, where, HeadingFields) is not { } sources)
                    continue;
                var fromFacts = KnownFacts(sources, "facts", where + " › facts", facts);
                var fromNotes = KnownSteps(sources, "notes", where + " › notes", steps);
                headings[key.Value!] = new HeadingSources(fromFacts, fromNotes);
            }

            var stopUsing = KnownSteps(map, "stop-using-steps", "bindings › stop-using-steps", steps);

            Condition? atRisk = null;
            if (Child(map, "personal-data-at-risk-when") is { } atRiskNode
                && ReadCondition(atRiskNode, "bindings › personal-data-at-risk-when") is { } condition)
            {
                CheckCondition(condition, facts);
                atRisk = condition;
            }

            var decisions = new List<OperationalDecision>();
            foreach (var (key, value, where) in Entries(map, "operational-decisions", "bindings › operational-decisions"))
            {
                if (ReadDecision(key, value, where, steps, facts) is { } decision)
                    decisions.Add(decision);
            }

            var confirmation = Child(map, "confirmation-step") is { } confirmationNode
                ? KnownStep(confirmationNode, "bindings › confirmation-step", steps)
                : null;

            var occurredAt = Child(map, "occurred-at") is { } occurredNode
                ? RecordedFact(occurredNode, "bindings › occurred-at", steps, facts)?.Id
                : null;
            var notice = Child(map, "individual-notice") is { } noticeNode
                ? ReadIndividualNotice(noticeNode, "bindings › individual-notice", steps, facts)
                : null;

            var milestones = new Dictionary<string, StepId>(StringComparer.Ordinal);
            foreach (var (key, value, where) in Entries(map, "milestones", "bindings › milestones"))
            {
                if (!Milestones.All.Contains(key.Value!, StringComparer.Ordinal))
                    Add(key, where, nameof(PlaybookTexts.UnknownMilestone), where, key.Value, string.Join(", ", Milestones.All));
                else if (KnownStep(value, where, steps) is { } step)
                    milestones[key.Value!] = step;
            }

            return _problems.Count > before ? null : new PlaybookBindings(reports, headings, stopUsing, atRisk, decisions, confirmation, occurredAt, notice, milestones);
        }

        /// <summary>A fact named by a binding: one of this playbook's, and asked or recorded by a step (else nothing could ever record it).</summary>
        private FactDefinition? RecordedFact(YamlNode node, string path, Dictionary<StepId, Located<StepDefinition>> steps, Dictionary<FactId, FactDefinition> facts)
        {
            if (node is not YamlScalarNode { Value: { Length: > 0 } text })
            {
                Add(node, path, nameof(PlaybookTexts.NotScalar), path);
                return null;
            }
            text = text.Trim();
            if (!FactId.IsValid(text) || !facts.TryGetValue(new FactId(text), out var fact))
            {
                Add(node, path, nameof(PlaybookTexts.UnknownFact), path, text);
                return null;
            }
            if (!steps.Values.Any(s => s.Value.Covers(fact.Id)))
            {
                Add(node, path, nameof(PlaybookTexts.BoundFactNeverAsked), path, fact.Id);
                return null;
            }
            return fact;
        }

        /// <summary>
        /// How the people affected are told: a choice fact some step asks or records, and the value of it that means each
        /// of Sonae's choices; the one that replaces the notice by a public announcement is required (it is the one the
        /// law asks a reason for), the others are optional, and no value means two things.
        /// </summary>
        private IndividualNotice? ReadIndividualNotice(YamlNode node, string path, Dictionary<StepId, Located<StepDefinition>> steps, Dictionary<FactId, FactDefinition> facts)
        {
            if (Mapping(node, path, NoticeFields) is not { } map)
                return null;
            if (Child(map, "fact") is not { } factNode)
            {
                Add(map, path + " › fact", nameof(PlaybookTexts.Missing), path + " › fact");
                return null;
            }
            if (RecordedFact(factNode, path + " › fact", steps, facts) is not { } fact)
                return null;
            if (fact.Kind != FactKind.Choice)
            {
                Add(factNode, path + " › fact", nameof(PlaybookTexts.NoticeOnText), path + " › fact", fact.Id);
                return null;
            }
            var before = _problems.Count;
            var values = new Dictionary<NoticeChoice, string>();
            foreach (var (key, meaning) in new[] { ("notify", NoticeChoice.Notify), ("announce-instead", NoticeChoice.AnnounceInstead), ("both", NoticeChoice.Both), ("not-yet", NoticeChoice.NotYet) })
            {
                var place = $"{path} › {key}";
                if (Child(map, key) is null)
                {
                    if (meaning == NoticeChoice.AnnounceInstead)
                        Add(map, place, nameof(PlaybookTexts.Missing), place);
                    continue;
                }
                if (Scalar(map, key, place) is not { } value)
                    continue;
                if (fact.FindValue(value) is null)
                    Add(Child(map, key)!, place, nameof(PlaybookTexts.UnknownValue), place, value, fact.Id, string.Join(", ", fact.Values.Select(v => v.Id)));
                else if (values.ContainsValue(value))
                    Add(Child(map, key)!, place, nameof(PlaybookTexts.Duplicate), place, value);
                else
                    values[meaning] = value;
            }
            return _problems.Count > before ? null : new IndividualNotice(fact.Id, values);
        }

        /// <summary>
        /// One operational decision: a choice fact, the notice of each value in force (at least one, and not every
        /// value, so that it can be lifted), recorded by at least one step, and only by steps where management acts
        /// (only management takes it, so a step of other roles that asked it could never be completed by them).
        /// </summary>
        private OperationalDecision? ReadDecision(YamlScalarNode key, YamlNode value, string where, Dictionary<StepId, Located<StepDefinition>> steps, Dictionary<FactId, FactDefinition> facts)
        {
            if (!FactId.IsValid(key.Value) || !facts.TryGetValue(new FactId(key.Value!), out var fact))
            {
                Add(key, where, nameof(PlaybookTexts.UnknownFact), where, key.Value);
                return null;
            }
            if (fact.Kind != FactKind.Choice)
            {
                Add(key, where, nameof(PlaybookTexts.DecisionOnText), where, fact.Id);
                return null;
            }
            var before = _problems.Count;
            var notices = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
            if (value is not YamlMappingNode entries)
                Add(value, where, nameof(PlaybookTexts.NotMapping), where);
            else
            {
                foreach (var (name, notice) in entries.Children)
                {
                    if (name is not YamlScalarNode { Value: { Length: > 0 } id })
                    {
                        Add(name, where, nameof(PlaybookTexts.NotScalar), where);
                        continue;
                    }
                    var place = $"{where} › {id}";
                    if (fact.FindValue(id) is null)
                        Add(name, place, nameof(PlaybookTexts.UnknownValue), place, id, fact.Id, string.Join(", ", fact.Values.Select(v => v.Id)));
                    else if (Mapping(notice, place, TextFields) is { } pair && LocalizedPair(pair, place) is { } text)
                        notices[id] = text;
                }
                if (_problems.Count == before && notices.Count == 0)
                    Add(value, where, nameof(PlaybookTexts.DecisionWithoutNotice), where, fact.Id);
                if (notices.Count > 0 && notices.Count == fact.Values.Count)
                    Add(value, where, nameof(PlaybookTexts.DecisionCannotBeLifted), where, fact.Id);
            }
            var recordedAt = steps.Values.Where(s => s.Value.Covers(fact.Id)).ToList();
            if (recordedAt.Count == 0)
                Add(key, where, nameof(PlaybookTexts.DecisionNeverAsked), where, fact.Id);
            foreach (var step in recordedAt.Where(s => !s.Value.Roles.Contains(Role.Management)))
                Add(key, where, nameof(PlaybookTexts.DecisionWithoutManagement), where, fact.Id, step.Value.Id);
            return _problems.Count > before ? null : new OperationalDecision(fact.Id, notices);
        }

        /// <summary>
        /// The bindings of a playbook without a <c>bindings</c> section. A stored version (any playbook, written before
        /// bindings existed, when Sonae applied the built-in ones to every playbook by their ids) keeps those of the
        /// built-in ones whose steps and facts it has, so its running incidents keep their reports, clocks and
        /// stop-use list. A new upload of the built-in playbook inherits them, each checked against it; a new upload of
        /// a hospital's own playbook binds nothing unless it says so.
        /// </summary>
        private PlaybookBindings? Inherited(YamlMappingNode top, string? id, Dictionary<StepId, Located<StepDefinition>> steps, Dictionary<FactId, FactDefinition> facts)
        {
            var builtIn = BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings;
            if (stored)
                return builtIn.Keeping(steps.ContainsKey, facts.GetValueOrDefault);
            if (!string.Equals(id, BuiltInPlaybooks.MhlwIncidentFlowchartId, StringComparison.Ordinal))
                return PlaybookBindings.None;

            var before = _problems.Count;
            var place = Child(top, "id")!;
            const string from = "bindings (built-in)";
            void Step(string where, StepId step)
            {
                if (!steps.ContainsKey(step))
                    Add(place, where, nameof(PlaybookTexts.InheritedStepMissing), where, step);
            }
            void Fact(string where, FactId fact)
            {
                if (!facts.ContainsKey(fact))
                    Add(place, where, nameof(PlaybookTexts.InheritedFactMissing), where, fact);
            }
            foreach (var (report, step) in builtIn.Reports)
                Step($"{from} › reports › {report}", step);
            foreach (var (heading, sources) in builtIn.Headings)
            {
                sources.Facts.ToList().ForEach(f => Fact($"{from} › headings › {heading} › facts", f));
                sources.Notes.ToList().ForEach(s => Step($"{from} › headings › {heading} › notes", s));
            }
            builtIn.StopUsingSteps.ToList().ForEach(s => Step($"{from} › stop-using-steps", s));
            if (builtIn.ConfirmationStep is { } confirmationStep)
                Step($"{from} › confirmation-step", confirmationStep);
            foreach (var comparison in Comparisons(builtIn.PersonalDataAtRiskWhen))
            {
                var where = $"{from} › personal-data-at-risk-when";
                if (!facts.TryGetValue(comparison.Fact, out var fact))
                    Fact(where, comparison.Fact);
                else if (fact.Kind != FactKind.Choice)
                    Add(place, where, nameof(PlaybookTexts.ConditionOnText), where, fact.Id);
                else
                {
                    foreach (var value in comparison.Values.Where(v => fact.FindValue(v) is null))
                        Add(place, where, nameof(PlaybookTexts.UnknownValue), where, value, fact.Id, string.Join(", ", fact.Values.Select(v => v.Id)));
                }
            }
            // Versions written before operational decisions existed lack their facts: they simply have none.
            return _problems.Count > before ? null : builtIn.Keeping(steps.ContainsKey, facts.GetValueOrDefault);
        }

        /// <summary>Every heading id of Sonae's reports, in catalogue order.</summary>
        private static readonly IReadOnlyList<string> Headings =
            [.. ReportTemplates.All.SelectMany(t => t.Fields).Select(f => f.Id).Distinct(StringComparer.Ordinal)];

        private static IEnumerable<FactIn> Comparisons(Condition? condition) => condition switch
        {
            null => [],
            FactIn comparison => [comparison],
            AllOf all => all.Conditions.SelectMany(Comparisons),
            AnyOf any => any.Conditions.SelectMany(Comparisons),
            Not not => Comparisons(not.Condition),
            _ => throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition)),
        };

        /// <summary>The entries of a mapping field (none when it is absent), each with its place.</summary>
        private List<(YamlScalarNode Key, YamlNode Value, string Path)> Entries(YamlMappingNode map, string key, string path)
        {
            if (Child(map, key) is not { } node)
                return [];
            if (node is not YamlMappingNode entries)
            {
                Add(node, path, nameof(PlaybookTexts.NotMapping), path);
                return [];
            }
            var result = new List<(YamlScalarNode, YamlNode, string)>();
            foreach (var (name, value) in entries.Children)
            {
                if (name is YamlScalarNode { Value: { Length: > 0 } text } scalar)
                    result.Add((scalar, value, $"{path} › {text}"));
                else
                    Add(name, path, nameof(PlaybookTexts.NotScalar), path);
            }
            return result;
        }

        private StepId? KnownStep(YamlNode node, string path, Dictionary<StepId, Located<StepDefinition>> steps)
        {
            if (node is not YamlScalarNode { Value: { Length: > 0 } text })
            {
                Add(node, path, nameof(PlaybookTexts.NotScalar), path);
                return null;
            }
            text = text.Trim();
            if (!StepId.IsValid(text))
            {
                Add(node, path, nameof(PlaybookTexts.InvalidStepId), path, text);
                return null;
            }
            if (!steps.ContainsKey(new StepId(text)))
            {
                Add(node, path, nameof(PlaybookTexts.UnknownStep), path, text);
                return null;
            }
            return new StepId(text);
        }

        /// <summary>A list of step ids (none when absent), each reported unless it is a step of this playbook.</summary>
        private List<StepId> KnownSteps(YamlMappingNode map, string key, string path, Dictionary<StepId, Located<StepDefinition>> steps)
        {
            var ids = StepIds(map, key, path) ?? [];
            foreach (var unknown in ids.Where(s => !steps.ContainsKey(s)))
                Add(Child(map, key)!, path, nameof(PlaybookTexts.UnknownStep), path, unknown);
            return ids;
        }

        /// <summary>A list of fact ids (none when absent), each reported unless it is a fact of this playbook.</summary>
        private List<FactId> KnownFacts(YamlMappingNode map, string key, string path, Dictionary<FactId, FactDefinition> facts)
        {
            var ids = FactIds(map, key, path);
            foreach (var unknown in ids.Where(f => !facts.ContainsKey(f)))
                Add(Child(map, key)!, path, nameof(PlaybookTexts.UnknownFact), path, unknown);
            return ids;
        }

        // ------------------------------------------------------------------ cross-references and graph

        private void CheckReferences(Located<StepDefinition> located, Dictionary<StepId, Located<StepDefinition>> steps, Dictionary<FactId, FactDefinition> facts, HashSet<int> phases)
        {
            var step = located.Value;
            var map = (YamlMappingNode)located.Node;
            if (!phases.Contains(step.Phase))
                Add(Child(map, "phase")!, located.Path, nameof(PlaybookTexts.UnknownPhase), located.Path + " › phase", step.Phase);
            foreach (var dependency in step.After)
            {
                if (dependency == step.Id)
                    Add(Child(map, "after")!, located.Path, nameof(PlaybookTexts.SelfDependency), located.Path + " › after", step.Id);
                else if (!steps.ContainsKey(dependency))
                    Add(Child(map, "after")!, located.Path, nameof(PlaybookTexts.UnknownStep), located.Path + " › after", dependency);
            }
            foreach (var (field, list) in new[] { ("asks", step.Asks), ("records", step.Records) })
            {
                foreach (var fact in list.Where(f => !facts.ContainsKey(f)))
                    Add(Child(map, field)!, located.Path, nameof(PlaybookTexts.UnknownFact), $"{located.Path} › {field}", fact);
            }
            if (step.AppliesWhen is not null)
                CheckCondition(step.AppliesWhen, facts);
        }

        private void CheckCondition(Condition condition, Dictionary<FactId, FactDefinition> facts)
        {
            switch (condition)
            {
                case FactIn comparison:
                    var place = _conditionPlaces[comparison];
                    if (!facts.TryGetValue(comparison.Fact, out var fact))
                    {
                        Add(place.Node, place.Path, nameof(PlaybookTexts.UnknownFact), place.Path, comparison.Fact);
                        return;
                    }
                    if (fact.Kind != FactKind.Choice)
                    {
                        Add(place.Node, place.Path, nameof(PlaybookTexts.ConditionOnText), place.Path, fact.Id);
                        return;
                    }
                    foreach (var value in comparison.Values.Where(v => fact.FindValue(v) is null))
                        Add(place.Node, place.Path, nameof(PlaybookTexts.UnknownValue), place.Path, value, fact.Id, string.Join(", ", fact.Values.Select(v => v.Id)));
                    break;
                case AllOf all:
                    all.Conditions.ToList().ForEach(c => CheckCondition(c, facts));
                    break;
                case AnyOf any:
                    any.Conditions.ToList().ForEach(c => CheckCondition(c, facts));
                    break;
                case Not not:
                    CheckCondition(not.Condition, facts);
                    break;
            }
        }

        /// <summary>
        /// Orders the steps so that each comes after what it depends on (file order where free), reports cycles,
        /// and reports steps that can never open: a condition that reads a fact no earlier step asks, or a
        /// dependency on such a step.
        /// </summary>
        private List<StepDefinition> OrderAndCheckReachability(List<Located<StepDefinition>> steps, Dictionary<StepId, Located<StepDefinition>> byId, Dictionary<FactId, FactDefinition> facts)
        {
            var known = steps.Select(s => s.Value).Where(s => byId[s.Id].Value == s).ToList();
            var remaining = known.ToDictionary(s => s.Id, s => s.After.Distinct().Count(d => byId.ContainsKey(d) && d != s.Id));
            // A stable topological order: file order, except that a step moves after the steps it depends on.
            var ordered = new List<StepDefinition>();
            while (known.FirstOrDefault(s => remaining[s.Id] == 0) is { } next)
            {
                ordered.Add(next);
                remaining[next.Id] = -1;
                foreach (var dependent in known.Where(s => s.After.Contains(next.Id) && s.Id != next.Id))
                    remaining[dependent.Id]--;
            }

            var inCycle = known.Where(s => remaining[s.Id] > 0).ToList();
            foreach (var cycle in FindCycles(inCycle, byId))
                _problems.Add(Problem(Line(byId[cycle[0]].Node), Column(byId[cycle[0]].Node), "steps", nameof(PlaybookTexts.Cycle), string.Join(" → ", cycle.Append(cycle[0]))));

            // Ancestors and reachability, in dependency order. Only the causes are reported, and the steps right
            // after them: a long tail of steps that cannot open because of one mistake would hide the mistake.
            var ancestors = new Dictionary<StepId, HashSet<StepId>>();
            var unreachable = new HashSet<StepId>();
            var causes = new HashSet<StepId>();
            foreach (var step in ordered)
            {
                var mine = new HashSet<StepId>();
                foreach (var dependency in step.After.Where(ancestors.ContainsKey))
                {
                    mine.Add(dependency);
                    mine.UnionWith(ancestors[dependency]);
                }
                ancestors[step.Id] = mine;
                var located = byId[step.Id];
                var map = (YamlMappingNode)located.Node;

                if (step.After.Any(d => !byId.ContainsKey(d)))
                {
                    unreachable.Add(step.Id); // its unknown dependency is reported already
                    continue;
                }
                var blocked = step.After.FirstOrDefault(unreachable.Contains);
                if (blocked != default)
                {
                    if (causes.Contains(blocked))
                        Add(Child(map, "after")!, located.Path, nameof(PlaybookTexts.UnreachableDependency), located.Path, step.Id, blocked);
                    unreachable.Add(step.Id);
                    continue;
                }
                var unasked = step.AppliesWhen?.Facts.Distinct()
                    .Where(facts.ContainsKey)
                    .Cast<FactId?>()
                    .FirstOrDefault(f => !mine.Any(a => byId[a].Value.Covers(f!.Value)));
                if (unasked is { } fact)
                {
                    Add(Child(map, "applies-when")!, located.Path, nameof(PlaybookTexts.UnaskedFact), located.Path, step.Id, fact);
                    unreachable.Add(step.Id);
                    causes.Add(step.Id);
                }
            }
            return ordered;
        }

        private static List<List<StepId>> FindCycles(List<StepDefinition> inCycle, Dictionary<StepId, Located<StepDefinition>> byId)
        {
            var members = inCycle.Select(s => s.Id).ToHashSet();
            var reported = new HashSet<StepId>();
            var cycles = new List<List<StepId>>();
            foreach (var start in inCycle)
            {
                if (reported.Contains(start.Id))
                    continue;
                // Walk dependencies inside the cyclic part until a step repeats: that loop is a cycle.
                var path = new List<StepId>();
                var current = start.Id;
                while (!path.Contains(current))
                {
                    path.Add(current);
                    current = byId[current].Value.After.First(members.Contains);
                }
                var cycle = path.Skip(path.IndexOf(current)).ToList();
                if (cycle.Any(reported.Contains))
                    continue;
                reported.UnionWith(cycle);
                cycles.Add(cycle);
            }
            return cycles;
        }

        private void ReportDuplicates(IEnumerable<(YamlNode Node, string Id)> items, string path)
        {
            foreach (var group in items.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                foreach (var extra in group.Skip(1))
                    Add(extra.Node, path, nameof(PlaybookTexts.Duplicate), path, group.Key);
            }
        }

        // ------------------------------------------------------------------ YAML helpers

        private YamlMappingNode? Mapping(YamlNode node, string path, string[] allowed)
        {
            if (node is not YamlMappingNode map)
            {
                Add(node, path, nameof(PlaybookTexts.NotMapping), path);
                return null;
            }
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "?";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                    Add(key, path, nameof(PlaybookTexts.UnknownField), $"{path} › {name}", string.Join(", ", allowed));
            }
            return map;
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private string? Scalar(YamlMappingNode map, string key, string path)
        {
            switch (Child(map, key))
            {
                case null:
                    Add(map, path, nameof(PlaybookTexts.Missing), path);
                    return null;
                case YamlScalarNode { Value: { Length: > 0 } value }:
                    return value.Trim();
                case YamlScalarNode empty:
                    Add(empty, path, nameof(PlaybookTexts.Missing), path);
                    return null;
                case var other:
                    Add(other, path, nameof(PlaybookTexts.NotScalar), path);
                    return null;
            }
        }

        private int? Integer(YamlMappingNode map, string key, string path)
        {
            if (Scalar(map, key, path) is not { } text)
                return null;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                return value;
            Add(Child(map, key)!, path, nameof(PlaybookTexts.InvalidInteger), path, text);
            return null;
        }

        /// <summary>A step's target, <c>30m</c>, <c>2h</c> or <c>1d</c>: a whole number of minutes, hours or days, up to 30 days.</summary>
        private TimeSpan? Target(YamlMappingNode map, string path)
        {
            if (Scalar(map, "target", path) is not { } text)
                return null;
            var match = TargetPattern().Match(text);
            TimeSpan? target = !match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? null
                : match.Groups[2].Value switch
                {
                    "m" => TimeSpan.FromMinutes(count),
                    "h" => TimeSpan.FromHours(count),
                    _ => TimeSpan.FromDays(count),
                };
            if (target is { } valid && valid > TimeSpan.Zero && valid <= StepDefinition.MaxTarget)
                return valid;
            Add(Child(map, "target")!, path, nameof(PlaybookTexts.InvalidTarget), path, text);
            return null;
        }

        private LocalizedText? Text(YamlMappingNode map, string key, string path)
        {
            if (Child(map, key) is not { } node)
            {
                Add(map, path, nameof(PlaybookTexts.Missing), path);
                return null;
            }
            return Mapping(node, path, TextFields) is { } pair ? LocalizedPair(pair, path) : null;
        }

        /// <summary>Reads the <c>ja</c> and <c>en</c> fields of a mapping, reporting each missing language.</summary>
        private LocalizedText? LocalizedPair(YamlMappingNode map, string path)
        {
            var ja = Child(map, "ja") is YamlScalarNode { Value: { Length: > 0 } j } && !string.IsNullOrWhiteSpace(j) ? j.Trim() : null;
            var en = Child(map, "en") is YamlScalarNode { Value: { Length: > 0 } e } && !string.IsNullOrWhiteSpace(e) ? e.Trim() : null;
            if (ja is null)
                Add(map, path, nameof(PlaybookTexts.MissingJapanese), path);
            if (en is null)
                Add(map, path, nameof(PlaybookTexts.MissingEnglish), path);
            return ja is null || en is null ? null : new LocalizedText(ja, en);
        }

        private List<string>? ScalarList(YamlMappingNode map, string key, string path)
        {
            if (Child(map, key) is not YamlSequenceNode list)
            {
                Add(Child(map, key) ?? map, path, nameof(PlaybookTexts.NotList), path);
                return null;
            }
            var values = new List<string>();
            foreach (var item in list.Children)
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } value })
                    values.Add(value.Trim());
                else
                    Add(item, path, nameof(PlaybookTexts.NotScalar), path);
            }
            return values.Count == list.Children.Count ? values : null;
        }

        private List<StepId>? StepIds(YamlMappingNode map, string key, string path)
        {
            if (Child(map, key) is null)
                return [];
            if (ScalarList(map, key, path) is not { } values)
                return null;
            var ids = new List<StepId>();
            foreach (var value in values)
            {
                if (StepId.IsValid(value))
                    ids.Add(new StepId(value));
                else
                    Add(Child(map, key)!, path, nameof(PlaybookTexts.InvalidStepId), path, value);
            }
            return ids.Count == values.Count ? ids : null;
        }

        private List<FactId> FactIds(YamlMappingNode map, string key, string path)
        {
            if (Child(map, key) is null || ScalarList(map, key, path) is not { } values)
                return [];
            var ids = new List<FactId>();
            foreach (var value in values)
            {
                if (FactId.IsValid(value))
                    ids.Add(new FactId(value));
                else
                    Add(Child(map, key)!, path, nameof(PlaybookTexts.InvalidFactId), path, value);
            }
            return ids;
        }

        private List<Located<T>> ReadList<T>(YamlMappingNode map, string key, string path, Func<YamlNode, string, Located<T>?> read)
        {
            switch (Child(map, key))
            {
                case null:
                    Add(map, path, nameof(PlaybookTexts.Missing), path);
                    return [];
                case YamlSequenceNode list:
                    return list.Children.Select((item, i) => read(item, $"{path}[{i + 1}]")).OfType<Located<T>>().ToList();
                case var other:
                    Add(other, path, nameof(PlaybookTexts.NotList), path);
                    return [];
            }
        }

        // ------------------------------------------------------------------ problems

        private void Add(YamlNode node, string path, string code, params object?[] args) =>
            _problems.Add(Problem(Line(node), Column(node), path, code, args));

        private void Add(Mark mark, string path, string code, params object?[] args) =>
            _problems.Add(Problem(checked((int)mark.Line), checked((int)mark.Column), path, code, args));

        private static PlaybookProblem Problem(int line, int column, string path, string code, params object?[] args) =>
            new(line, column, path, code, Bilingual.Format(PlaybookTexts.ResourceManager, code, args));

        private static int Line(YamlNode node) => checked((int)node.Start.Line);

        private static int Column(YamlNode node) => checked((int)node.Start.Column);
    }

    private sealed record Located<T>(YamlNode Node, string Path, T Value);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlaybookId();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ActionId();

    [GeneratedRegex("^([0-9]{1,5})(m|h|d)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TargetPattern();
}
