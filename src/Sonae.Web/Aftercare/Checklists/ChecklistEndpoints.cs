using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Data.Aftercare.Checklists;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Documents;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Checklists;

/// <summary>
/// <c>/api/v1/checklists</c>: the editions (read, correct or add an item, upload a new one), the yearly checklists
/// (start, read, answer), the vendors' links (make, revoke) and what a vendor does through one (read, answer, hand
/// back: anonymous, the link is the key). The print (HTML, PDF) and the workbook of a year, and the pages' forms.
/// </summary>
public static class ChecklistEndpoints
{
    public const string VendorPath = "/checklists/vendor";

    /// <summary>Where the API takes a vendor's link (its next segment is the secret, which the audit log cuts to its prefix).</summary>
    public const string ApiVendorPath = "/api/v1/checklists/vendor";

    public static IEndpointRouteBuilder MapChecklistEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/checklists").WithTags("Checklists")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var read = group.MapGroup("").RequireAuthorization(Operation.ReadChecklists);
        var answer = group.MapGroup("").RequireAuthorization(Operation.AnswerChecklists);
        var manage = group.MapGroup("").RequireAuthorization(Operation.ManageChecklistItems);
        read.MapGet("/editions", ListEditions).WithName("ListChecklistEditions").WithSummary("The editions: shipped with Sonae and uploaded");
        read.MapGet("/editions/{edition}", GetEdition).WithName("GetChecklistEdition").WithSummary("An edition's items as the hospital uses them, with the shipped wording beside each correction");
        manage.MapPost("/editions", UploadEdition).WithName("UploadChecklistEdition").WithSummary("Load a new edition from its data file (JSON, the request body); refused whole with every problem listed")
            .Accepts<string>("application/json").DisableAntiforgery();
        manage.MapPut("/editions/{edition}/items/{**item}", CorrectItem).WithName("CorrectChecklistItem").WithSummary("Correct an item of an edition (number, wording, target, forms) with the reason");
        manage.MapPost("/editions/{edition}/items", AddItem).WithName("AddChecklistItem").WithSummary("Add an item to an edition");
        read.MapGet("/", List).WithName("ListChecklists").WithSummary("Every yearly checklist (?year=2025 for one year), with how far each is");
        answer.MapPost("/", Start).WithName("StartChecklist").WithSummary("Start a year's hospital form, or a vendor's form for one of its systems (last year's answers to unchanged items carried)");
        read.MapGet("/{year:int}/{form}", Get).WithName("GetChecklist").WithSummary("A checklist: form is hospital or a vendor form's id");
        answer.MapPut("/{year:int}/{form}/items/{**item}", Answer).WithName("AnswerChecklistItem").WithSummary("Answer an item: yes or no, the check date, for no a target date within the year, a note");
        answer.MapPost("/{year:int}/{form}/links", MakeLink).WithName("MakeChecklistVendorLink").WithSummary("A link for the vendor to fill in their form; its address is shown once");
        answer.MapPost("/{year:int}/{form}/links/{link:guid}/revoke", RevokeLink).WithName("RevokeChecklistVendorLink").WithSummary("Revoke a vendor's link");
        read.MapGet("/{year:int}/export.xlsx", Workbook).WithName("ExportChecklists").WithSummary("The year's forms as a workbook laid out like the ministry's form, one sheet per form");
        group.MapGet("/vendor/{secret}", VendorGet).AllowAnonymous().WithName("GetVendorChecklist").WithSummary("The vendor's form, through their link");
        group.MapPut("/vendor/{secret}/items/{**item}", VendorAnswer).AllowAnonymous().WithName("AnswerVendorChecklistItem").WithSummary("The vendor answers an item through their link");
        group.MapPost("/vendor/{secret}/return", VendorReturn).AllowAnonymous().WithName("ReturnVendorChecklist").WithSummary("The vendor hands the form back; the link is then used up");

        app.MapGet("/checklists/{year:int}/print", (int year, HttpContext http, MakeChecklistPrint make) => Print(year, http, make, pdf: false))
            .RequireAuthorization(Operation.ReadChecklists).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapGet("/checklists/{year:int}/print.pdf", (int year, HttpContext http, MakeChecklistPrint make) => Print(year, http, make, pdf: true))
            .RequireAuthorization(Operation.ReadChecklists).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapGet("/checklists/{year:int}/export.xlsx", Workbook).RequireAuthorization(Operation.ReadChecklists).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapPost("/checklists/do", ChecklistPageCommands.Do).RequireAuthorization(Operation.AnswerChecklists).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost(VendorPath + "/{secret}/do", ChecklistPageCommands.Vendor).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static ProblemHttpResult Problem(ChecklistRefused refused, IDictionary<string, object?>? extensions = null) =>
        ProblemResults.Create(refused.Status, refused.Code, refused.Message, extensions);

    public static async Task<Ok<List<EditionView>>> ListEditions(LoadChecklists load, CancellationToken cancellationToken)
    {
        var list = new List<EditionView>();
        foreach (var edition in await load.Editions(cancellationToken))
            list.Add((await load.EditionView(edition.Key, cancellationToken))!);
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<EditionView>, ProblemHttpResult>> GetEdition(string edition, LoadChecklists load, CancellationToken cancellationToken) =>
        await load.EditionView(edition, cancellationToken) is { } found ? TypedResults.Ok(found)
            : ProblemResults.Create(StatusCodes.Status404NotFound, "checklist-edition-not-found", ProblemResults.Format(UiTexts.ChecklistEditionUnknown, Core.TextRules.Shorten(edition, 20, "…")));

    public static async Task<Results<Created<EditionView>, ProblemHttpResult>> UploadEdition(HttpContext http, ChecklistChanges changes, LoadChecklists load, CancellationToken cancellationToken)
    {
        var file = await ReadBody(http, cancellationToken);
        if (file is null)
            return ProblemResults.Create(StatusCodes.Status413PayloadTooLarge, "too-large", ProblemResults.Format(ProblemTexts.TooLarge, ChecklistEditions.MaxFileBytes));
        var (edition, problems, refused) = await changes.Upload(file, Caller.From(http.User).Actor.Name, cancellationToken);
        if (refused is not null)
            return Problem(refused, new Dictionary<string, object?>
            {
                ["problems"] = problems.Select(p => new { where = p.Where, message = p.Text.For(CultureInfo.CurrentUICulture) }).ToList(),
            });
        return TypedResults.Created($"/api/v1/checklists/editions/{edition!.Key}", (await load.EditionView(edition.Key, cancellationToken))!);
    }

    private static async Task<byte[]?> ReadBody(HttpContext http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ChecklistEditions.MaxFileBytes)
                return null;
        }
        return buffer.ToArray();
    }

    public static async Task<Results<Ok<EditionView>, ProblemHttpResult>> CorrectItem(string edition, string item, CorrectItemRequest request, HttpContext http, ChecklistChanges changes, LoadChecklists load, CancellationToken cancellationToken) =>
        await changes.Correct(edition, item, request, add: false, Caller.From(http.User).Actor.Name, cancellationToken) is { } refused
            ? Problem(refused) : TypedResults.Ok((await load.EditionView(edition, cancellationToken))!);

    public static async Task<Results<Ok<EditionView>, ProblemHttpResult>> AddItem(string edition, CorrectItemRequest request, HttpContext http, ChecklistChanges changes, LoadChecklists load, CancellationToken cancellationToken) =>
        await changes.Correct(edition, null, request, add: true, Caller.From(http.User).Actor.Name, cancellationToken) is { } refused
            ? Problem(refused) : TypedResults.Ok((await load.EditionView(edition, cancellationToken))!);

    public static async Task<Ok<IReadOnlyList<ChecklistSummary>>> List(int? year, LoadChecklists load, CancellationToken cancellationToken) =>
        TypedResults.Ok(await load.List(year, cancellationToken));

    public static async Task<Results<Created<ChecklistDetail>, ProblemHttpResult>> Start(StartChecklistRequest request, HttpContext http, ChecklistChanges changes, LoadChecklists load, CancellationToken cancellationToken)
    {
        var (row, refused) = await changes.Start(request, Caller.From(http.User).Actor.Name, cancellationToken);
        if (refused is not null)
            return Problem(refused);
        var detail = await load.Detail(row!, cancellationToken);
        return TypedResults.Created("/api/v1" + detail.Checklist.Path, detail);
    }

    public static async Task<Results<Ok<ChecklistDetail>, ProblemHttpResult>> Get(int year, string form, LoadChecklists load, CancellationToken cancellationToken) =>
        await load.Detail(year, form, cancellationToken) is { } detail ? TypedResults.Ok(detail) : Problem(ChecklistChanges.NotFound());

    public static async Task<Results<Ok<ChecklistDetail>, ProblemHttpResult>> Answer(int year, string form, string item, AnswerRequest request, HttpContext http, ChecklistChanges changes, LoadChecklists load, CancellationToken cancellationToken)
    {
        if (await load.Find(year, form, cancellationToken) is not { } row)
            return Problem(ChecklistChanges.NotFound());
        if (await changes.Answer(row, item, request, Caller.From(http.User).Actor.Name, cancellationToken) is { } refused)
            return Problem(refused);
        return TypedResults.Ok(await load.Detail(row, cancellationToken));
    }

    public static async Task<Results<Created<NewVendorLink>, ProblemHttpResult>> MakeLink(int year, string form, VendorLinkRequest? request, HttpContext http, ChecklistChanges changes, LoadChecklists load, CancellationToken cancellationToken)
    {
        if (await load.Find(year, form, cancellationToken) is not { } row)
            return Problem(ChecklistChanges.NotFound());
        var (link, secret, refused) = await changes.MakeLink(row, request ?? new VendorLinkRequest(null, null), Caller.From(http.User).Actor.Name, cancellationToken);
        if (refused is not null)
            return Problem(refused);
        return TypedResults.Created($"/api/v1/checklists/{year}/{row.Id}", new NewVendorLink(link!.Id, link.InvitedName, LinkUrl(http, secret!), link.ExpiresAt));
    }

    public static string LinkUrl(HttpContext http, string secret) => http.RequestServices.GetRequiredService<SecretLinks>().Url(ChecklistChanges.LinkKind, secret);

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeLink(int year, string form, Guid link, ChecklistChanges changes, LoadChecklists load, CancellationToken cancellationToken)
    {
        if (await load.Find(year, form, cancellationToken) is not { } row)
            return Problem(ChecklistChanges.NotFound());
        return await changes.RevokeLink(row, link, cancellationToken) is { } refused ? Problem(refused) : TypedResults.NoContent();
    }

    /// <summary>The form as the vendor sees it (no links), read in the link's hospital.</summary>
    public static async Task<ChecklistDetail> VendorDetail(IServiceProvider services, ChecklistRow checklist, CancellationToken cancellationToken) =>
        await services.GetRequiredService<LoadChecklists>().Detail(checklist, cancellationToken) with { Links = [] };

    public static async Task<Results<Ok<ChecklistDetail>, ProblemHttpResult>> VendorGet(string secret, ChecklistChanges changes, CancellationToken cancellationToken)
    {
        var (detail, refused) = await changes.UseLink(secret, (_, checklist, services, ct) => VendorDetail(services, checklist, ct), cancellationToken);
        return refused is not null ? Problem(refused) : TypedResults.Ok(detail!);
    }

    public static async Task<Results<Ok<ChecklistDetail>, ProblemHttpResult>> VendorAnswer(string secret, string item, AnswerRequest request, ChecklistChanges changes, CancellationToken cancellationToken)
    {
        var (outcome, refused) = await changes.UseLink(secret, async (link, checklist, services, ct) =>
            await services.GetRequiredService<ChecklistChanges>().Answer(checklist, item, request, changes.VendorName(link), ct) is { } bad
                ? (Detail: null, Bad: bad)
                : (Detail: await VendorDetail(services, checklist, ct), Bad: (ChecklistRefused?)null), cancellationToken);
        return (refused ?? outcome.Bad) is { } no ? Problem(no) : TypedResults.Ok(outcome.Detail!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> VendorReturn(string secret, ChecklistChanges changes, CancellationToken cancellationToken)
    {
        var (bad, refused) = await changes.UseLink(secret, (link, checklist, services, ct) =>
            services.GetRequiredService<ChecklistChanges>().Return(link, checklist, changes.VendorName(link), ct), cancellationToken);
        return (refused ?? bad) is { } no ? Problem(no) : TypedResults.NoContent();
    }

    private static async Task<IResult> Print(int year, HttpContext http, MakeChecklistPrint make, bool pdf)
    {
        if (await make.Model(year, http.RequestAborted) is not { } model)
            return ErrorPages.Result(StatusCodes.Status404NotFound, UiTexts.ChecklistNotFound);
        if (!pdf)
            return Results.Content(await make.Html(model with { PdfUrl = $"/checklists/{year}/print.pdf" }, CultureInfo.CurrentUICulture), "text/html; charset=utf-8");
        try
        {
            return Results.File(await make.Pdf(model, CultureInfo.CurrentUICulture, http.RequestAborted), "application/pdf", $"checklist-{year}.pdf");
        }
        catch (PdfUnavailableException e)
        {
            return ErrorPages.Result(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
    }

    public static async Task<IResult> Workbook(int year, HttpContext http, MakeChecklistPrint make)
    {
        if (await make.Model(year, http.RequestAborted) is not { } model)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "checklist-not-found", UiTexts.ChecklistNotFound);
        return Results.File(ChecklistWorkbook.Write(model), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"checklist-{year}.xlsx");
    }
}
