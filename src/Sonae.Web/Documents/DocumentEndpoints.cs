using System.Globalization;
using Sonae.Core;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Localization;
using Sonae.Web.Audit;
using Sonae.Web.Preparedness;
using Sonae.Web.Problems;

namespace Sonae.Web.Documents;

/// <summary>
/// The printed documents: <c>/binder</c> and <c>/poster</c> as pages to print from the browser, and as PDF
/// (<c>/binder.pdf</c>, <c>/poster.pdf</c>), in the person's language. Everyone in the hospital may print them;
/// vendors, who are outside it, may not. Likewise an incident's one-page situation sheet for management
/// (<c>/incidents/{n}/situation</c> and <c>.pdf</c>), which carries the legal clocks and so is read as the reports are.
/// </summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/binder", (HttpContext http, MakeBinder make) => Html(http, make, poster: false)).Printed();
        app.MapGet("/binder.pdf", (HttpContext http, MakeBinder make) => Pdf(http, make, poster: false)).WithMetadata(new AuditedRead()).Printed();
        app.MapGet(PhoneBinderCopy.Path, PhoneBinderPage).RequireAuthorization(Core.Access.Operation.KeepBinderOffline).AnswersWithErrorPages().ExcludeFromDescription();
        app.MapGet("/poster", (HttpContext http, MakeBinder make) => Html(http, make, poster: true)).Printed();
        app.MapGet("/poster.pdf", (HttpContext http, MakeBinder make) => Pdf(http, make, poster: true)).Printed();
        app.MapGet("/incidents/{number:int}/situation", (int number, HttpContext http, MakeSituationSheet make) => Situation(number, http, make, pdf: false)).Read().ExcludeFromDescription();
        app.MapGet("/incidents/{number:int}/situation.pdf", (int number, HttpContext http, MakeSituationSheet make) => Situation(number, http, make, pdf: true))
            .WithMetadata(new AuditedRead()).Read().ExcludeFromDescription();
        app.MapPost("/poster.pdf", PosterWithLink).RequireAuthorization(Core.Access.Operation.ManageReportingLinks).AnswersWithErrorPages().ExcludeFromDescription();
        return app;
    }

    /// <summary>A printed document's door: the hospital's own people (a vendor is refused by the error page, not JSON).</summary>
    private static RouteHandlerBuilder Printed(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Core.Access.Operation.ReadPreparedness).AnswersWithErrorPages().ExcludeFromDescription();

    /// <summary>The situation sheet's door: whoever may read the reports' status (a vendor is refused by the error page).</summary>
    private static RouteHandlerBuilder Read(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Core.Access.Operation.ReadReports).AnswersWithErrorPages();

    private static async Task<IResult> Situation(int number, HttpContext http, MakeSituationSheet make, bool pdf)
    {
        if (await make.View(number, http.RequestAborted) is not { } view)
            return ErrorPages.Result(StatusCodes.Status404NotFound, ProblemResults.Format(Resources.ProblemTexts.IncidentNotFound, number));
        var wareki = DateStyles.PrefersWareki(http);
        var summary = $"{http.Request.Scheme}://{http.Request.Host}/incidents/{number}/summary";
        if (!pdf)
            return Results.Content(await make.Html(view, CultureInfo.CurrentUICulture, wareki, summary, $"/incidents/{number}/situation.pdf"), "text/html; charset=utf-8");
        try
        {
            return Results.File(await make.Pdf(view, CultureInfo.CurrentUICulture, wareki, summary, http.RequestAborted), "application/pdf",
                $"situation-{number}-{view.Now.ToJst():yyyyMMdd-HHmm}.pdf");
        }
        catch (PdfUnavailableException e)
        {
            return ErrorPages.Result(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
    }

    private static async Task<IResult> Html(HttpContext http, MakeBinder make, bool poster)
    {
        var caller = Caller.From(http.User);
        var model = await Model(http, make, poster ? "/poster.pdf" : "/binder.pdf");
        // Those who may make reporting links are offered the poster with one; the form's token comes from here, as
        // the document is rendered outside the request.
        var linkForm = poster && caller.Actor.May(Core.Access.Operation.ManageReportingLinks)
            ? http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().GetAndStoreTokens(http)
            : null;
        var html = poster ? await make.PosterHtml(model, CultureInfo.CurrentUICulture, linkForm) : await make.BinderHtml(model, CultureInfo.CurrentUICulture);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// The binder as a phone keeps it. Never stored by the browser's own cache (<c>no-store</c>): only the service
    /// worker keeps a copy, of a page that names its keeper (<see cref="PhoneBinderCopy.Header"/>), and drops it on
    /// sign-out.
    /// </summary>
    private static async Task<IResult> PhoneBinderPage(HttpContext http, MakeBinder make)
    {
        var model = await Model(http, make, null);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers[PhoneBinderCopy.Header] = PhoneBinderCopy.KeeperOf(http.User);
        return Results.Content(await make.PhoneBinderHtml(model, CultureInfo.CurrentUICulture), "text/html; charset=utf-8");
    }

    /// <summary>The poster's form: the poster as PDF with a new reporting link for the place it will hang.</summary>
    private static async Task<IResult> PosterWithLink([FromForm] string? place, HttpContext http, MakeBinder make)
    {
        var label = place?.Trim();
        if (ReportingLinkChanges.CheckLabel(label) is { } badLabel)
            return ErrorPages.Result(StatusCodes.Status400BadRequest, ProblemResults.Describe(badLabel));
        var model = await Model(http, make, null);
        model = await make.WithReportingLink(model, Caller.From(http.User).OrganizationId, BaseUrl(http, make), label!, http.RequestAborted);
        return await Pdf(http, make, poster: true, model);
    }

    private static async Task<IResult> Pdf(HttpContext http, MakeBinder make, bool poster, BinderModel? given = null)
    {
        var model = given ?? await Model(http, make, null);
        try
        {
            var pdf = poster
                ? await make.PosterPdf(model, CultureInfo.CurrentUICulture, http.RequestAborted)
                : await make.BinderPdf(model, CultureInfo.CurrentUICulture, http.RequestAborted);
            return Results.File(pdf, "application/pdf", $"{(poster ? "poster" : "binder")}-{model.Today:yyyyMMdd}.pdf");
        }
        catch (PdfUnavailableException e)
        {
            // A person clicked a link: the error page in their language, not a JSON problem.
            return ErrorPages.Result(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
    }

    private static Task<BinderModel> Model(HttpContext http, MakeBinder make, string? pdfUrl) =>
        make.Model(Caller.From(http.User).OrganizationId, BaseUrl(http, make), pdfUrl, http.RequestAborted);

    private static string BaseUrl(HttpContext http, MakeBinder make) => make.BaseUrl($"{http.Request.Scheme}://{http.Request.Host}");
}
