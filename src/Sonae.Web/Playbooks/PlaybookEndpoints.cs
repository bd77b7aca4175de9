using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data.Playbooks;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Playbooks;

public sealed record PlaybookVersionSummary(string Id, int Version, string Title, string Sha256, bool BuiltIn, bool Default, DateTimeOffset AddedAt, string AddedBy);

public sealed record ProblemView(int Line, int Column, string Path, string Code, string Message);

public sealed record ValidationResult(bool Valid, IReadOnlyList<ProblemView> Problems);

public sealed record ActionDetail(string Id, string Role, TextPair Text);

public sealed record ConditionDetail(string? Fact, IReadOnlyList<string>? In, string? Op, IReadOnlyList<ConditionDetail>? Of);

public sealed record StepDetail(string Id, int Phase, TextPair Title, string Guideline, IReadOnlyList<string> After, ConditionDetail? AppliesWhen,
    IReadOnlyList<string> Asks, IReadOnlyList<string> Records, IReadOnlyList<string> Roles, IReadOnlyList<ActionDetail> Actions);

public sealed record FactDetail(string Id, string Kind, TextPair Title, TextPair Question, IReadOnlyList<FactValueDetail> Values);

public sealed record FactValueDetail(string Id, TextPair Title);

public sealed record PlaybookDetail(string Id, int Version, string Sha256, TextPair Title, TextPair? Source, bool BuiltIn, DateTimeOffset AddedAt, string AddedBy,
    IReadOnlyList<FactDetail> Facts, IReadOnlyList<StepDetail> Steps, IReadOnlyList<StepDetail> Preparedness, string Yaml);

/// <summary>
/// <c>/api/v1/playbooks</c>: the playbook versions an organization holds, validation of a YAML playbook, and
/// uploading a new version (the security officer or management).
/// </summary>
public static class PlaybookEndpoints
{
    /// <summary>The largest playbook accepted, in bytes of YAML.</summary>
    public const int MaxYamlBytes = 512 * 1024;

    public static IEndpointRouteBuilder MapPlaybookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/playbooks").WithTags("Playbooks")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListPlaybooks").WithSummary("Every playbook version the organization holds");
        group.MapGet("/{playbookId}", Latest).WithName("GetPlaybook").WithSummary("The latest version of a playbook");
        group.MapGet("/{playbookId}/versions/{version:int}", Version).WithName("GetPlaybookVersion").WithSummary("One version of a playbook");
        group.MapPost("/validate", Validate).RequireAuthorization(Core.Access.Operation.EditPlaybooks).WithName("ValidatePlaybook").WithSummary("Check a YAML playbook and list every problem with its place")
            .Accepts<string>("application/yaml", "text/yaml", "text/plain");
        group.MapPost("/", Upload).RequireAuthorization(Core.Access.Operation.EditPlaybooks).WithName("UploadPlaybook").WithSummary("Add a playbook version from YAML (new id: a new playbook; same id: its next version)")
            .Accepts<string>("application/yaml", "text/yaml", "text/plain");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<PlaybookVersionSummary>>> List(LoadPlaybooks load, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await load.Versions(Caller.From(user).OrganizationId, cancellationToken));

    public static async Task<Results<Ok<PlaybookDetail>, ProblemHttpResult>> Latest(string playbookId, LoadPlaybooks load, CancellationToken cancellationToken) =>
        await load.Latest(playbookId, cancellationToken) is { } stored
            ? TypedResults.Ok(Detail(stored.Version, stored.Playbook))
            : ProblemResults.Create(StatusCodes.Status404NotFound, "playbook-not-found", ProblemResults.Format(ProblemTexts.PlaybookNotFound, playbookId));

    public static async Task<Results<Ok<PlaybookDetail>, ProblemHttpResult>> Version(string playbookId, int version, LoadPlaybooks load, CancellationToken cancellationToken) =>
        await load.Version(playbookId, version, cancellationToken) is { } stored
            ? TypedResults.Ok(Detail(stored.Version, stored.Playbook))
            : ProblemResults.Create(StatusCodes.Status404NotFound, "playbook-version-not-found", ProblemResults.Format(ProblemTexts.PlaybookVersionNotFound, playbookId, version));

    public static async Task<Results<Ok<ValidationResult>, ProblemHttpResult>> Validate(HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (AccessPolicies.Refusal(Caller.From(user), Operation.EditPlaybooks) is { } refused)
            return refused;
        var (yaml, problem) = await ReadYaml(request, cancellationToken);
        if (problem is not null)
            return problem;
        var result = PlaybookLoader.Load(yaml!);
        return TypedResults.Ok(new ValidationResult(result.IsValid, result.Problems.Select(View).ToList()));
    }

    public static async Task<Results<Created<PlaybookVersionSummary>, ProblemHttpResult>> Upload(
        HttpRequest request, ClaimsPrincipal user, AddPlaybookVersion add, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (AccessPolicies.Refusal(caller, Operation.EditPlaybooks) is { } refused)
            return refused;
        var (yaml, problem) = await ReadYaml(request, cancellationToken);
        if (problem is not null)
            return problem;
        var outcome = await add.Run(caller.OrganizationId, yaml!, caller.Actor.Name, builtIn: false, cancellationToken);
        return outcome switch
        {
            AddPlaybookVersion.Added { Version: var v } => TypedResults.Created($"/api/v1/playbooks/{v.PlaybookId}/versions/{v.Version}",
                new PlaybookVersionSummary(v.PlaybookId, v.Version, v.Title, v.Sha256, v.BuiltIn, false, v.AddedAt.ToJst(), v.AddedBy)),
            AddPlaybookVersion.Invalid { Problems: var problems } => ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "playbook-invalid",
                ProblemResults.Format(ProblemTexts.PlaybookInvalid, problems.Count),
                new Dictionary<string, object?> { ["problems"] = problems.Select(View).ToList() }),
            _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}."),
        };
    }

    /// <summary>A problem worded in the caller's language.</summary>
    public static ProblemView View(PlaybookProblem problem) =>
        new(problem.Line, problem.Column, problem.Path, problem.Code, problem.Message.For(CultureInfo.CurrentUICulture));

    /// <summary>Reads the request body as UTF-8 YAML, refusing an empty body and one over <see cref="MaxYamlBytes"/>.</summary>
    private static async Task<(string? Yaml, ProblemHttpResult? Problem)> ReadYaml(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxYamlBytes)
            return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxYamlBytes)
                return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return (null, ProblemResults.Field("yaml", ProblemTexts.PlaybookMissingBody));
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, ProblemResults.Field("yaml", ProblemResults.Format(ProblemTexts.FieldControlCharacters, "YAML")));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "too-large", ProblemResults.Format(ProblemTexts.TooLarge, MaxYamlBytes));

    private static PlaybookDetail Detail(PlaybookVersion version, Playbook playbook) => new(
        version.PlaybookId, version.Version, version.Sha256, TextPair.From(playbook.Title), playbook.Source is { } s ? TextPair.From(s) : null,
        version.BuiltIn, version.AddedAt.ToJst(), version.AddedBy,
        playbook.Facts.Select(f => new FactDetail(f.Id.Value, Wire.Name(f.Kind), TextPair.From(f.Title), TextPair.From(f.Question),
            f.Values.Select(v => new FactValueDetail(v.Id, TextPair.From(v.Title))).ToList())).ToList(),
        playbook.Steps.Select(s => new StepDetail(s.Id.Value, s.Phase, TextPair.From(s.Title), s.Guideline, s.After.Select(a => a.Value).ToList(),
            s.AppliesWhen is null ? null : Condition(s.AppliesWhen), s.Asks.Select(f => f.Value).ToList(), s.Records.Select(f => f.Value).ToList(),
            s.Roles.Select(r => r.Id()).ToList(), s.Actions.Select(Action).ToList())).ToList(),
        playbook.Preparedness.Select(p => new StepDetail(p.Id.Value, 0, TextPair.From(p.Title), p.Guideline, [], null, [], [],
            p.Roles.Select(r => r.Id()).ToList(), p.Actions.Select(Action).ToList())).ToList(),
        version.Yaml);

    private static ActionDetail Action(ActionDefinition action) => new(action.Id, action.Role.Id(), TextPair.From(action.Text));

    private static ConditionDetail Condition(Condition condition) => condition switch
    {
        FactIn f => new ConditionDetail(f.Fact.Value, f.Values, null, null),
        AllOf a => new ConditionDetail(null, null, "all", a.Conditions.Select(Condition).ToList()),
        AnyOf a => new ConditionDetail(null, null, "any", a.Conditions.Select(Condition).ToList()),
        Not n => new ConditionDetail(null, null, "not", [Condition(n.Condition)]),
        _ => throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition)),
    };
}
