using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Playbooks;

/// <summary>
/// A hospital's own playbook over HTTP, on SQLite and on PostgreSQL: an upload whose bindings name what the playbook
/// does not have is refused with every problem, and a consistent one drafts its reports from its own facts and notes.
/// The playbook is the one docs/playbook-format.md prints.
/// </summary>
public abstract partial class PlaybookBindingsApiTests(SonaeFactory factory)
{
    private static readonly string Documented = YamlBlock()
        .Matches(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "playbook-format.md")))
        .Select(m => m.Groups[1].Value).Single(b => b.StartsWith("id: sakura-clinic", StringComparison.Ordinal));

    private static string BrokenBindings() => Documented
        .Replace("    damage-status: C\n", "    damage-status: Z\n", StringComparison.Ordinal)
        .Replace("stop-using-steps: [B]", "stop-using-steps: [B, X]", StringComparison.Ordinal)
        .Replace("cause: { facts: [signs], notes: [A] }", "cause: { facts: [signs, weather], notes: [A] }", StringComparison.Ordinal);

    private static List<string> Messages(JsonElement problem) =>
        [.. problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()!)];

    [Fact]
    public async Task Upload_BindingsNamingUnknownSteps_Is422WithEveryProblemInTheCallersLanguage_AndStoresNothing()
    {
        var hospital = await factory.AddHospital("束縛検証病院 " + Guid.NewGuid().ToString("N")[..6]);
        using var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");

        var inEnglish = await (await english.PostRaw("/api/v1/playbooks", BrokenBindings(), "application/yaml")).Problem(HttpStatusCode.UnprocessableEntity, "playbook-invalid");
        var inJapanese = await (await hospital.Management.PostRaw("/api/v1/playbooks", BrokenBindings(), "application/yaml")).Problem(HttpStatusCode.UnprocessableEntity, "playbook-invalid");

        Assert.Equal(
        [
            "bindings › reports › damage-status: step Z is not in this playbook.",
            "bindings › headings › cause › facts: fact weather is not in facts.",
            "bindings › stop-using-steps: step X is not in this playbook.",
        ], Messages(inEnglish));
        Assert.Equal(
        [
            "bindings › reports › damage-status: ステップ Z はこのプレイブックにありません。",
            "bindings › headings › cause › facts: 事実 weather は facts にありません。",
            "bindings › stop-using-steps: ステップ X はこのプレイブックにありません。",
        ], Messages(inJapanese));
        Assert.All(inEnglish.GetProperty("problems").EnumerateArray(), p => Assert.True(p.GetProperty("line").GetInt32() > 0));
        var validated = await (await english.PostRaw("/api/v1/playbooks/validate", BrokenBindings(), "application/yaml")).Json(HttpStatusCode.OK);
        Assert.Equal(Messages(inEnglish), Messages(validated));
        var versions = await (await hospital.Officer.GetAsync("/api/v1/playbooks")).Json(HttpStatusCode.OK);
        Assert.DoesNotContain(versions.EnumerateArray(), v => v.GetProperty("id").GetString() == "sakura-clinic");
    }

    [Fact]
    public async Task Upload_ConsistentPlaybook_ItsIncidentDraftsTheReportAtItsStepFromItsOwnFactsAndNotes()
    {
        var hospital = await factory.AddHospital("さくら診療所 " + Guid.NewGuid().ToString("N")[..6]);
        var officer = hospital.Officer;
        var created = await (await officer.PostRaw("/api/v1/playbooks", Documented, "application/yaml")).Json(HttpStatusCode.Created);
        Assert.Equal(("sakura-clinic", 1), (created.GetProperty("id").GetString(), created.GetProperty("version").GetInt32()));

        var opened = await (await officer.PostJson("/api/v1/incidents", new { title = "受付端末に脅迫文", playbook = "sakura-clinic" })).Json(HttpStatusCode.Created);
        var incident = $"/api/v1/incidents/{opened.GetProperty("incidentId").GetString()}";
        await (await officer.PutJson($"{incident}/facts/signs", new { value = "yes" })).Json(HttpStatusCode.OK);
        await (await officer.PutJson($"{incident}/facts/what-stopped", new { value = "受付と会計" })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{incident}/notes", new { text = "受付PCの画面に英語の脅迫文", step = "A" })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{incident}/steps/A/complete", new { })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{incident}/steps/B/complete", new { })).Json(HttpStatusCode.OK);

        var state = await (await officer.GetAsync(incident)).Json(HttpStatusCode.OK);
        Assert.Equal("available", state.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "C").GetProperty("state").GetString());
        var reporting = await (await officer.GetAsync($"{incident}/reporting")).Json(HttpStatusCode.OK);
        var reports = reporting.GetProperty("reports").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(("C", true), (reports["damage-status"].GetProperty("step").GetString(), reports["damage-status"].GetProperty("applies").GetBoolean()));
        Assert.Equal((JsonValueKind.Null, false), (reports["ministry"].GetProperty("step").ValueKind, reports["ministry"].GetProperty("applies").GetBoolean()));
        Assert.Equal("not-raised", reporting.GetProperty("need").GetString());

        var draft = await (await officer.GetAsync($"{incident}/reports/damage-status/draft")).Json(HttpStatusCode.OK);
        var fields = draft.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("value"));
        Assert.Equal("C", draft.GetProperty("step").GetString());
        Assert.StartsWith("感染の兆候: あり\n受付PCの画面に英語の脅迫文(", fields["cause"].GetString(), StringComparison.Ordinal);
        Assert.Equal("止まった業務: 受付と会計", fields["where-and-care"].GetString());

        await (await officer.PutJson($"{incident}/facts/patient-data", new { value = "unknown" })).Json(HttpStatusCode.OK);
        Assert.Equal("answer-needed", (await (await officer.GetAsync($"{incident}/reporting")).Json(HttpStatusCode.OK)).GetProperty("need").GetString());
    }

    /// <summary>
    /// The built-in playbook as Sonae's first release shipped it, without bindings, as a hospital may have uploaded it:
    /// incidents on it take the built-in bindings, so its reports keep their steps and drafts their facts.
    /// </summary>
    [Fact]
    public async Task IncidentOnAVersionWithoutBindings_KeepsItsReportsStepsAndDrafts()
    {
        var hospital = await factory.AddHospital("旧版病院 " + Guid.NewGuid().ToString("N")[..6]);
        var officer = hospital.Officer;
        var firstRelease = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Playbooks", "Stored", "mhlw-incident-flowchart-127ed5b.yaml"));
        Assert.DoesNotContain("bindings:", firstRelease, StringComparison.Ordinal);
        var created = await (await officer.PostRaw("/api/v1/playbooks", firstRelease, "application/yaml")).Json(HttpStatusCode.Created);

        var opened = await (await officer.PostJson("/api/v1/incidents", new { title = "旧版で開いた" })).Json(HttpStatusCode.Created);
        var incident = $"/api/v1/incidents/{opened.GetProperty("incidentId").GetString()}";
        Assert.Equal(created.GetProperty("version").GetInt32(),
            (await (await officer.GetAsync(incident)).Json(HttpStatusCode.OK)).GetProperty("playbook").GetProperty("version").GetInt32());
        await (await officer.PutJson($"{incident}/facts/infection-signs", new { value = "no" })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{incident}/steps/1-1/complete", new { })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{incident}/steps/1-3/complete", new { })).Json(HttpStatusCode.OK);
        await (await officer.PutJson($"{incident}/facts/anomaly-confirmed", new { value = "yes" })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"{incident}/steps/1-4/complete", new { })).Json(HttpStatusCode.OK);
        await (await officer.PutJson($"{incident}/facts/cause", new { value = "cyber-attack" })).Json(HttpStatusCode.OK);
        await (await officer.PutJson($"{incident}/facts/data-leak-suspected", new { value = "unknown" })).Json(HttpStatusCode.OK);

        var reporting = await (await officer.GetAsync($"{incident}/reporting")).Json(HttpStatusCode.OK);
        Assert.Equal(["2-11", "2-13", "2-16", "2-18", "4-1", "4-3", "4-3", "4-3", "4-9", "4-9"],
            reporting.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("step").GetString()));
        Assert.Equal("answer-needed", reporting.GetProperty("need").GetString());
        var draft = await (await officer.GetAsync($"{incident}/reports/damage-status/draft")).Json(HttpStatusCode.OK);
        var cause = draft.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "cause").GetProperty("value").GetString();
        Assert.Equal("原因の見立て: サイバー攻撃", cause);
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}

public sealed class SqlitePlaybookBindingsApiTests(SqliteFactory factory) : PlaybookBindingsApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresPlaybookBindingsApiTests(PostgresFactory factory) : PlaybookBindingsApiTests(factory), IClassFixture<PostgresFactory>;
