using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Microsoft.AspNetCore.DataProtection;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Backups;
using Sonae.Web.Checkpoints;
using Sonae.Web.Cluster;
using Sonae.Web.Demo;
using Sonae.Web.Documents;
using Sonae.Web.Health;
using Sonae.Web.Incidents;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;
using Sonae.Web.Problems;
using Sonae.Web.Reporting;
using Sonae.Web.Evidence;
using Sonae.Web.Resources;

namespace Sonae.Web.Hosting;

/// <summary>Builds the web application: services, the request pipeline and every area's endpoints.</summary>
public static class SonaeWebApp
{
    /// <summary>The largest request body accepted (a playbook is at most 512 KB; everything else is far smaller).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplication Build(string[] args)
    {
        var demo = args.Contains(DemoHospital.Flag, StringComparer.Ordinal);
        var hostArgs = args.Where(a => !string.Equals(a, DemoHospital.Flag, StringComparison.Ordinal)).ToArray();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            // appsettings.json sits beside the executable; ./data stays relative to where Sonae was started.
            ContentRootPath = hostArgs.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
        });
        AddSettingsBesideExecutable(builder.Configuration);
        // Stylesheets and scripts from the build output, in every environment (dotnet run is Production here).
        builder.WebHost.UseStaticWebAssets();
        builder.Configuration[DemoHospital.ConfigKey] ??= demo ? "true" : null;
        // Under systemd (Type=notify): ready is told once Kestrel listens, and logs go to the journal with their
        // levels. As a Windows service: started and stopped by the service manager. Neither changes anything else.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        AddServices(builder);

        var app = builder.Build();
        StaticAssetCheck.EnsureComplete(app.Environment);
        UsePipeline(app);
        return app;
    }

    /// <summary>
    /// The published single file runs from where the .NET host extracted it (AppContext.BaseDirectory), whose
    /// appsettings.json is the one shipped; an appsettings.json the administrator put beside the executable comes
    /// after it and before the environment and the command line, as it would in an unbundled copy.
    /// </summary>
    private static void AddSettingsBesideExecutable(ConfigurationManager configuration)
    {
        // Only the single file: `dotnet sonae.dll`, bin/sonae and the tests' host run from their settings' folder.
        var executable = Environment.ProcessPath;
        if (executable is null || !Path.GetFileNameWithoutExtension(executable).Equals("sonae", StringComparison.OrdinalIgnoreCase))
            return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(executable))!;
        var settings = Path.Combine(folder, "appsettings.json");
        if (Path.GetFullPath(AppContext.BaseDirectory).TrimEnd(Path.DirectorySeparatorChar) == folder || !File.Exists(settings))
            return;
        var sources = configuration.Sources;
        var afterJson = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource).index + 1;
        var beside = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = settings, Optional = true, ReloadOnChange = false };
        beside.ResolveFileProvider();
        sources.Insert(afterJson, beside);
    }

    public static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Sonae:Logging:Json=true: one JSON object a line, with its scopes (the incident's number), for a log collector.
        if (builder.Configuration.GetValue("Sonae:Logging:Json", false))
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            // ASP.NET Core's request scope would put every request's path on every line, and some paths are secrets
            // (a reporting link /r/…, an invitation /invite/…, a notice's /ack/…): without its logger it opens no such
            // scope. The incident's scope (IncidentLogScope) still ties a command's lines together.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        // Data protection signs the sign-in cookies and antiforgery tokens. Its keys live in the database (so a restart
        // signs nobody out); they are not encrypted there, which its start-up warning says: the database file is the
        // boundary to protect (docs/operations.md).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            // Kestrel answers a request line over its limit itself, with an empty body; Sonae takes longer ones in so
            // that it can refuse them with a problem (Hardening.UseAddressLimit), up to this.
            kestrel.Limits.MaxRequestLineSize = Hardening.KestrelRequestLineBytes;
        });

        var storage = SonaeConfiguration.Storage(builder.Configuration);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(storage));
        services.AddSonaeDatabase(storage);
        // A data folder with standby.json is a standby copy: read-only, and none of the work that reaches outside
        // (paging, mail, feeds) or writes on its own (checkpoints, scheduled backups) runs on it (Backups/Standby.cs).
        // Made by a factory, not handed in as an instance, so that the container disposes it (and lets go of the folder's
        // standby lock) when the server stops; the pipeline resolves it at start (StandbyReadOnly).
        var standby = Backups.StandbyMode.Open(storage);
        services.AddSingleton(_ => standby);
        // First of the hosted services: the database is migrated before any other (data protection's key ring) reads it.
        services.AddHostedService<SonaeStartup>();
        // After the server listens: it only reports, and nothing waits on it.
        services.AddSingleton<Playbooks.StoredPlaybookCheck>();
        services.AddHostedService(provider => provider.GetRequiredService<Playbooks.StoredPlaybookCheck>());
        services.AddSingleton(ShiftedClock.FromEnvironment(builder.Environment));

        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            CultureInfo[] cultures = [CultureInfo.GetCultureInfo("ja"), CultureInfo.GetCultureInfo("en")];
            options.DefaultRequestCulture = new RequestCulture("ja");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
        });

        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Every time the API writes, in one form (JST, to the millisecond), whichever database it was read from.
        services.ConfigureHttpJsonOptions(options => Localization.CallerTimeJsonConverter.Register(options.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Complete);
        // After ASP.NET Core's writer, for the requests it declines (Accept: application/xml).
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddExceptionHandler<SonaeExceptionHandler>();
        services.AddHttpContextAccessor();

        // Callers of the API send a key; people on the pages sign in (with an account, or a shared terminal's key) and
        // get a cookie. One policy scheme picks between them, so both reach the same claims.
        services.AddAuthentication(SignIn.PolicyScheme)
            .AddPolicyScheme(SignIn.PolicyScheme, "API key or sign-in cookie", options => options.ForwardDefaultSelector = SignIn.SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(SignIn.CookieScheme, options =>
            {
                options.Cookie.Name = "sonae";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/";
                options.ExpireTimeSpan = SignIn.Lifetime;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SignIn.ValidateKeyStillActive;
            })
            // A sign-in in progress (after the password, before the second factor or the organization): ten minutes.
            .AddCookie(AccountSignIn.PendingScheme, options =>
            {
                options.Cookie.Name = "sonae-signin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                options.SlidingExpiration = false;
            })
            // Identity keeps a passkey prompt's challenge here between its options and the browser's answer.
            .AddCookie(Microsoft.AspNetCore.Identity.IdentityConstants.TwoFactorUserIdScheme, options =>
            {
                options.Cookie.Name = "sonae-passkey";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddSingleSignOn(builder.Configuration);
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, KeyRevalidatingStateProvider>();
        services.AddCascadingAuthenticationState();
        services.AddRazorComponents().AddInteractiveServerComponents(options =>
        {
            // A page whose browser is gone does no work at once (LiveCircuit); its circuit is kept a minute, not
            // Blazor's three, for a phone that lost the network to come back to what it was typing, and at most 50.
            options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(1);
            options.DisconnectedCircuitMaxRetained = 50;
        });
        // Write Japanese as text, not as &#x…; entities: pages a third the size, and readable source.
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            AccessPolicies.Add(options);
        });
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RoleProblemResultHandler>();

        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Sonae (備え) API",
                Version = "v1",
                Description = "Incident response for hospitals, following the MHLW flowchart. Errors are RFC 9457 problem details in the caller's language (Accept-Language: ja or en). Times are ISO 8601; one sent without an offset is read as JST (+09:00). Answers give times in JST.",
            };
            // The address the document was asked at, without its trailing slash: paths start with one already.
            foreach (var server in document.Servers ?? [])
                server.Url = server.Url?.TrimEnd('/');
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from first-run setup or `sonae org add`: Authorization: Bearer sonae_…",
            };
            return Task.CompletedTask;
        }));

        services.Configure<LimitOptions>(builder.Configuration.GetSection(LimitOptions.Section));
        // Limits, waits after wrong keys and values kept between a post and its page live in the database, so that
        // several servers behind a load balancer share them (Hardening.UseSharedLimits).
        services.AddScoped<Throttles>();
        services.AddScoped<KeptValues>();
        services.AddHostedService<SharedStatePruning>();
        services.AddMetricsExport(builder.Configuration);

        services.AddMemoryCache();
        services.AddAreas(builder.Configuration);
        // Hosted, so that at shutdown each writer stops taking work and writes what it accepted (BackgroundWriter).
        services.AddHostedService(provider => provider.GetRequiredService<RecordWriter>());
        services.AddHostedService(provider => provider.GetRequiredService<AuditLog>());
        // Before the jobs that ask it; and, on PostgreSQL, the notifications between servers (Cluster).
        services.AddClusterHosting(storage);
        if (standby.IsStandby)
            return;
        services.AddHostedService<CheckpointSchedule>();
        services.AddHostedService<Backups.BackupScheduleService>();
        services.AddHostedService(provider => provider.GetRequiredService<Notices.PagingWatch>());
        services.AddHostedService(provider => provider.GetRequiredService<Notices.UpdateWatch>());
        services.AddHostedService<Notices.Delivery.OutboxDispatcher>();
        services.AddHostedService<Threats.ThreatFeedSchedule>();
        services.AddHostedService<Aftercare.Drills.DrillRound>();
    }

    public static void UsePipeline(WebApplication app)
    {
        // The client's own address and scheme first (behind a trusted proxy), then the language, so that every
        // problem (the exception handler's too) is in the caller's language.
        app.UseTrustedProxies();
        app.UseRequestLocalization();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusPage.Write);
        app.UseAddressLimit();
        app.UseStandbyReadOnly();
        app.UseAuthentication();
        // Every query from here on stays inside the caller's organization.
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && context.User.HasClaim(c => c.Type == Caller.OrganizationClaim))
            {
                var caller = Caller.From(context.User);
                context.RequestServices.GetRequiredService<OrganizationScope>().Enter(caller.OrganizationId, caller.VisibleIncidents);
            }
            await next(context);
        });
        app.UseIncidentLogScope();
        app.UseAuditLog();
        app.UseReportOnlySessions();
        app.UseAuthorization();
        app.UseSharedLimits();
        app.UseAntiforgeryRefusal();

        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapAreas();
        // Blazor would send its own CSP (frame-ancestors only); Sonae sends the whole policy (Hardening).
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
    }

    /// <summary>Gives every problem response a title, a detail in the caller's language, and where it happened.</summary>
    private static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Title = ProblemResults.TitleFor(status);
        problem.Instance ??= request.Path;
        problem.Detail ??= status switch
        {
            StatusCodes.Status404NotFound => ProblemResults.Format(ProblemTexts.RouteNotFound, request.Path),
            StatusCodes.Status405MethodNotAllowed => ProblemResults.Format(ProblemTexts.MethodNotAllowed, request.Path, request.Method),
            StatusCodes.Status415UnsupportedMediaType => ProblemTexts.UnsupportedMediaType,
            StatusCodes.Status401Unauthorized => ProblemTexts.Unauthorized,
            StatusCodes.Status403Forbidden => ProblemTexts.Title_Forbidden,
            _ => problem.Title,
        };
        if (!problem.Extensions.ContainsKey("code"))
        {
            var code = status switch
            {
                StatusCodes.Status404NotFound => "route-not-found",
                StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                _ => "http-" + status.ToString(CultureInfo.InvariantCulture),
            };
            problem.Extensions["code"] = code;
            problem.Type = $"urn:sonae:problem:{code}";
        }
        problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
    }
}
