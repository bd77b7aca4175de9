using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Web.Audit;
using Sonae.Web.Problems;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Access;

public sealed record NewReportingLinkRequest(string? Label);

public sealed record ReportingLinkView(Guid Id, string Label, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A link just made: the only time its address (which holds its secret) is shown.</summary>
public sealed record NewReportingLink(Guid Id, string Label, string Url);

/// <summary>
/// Reporting without an account: a per-organization link for a shared terminal or the poster's QR code. Opening it
/// signs the terminal in as "staff, report only": it can file anomaly reports (page or API) and nothing else, is
/// rate-limited like any key, and stops working the moment it is revoked. Made and revoked by the security officer
/// or management. It is an API key underneath, so revocation, caching and auditing are the keys'.
/// </summary>
public static class ReportingLinks
{
    public const string LinkPath = "/r";

    /// <summary>A reporting terminal's own home: what it can do, first aid, whom to call, the reports it sent.</summary>
    public const string TerminalHome = "/report/home";

    /// <summary>Where "home" leads <paramref name="user"/>: a reporting terminal's own home, else the start page.</summary>
    public static string HomeFor(ClaimsPrincipal user) => Caller.IsReportOnly(user) ? TerminalHome : "/";

    /// <summary>What a report-only session may reach: the report page, its result, the link itself, language and date style.</summary>
    private static readonly string[] Allowed = ["/report", "/r", "/culture", "/date-style", "/signout", "/css", "/js", "/_framework", "/favicon.ico"];

    public static IEndpointRouteBuilder MapReportingLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reporting-links").WithTags("Access").RequireAuthorization(Operation.ManageReportingLinks);
        group.MapGet("/", List).WithName("ListReportingLinks").WithSummary("The organization's reporting links (their secrets are never shown again)");
        group.MapPost("/", Create).WithName("CreateReportingLink").WithSummary("Make a reporting link for a shared terminal; its address is shown once");
        group.MapPost("/{linkId:guid}/revoke", Revoke).WithName("RevokeReportingLink").WithSummary("Revoke a reporting link: it stops working at once");
        app.MapGet(LinkPath + "/{secret}", Open).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/settings/reporting-links", PageForm).RequireAuthorization(Operation.ManageReportingLinks).ExcludeFromDescription();
        return app;
    }

    /// <summary>Keeps a report-only session to reporting: anything else is refused (403), on pages and on the API.</summary>
    public static void UseReportOnlySessions(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (Caller.IsReportOnly(context.User))
        {
            var path = context.Request.Path;
            // The start page is the hospital's; a terminal's "home" is its own.
            if (path == "/" && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(TerminalHome);
                return;
            }
            var allowed = SignIn.IsApi(context)
                ? HttpMethods.IsPost(context.Request.Method) && path.Equals("/api/v1/anomaly-reports", StringComparison.OrdinalIgnoreCase)
                : Allowed.Any(a => path.StartsWithSegments(a, StringComparison.OrdinalIgnoreCase));
            if (!allowed)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                if (SignIn.IsApi(context))
                {
                    await ProblemResults.Create(StatusCodes.Status403Forbidden, "report-only", ProblemTexts.ReportOnly).ExecuteAsync(context);
                }
                else
                {
                    await ErrorPages.Write(context, ProblemResults.TitleFor(StatusCodes.Status403Forbidden), ProblemTexts.ReportOnly, context.RequestAborted);
                }
                return;
            }
        }
        await next(context);
    });

    public static async Task<Ok<IReadOnlyList<ReportingLinkView>>> List(LoadReportingLinks load, CancellationToken cancellationToken) =>
        TypedResults.Ok(await load.List(cancellationToken));

    public static async Task<Results<Created<NewReportingLink>, ProblemHttpResult>> Create(
        [FromBody] NewReportingLinkRequest? request, ClaimsPrincipal user, HttpContext http, ReportingLinkChanges changes, CancellationToken cancellationToken)
    {
        var label = request?.Label?.Trim() ?? "";
        if (ReportingLinkChanges.CheckLabel(label) is { } badLabel)
            return ProblemResults.Field(badLabel);
        var link = await changes.Make(Caller.From(user).OrganizationId, label, cancellationToken);
        return TypedResults.Created($"/api/v1/reporting-links/{link.Key.Id}", new NewReportingLink(link.Key.Id, label, Url(http, link.Secret)));
    }

    private static string Url(HttpContext http, string secret) => $"{http.Request.Scheme}://{http.Request.Host}{LinkPath}/{secret}";

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid linkId, ReportingLinkChanges changes, CancellationToken cancellationToken) =>
        await changes.Revoke(linkId, cancellationToken)
            ? TypedResults.NoContent()
            : ProblemResults.Create(StatusCodes.Status404NotFound, "reporting-link-not-found", ProblemTexts.ReportingLinkNotFound);

    /// <summary>The settings page's forms: make a link (its address is shown once, in the message) or revoke one.</summary>
    public static async Task<RedirectHttpResult> PageForm(
        [FromForm] string? kind, [FromForm] string? label, [FromForm] Guid? linkId, HttpContext http, ReportingLinkChanges changes)
    {
        const string back = "/settings#reporting-links";
        if (kind == "revoke" && linkId is { } id)
        {
            var revoked = await changes.Revoke(id, http.RequestAborted);
            return PageForms.Back(http, back, revoked, revoked ? UiTexts.LinkRevoked : ProblemTexts.ReportingLinkNotFound);
        }
        var name = label?.Trim();
        if (ReportingLinkChanges.CheckLabel(name) is { } badLabel)
            return PageForms.Back(http, back, false, ProblemResults.Describe(badLabel));
        var link = await changes.Make(Caller.From(http.User).OrganizationId, name!, http.RequestAborted);
        return PageForms.Back(http, back, true, ProblemResults.Format(UiTexts.LinkMade, name, Url(http, link.Secret)));
    }

    /// <summary>Opening the link: a report-only session on this terminal, straight to the report page.</summary>
    public static async Task<IResult> Open(string secret, HttpContext context, ApiKeyVerifier verifier, CancellationToken cancellationToken)
    {
        var principal = await verifier.Verify(secret, SignIn.CookieScheme, cancellationToken);
        if (principal is null || !Caller.IsReportOnly(principal))
        {
            context.Items[AuditMiddleware.ActionItem] = "reporting-link-refused";
            return ErrorPages.Result(StatusCodes.Status404NotFound, ProblemTexts.ReportingLinkInvalid);
        }
        await context.SignInAsync(SignIn.CookieScheme, principal, new AuthenticationProperties { IsPersistent = true, AllowRefresh = true });
        context.Items[AuditMiddleware.ActionItem] = "reporting-link-opened";
        context.Items[AuditMiddleware.WhoItem] = Caller.From(principal);
        return Results.Redirect("/report");
    }
}
