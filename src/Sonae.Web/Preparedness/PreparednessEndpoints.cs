using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Preparedness;

public sealed record FindingView(string Kind, string Severity, string Section, string Subject, string Message);

public sealed record SectionVersionView(string Section, int Version, string? Note, DateTimeOffset? ChangedAt, string? ChangedBy);

public sealed record ReadinessView(DateOnly Today, IReadOnlyList<FindingView> Findings, IReadOnlyList<SectionVersionView> Sections);

/// <param name="Content">The section in the record's JSON conventions (camelCase, kebab-case enums); null for a profile never saved.</param>
public sealed record SectionView(string Section, int Version, string? Note, DateTimeOffset? ChangedAt, string? ChangedBy, JsonElement? Content);

public sealed record ChangeView(string List, string Key, string Kind, IReadOnlyList<FieldChange> Fields);

/// <param name="BaseVersion">The version the change was made on (0 before the first save; required); a newer one gives 409.</param>
public sealed record SaveSectionRequest(int? BaseVersion, string? Note, JsonElement Content);

public sealed record SectionSaved(string Section, int Version);

public sealed record LedgerImported(string Ledger, int Version, int Count);

public sealed record LedgerProblemView(int Row, string Column, string Kind, string? Value, string Message);

/// <summary>
/// <c>/api/v1/preparedness</c>: phase 0 of the flowchart. Readiness; each section of the record, its versions and
/// what changed between two; the asset and system ledgers as Excel or CSV. Everyone in the hospital may read it
/// (staff need the call tree); the security officer and management change it. Vendors see none of it.
/// </summary>
public static class PreparednessEndpoints
{
    /// <summary>
    /// The largest section or ledger accepted: the people of a 5,000-staff hospital, every one of them in the record so
    /// that notices reach them, is about 2 MB of JSON; the rest of the API keeps the server's 1 MB.
    /// </summary>
    public const long MaxSectionBytes = 8 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPreparednessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/preparedness").WithTags("Preparedness").RequireAuthorization(Core.Access.Operation.ReadPreparedness)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapGet("/", Readiness).WithName("GetReadiness").WithSummary("What is missing or out of date, and the version of every section");
        group.MapGet("/ledgers/{ledger}.{format}", ExportLedger).WithMetadata(new AuditedRead()).WithName("ExportLedger").WithSummary("A list (assets, systems, people, parties, segments, lines) as an Excel or CSV file");
        group.MapPost("/ledgers/{ledger}.{format}", ImportLedgerFile).RequireAuthorization(Core.Access.Operation.EditPreparedness).WithName("ImportLedger")
            .WithSummary("Replace a list with a spreadsheet's rows: all good, or nothing imported and every problem listed")
            .Accepts<IFormFile>("multipart/form-data").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxSectionBytes));
        group.MapGet("/{section}", Section).WithName("GetPreparednessSection").WithSummary("The newest version of a section");
        group.MapPut("/{section}", Save).RequireAuthorization(Core.Access.Operation.EditPreparedness).WithName("SavePreparednessSection").WithSummary("Save a section as its next version, with a note")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxSectionBytes));
        group.MapGet("/{section}/versions", Versions).WithName("ListPreparednessVersions").WithSummary("Every version of a section, newest first");
        group.MapGet("/{section}/versions/{version:int}", Version).WithName("GetPreparednessVersion").WithSummary("One version of a section");
        group.MapGet("/{section}/compare", Compare).WithName("ComparePreparednessVersions").WithSummary("What changed between two versions of the network or the inventory");
        // The same download for people signed in on a page (the API's paths take keys only).
        app.MapGet("/preparedness/ledgers/{ledger}.{format}", ExportLedger).WithMetadata(new AuditedRead())
            .RequireAuthorization(Core.Access.Operation.ReadPreparedness).AnswersWithErrorPages().ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<ReadinessView>, ProblemHttpResult>> Readiness(ClaimsPrincipal user, LoadPreparedness load, LoadReadiness readiness, CancellationToken cancellationToken)
    {
        if (MayNotRead(user) is { } refused)
            return refused;
        var record = await load.Record(cancellationToken);
        var sections = new List<SectionVersionView>();
        foreach (var section in PreparednessSections.All)
            sections.Add(VersionView(await load.Current(section, cancellationToken)));
        var findings = (await readiness.Findings(record, cancellationToken)).Select(View).ToList();
        return TypedResults.Ok(new ReadinessView(load.Today, findings, sections));
    }

    public static async Task<Results<Ok<SectionView>, ProblemHttpResult>> Section(string section, ClaimsPrincipal user, LoadPreparedness load, CancellationToken cancellationToken)
    {
        if (MayNotRead(user) is { } refused)
            return refused;
        if (!PreparednessSections.TryParse(section, out var which))
            return SectionNotFound(section);
        return TypedResults.Ok(View(await load.Current(which, cancellationToken)));
    }

    public static async Task<Results<Ok<SectionSaved>, ProblemHttpResult>> Save(
        string section, SaveSectionRequest request, ClaimsPrincipal user, SavePreparednessSection save, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (MayNotChange(caller) is { } refused)
            return refused;
        if (!PreparednessSections.TryParse(section, out var which))
            return SectionNotFound(section);
        object content;
        try
        {
            content = PreparednessSections.Deserialize(which, request.Content);
        }
        catch (JsonException e) when (e.Path is { } path && path.EndsWith(".ownedBy", StringComparison.Ordinal))
        {
            // An appliance's owner is one of two words; say which, not the type the reader failed on.
            return ProblemResults.Field("content", Bilingual.Format(PreparednessTexts.ResourceManager, "Content_unknown_owner", path.TrimStart('$', '.')).For(CultureInfo.CurrentUICulture)
                + $" ({string.Join(", ", Enum.GetValues<ApplianceOwner>().Select(o => Labels.Id(o)))})");
        }
        catch (JsonException e)
        {
            return ProblemResults.Field("content", ProblemResults.Format(ProblemTexts.SectionUnreadable, e.Path ?? "$", e.Message));
        }
        if (request.BaseVersion is not { } baseVersion)
            return ProblemResults.BaseVersionRequired();
        return await save.Run(caller.OrganizationId, which, baseVersion, content, request.Note, caller.Actor.Name, cancellationToken) switch
        {
            SavePreparednessSection.Saved saved => TypedResults.Ok(new SectionSaved(which.Id(), saved.Version)),
            SavePreparednessSection.Conflict conflict => Conflict(conflict.Base, conflict.Current),
            SavePreparednessSection.Invalid invalid => Invalid(invalid),
            var other => throw new InvalidOperationException($"Unknown outcome {other.GetType().Name}."),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<SectionVersionView>>, ProblemHttpResult>> Versions(string section, ClaimsPrincipal user, LoadPreparedness load, CancellationToken cancellationToken)
    {
        if (MayNotRead(user) is { } refused)
            return refused;
        if (!PreparednessSections.TryParse(section, out var which))
            return SectionNotFound(section);
        return TypedResults.Ok<IReadOnlyList<SectionVersionView>>((await load.History(which, cancellationToken)).Select(VersionView).ToList());
    }

    public static async Task<Results<Ok<SectionView>, ProblemHttpResult>> Version(string section, int version, ClaimsPrincipal user, LoadPreparedness load, CancellationToken cancellationToken)
    {
        if (MayNotRead(user) is { } refused)
            return refused;
        if (!PreparednessSections.TryParse(section, out var which))
            return SectionNotFound(section);
        return await load.Version(which, version, cancellationToken) is { } revision ? TypedResults.Ok(View(revision)) : VersionNotFound(section, version);
    }

    public static async Task<Results<Ok<IReadOnlyList<ChangeView>>, ProblemHttpResult>> Compare(
        string section, int from, int to, ClaimsPrincipal user, LoadPreparedness load, CancellationToken cancellationToken)
    {
        if (MayNotRead(user) is { } refused)
            return refused;
        if (!PreparednessSections.TryParse(section, out var which))
            return SectionNotFound(section);
        if (which is not (PreparednessSection.Network or PreparednessSection.Inventory))
            return ProblemResults.Field("section", ProblemResults.Format(ProblemTexts.SectionCompareNotSupported, section));
        if (await load.Compare(which, from, to, cancellationToken) is not { } changes)
            return VersionNotFound(section, await load.Version(which, to, cancellationToken) is null ? to : from);
        return TypedResults.Ok<IReadOnlyList<ChangeView>>(changes.Select(c => new ChangeView(c.List, c.Key, Labels.Id(c.Kind), c.Fields)).ToList());
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportLedger(
        string ledger, string format, ClaimsPrincipal user, LoadPreparedness load, CancellationToken cancellationToken)
    {
        if (MayNotRead(user) is { } refused)
            return refused;
        if (UnknownLedger(ledger, format, out var kind, out var fileFormat) is { } unknown)
            return unknown;
        var record = await load.Record(cancellationToken);
        var name = $"{ledger}-{load.Today:yyyyMMdd}.{fileFormat.Extension()}";
        return TypedResults.File(ImportLedger.Export(record, kind, fileFormat), fileFormat.ContentType(), name);
    }

    public static async Task<Results<Ok<LedgerImported>, ProblemHttpResult>> ImportLedgerFile(
        string ledger, string format, HttpRequest request, ClaimsPrincipal user, ImportLedger import, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (MayNotChange(caller) is { } refused)
            return refused;
        if (UnknownLedger(ledger, format, out var kind, out var fileFormat) is { } unknown)
            return unknown;
        var (file, note, problem) = await ReadUpload(request, cancellationToken);
        if (problem is not null)
            return problem;
        var outcome = await import.Run(caller.OrganizationId, kind, file!, fileFormat, note, caller.Actor.Name, cancellationToken);
        return outcome switch
        {
            ImportLedger.Imported imported => TypedResults.Ok(new LedgerImported(ledger, imported.Version, imported.Count)),
            ImportLedger.Rejected rejected => ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "ledger-rejected",
                ProblemResults.Format(ProblemTexts.LedgerRejected, rejected.Problems.Count),
                new Dictionary<string, object?> { ["problems"] = rejected.Problems.Select(View).ToList() }),
            ImportLedger.Unreadable => ProblemResults.Field("file", ProblemResults.Format(ProblemTexts.LedgerUnreadable, fileFormat.Extension())),
            ImportLedger.Conflict conflict => Conflict(conflict.Base, conflict.Current),
            _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}."),
        };
    }

    /// <summary>The ledger and file format named in the path, or the 404 that says which exist.</summary>
    private static ProblemHttpResult? UnknownLedger(string ledger, string format, out LedgerKind kind, out LedgerFormat fileFormat)
    {
        fileFormat = default;
        if (!ImportLedger.TryParseKind(ledger, out kind))
            return ProblemResults.Create(StatusCodes.Status404NotFound, "ledger-not-found", ProblemResults.Format(ProblemTexts.LedgerNotFound, ledger, string.Join(", ", ImportLedger.All.Select(k => Labels.Id(k)))));
        return LedgerFiles.TryParse(format, out fileFormat)
            ? null
            : ProblemResults.Create(StatusCodes.Status404NotFound, "ledger-format-unknown", ProblemResults.Format(ProblemTexts.LedgerFormatUnknown, format));
    }

    public static LedgerProblemView View(LedgerProblem problem) =>
        new(problem.Row, problem.Column, Labels.Id(problem.Kind), problem.Value, problem.Text.For(CultureInfo.CurrentUICulture));

    public static FindingView View(ReadinessFinding finding) => new(
        Labels.Id(finding.Kind), Labels.Id(finding.Severity), finding.Section.Id(), finding.Subject, finding.Text.For(CultureInfo.CurrentUICulture));

    /// <summary>The file of a multipart form (field <c>file</c>, with an optional <c>note</c>) or the raw body.</summary>
    private static async Task<(byte[]? File, string? Note, ProblemHttpResult? Problem)> ReadUpload(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > LedgerFiles.MaxBytes)
            return (null, null, TooLarge());
        Stream body;
        string? note = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.GetFile("file") is not { Length: > 0 } upload)
                return (null, null, ProblemResults.Field("file", ProblemTexts.LedgerMissingFile));
            body = upload.OpenReadStream();
            note = form["note"].FirstOrDefault();
        }
        else
        {
            body = request.Body;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > LedgerFiles.MaxBytes)
                return (null, null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        return buffer.Length == 0 ? (null, null, ProblemResults.Field("file", ProblemTexts.LedgerMissingFile)) : (buffer.ToArray(), note, null);
    }

    private static ProblemHttpResult TooLarge() =>
        ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "too-large", ProblemResults.Format(ProblemTexts.TooLarge, LedgerFiles.MaxBytes));

    /// <summary>Refuses vendors: the preparedness record (people's phone numbers above all) is for the hospital.</summary>
    public static ProblemHttpResult? MayNotRead(ClaimsPrincipal user) => AccessPolicies.Refusal(Caller.From(user), Core.Access.Operation.ReadPreparedness);

    private static ProblemHttpResult? MayNotChange(Caller caller) => AccessPolicies.Refusal(caller, Core.Access.Operation.EditPreparedness);

    private static ProblemHttpResult SectionNotFound(string section) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "section-not-found",
            ProblemResults.Format(ProblemTexts.SectionNotFound, section, string.Join(", ", PreparednessSections.All.Select(s => s.Id()))));

    private static ProblemHttpResult VersionNotFound(string section, int version) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "section-version-not-found", ProblemResults.Format(ProblemTexts.SectionVersionNotFound, section, version));

    /// <summary>422 with every problem of a section refused as a whole, by its path.</summary>
    internal static ProblemHttpResult Invalid(SavePreparednessSection.Invalid invalid) =>
        ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "section-invalid", ProblemResults.Format(ProblemTexts.SectionInvalid, invalid.Problems.Count),
            new Dictionary<string, object?> { ["errors"] = invalid.Problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message.For(CultureInfo.CurrentUICulture)).ToArray()) });

    /// <summary>409: someone saved the section since the version the change was made on.</summary>
    internal static ProblemHttpResult Conflict(int baseVersion, int current) =>
        ProblemResults.Create(StatusCodes.Status409Conflict, "section-conflict", ProblemResults.Format(ProblemTexts.SectionConflict, baseVersion, current),
            new Dictionary<string, object?> { ["currentVersion"] = current });

    private static SectionVersionView VersionView(SectionRevision revision) =>
        new(revision.Section.Id(), revision.Version, revision.Note, revision.ChangedAt?.ToJst(), revision.ChangedBy);

    private static SectionView View(SectionRevision revision) =>
        new(revision.Section.Id(), revision.Version, revision.Note, revision.ChangedAt?.ToJst(), revision.ChangedBy,
            revision.Content is null ? null : JsonSerializer.SerializeToElement(revision.Content, revision.Section.ContentType(), RecordJson.Options));
}
