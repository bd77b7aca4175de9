using Microsoft.Extensions.Caching.Memory;
using System.Globalization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Sonae.Web.Access;
using Sonae.Web.Cluster;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Hosting;

/// <summary><c>Sonae:Limits</c>: how many wrong keys one address may try, and how many anomaly reports it may file, a minute.</summary>
public sealed class LimitOptions
{
    public const string Section = "Sonae:Limits";

    /// <summary>Wrong keys per minute from one address before it must wait (right keys never count).</summary>
    public int FailedSignInsPerMinute { get; set; } = 10;

    /// <summary>Anomaly reports per minute from one key, or one address without a key (a ward files a few, not hundreds).</summary>
    public int ReportsPerMinute { get; set; } = 30;
}

/// <summary>
/// What every response carries and what limits every client: security headers with a Content-Security-Policy that
/// allows no inline script, HSTS and the redirect to HTTPS when Sonae is served over TLS, and per-address limits on
/// wrong sign-in keys and on filing reports.
/// </summary>
public static class Hardening
{
    /// <summary>
    /// Scripts only from Sonae itself, no inline script or handler, no plugins, no framing, forms only to Sonae;
    /// inline styles stay allowed (the printable documents carry their stylesheet, Blazor sets a few styles). The
    /// phone binder's service worker and the app's manifest are named too, each only from Sonae itself (what
    /// default-src would give them anyway, said where a reader looks for it).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        + "worker-src 'self'; manifest-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app)
    {
        if (ServedOverTls(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        else if (SonaeConfiguration.Proxies(app.Configuration).Any)
        {
            // TLS ends at the proxy: HSTS on the requests it forwarded as HTTPS; sending HTTP on is the proxy's job.
            app.UseHsts();
        }
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // A response that set its own policy (an evidence download: sandbox) keeps it.
                if (!headers.ContainsKey("Content-Security-Policy"))
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>The longest address (path and query) Sonae answers: Kestrel's own default for the request line.</summary>
    public const int MaxAddressLength = 8192;

    /// <summary>
    /// The longest request line Kestrel takes in. Kestrel refuses a longer one (and a path holding %00, and headers
    /// over 32 KB) before Sonae sees it, with an empty body that no application can fill (docs/security.md).
    /// </summary>
    public const int KestrelRequestLineBytes = 64 * 1024;

    /// <summary>
    /// An address longer than <see cref="MaxAddressLength"/> is refused with 414: a problem in the caller's language for
    /// the API, the short error page (of the status code pages, which run before this) for a person.
    /// </summary>
    public static void UseAddressLimit(this WebApplication app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) <= MaxAddressLength)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status414UriTooLong;
        if (SignIn.IsApi(context))
            await ProblemResults.Create(StatusCodes.Status414UriTooLong, "address-too-long", ProblemResults.Format(ProblemTexts.AddressTooLong, MaxAddressLength)).ExecuteAsync(context);
    });

    /// <summary>
    /// Behind trusted reverse proxies (<see cref="TrustedProxies"/>), the client's address and scheme as the proxy
    /// forwarded them become the connection's, so the waits after wrong keys, the report limits, the audit log, secure
    /// cookies and the links Sonae writes all see the person's browser, not the proxy. Runs first.
    /// </summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        var proxies = SonaeConfiguration.Proxies(app.Configuration);
        if (!proxies.Any)
            return;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Every hop is checked against the trusted list, so a chain of trusted proxies is followed to its client.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in proxies.Addresses)
            options.KnownProxies.Add(address);
        foreach (var network in proxies.Networks)
            options.KnownIPNetworks.Add(network);
        app.UseForwardedHeaders(options);
    }

    /// <summary>Whether any address Sonae listens on is HTTPS (<c>--urls https://…</c>, ASPNETCORE_URLS or Kestrel's endpoints).</summary>
    public static bool ServedOverTls(IConfiguration configuration) =>
        (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// ASP.NET Core's antiforgery check, and the refusal of a form that failed it before any handler reads it: the
    /// check only records its verdict, and a handler that then reads the form throws, in a way that depends on how
    /// the handler was built (at run time, or by the request delegate generator at build time). Thrown here instead,
    /// as what the check found, so that <see cref="SonaeExceptionHandler"/> answers one way: a form it could not read
    /// (400 or 413 as for any form), or a token missing or out of date (400 form-expired, in the caller's language).
    /// </summary>
    public static void UseAntiforgeryRefusal(this WebApplication app)
    {
        app.UseAntiforgery();
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false } failed)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Error ?? new Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException("The antiforgery token was refused."));
            await next(context);
        });
    }

    /// <summary>
    /// The limits on anomaly reports (page and API; per key when signed in, per address otherwise) and on setup
    /// attempts (posts to the endpoints and the page marked <c>[EnableRateLimiting("setup")]</c>), counted in the
    /// database (<see cref="Throttles"/>) so that every server behind a load balancer counts together: one upsert per
    /// limited request, none for the rest. Sign-in is limited by its failures (<see cref="Access.SignInThrottle"/>).
    /// Runs after authorization, where it knows the caller's key.
    /// </summary>
    public static void UseSharedLimits(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (LimitOf(context) is not var (key, perMinute))
        {
            await next(context);
            return;
        }
        // A caller this server already refused waits out its window without another write: a flood of refused
        // posts must not queue behind the record's appends for the database's writer.
        var refused = context.RequestServices.GetRequiredService<IMemoryCache>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (refused.TryGetValue((nameof(UseSharedLimits), key), out DateTimeOffset until) && until > now)
        {
            await Refuse(context, until - now, context.RequestAborted);
            return;
        }
        var counted = await context.RequestServices.GetRequiredService<Throttles>().HitAsync(key, TimeSpan.FromMinutes(1), context.RequestAborted);
        if (counted.Count > Math.Max(1, perMinute))
        {
            refused.Set((nameof(UseSharedLimits), key), now + counted.Left, now + counted.Left);
            await Refuse(context, counted.Left, context.RequestAborted);
            return;
        }
        await next(context);
    });

    /// <summary>What a request counts against and how many a minute it allows; null when it is not limited.</summary>
    private static (string Key, int PerMinute)? LimitOf(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
            return null;
        var path = context.Request.Path;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "local";
        if (path.Equals("/report", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/v1/anomaly-reports", StringComparison.OrdinalIgnoreCase))
        {
            // Per key when signed in (a ward's terminals share the staff key but each hospital's keys are its own),
            // per address otherwise.
            var who = context.User.Identity?.IsAuthenticated == true ? "key:" + Caller.From(context.User).Actor.Id : "address:" + address;
            return ("report:" + who, context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitOptions>>().Value.ReportsPerMinute);
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SetupEndpoints.RateLimit)
            return ("setup:" + address, SetupEndpoints.AttemptsPerMinute);
        return null;
    }

    /// <summary>A refused request: a problem for the API, a sentence for a person at a page; both say when to try again.</summary>
    public static async Task Refuse(HttpContext http, TimeSpan wait, CancellationToken cancellationToken)
    {
        var problem = ProblemResults.TooManyRequests(http.Response, wait);
        if (SignIn.IsApi(http))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem.ProblemDetails });
            return;
        }
        await ErrorPages.Write(http, problem.ProblemDetails.Title ?? "", problem.ProblemDetails.Detail, cancellationToken);
    }
}
