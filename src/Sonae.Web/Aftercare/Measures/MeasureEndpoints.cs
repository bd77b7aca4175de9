using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Measures;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Incidents;
using Sonae.Web.Notices;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Measures;

/// <summary>What the measures' page forms send (each form some of it, with <see cref="Kind"/> saying which).</summary>
public sealed class MeasureForm
{
    public string? Kind { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Owner { get; set; }
    public string? CostYen { get; set; }
    public string? Due { get; set; }
    public string? Incident { get; set; }
    public string? Finding { get; set; }
    public string? Status { get; set; }
    public string? Reason { get; set; }
    public string? Date { get; set; }
    public string? Attendees { get; set; }
    public string? Count { get; set; }
    public string? Body { get; set; }
    public bool Everyone { get; set; }
    public string[]? Roles { get; set; }
    public string? Vendor { get; set; }
    public string? System { get; set; }
    public string? Instruction { get; set; }
    public string? IssuedOn { get; set; }
    public string? EveryMonths { get; set; }
    public string? Dates { get; set; }
    public string? Measure { get; set; }
    public string? Result { get; set; }
    public string? Found { get; set; }
    public string? Name { get; set; }
    public string? Days { get; set; }
    public Guid? Link { get; set; }

    /// <summary>The version of the measure or instruction the edit form showed.</summary>
    public string? Version { get; set; }

    /// <summary>A one-time id of the form: sending it twice (a double tap) adds one measure, sends one notice.</summary>
    public string? RequestId { get; set; }
}

/// <summary>
/// Measures (<c>/api/v1/measures</c>) and instructions to contractors (<c>/api/v1/contractor-instructions</c>): read by
/// everyone inside the hospital, changed by the security officer and management; the vendor's link
/// (<c>/api/v1/vendor-instructions/{secret}</c>, no sign-in); and the pages' forms.
/// </summary>
public static class MeasureEndpoints
{
    public static IEndpointRouteBuilder MapMeasureEndpoints(this IEndpointRouteBuilder app)
    {
        var measures = app.MapGroup("/api/v1/measures").WithTags("Measures")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        measures.MapGet("/", List).RequireAuthorization(Operation.ReadMeasures).WithName("ListMeasures")
            .WithSummary("The recurrence-prevention measures, newest first; ?status= one status, ?overdue=true only the overdue");
        measures.MapPost("/", Add).RequireAuthorization(Operation.EditMeasures).WithName("AddMeasure")
            .WithSummary("Add a measure (4-5), from an incident or drill and a finding where it has them");
        measures.MapGet("/{measure}", Get).RequireAuthorization(Operation.ReadMeasures).WithName("GetMeasure")
            .WithSummary("A measure by number or id, with who acknowledged its notices, its training and its contractor instructions");
        measures.MapPut("/{measure}", Edit).RequireAuthorization(Operation.EditMeasures).WithName("EditMeasure")
            .WithSummary("Correct a measure's title, description, owner, cost and due day, on the version read (409 measure-changed when changed since)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        measures.MapPost("/{measure}/status", ChangeStatus).RequireAuthorization(Operation.EditMeasures).WithName("ChangeMeasureStatus")
            .WithSummary("Move a measure on: approved, in progress, done, or dropped with a reason").ProducesProblem(StatusCodes.Status409Conflict);
        measures.MapPost("/{measure}/training-sessions", AddTraining).RequireAuthorization(Operation.EditMeasures).WithName("AddMeasureTraining")
            .WithSummary("Record a training session on a measure (4-6)");
        measures.MapPost("/{measure}/notices", Disseminate).RequireAuthorization(Operation.EditMeasures).WithName("DisseminateMeasure")
            .WithSummary("Send the measure as a notice of the kind measures (4-6): its acknowledgements show on the measure");

        var instructions = app.MapGroup("/api/v1/contractor-instructions").WithTags("Measures")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        instructions.MapGet("/", ListInstructions).RequireAuthorization(Operation.ReadMeasures).WithName("ListContractorInstructions")
            .WithSummary("Instructions to contractors (4-8), newest first, with each one's next check and whether it is overdue");
        instructions.MapPost("/", Issue).RequireAuthorization(Operation.EditMeasures).WithName("IssueContractorInstruction")
            .WithSummary("Issue an instruction to a vendor about a system, with its periodic checks (every N months, or on fixed days)");
        instructions.MapGet("/{instruction}", GetInstruction).RequireAuthorization(Operation.ReadMeasures).WithName("GetContractorInstruction")
            .WithSummary("An instruction by number or id, with its checks and the vendor's links");
        instructions.MapPut("/{instruction}", EditInstruction).RequireAuthorization(Operation.EditMeasures).WithName("EditContractorInstruction")
            .WithSummary("Correct an instruction's system, text and check schedule, on the version read; a new text withdraws the vendor's acknowledgement")
            .ProducesProblem(StatusCodes.Status409Conflict);
        instructions.MapPost("/{instruction}/end", EndInstruction).RequireAuthorization(Operation.EditMeasures).WithName("EndContractorInstruction")
            .WithSummary("End an instruction: no more checks are due and its vendor's links stop working").ProducesProblem(StatusCodes.Status409Conflict);
        instructions.MapPost("/{instruction}/checks", AddCheck).RequireAuthorization(Operation.EditMeasures).WithName("AddInstructionCheck")
            .WithSummary("Record a check: complies (適合) or does not (不適合, with what was found)");
        instructions.MapPost("/{instruction}/links", MakeLink).RequireAuthorization(Operation.EditMeasures).WithName("MakeVendorLink")
            .WithSummary("Make the vendor's link to this instruction: its address is shown once");
        instructions.MapPost("/{instruction}/links/{link:guid}/revoke", RevokeLink).RequireAuthorization(Operation.EditMeasures).WithName("RevokeVendorLink")
            .WithSummary("Revoke a vendor's link: it stops working at once");

        var vendor = app.MapGroup(VendorLinks.ApiPath + "/{secret}").WithTags("Measures").AllowAnonymous()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status410Gone);
        vendor.MapGet("/", OpenLink).WithName("OpenVendorInstruction").WithSummary("The instruction a vendor's link opens, without signing in");
        vendor.MapPost("/acknowledge", AcknowledgeByLink).WithName("AcknowledgeVendorInstruction").WithSummary("The vendor acknowledges the instruction");
        vendor.MapPost("/checks", SelfCheck).WithName("ReportVendorSelfCheck").WithSummary("The vendor reports a self-check's result");

        app.MapPost("/measures/new/do", AddForm).RequireAuthorization(Operation.EditMeasures).ExcludeFromDescription();
        app.MapPost("/measures/{number:int}/do", MeasureFormPost).RequireAuthorization(Operation.EditMeasures).ExcludeFromDescription();
        app.MapPost("/contractor-instructions/new/do", IssueForm).RequireAuthorization(Operation.EditMeasures).ExcludeFromDescription();
        app.MapPost("/contractor-instructions/{number:int}/do", InstructionFormPost).RequireAuthorization(Operation.EditMeasures).ExcludeFromDescription();
        app.MapPost(VendorLinks.PagePath + "/{secret}/do", VendorFormPost).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<MeasureView>>, ProblemHttpResult>> List(string? status, bool? overdue, LoadMeasures load, CancellationToken cancellationToken)
    {
        MeasureStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!MeasureRules.TryParse(status.Trim(), out var parsed))
                return ProblemResults.Field("status", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Localization.Texts.Field("status"),
                    Core.TextRules.Shorten(status, 40, "…"), string.Join(", ", MeasureRules.All.Select(s => s.Id()))));
            wanted = parsed;
        }
        return TypedResults.Ok(await load.List(wanted, overdue == true, cancellationToken));
    }

    public static async Task<Results<Created<MeasureView>, ProblemHttpResult>> Add(MeasureRequest request, HttpContext http, MeasureChanges changes, CancellationToken cancellationToken)
    {
        if (RequestIds.Read(http.Request, out var requestId) is { } badKey)
            return badKey;
        return await changes.Add(Caller.From(http.User), request, requestId, cancellationToken);
    }

    public static async Task<Results<Ok<MeasureDetail>, ProblemHttpResult>> Get([FromRoute(Name = "measure")] string id, LoadMeasures load, CancellationToken cancellationToken) =>
        await load.Detail(id, cancellationToken) is { } detail ? TypedResults.Ok(detail) : MeasureInput.NotFound(id);

    public static Task<Results<Ok<MeasureView>, ProblemHttpResult>> Edit([FromRoute(Name = "measure")] string id, MeasureEditRequest request, ClaimsPrincipal user, MeasureChanges changes, CancellationToken cancellationToken) =>
        changes.Edit(Caller.From(user), id, request, cancellationToken);

    public static Task<Results<Ok<MeasureView>, ProblemHttpResult>> ChangeStatus([FromRoute(Name = "measure")] string id, StatusRequest request, ClaimsPrincipal user, MeasureChanges changes, CancellationToken cancellationToken) =>
        changes.ChangeStatus(Caller.From(user), id, request, cancellationToken);

    public static Task<Results<Created<TrainingView>, ProblemHttpResult>> AddTraining([FromRoute(Name = "measure")] string id, TrainingRequest request, ClaimsPrincipal user, MeasureChanges changes, CancellationToken cancellationToken) =>
        changes.AddTraining(Caller.From(user), id, request, cancellationToken);

    public static async Task<Results<Created<NoticeSummary>, ProblemHttpResult>> Disseminate([FromRoute(Name = "measure")] string id, DisseminateRequest request, HttpContext http, DisseminateMeasure disseminate, CancellationToken cancellationToken)
    {
        if (RequestIds.Read(http.Request, out var requestId) is { } badKey)
            return badKey;
        return await disseminate.Run(Caller.From(http.User), id, request, requestId, cancellationToken);
    }

    public static async Task<Ok<IReadOnlyList<InstructionView>>> ListInstructions(LoadMeasures load, CancellationToken cancellationToken) =>
        TypedResults.Ok(await load.Instructions(null, cancellationToken));

    public static Task<Results<Created<InstructionView>, ProblemHttpResult>> Issue(InstructionRequest request, ClaimsPrincipal user, InstructionChanges changes, CancellationToken cancellationToken) =>
        changes.Issue(Caller.From(user), request, cancellationToken);

    public static async Task<Results<Ok<InstructionDetail>, ProblemHttpResult>> GetInstruction([FromRoute(Name = "instruction")] string id, LoadMeasures load, CancellationToken cancellationToken) =>
        await load.Instruction(id, cancellationToken) is { } detail ? TypedResults.Ok(detail) : MeasureInput.InstructionNotFound(id);

    public static Task<Results<Ok<InstructionView>, ProblemHttpResult>> EditInstruction([FromRoute(Name = "instruction")] string id, InstructionEditRequest request, ClaimsPrincipal user, InstructionChanges changes, CancellationToken cancellationToken) =>
        changes.Edit(Caller.From(user), id, request, cancellationToken);

    public static Task<Results<Ok<InstructionView>, ProblemHttpResult>> EndInstruction([FromRoute(Name = "instruction")] string id, EndInstructionRequest? request, ClaimsPrincipal user, InstructionChanges changes, CancellationToken cancellationToken) =>
        changes.End(Caller.From(user), id, request ?? new EndInstructionRequest(null), cancellationToken);

    public static Task<Results<Created<CheckView>, ProblemHttpResult>> AddCheck([FromRoute(Name = "instruction")] string id, CheckRequest request, ClaimsPrincipal user, InstructionChanges changes, CancellationToken cancellationToken) =>
        changes.AddCheck(Caller.From(user), id, request, cancellationToken);

    public static Task<Results<Created<NewVendorLink>, ProblemHttpResult>> MakeLink([FromRoute(Name = "instruction")] string id, VendorLinkRequest? request, ClaimsPrincipal user, VendorLinks links, CancellationToken cancellationToken) =>
        links.Make(Caller.From(user), id, request ?? new VendorLinkRequest(null), cancellationToken);

    public static Task<Results<NoContent, ProblemHttpResult>> RevokeLink([FromRoute(Name = "instruction")] string id, Guid link, VendorLinks links, CancellationToken cancellationToken) =>
        links.Revoke(id, link, cancellationToken);

    public static Task<Results<Ok<VendorInstructionView>, ProblemHttpResult>> OpenLink(string secret, VendorLinks links, CancellationToken cancellationToken) =>
        links.Open(secret, cancellationToken);

    public static Task<Results<Ok<VendorInstructionView>, ProblemHttpResult>> AcknowledgeByLink(string secret, VendorAcknowledgeRequest request, VendorLinks links, CancellationToken cancellationToken) =>
        links.Acknowledge(secret, request, cancellationToken);

    public static Task<Results<Created<CheckView>, ProblemHttpResult>> SelfCheck(string secret, CheckRequest request, VendorLinks links, CancellationToken cancellationToken) =>
        links.SelfCheck(secret, request, cancellationToken);

    /// <summary>The new measure's form: to the measure, or back to the form with what was typed and why it was refused.</summary>
    public static async Task<RedirectHttpResult> AddForm([FromForm] MeasureForm? form, HttpContext http, MeasureChanges changes)
    {
        form ??= new MeasureForm();
        if (!TryCost(form.CostYen, out var cost))
            return Again(http, form, ProblemResults.Format(ProblemTexts.MeasureCostRange, MeasureRules.MaxCostYen));
        var request = new MeasureRequest(form.Title, form.Description, form.Owner, cost, form.Due, form.Incident, form.Finding);
        var result = await changes.Add(Caller.From(http.User), request, FormId(form), http.RequestAborted);
        return result.Result switch
        {
            Created<MeasureView> created => PageForms.Back(http, $"/measures/{created.Value!.Number}", true, string.Format(CultureInfo.CurrentCulture, UiTexts.MeasureAdded, created.Value.Number)),
            ProblemHttpResult problem => Again(http, form, problem.ProblemDetails.Detail ?? ProblemTexts.BadRequest),
            _ => Again(http, form, ProblemTexts.BadRequest),
        };
    }

    /// <summary>Back to the new measure's form, filled with what was typed (nothing is lost), and the reason.</summary>
    private static RedirectHttpResult Again(HttpContext http, MeasureForm form, string message)
    {
        var query = new Dictionary<string, string?>
        {
            ["title"] = form.Title, ["description"] = form.Description, ["owner"] = form.Owner, ["costYen"] = form.CostYen, ["due"] = form.Due,
            ["incident"] = form.Incident, ["finding"] = form.Finding,
        };
        return Refill(http, "/measures/new", "", query, message);
    }

    /// <summary>
    /// Back to the page of a refused form, filled with what was typed (<paramref name="query"/>, which the page reads
    /// into the form: nothing is lost), at <paramref name="fragment"/>, with the reason.
    /// </summary>
    private static RedirectHttpResult Refill(HttpContext http, string path, string fragment, Dictionary<string, string?> query, string message)
    {
        var url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => KeyValuePair.Create(q.Key, q.Value)));
        // A form too long for an address goes back empty rather than fail: the message still says what was wrong.
        return PageForms.Back(http, (url.Length > 6_000 ? path : url) + fragment, false, message);
    }

    /// <summary>A cost as typed in a form (<c>380,000</c>; blank is none); false when it is not a number of yen.</summary>
    private static bool TryCost(string? text, out long? cost)
    {
        cost = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (!long.TryParse(text.Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var yen))
            return false;
        cost = yen;
        return true;
    }

    /// <summary>A version as a form sends it back; null when it is missing or not a number (the edit then asks for it).</summary>
    private static int? VersionOf(MeasureForm form) =>
        int.TryParse(form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    /// <summary>
    /// The edit form of a measure, refused: back to the measure with what was typed. On a change made since, the
    /// version is left out, so that the form carries the current one and the officer, having compared, may save over it.
    /// </summary>
    private static RedirectHttpResult EditAgain(HttpContext http, string back, MeasureForm form, ProblemHttpResult problem) =>
        Refill(http, back, "#edit", new()
        {
            ["edit"] = "1", ["title"] = form.Title, ["description"] = form.Description, ["owner"] = form.Owner, ["costYen"] = form.CostYen, ["due"] = form.Due,
            ["version"] = Stale(problem) ? null : form.Version,
        }, Refusal(problem));

    /// <summary>What a refused edit form says: the problem's words, and on a change made since, that what was typed is kept.</summary>
    private static string Refusal(ProblemHttpResult problem) =>
        Stale(problem) ? $"{problem.ProblemDetails.Detail} {UiTexts.MeasureFormKept}" : problem.ProblemDetails.Detail ?? ProblemTexts.BadRequest;

    private static bool Stale(ProblemHttpResult problem) =>
        problem.ProblemDetails.Extensions.TryGetValue("code", out var code) && code is "measure-changed" or "instruction-changed";

    public static async Task<RedirectHttpResult> MeasureFormPost(int number, [FromForm] MeasureForm? form, HttpContext http, MeasureChanges changes, DisseminateMeasure disseminate)
    {
        form ??= new MeasureForm();
        var id = number.ToString(CultureInfo.InvariantCulture);
        var back = $"/measures/{number}";
        var caller = Caller.From(http.User);
        var ct = http.RequestAborted;
        switch (form.Kind)
        {
            case "edit":
                if (!TryCost(form.CostYen, out var cost))
                    return EditAgain(http, back, form, ProblemResults.Field("costYen", ProblemResults.Format(ProblemTexts.MeasureCostRange, MeasureRules.MaxCostYen)));
                var edited = await changes.Edit(caller, id, new MeasureEditRequest(form.Title, form.Description, form.Owner, cost, form.Due, VersionOf(form)), ct);
                return edited.Result is ProblemHttpResult refused ? EditAgain(http, back, form, refused)
                    : PageForms.Back(http, back, true, string.Format(CultureInfo.CurrentCulture, UiTexts.MeasureEdited, number));
            case "status":
                var changed = await changes.ChangeStatus(caller, id, new StatusRequest(form.Status, form.Reason), ct);
                return Answer(http, back, changed.Result, () => string.Format(CultureInfo.CurrentCulture, UiTexts.MeasureStatusChanged, MeasureTexts.Status(form.Status ?? "")));
            case "training":
                int? count = int.TryParse(form.Count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
                if (count is null && !string.IsNullOrWhiteSpace(form.Count))
                    return PageForms.Back(http, back + "#training", false, ProblemResults.Format(ProblemTexts.FieldOutOfRange, Localization.Texts.Field("count"), MeasureChanges.MaxCount));
                var added = await changes.AddTraining(caller, id, new TrainingRequest(form.Date, form.Title, form.Attendees, count), ct);
                return Answer(http, back + "#training", added.Result, () => UiTexts.MeasureTrainingAdded);
            case "notice":
                var audience = new AudienceRequest(form.Everyone, null, form.Roles, null);
                var sent = await disseminate.Run(caller, id, new DisseminateRequest(form.Title, form.Body, audience), FormId(form), ct);
                return Answer(http, back + "#dissemination", sent.Result, () => string.Format(CultureInfo.CurrentCulture, UiTexts.MeasureNoticeSent,
                    (sent.Result as Created<NoticeSummary>)?.Value?.Number));
        }
        return PageForms.Back(http, back, false, ProblemTexts.BadRequest);
    }

    public static async Task<RedirectHttpResult> IssueForm([FromForm] MeasureForm? form, HttpContext http, InstructionChanges changes)
    {
        form ??= new MeasureForm();
        const string back = "/contractor-instructions#new";
        if (ScheduleOf(form, out var months, out var dates) is { } badMonths)
            return PageForms.Back(http, back, false, badMonths);
        var request = new InstructionRequest(form.Vendor, form.System, form.Instruction, form.IssuedOn, months, dates, form.Measure);
        var result = await changes.Issue(Caller.From(http.User), request, http.RequestAborted);
        return result.Result is Created<InstructionView> created
            ? PageForms.Back(http, $"/contractor-instructions/{created.Value!.Number}", true, string.Format(CultureInfo.CurrentCulture, UiTexts.InstructionIssued, created.Value.Number))
            : Answer(http, back, result.Result, () => "");
    }

    /// <summary>The schedule as a form sends it: a number of months, or days separated by commas, spaces or lines; the words when the months are not a number.</summary>
    private static string? ScheduleOf(MeasureForm form, out int? months, out string[] dates)
    {
        months = null;
        dates = [.. (form.Dates ?? "").Split([',', '\n', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (string.IsNullOrWhiteSpace(form.EveryMonths))
            return null;
        if (!int.TryParse(form.EveryMonths, NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            return ProblemResults.Format(ProblemTexts.FieldOutOfRange, Localization.Texts.Field("everyMonths"), CheckSchedule.MaxMonths);
        months = m;
        return null;
    }

    /// <summary>The edit form of an instruction, refused: back to it with what was typed (without the version on a change made since).</summary>
    private static RedirectHttpResult InstructionEditAgain(HttpContext http, string back, MeasureForm form, ProblemHttpResult problem) =>
        Refill(http, back, "#edit", new()
        {
            ["edit"] = "1", ["system"] = form.System, ["instruction"] = form.Instruction, ["everyMonths"] = form.EveryMonths, ["dates"] = form.Dates,
            ["version"] = Stale(problem) ? null : form.Version,
        }, Refusal(problem));

    public static async Task<RedirectHttpResult> InstructionFormPost(int number, [FromForm] MeasureForm? form, HttpContext http, InstructionChanges changes, VendorLinks links, LoadMeasures load)
    {
        form ??= new MeasureForm();
        var id = number.ToString(CultureInfo.InvariantCulture);
        var back = $"/contractor-instructions/{number}";
        var caller = Caller.From(http.User);
        var ct = http.RequestAborted;
        switch (form.Kind)
        {
            case "edit":
                if (ScheduleOf(form, out var months, out var dates) is { } badMonths)
                    return InstructionEditAgain(http, back, form, ProblemResults.Field("everyMonths", badMonths));
                var acknowledged = (await load.Instruction(id, ct))?.Instruction.AcknowledgedAt is not null;
                var edited = await changes.Edit(caller, id, new InstructionEditRequest(form.System, form.Instruction, months, dates, VersionOf(form)), ct);
                return edited.Result switch
                {
                    ProblemHttpResult refused => InstructionEditAgain(http, back, form, refused),
                    Ok<InstructionView> { Value: { } view } => PageForms.Back(http, back, true, string.Format(CultureInfo.CurrentCulture,
                        acknowledged && view.AcknowledgedAt is null ? UiTexts.InstructionEditedAckWithdrawn : UiTexts.InstructionEdited, number)),
                    _ => PageForms.Back(http, back, false, ProblemTexts.BadRequest),
                };
            case "end":
                var ended = await changes.End(caller, id, new EndInstructionRequest(VersionOf(form)), ct);
                return Answer(http, back, ended.Result, () => string.Format(CultureInfo.CurrentCulture, UiTexts.InstructionEndedDone, number));
            case "check":
                var checkedNow = await changes.AddCheck(caller, id, new CheckRequest(form.Date, form.Result, form.Found, null), ct);
                return Answer(http, back + "#checks", checkedNow.Result, () => UiTexts.InstructionCheckAdded);
            case "link":
                int? days = int.TryParse(form.Days, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
                var made = await links.Make(caller, id, new VendorLinkRequest(days), ct);
                return Answer(http, back + "#links", made.Result, () => string.Format(CultureInfo.CurrentCulture, UiTexts.VendorLinkMade, (made.Result as Created<NewVendorLink>)?.Value?.Url));
            case "revoke" when form.Link is { } link:
                var revoked = await links.Revoke(id, link, ct);
                return Answer(http, back + "#links", revoked.Result, () => UiTexts.VendorLinkRevokedDone);
        }
        return PageForms.Back(http, back, false, ProblemTexts.BadRequest);
    }

    /// <summary>
    /// The vendor's page's forms: acknowledge, or report a self-check; back to the page with what became of it. Like
    /// every form reached through a secret link, it carries the page's antiforgery token, checked here by hand so that
    /// a post without it goes back to the page with the reason.
    /// </summary>
    public static async Task<RedirectHttpResult> VendorFormPost(string secret, [FromForm] MeasureForm? form, HttpContext http, VendorLinks links)
    {
        form ??= new MeasureForm();
        var back = $"{VendorLinks.PagePath}/{Uri.EscapeDataString(secret)}";
        if (await PageForms.RefuseExpired(http, back) is { } expired)
            return expired;
        var ct = http.RequestAborted;
        switch (form.Kind)
        {
            case "acknowledge":
                var acknowledged = await links.Acknowledge(secret, new VendorAcknowledgeRequest(form.Name), ct);
                return Answer(http, back, acknowledged.Result, () => UiTexts.VendorAcknowledged);
            case "check":
                var reported = await links.SelfCheck(secret, new CheckRequest(form.Date, form.Result, form.Found, form.Name), ct);
                return Answer(http, back, reported.Result, () => UiTexts.VendorCheckReported);
        }
        return PageForms.Back(http, back, false, ProblemTexts.BadRequest);
    }

    private static string? FormId(MeasureForm form) => form.RequestId is { Length: > 0 and <= RequestIds.MaxLength } given ? given : null;

    private static RedirectHttpResult Answer(HttpContext http, string back, IResult result, Func<string> done) => result is ProblemHttpResult problem
        ? PageForms.Back(http, back, false, problem.ProblemDetails.Detail ?? ProblemTexts.BadRequest)
        : PageForms.Back(http, back, true, done());
}
