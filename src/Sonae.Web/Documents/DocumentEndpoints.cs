using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Preparedness;
using Sonae.Web.Problems;

namespace Sonae.Web.Documents;

/// <summary>
/// The printed documents: <c>/binder</c> and <c>/poster</c> as pages to print from the browser, and as PDF
/// (<c>/binder.pdf</c>, <c>/poster.pdf</c>), in the person's language. Everyone in the hospital may print them;
/// vendors, who are outside it, may not.
/// </summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/binder", (HttpContext http, MakeBinder make) => Html(http, make, poster: false)).ExcludeFromDescription();
        app.MapGet("/binder.pdf", (HttpContext http, MakeBinder make) => Pdf(http, make, poster: false)).WithMetadata(new AuditedRead()).ExcludeFromDescription();
        app.MapGet("/poster", (HttpContext http, MakeBinder make) => Html(http, make, poster: true)).ExcludeFromDescription();
        app.MapGet("/poster.pdf", (HttpContext http, MakeBinder make) => Pdf(http, make, poster: true)).ExcludeFromDescription();
        app.MapPost("/poster.pdf", PosterWithLink).RequireAuthorization(Core.Access.Operation.ManageReportingLinks).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Html(HttpContext http, MakeBinder make, bool poster)
    {
        var caller = Caller.From(http.User);
        if (AccessPolicies.Refusal(caller, Core.Access.Operation.ReadPreparedness) is { } refused)
            return refused;
        var model = await Model(http, make, poster ? "/poster.pdf" : "/binder.pdf");
        // Those who may make reporting links are offered the poster with one; the form's token comes from here, as
        // the document is rendered outside the request.
        var linkForm = poster && caller.Actor.May(Core.Access.Operation.ManageReportingLinks)
            ? http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().GetAndStoreTokens(http)
            : null;
        var html = poster ? await make.PosterHtml(model, CultureInfo.CurrentUICulture, linkForm) : await make.BinderHtml(model, CultureInfo.CurrentUICulture);
        return Results.Content(html, "text/html; charset=utf-8");
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
        if (AccessPolicies.Refusal(Caller.From(http.User), Core.Access.Operation.ReadPreparedness) is { } refused)
            return refused;
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
