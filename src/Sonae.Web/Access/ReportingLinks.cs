using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

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

    /// <summary>What a report-only session may reach: the report page, its result, the link itself, language and date style.</summary>
    private static readonly string[] Allowed = ["/report", "/r", "/culture", "/date-style", "/signout", "/css", "/js", "/_framework", "/favicon.ico"];

    public static IEndpointRouteBuilder MapReportingLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reporting-links").WithTags("Access").RequireAuthorization(AccessPolicies.Leaders);
        group.MapGet("/", List).WithName("ListReportingLinks").WithSummary("The organization's reporting links (their secrets are never shown again)");
        group.MapPost("/", Create).WithName("CreateReportingLink").WithSummary("Make a reporting link for a shared terminal; its address is shown once");
        group.MapPost("/{linkId:guid}/revoke", Revoke).WithName("RevokeReportingLink").WithSummary("Revoke a reporting link: it stops working at once");
        app.MapGet(LinkPath + "/{secret}", Open).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/settings/reporting-links", PageForm).RequireAuthorization(AccessPolicies.Leaders).ExcludeFromDescription();
        return app;
    }

    /// <summary>Keeps a report-only session to reporting: anything else is refused (403), on pages and on the API.</summary>
    public static void UseReportOnlySessions(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (Caller.IsReportOnly(context.User))
        {
            var path = context.Request.Path;
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

    public static async Task<Ok<List<ReportingLinkView>>> List(ListReportingLinks links, CancellationToken cancellationToken) =>
        TypedResults.Ok(await links.Run(cancellationToken));

    public static async Task<Results<Created<NewReportingLink>, ProblemHttpResult>> Create(
        [FromBody] NewReportingLinkRequest? request, ClaimsPrincipal user, HttpContext http, SonaeDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var label = request?.Label?.Trim() ?? "";
        if (CheckLabel(label) is { } badLabel)
            return ProblemResults.Field(badLabel);
        var link = await Make(db, Caller.From(user).OrganizationId, label, clock, cancellationToken);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{LinkPath}/{link.Secret}";
        return TypedResults.Created($"/api/v1/reporting-links/{link.Key.Id}", new NewReportingLink(link.Key.Id, label, url));
    }

    /// <summary>Makes a link: a staff key that can only report, named after where it is used.</summary>
    public static async Task<(ApiKey Key, string Secret)> Make(SonaeDbContext db, Guid organizationId, string label, TimeProvider clock, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Name = label.Length > 80 ? label[..80] : label,
            Roles = Role.Staff.Id(),
            Prefix = ApiKeySecrets.Display(secret),
            SecretHash = ApiKeySecrets.Hash(secret),
            CreatedAt = clock.GetUtcNow(),
            ReportOnly = true,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid linkId, SonaeDbContext db, ApiKeyCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == linkId && k.ReportOnly, cancellationToken);
        if (key is null)
            return ProblemResults.Create(StatusCodes.Status404NotFound, "reporting-link-not-found", ProblemResults.Format(ProblemTexts.ReportingLinkNotFound, linkId));
        var now = clock.GetUtcNow();
        key.RevokedAt ??= now;
        await db.SaveChangesAsync(cancellationToken);
        cache.SetActive(Caller.KeyPrefix + key.Id.ToString("N"), false, now);
        cache.Forget(key.SecretHash);
        return TypedResults.NoContent();
    }

    /// <summary>A link's label (where the terminal stands): given, at most 100 characters, no control characters.</summary>
    private static Core.Incidents.FieldRefused? CheckLabel(string? label) => Core.TextRules.Check("label", label, 100, required: true);

    /// <summary>The settings page's forms: make a link (its address is shown once, in the message) or revoke one.</summary>
    public static async Task<RedirectHttpResult> PageForm(
        [FromForm] string? kind, [FromForm] string? label, [FromForm] Guid? linkId, HttpContext http, SonaeDbContext db, ApiKeyCache cache, TimeProvider clock)
    {
        const string back = "/settings#reporting-links";
        if (kind == "revoke" && linkId is { } id)
        {
            var revoked = await Revoke(id, db, cache, clock, http.RequestAborted);
            return Incidents.PageCommands.Back(http, back, revoked.Result is NoContent, revoked.Result is NoContent ? UiTexts.LinkRevoked : ProblemResults.Format(ProblemTexts.ReportingLinkNotFound, id));
        }
        var name = label?.Trim();
        if (CheckLabel(name) is { } badLabel)
            return Incidents.PageCommands.Back(http, back, false, ProblemResults.Describe(badLabel));
        var link = await Make(db, Caller.From(http.User).OrganizationId, name!, clock, http.RequestAborted);
        return Incidents.PageCommands.Back(http, back, true, ProblemResults.Format(UiTexts.LinkMade, name, $"{http.Request.Scheme}://{http.Request.Host}{LinkPath}/{link.Secret}"));
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
